"""The Welsh catalogue's sources and its upkeep (issue 25), without GNU gettext's tools.

The first-contact, child, case and worklist pages are translated (the pages a Welsh-speaking
officer works in at a door); their templates and the Python modules that label them are listed
here, and the completeness test extracts every marked string from them exactly as `makemessages`
would (Django's own templatize, then Babel's Python extractor). `make messages` adds newly marked
strings to locale/cy/LC_MESSAGES/django.po (untranslated, so the test fails until they are) and
compiles django.mo, which is committed: a fresh clone runs `make demo` and `make test` with no
compiler.
"""

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "safeguarding"
CATALOGUE_DIR = PACKAGE / "locale" / "cy" / "LC_MESSAGES"
PO_PATH = CATALOGUE_DIR / "django.po"
MO_PATH = CATALOGUE_DIR / "django.mo"

# The translated pages: what they render (templates) and what labels them (forms, views, menus).
TEMPLATES = [
    "templates/base.html",
    "firstcontact/templates/firstcontact/lookup.html",
    "firstcontact/templates/firstcontact/_results.html",
    "firstcontact/templates/firstcontact/_lines.html",
    "people/templates/people/child.html",
    "cases/templates/cases/case.html",
    "cases/templates/cases/_timeline.html",
    "cases/templates/cases/_words.html",
    "standards/templates/standards/worklist.html",
    "standards/templates/standards/_worklist_table.html",
    "standards/templates/standards/_case_panel.html",
]
MODULES = [
    "access/navigation.py",
    "access/reasons.py",
    "firstcontact/forms.py",
    "firstcontact/views.py",
    "standards/forms.py",
    "standards/selectors.py",
]
# Django's own names for the gettext functions (plus `_`), as makemessages passes them to xgettext.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Django's Welsh plural rule (django/conf/locale/cy), so both catalogues count alike.
PLURAL_FORMS = "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;"
HEADER = """\
Welsh (Cymraeg) for the first-contact, child, case and worklist pages (issue 25).
AWAITING REVIEW BY A WELSH SPEAKER: translated by the development team, not yet checked by a
Welsh speaker or the force's Welsh Language Standards officer; see docs/welsh.md.
Update with `make messages` (adds newly marked strings, compiles django.mo)."""


def _python_source(path: Path) -> bytes:
    if path.suffix == ".html":
        from django.utils.translation.template import templatize

        python = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # xgettext reads this as loose text; Python's tokenizer needs no indentation.
        return "\n".join(line.lstrip() for line in python.splitlines()).encode("utf-8")
    return path.read_bytes()


def extracted() -> dict[tuple[str, str | None], tuple[str, ...]]:
    """Every marked string of the translated pages: (msgid, context) -> the message's forms (one
    for gettext, singular and plural for ngettext)."""
    messages: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for relative in TEMPLATES + MODULES:
        source = io.BytesIO(_python_source(PACKAGE / relative))
        for _lineno, message, _comments, context in extract(
            extract_python, source, keywords=KEYWORDS, comment_tags=(), options={}
        ):
            forms = tuple(form for form in (message if isinstance(message, tuple) else (message,)) if form)
            messages[(forms[0], context)] = forms
    return messages


def read_catalogue(path: Path = PO_PATH) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="cy")


def update() -> list[str]:
    """Add newly marked strings (untranslated) to the .po, keep every translation, compile the .mo.
    Returns the msgids added."""
    catalogue = read_catalogue() if PO_PATH.exists() else _new_catalogue()
    added = []
    for (msgid, context), forms in sorted(extracted().items(), key=lambda item: item[0][0]):
        key = forms if len(forms) > 1 else msgid
        if catalogue.get(msgid, context=context) is None:
            catalogue.add(key, "" if len(forms) == 1 else ("",) * 4, context=context)
            added.append(msgid)
    catalogue.header_comment = "\n".join(f"# {line}" for line in HEADER.splitlines())
    catalogue.fuzzy = False
    catalogue.version = "1"
    catalogue.last_translator = "Development team (awaiting review by a Welsh speaker)"
    catalogue.language_team = "Welsh (awaiting review by a Welsh speaker)"
    catalogue.msgid_bugs_address = "the force's Welsh Language Standards officer"
    CATALOGUE_DIR.mkdir(parents=True, exist_ok=True)
    with PO_PATH.open("wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=False, sort_output=True)
    compile_mo()
    return added


def compile_mo() -> None:
    catalogue = read_catalogue()
    with MO_PATH.open("wb") as handle:
        write_mo(handle, catalogue)


def _new_catalogue() -> Catalog:
    catalogue = Catalog(locale="cy", project="safeguarding", fuzzy=False)
    catalogue.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    return catalogue


if __name__ == "__main__":
    import django

    django.setup()
    new = update()
    print(f"{len(new)} new string(s) to translate in {PO_PATH}" if new else f"{PO_PATH} is complete")
    sys.exit(0)
