"""Files attached to cases and entries: checked (safeguarding/uploads.py), kept outside the web
root under settings.ATTACHMENTS_ROOT, and every upload and download written to the access log.

The file is written before its row and removed again if the row is not saved, so a refusal or a
failed transaction leaves neither; the name on disk is random and never the uploader's."""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.cases.models import Attachment, Case, CaseEntry
from safeguarding.cases.scoping import cases_editable_by, cases_visible_to
from safeguarding.cases.timeline import entry_kind
from safeguarding.uploads import DocumentRefused, checked_document

_CHUNK = 64 * 1024


def attachment_path(stored_name: str) -> Path:
    return Path(settings.ATTACHMENTS_ROOT) / stored_name[:2] / stored_name


def _write(upload, stored_name: str) -> str:
    """Write the upload under its stored name (owner-only), returning its SHA-256."""
    path = attachment_path(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    upload.seek(0)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in (
            upload.chunks(_CHUNK) if hasattr(upload, "chunks") else iter(lambda: upload.read(_CHUNK), b"")
        ):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def attachment_add(
    *, actor: User, case: Case, upload, title: str, entry: CaseEntry | None = None
) -> Attachment:
    """Attach a file to a case the actor may add to (or to one entry of it)."""
    if not cases_editable_by(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": ["No such case."]})
    if entry is not None and entry.case_id != case.pk:
        raise ValidationError({"entry": ["That record is not on this case."]})
    if upload is None:
        raise ValidationError({"file": ["Choose a file to attach."]})
    try:
        content_type = checked_document(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except DocumentRefused as refusal:
        raise ValidationError({"file": [str(refusal)]}) from refusal
    title = (title or "").strip() or Path(upload.name).name
    stored_name = secrets.token_hex(32)
    digest = _write(upload, stored_name)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                case=case,
                entry_kind=entry_kind(type(entry)) if entry is not None else "",
                entry_id=entry.pk if entry is not None else None,
                title=title[:200],
                original_name=Path(upload.name.replace("\\", "/")).name[:255],
                content_type=content_type,
                size=upload.size,
                sha256=digest,
                stored_name=stored_name,
                uploaded_by=actor,
                uploaded_at=timezone.now(),
            )
            access_record(
                actor=actor,
                action=AccessAction.CREATE,
                object_type="attachment",
                object_id=attachment.pk,
                district_id=case.district_id,
                detail={
                    "case_id": case.pk,
                    "entry": f"{record_type(entry)}:{entry.pk}" if entry is not None else "",
                    "size": attachment.size,
                    "content_type": content_type,
                },
            )
    except BaseException:
        attachment_path(stored_name).unlink(missing_ok=True)
        raise
    return attachment


def attachment_for_viewer(viewer: User, case_id: int, attachment_id: int) -> Attachment:
    """An attachment on a case the viewer may read; anything else is not found."""
    attachment = (
        Attachment.objects.filter(pk=attachment_id, case_id=case_id, case__in=cases_visible_to(viewer))
        .select_related("case")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def attachment_download(*, actor: User, attachment: Attachment) -> FileResponse:
    """The file, as a download (never shown inline: no script in a served file runs in our
    origin), once the download is in the access log."""
    path = attachment_path(attachment.stored_name)
    if not path.exists():
        raise Http404
    access_record(
        actor=actor,
        action=AccessAction.EXPORT,
        object_type="attachment",
        object_id=attachment.pk,
        district_id=attachment.case.district_id,
        detail={"case_id": attachment.case_id, "download": True, "size": attachment.size},
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachments_of(case: Case, entry: CaseEntry | None = None):
    rows = Attachment.objects.filter(case=case).select_related("uploaded_by")
    if entry is not None:
        rows = rows.filter(entry_kind=entry_kind(type(entry)), entry_id=entry.pk)
    return rows
