"""What an evidence attachment may be: a few document types, checked by their first bytes as
well as their name, and no larger than EVIDENCE_MAX_BYTES."""

from pathlib import Path

from django.core.exceptions import ValidationError

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
