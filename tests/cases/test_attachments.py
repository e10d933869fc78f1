"""Files on cases and entries: what may be attached, where it is kept, who may fetch it, the log."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.attachments import attachment_add, attachment_path
from safeguarding.cases.models import Attachment, Incident
from safeguarding.cases.vocabulary import IncidentKind
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% a statement\n"


@pytest.fixture
def case(districts, cast):
    child = make_person(districts["north"])
    case = make_case(districts["north"], children=[child])
    incident = Incident.objects.create(
        case=case, child=child, occurred_at=at("2026-03-02", "21:10"), kind=IncidentKind.DOMESTIC_ABUSE
    )
    case.incident = incident
    return case


def upload(name="injury.png", content=PNG):
    return SimpleUploadedFile(name, content)


def test_a_photograph_on_an_entry_is_kept_outside_the_web_root_and_logged(cast, case, settings):
    attachment = attachment_add(
        actor=cast["officer_north"], case=case, entry=case.incident, upload=upload(), title="Bruise, left arm"
    )
    path = attachment_path(attachment.stored_name)
    assert path.read_bytes() == PNG
    assert str(path).startswith(str(settings.ATTACHMENTS_ROOT))
    assert "injury" not in path.name  # the name on disk is never the uploader's
    assert (path.stat().st_mode & 0o777) == 0o600
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert (attachment.entry_kind, attachment.entry_id) == ("incident", case.incident.pk)
    event = AccessEvent.objects.get(action=AccessAction.CREATE, object_type="attachment")
    assert event.object_id == str(attachment.pk) and event.detail["case_id"] == case.pk


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("run.exe", b"MZ\x90\x00", "Attach one of these kinds"),
        ("photo.png", b"GIF89a not a png", "not a png file"),
        ("empty.pdf", b"", "empty"),
        ("letter.txt", b"\x00\x01\x02\xff\xfe" * 100, "not a txt"),
    ],
)
def test_refused_files_name_the_rule_and_leave_nothing(cast, case, settings, name, content, words):
    with pytest.raises(ValidationError) as refusal:
        attachment_add(actor=cast["officer_north"], case=case, upload=upload(name, content), title="")
    assert words in refusal.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert not any(settings.ATTACHMENTS_ROOT.rglob("*")) if settings.ATTACHMENTS_ROOT.exists() else True


def test_the_size_cap_is_a_setting(cast, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="at most"):
        attachment_add(actor=cast["officer_north"], case=case, upload=upload("s.pdf", PDF), title="")


def test_a_zip_bomb_dressed_as_a_document_is_refused(cast, case, settings):
    settings.UPLOAD_ZIP_MAX_INFLATED_BYTES = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"0" * 100_000)
    with pytest.raises(ValidationError, match="UPLOAD_ZIP_MAX_INFLATED_BYTES"):
        attachment_add(
            actor=cast["officer_north"], case=case, upload=upload("s.docx", buffer.getvalue()), title=""
        )


def test_out_of_district_cannot_attach(cast, case):
    with pytest.raises(ValidationError):
        attachment_add(actor=cast["officer_south"], case=case, upload=upload(), title="")


def test_upload_page_then_download_is_logged_and_scoped(client_for, cast, case):
    client = client_for("officer_north")
    url = reverse("cases:attachment_new", args=[case.pk]) + f"?kind=incident&entry={case.incident.pk}"
    response = client.post(url, {"file": upload("statement.pdf", PDF), "title": "Statement of the mother"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.entry_id == case.incident.pk
    entry_page = client.get(reverse("cases:entry", args=[case.pk, "incident", case.incident.pk]))
    assert "Statement of the mother" in entry_page.content.decode()
    download = client.get(reverse("cases:attachment", args=[case.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AccessEvent.objects.filter(
        action=AccessAction.EXPORT, object_type="attachment", object_id=str(attachment.pk)
    ).exists()
    assert (
        client_for("officer_south")
        .get(reverse("cases:attachment", args=[case.pk, attachment.pk]))
        .status_code
        == 404
    )


def test_a_refused_upload_says_why_on_the_page(client_for, case):
    response = client_for("officer_north").post(
        reverse("cases:attachment_new", args=[case.pk]), {"file": upload("x.exe", b"MZ"), "title": ""}
    )
    assert response.status_code == 400
    assert "Attach one of these kinds of file" in response.content.decode()
    assert not Attachment.objects.exists()
