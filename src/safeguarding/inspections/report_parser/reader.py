"""Read a published report as plain text, from a .txt file or from the PDF itself."""

from pathlib import Path

TEXT_SUFFIXES = (".txt", ".text", ".md")


def read_report_text(path: str | Path) -> str:
    """The report's text: .txt read as UTF-8, .pdf extracted page by page with pypdf."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return path.read_text(encoding="utf-8")
    if suffix == ".pdf":
        return _pdf_text(path)
    raise ValueError(f"Cannot read {path.name}: expected a .txt or .pdf report")


def _pdf_text(path: Path) -> str:
    # Imported here so the parser itself needs nothing beyond the standard library.
    try:
        from pypdf import PdfReader
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("Reading PDF reports needs pypdf (pip install pypdf)") from error
    reader = PdfReader(path)
    # A blank line between pages, so a page's last paragraph never runs into the next page's heading.
    return "\n\n".join(page.extract_text() or "" for page in reader.pages)
