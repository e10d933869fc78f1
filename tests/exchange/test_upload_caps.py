"""Uploads cannot fill the server (ASVS 5.2.3): the compressed size, the number of zip members
and the size they unpack to are capped before anything is inflated, archives inside archives are
refused, and a directory that lies about sizes is caught while reading. Every refusal names the
limit; the caps are settings."""

import io
import struct
import tarfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.exchange.loader import sources_from_bytes, sources_from_path
from safeguarding.exchange.models import ImportBatch
from safeguarding.inspections.evidence import validate_evidence_file
from safeguarding.people.models import Person
from safeguarding.runtime.models import BackgroundJob, JobStatus, JobUpload
from safeguarding.uploads import ArchiveLimits, ArchiveRefused, checked_members, read_members
from tests.exchange import extract
from tests.exchange.helpers import finished_import_page

MB = 1024 * 1024


def _zip(members: dict[str, bytes], name: str = "extract.zip") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


def _bomb(inflated: int = 20 * MB) -> bytes:
    """Small on disk, large unpacked: zeros deflate about a thousandfold."""
    return _zip({"people.csv": b"0" * inflated})


def _upload(data: bytes, name: str = "extract.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def _post(client, data: bytes, name: str = "extract.zip"):
    return client.post("/exchange/", {"extract": _upload(data, name), "source_system": "NICHE"})


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_inflated(client_for, settings):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 5 * MB
    bomb = _bomb(20 * MB)
    assert len(bomb) < 100 * 1024

    response = _post(client_for("data_manager"), bomb)

    assert response.status_code == 400
    error = response.context["form"].errors["extract"][0]
    assert "unpacks to 20 MB" in error and "UPLOAD_ZIP_MAX_INFLATED_BYTES" in error
    assert not ImportBatch.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_raising_the_inflated_cap_lets_the_same_archive_through_to_validation(client_for, settings):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 30 * MB

    client = client_for("data_manager")
    page = finished_import_page(client, _post(client, _bomb(20 * MB)))

    # Past the caps it is queued and read, and found not to be an extract: nothing loaded.
    assert b"Not loaded: nothing changed" in page.content
    assert not Person.objects.exists()


def test_the_caps_are_checked_from_the_directory_without_inflating(settings, monkeypatch):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 5 * MB
    bomb = _bomb(20 * MB)
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or pytest.fail("inflated"))

    with pytest.raises(ArchiveRefused, match="UPLOAD_ZIP_MAX_INFLATED_BYTES"):
        sources_from_bytes("extract.zip", bomb)
    assert not opened


@pytest.mark.django_db
def test_too_many_members_are_refused(client_for, settings):
    settings.UPLOAD_ZIP_MAX_ENTRIES = 5
    many = _zip({f"notes/{n}.txt": b"x" for n in range(6)})

    response = _post(client_for("data_manager"), many)

    assert response.status_code == 400
    assert "6 files; at most 5" in response.context["form"].errors["extract"][0]
    assert "UPLOAD_ZIP_MAX_ENTRIES" in response.context["form"].errors["extract"][0]


@pytest.mark.django_db
def test_the_compressed_size_is_capped(client_for, settings):
    settings.EXCHANGE_UPLOAD_MAX_BYTES = 1024
    files = _zip({name: text.encode() for name, text in extract.FILES.items()})
    assert len(files) > 1024

    response = _post(client_for("data_manager"), files)

    assert response.status_code == 400
    assert "EXCHANGE_UPLOAD_MAX_BYTES" in response.context["form"].errors["extract"][0]
    settings.EXCHANGE_UPLOAD_MAX_BYTES = 1 * MB
    client = client_for("data_manager")
    assert finished_import_page(client, _post(client, files)).status_code == 200
    assert Person.objects.count() == 3


def _gzip(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data)


def _tar() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("people.csv")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "members",
    [
        {"people.csv": b"source_reference\n", "inner.zip": _bomb(1 * MB)},
        {"people.csv.gz": _gzip(b"source_reference\n")},
        {"extract.tar": _tar()},
        # Renamed to pass as a CSV: caught by its first bytes as it is read.
        {"people.csv": _bomb(1 * MB)},
        {"people.csv": _gzip(b"source_reference\n")},
        {"people.csv": _tar()},
    ],
    ids=["zip", "gz", "tar", "zip-as-csv", "gz-as-csv", "tar-as-csv"],
)
@pytest.mark.django_db
def test_an_archive_inside_the_archive_is_refused(client_for, members):
    client = client_for("data_manager")
    response = _post(client, _zip(members))

    if response.status_code == 400:  # named as an archive: refused by the form's directory check
        refusal = response.context["form"].errors["extract"][0]
    else:  # renamed to pass as a CSV: the worker catches it by its first bytes while reading
        finished_import_page(client, response)
        refusal = BackgroundJob.objects.get(status=JobStatus.FAILED).failure
    assert "an archive inside the archive is not accepted" in refusal
    assert not ImportBatch.objects.exists()


def _lying(inflated: int, declared: int) -> bytes:
    """A zip whose central directory declares `declared` bytes for a member that inflates to
    `inflated`."""
    data = bytearray(_bomb(inflated))
    directory = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, declared)  # uncompressed size
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)
    return bytes(data)


@pytest.mark.django_db
def test_a_directory_that_lies_about_sizes_is_refused_while_reading(client_for, settings):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 5 * MB
    liar = _lying(inflated=20 * MB, declared=1000)

    client = client_for("data_manager")
    page = finished_import_page(client, _post(client, liar))

    # The form checks the directory only; the worker finds the lie while reading (the member
    # overruns its declared size), and the job fails saying so, nothing loaded, the upload gone.
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED and "nothing was loaded" in job.failure
    assert job.failure.encode() in page.content
    assert not ImportBatch.objects.exists() and not JobUpload.objects.exists()


def test_the_streaming_guard_stops_at_the_cap_whatever_the_directory_says():
    with zipfile.ZipFile(io.BytesIO(_bomb(3 * MB))) as archive:
        members = archive.infolist()
        with pytest.raises(ArchiveRefused, match="more than 1 MB"):
            list(read_members(archive, members, ArchiveLimits(max_entries=10, max_inflated_bytes=1 * MB)))


def test_the_command_line_import_is_held_to_the_same_caps(settings, tmp_path):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 5 * MB
    (tmp_path / "extract.zip").write_bytes(_bomb(20 * MB))
    with pytest.raises(ArchiveRefused):
        sources_from_path(tmp_path / "extract.zip")


def test_checked_members_reads_nothing_and_accepts_a_normal_extract():
    data = _zip({name: text.encode() for name, text in extract.FILES.items()})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len(checked_members(archive, ArchiveLimits.from_settings())) == len(extract.FILES)


def test_an_office_document_that_unpacks_too_far_is_refused_as_evidence(settings):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 5 * MB
    document = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (20 * MB)})

    with pytest.raises(ValidationError, match="UPLOAD_ZIP_MAX_INFLATED_BYTES"):
        validate_evidence_file(SimpleUploadedFile("plan.docx", document))
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 30 * MB
    validate_evidence_file(SimpleUploadedFile("plan.docx", document))
