"""Attaching a file to a case or an entry, and downloading it (cases/attachments.py)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.access.services import record_viewed
from safeguarding.cases.attachments import attachment_add, attachment_download, attachment_for_viewer
from safeguarding.cases.forms import add_problems
from safeguarding.cases.selectors import case_for_editor, entry_for_viewer
from safeguarding.cases.timeline import ENTRY_KINDS
from safeguarding.uploads import DOCUMENT_TYPES


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=(
            f"{', '.join(sorted(s.lstrip('.') for s in DOCUMENT_TYPES))}; at most "
            f"{settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB."
        ),
    )
    title = forms.CharField(
        label="What it is", max_length=200, required=False, help_text="e.g. Statement of the mother"
    )


def _entry_of(request, case):
    kind, entry_id = request.GET.get("kind", ""), request.GET.get("entry", "")
    if kind in ENTRY_KINDS and entry_id.isdigit():
        return entry_for_viewer(request.user, case, ENTRY_KINDS[kind], int(entry_id))
    return None


@requires(Permission.EDIT_RECORDS)
def attachment_new(request, case_id: int):
    case = case_for_editor(request.user, case_id)
    entry = _entry_of(request, case)
    back = (
        reverse("cases:entry", args=[case.pk, request.GET["kind"], entry.pk])
        if entry is not None
        else reverse("cases:case", args=[case.pk])
    )
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = attachment_add(
                actor=request.user,
                case=case,
                entry=entry,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, f"Attached: {attachment.title}.")
            return redirect(back)
    record_viewed(actor=request.user, record=case, district_id=case.district_id, detail={"page": "attach"})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cases/attachment_form.html",
        {"form": form, "case": case, "entry": entry, "back": back},
        status=status,
    )


@requires(Permission.VIEW_CHILD_RECORD)
def attachment(request, case_id: int, attachment_id: int):
    return attachment_download(
        actor=request.user, attachment=attachment_for_viewer(request.user, case_id, attachment_id)
    )
