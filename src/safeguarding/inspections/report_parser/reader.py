"""Read a published report as plain text, from a .txt file or from the PDF itself."""

from pathlib import Path

TEXT_SUFFIXES = (".txt", ".text", ".md")
# A published inspection report runs to about a hundred pages and half a megabyte of text. A PDF's
# streams are compressed, so a small file can unpack to far more: extraction stops at these.
MAX_PAGES = 1000
MAX_TEXT_CHARACTERS = 20_000_000


class ReportTooLarge(ValueError):
    """The report passes a reading cap; the message names it."""


def read_report_text(
    path: str | Path, *, max_pages: int = MAX_PAGES, max_characters: int = MAX_TEXT_CHARACTERS
) -> str:
    """The report's text: .txt read as UTF-8, .pdf extracted page by page with pypdf."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8")
    if suffix == ".pdf":
        return _pdf_text(path, max_pages, max_characters)
    raise ValueError(f"Cannot read {path.name}: expected a .txt or .pdf report")


def _pdf_text(path: Path, max_pages: int, max_characters: int) -> str:
    # Imported here so the parser itself needs nothing beyond the standard library.
    try:
        from pypdf import PdfReader
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("Reading PDF reports needs pypdf (pip install pypdf)") from error
    reader = PdfReader(path)
    if len(reader.pages) > max_pages:
        raise ReportTooLarge(f"The PDF has {len(reader.pages)} pages; at most {max_pages} are read.")
    texts, total = [], 0
    for page in reader.pages:
        texts.append(page.extract_text() or "")
        total += len(texts[-1])
        if total > max_characters:
            raise ReportTooLarge(f"The PDF holds more than {max_characters:,} characters of text.")
    # A blank line between pages, so a page's last paragraph never runs into the next page's heading.
    return "\n\n".join(texts)
