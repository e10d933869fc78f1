"""The column tables of docs/exchange-format.md, generated from the format definitions so the
docs cannot drift (tests/exchange/test_docs.py compares them).

Regenerate: .venv/bin/python -m safeguarding.exchange.docs
"""

from pathlib import Path

START = "<!-- columns: generated from safeguarding/exchange/formats.py; do not edit by hand -->"
END = "<!-- end of generated columns -->"
DOC = Path(__file__).resolve().parents[3] / "docs" / "exchange-format.md"


def _type(column) -> str:
    from safeguarding.exchange.formats import ColumnType

    if column.type == ColumnType.REFERENCE:
        return f"reference → {column.target}"
    if column.type in (ColumnType.CODE, ColumnType.CODES):
        codes = ", ".join(f"`{c}`" for c in column.choices if c)
        return f"{column.type}: {codes}"
    if column.max_length and column.type == ColumnType.TEXT:
        return f"text (≤ {column.max_length})"
    return column.type


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_columns() -> str:
    # Imported here: the module also runs as a script, before Django is set up.
    from safeguarding.exchange.formats import FORMATS

    parts = [START, ""]
    for entity in FORMATS:
        parts += [
            f"### `{entity.name}.csv` / `{entity.name}.jsonl`",
            "",
            entity.description,
            "",
            f"Key: {' + '.join(f'`{k}`' for k in entity.key)}",
            "",
            "| column | type | required | example | meaning |",
            "|---|---|---|---|---|",
        ]
        for c in entity.columns:
            parts.append(
                f"| `{c.name}` | {_cell(_type(c))} | {'yes' if c.required else 'no'} | "
                f"{_cell(c.example) if c.example else ''} | {_cell(c.description)} |"
            )
        parts.append("")
    parts.append(END)
    return "\n".join(parts)


CODES_START = "<!-- codes: generated from safeguarding/people/codes.py; do not edit by hand -->"
CODES_END = "<!-- end of generated codes -->"


def render_codes() -> str:
    """The ethnicity code mapping: every code a file may hold and the census group it counts in."""
    from safeguarding.people.codes import mapping_rows

    parts = [CODES_START, "", "| list | code | meaning | census group |", "|---|---|---|---|"]
    parts += [
        f"| {kind} | `{code}` | {_cell(meaning)} | {_cell(group)} |"
        for kind, code, meaning, group in mapping_rows()
    ]
    parts += ["", CODES_END]
    return "\n".join(parts)


def generated_section(text: str, start: str = START, end: str = END) -> str:
    begin, finish = text.index(start), text.index(end) + len(end)
    return text[begin:finish]


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    text = text.replace(generated_section(text), render_columns())
    text = text.replace(generated_section(text, CODES_START, CODES_END), render_codes())
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    django.setup()
    write()
