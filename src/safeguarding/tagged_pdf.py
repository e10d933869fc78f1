"""Printable pages as tagged PDF/UA-1, rendered by WeasyPrint from the template the page uses
(docs/adr/0016): a structure tree, the document's language (<html lang>), alternative text for
every image (the <img> alt), table header cells (<th scope>), a title in the metadata. Here, below
every app, because the lower floors print too (the chronology, cases/chronology.py) and may not
import the reports app.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0); `make demo` and `.ci/run`
check for it."""

from django.utils.safestring import mark_safe

PDF_VARIANT = "pdf/ua-1"


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is for the PDF only

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string for a page-margin box (`content: ...`): every character but
    ASCII letters, digits and spaces as a CSS hex escape, so no quote, backslash or `</style>`
    can end it (the template's |escapejs writes JavaScript escapes, which CSS prints as text)."""
    escaped = "".join(c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} " for c in text)
    return mark_safe(f'"{escaped}"')  # noqa: S308 - only letters, digits, spaces and hex escapes
