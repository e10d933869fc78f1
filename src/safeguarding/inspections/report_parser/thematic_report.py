"""Parse the thematic report that draws the force inspections together ("In harm's way").

Two things are taken from it: the table of case grades by force (three-point scale: good,
adequate, inadequate) and the annex listing the most frequent recommendations.
"""

import re

from .number_words import words_to_int
from .text import collapse_spaces, join_wrapped, normalise_characters
from .vocabulary import MONTH, MONTHS

COUNT = r"(?P<{name}>\d+)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\))?\.?"
GRADE_ROW = re.compile(
    r"(?P<force>\S.*?)\s+"
    + r"\s+".join(COUNT.format(name=name) for name in ("good", "adequate", "inadequate", "total"))
)
NOT_RECORDED = re.compile(r"(?P<force>\S.*?)\s+not\s+recorded\b.*", re.IGNORECASE)
GRADE_TABLE_HEADER = re.compile(r"\bgood\b.*\badequate\b.*\binadequate\b.*\btotal\b", re.IGNORECASE)
ANNEX_HEADING = re.compile(r"annex\s+(?P<letter>[A-Z])\b\s*(?P<title>.*)", re.IGNORECASE)
# "(six forces)", "made to 5 forces", "in seven of the eight forces"
FORCE_COUNT = re.compile(r"\b(?P<count>\d+|[a-z]+(?:[- ][a-z]+)?)\s+(?:of the \w+ )?forces?\b", re.IGNORECASE)


def parse_thematic_report(text: str) -> dict:
    lines = [collapse_spaces(line) for line in normalise_characters(text).split("\n")]
    rows = parse_grade_table(lines)
    totals = next((row for row in rows if row["force"].lower() == "total"), None)
    return {
        "title": next((line for line in lines if line), None),
        "published": _published(lines),
        "table2": [row for row in rows if row is not totals],
        "table2_totals": totals,
        "frequent_recommendations": parse_frequent_recommendations(lines),
    }


def _published(lines: list[str]) -> str | None:
    """The first line that is only a month and a year (the cover date)."""
    for line in lines[:40]:
        found = re.fullmatch(rf"(?P<month>{MONTH})\s+(?P<year>\d{{4}})", line, re.IGNORECASE)
        if found:
            return f"{found.group('year')}-{MONTHS[found.group('month').lower()]:02d}"
    return None


def parse_grade_table(lines: list[str]) -> list[dict]:
    """Rows of the case-grades-by-force table: the first table whose header names all three grades.

    A force whose grades were "Not recorded" keeps its row, with every count None.
    """
    start = next((i for i, line in enumerate(lines) if GRADE_TABLE_HEADER.search(line)), None)
    if start is None:
        return []
    rows = []
    for line in lines[start + 1 :]:
        if not line:
            continue
        row = _grade_row(line)
        if row is None:
            break
        rows.append(row)
        if row["force"].lower() == "total":
            break
    return rows


def _grade_row(line: str) -> dict | None:
    if found := GRADE_ROW.fullmatch(line):
        return {
            "force": found.group("force"),
            **{name: int(found.group(name)) for name in ("good", "adequate", "inadequate", "total")},
        }
    if found := NOT_RECORDED.fullmatch(line):
        return {
            "force": found.group("force"),
            "good": None,
            "adequate": None,
            "inadequate": None,
            "total": None,
        }
    return None


def parse_frequent_recommendations(lines: list[str]) -> list[dict]:
    """The annex of most frequent recommendations, each under the theme heading above it.

    Items are sentences (they end with a full stop); a short line without one, followed by a
    capitalised line or a blank, is a theme heading. The number of forces is given only when
    the item says so ("(five forces)").
    """
    items = []
    theme = None
    for paragraph in _paragraphs(_recommendations_annex(lines)):
        while paragraph and _is_theme_heading(paragraph):
            theme = paragraph.pop(0)
        if not paragraph or _is_preamble(paragraph[0]):
            continue
        text = paragraph[0]
        for line in paragraph[1:]:
            text = join_wrapped(text, line)
        items.append({"text": text, "forces": _force_count(text), "theme": theme})
    return items


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def _is_theme_heading(paragraph: list[str]) -> bool:
    first = paragraph[0]
    if first.endswith((".", ";", ",")) or len(first.split()) > 8 or _is_preamble(first):
        return False
    return len(paragraph) == 1 or paragraph[1][:1].isupper()


def _recommendations_annex(lines: list[str]) -> list[str]:
    """The lines of the annex whose title is about recommendations, up to the next annex."""
    start = None
    for index, line in enumerate(lines):
        heading = ANNEX_HEADING.fullmatch(line)
        if heading is None or line.endswith(".") or len(line) > 120:
            continue  # prose that happens to begin "Annex B ..."
        if start is not None:
            return lines[start:index]
        # The title may sit on the heading line or on the next non-blank line.
        title = heading.group("title") or next(
            (following for following in lines[index + 1 :] if following), ""
        )
        if re.search(r"recommendation", title, re.IGNORECASE) and not re.search(r"\d+$", title):
            start = index + 1
    return lines[start:] if start is not None else []


def _is_preamble(line: str) -> bool:
    return bool(re.match(r"(?:recommendations from|this annex)\b", line, re.IGNORECASE))


def _force_count(text: str) -> int | None:
    for found in FORCE_COUNT.finditer(text):
        count = words_to_int(found.group("count"))
        if count is not None:
            return count
    return None
