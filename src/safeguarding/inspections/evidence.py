"""What an evidence attachment may be: a few document types, checked by their first bytes as
well as their name, and no larger than EVIDENCE_MAX_BYTES."""

import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError

from safeguarding.uploads import ArchiveLimits, ArchiveRefused, checked_members

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
ZIP = b"PK\x03\x04"  # docx and xlsx are zip packages
EVIDENCE_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".csv": (),  # text: checked by decoding instead
}


def validate_evidence_file(upload) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        allowed = ", ".join(sorted(s.lstrip(".") for s in EVIDENCE_TYPES))
        raise ValidationError(f"Evidence must be one of: {allowed}.", code="type")
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            f"Evidence files may be at most {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.", code="size"
        )
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")
    head = _head(upload)
    signatures = EVIDENCE_TYPES[suffix]
    if signatures and not head.startswith(signatures):
        raise ValidationError(f"The file's content is not a {suffix.lstrip('.')} file.", code="content")
    if suffix == ".csv" and (b"\x00" in head or not _decodes(head)):
        raise ValidationError("The file's content is not a csv (text) file.", code="content")
    if head.startswith(ZIP):
        _check_package(upload, suffix)


def _check_package(upload, suffix: str) -> None:
    """A docx or xlsx is a zip: its directory is held to the upload caps (members, unpacked size)
    so nothing that opens it later (a preview, a virus scanner) is handed a zip bomb. Archives
    inside it are allowed: Office embeds spreadsheets in documents that way, and the server never
    unpacks them."""
    try:
        with zipfile.ZipFile(upload) as package:
            checked_members(package, ArchiveLimits.from_settings(refuse_nested=False))
    except zipfile.BadZipFile as error:
        kind = suffix.lstrip(".")
        raise ValidationError(f"The file's content is not a {kind} file.", code="content") from error
    except ArchiveRefused as error:
        raise ValidationError(str(error), code="size") from error
    finally:
        upload.seek(0)


def _head(upload, length: int = 2048) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(length)
    upload.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def _decodes(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True
