"""Zip archives from outside, opened without letting them fill memory or disk (ASVS 5.2.3).

A 306 KB zip once grew the server to 2.2 GB: its members inflate a thousandfold. Before a byte is
inflated, the archive's central directory is checked against the caps (number of members, total
inflated size, no archive inside the archive); then each member is read in chunks and counted,
because the sizes the directory declares are written by whoever made the file and can lie.

The caps are settings (UPLOAD_ZIP_MAX_ENTRIES, UPLOAD_ZIP_MAX_INFLATED_BYTES) so a force with a
larger extract can raise them; the compressed size is capped by each upload form.
"""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

_CHUNK = 64 * 1024

# An archive inside the archive would escape the caps (each level multiplies the ratio): refused
# by name and, as it is read, by its first bytes.
NESTED_SUFFIXES = frozenset(
    {".zip", ".gz", ".tgz", ".tar", ".bz2", ".tbz", ".xz", ".txz", ".7z", ".rar", ".zst", ".lzma", ".z"}
)
_NESTED_SIGNATURES = (
    b"PK\x03\x04",  # zip
    b"PK\x05\x06",  # empty zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"\x28\xb5\x2f\xfd",  # zstandard
)
_TAR_MAGIC_AT = 257  # "ustar" in a tar header


class ArchiveRefused(ValueError):
    """The archive breaks a cap; the message names the cap and the setting that raises it."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int
    max_inflated_bytes: int
    refuse_nested: bool = True

    @classmethod
    def from_settings(cls, *, refuse_nested: bool = True) -> "ArchiveLimits":
        return cls(
            max_entries=settings.UPLOAD_ZIP_MAX_ENTRIES,
            max_inflated_bytes=settings.UPLOAD_ZIP_MAX_INFLATED_BYTES,
            refuse_nested=refuse_nested,
        )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _looks_like_an_archive(head: bytes) -> bool:
    return head.startswith(_NESTED_SIGNATURES) or head[_TAR_MAGIC_AT : _TAR_MAGIC_AT + 5] == b"ustar"


def checked_members(archive: zipfile.ZipFile, limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The archive's files, once its central directory is within the caps. Reads no member."""
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > limits.max_entries:
        raise ArchiveRefused(
            f"The archive holds {len(members)} files; at most {limits.max_entries} are accepted "
            "(UPLOAD_ZIP_MAX_ENTRIES)."
        )
    declared = sum(info.file_size for info in members)
    if declared > limits.max_inflated_bytes:
        raise ArchiveRefused(
            f"The archive unpacks to {_mb(declared)}; at most {_mb(limits.max_inflated_bytes)} is "
            "accepted (UPLOAD_ZIP_MAX_INFLATED_BYTES)."
        )
    if limits.refuse_nested:
        for info in members:
            if PurePosixPath(info.filename).suffix.lower() in NESTED_SUFFIXES:
                raise ArchiveRefused(f"{info.filename}: an archive inside the archive is not accepted.")
    return members


def read_members(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: ArchiveLimits
) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Each member's bytes, counted as they inflate: stops at the cap even if the directory lied."""
    budget = limits.max_inflated_bytes
    for info in members:
        parts = []
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                if limits.refuse_nested and not parts and _looks_like_an_archive(chunk[:512]):
                    raise ArchiveRefused(f"{info.filename}: an archive inside the archive is not accepted.")
                budget -= len(chunk)
                if budget < 0:
                    raise ArchiveRefused(
                        f"The archive unpacks to more than {_mb(limits.max_inflated_bytes)} "
                        "(UPLOAD_ZIP_MAX_INFLATED_BYTES)."
                    )
                parts.append(chunk)
        yield info, b"".join(parts)


# --- Documents attached to records (case and entry attachments) ---------------------------------

_OFFICE_ZIP = b"PK\x03\x04"  # docx and xlsx are zip packages
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    # suffix: (content type served back, accepted first bytes)
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_OFFICE_ZIP,)),
    ".doc": ("application/msword", (_OLE,)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain; charset=utf-8", ()),  # text: checked by decoding instead
}


class DocumentRefused(ValueError):
    """The file breaks a rule of what may be attached; the message says which, in plain words."""


def _head_of(upload, length: int = 2048) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def checked_document(upload, *, max_bytes: int, types: dict = DOCUMENT_TYPES) -> str:
    """The content type to serve the file back with, once its name, size and first bytes agree
    with an accepted type and an Office package is within the archive caps; else DocumentRefused."""
    suffix = PurePosixPath((upload.name or "").replace("\\", "/")).suffix.lower()
    if suffix not in types:
        allowed = ", ".join(sorted(s.lstrip(".") for s in types))
        raise DocumentRefused(f"Attach one of these kinds of file: {allowed}.")
    if upload.size > max_bytes:
        raise DocumentRefused(f"The file is {_mb(upload.size)}; at most {_mb(max_bytes)} may be attached.")
    if upload.size == 0:
        raise DocumentRefused("The file is empty.")
    content_type, signatures = types[suffix]
    head = _head_of(upload)
    kind = suffix.lstrip(".")
    if signatures and not head.startswith(signatures):
        raise DocumentRefused(f"The file's content is not a {kind} file.")
    if not signatures:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if b"\x00" in head or error.start < len(head) - 3:
                raise DocumentRefused(f"The file's content is not a {kind} (text) file.") from error
    if head.startswith(_OFFICE_ZIP):
        try:
            with zipfile.ZipFile(upload) as package:
                checked_members(package, ArchiveLimits.from_settings(refuse_nested=False))
        except zipfile.BadZipFile as error:
            raise DocumentRefused(f"The file's content is not a {kind} file.") from error
        except ArchiveRefused as error:
            raise DocumentRefused(str(error)) from error
        finally:
            upload.seek(0)
    return content_type
