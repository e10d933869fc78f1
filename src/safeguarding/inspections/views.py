from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding import csvsafe
from safeguarding.access.declarations import ANY_STAFF, requires
from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.access.stepup import step_up_required
from safeguarding.inspections import forms, selectors, services
from safeguarding.inspections.exports import panel_paper_enqueue
from safeguarding.inspections.models import (
    InspectionReport,
    Recommendation,
    RecommendationAction,
    RecommendationEvidence,
)
from safeguarding.inspections.panel_paper import panel_paper_for
from safeguarding.inspections.report_parser import ReportTooLarge, read_report_text
from safeguarding.inspections.vocabulary import (
    RecommendationStatus,
    ReportKind,
    TrackerStatus,
    tracker_status,
)

VIEW = Permission.VIEW_RECOMMENDATIONS
MANAGE = Permission.MANAGE_RECOMMENDATIONS
IMPORTERS = (Permission.IMPORT_DATA, Permission.MANAGE_RECOMMENDATIONS)


def requires_any(*permissions: Permission):
    """Signed in, and holding one of the permissions (the middleware checks sign-in; this the rest)."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not any(request.user.can(permission) for permission in permissions):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return requires(ANY_STAFF)(checked)

    return decorate


def _recommendation(request, pk: int) -> Recommendation:
    try:
        return selectors.recommendation_for(request.user, pk)
    except Recommendation.DoesNotExist as error:
        raise Http404 from error


def _report(request, pk: int) -> InspectionReport:
    return get_object_or_404(selectors.reports_for(request.user), pk=pk)


# --- Lists -------------------------------------------------------------------------------------


@requires(VIEW)
@require_GET
def index(request):
    status = request.GET.get("status") if request.GET.get("status") in RecommendationStatus.values else None
    report_id = request.GET.get("report")
    report_id = int(report_id) if report_id and report_id.isdigit() else None
    overdue = request.GET.get("overdue") == "1"
    recommendations = selectors.recommendations_for(
        request.user, report_id=report_id, status=status, overdue=overdue
    )
    today = timezone.localdate()
    return render(
        request,
        "inspections/index.html",
        {
            "reports": selectors.reports_for(request.user),
            "rows": [(item, item.is_overdue(today)) for item in recommendations],
            "statuses": RecommendationStatus.choices,
            "chosen": {"status": status, "report": report_id, "overdue": overdue},
            "can_import": any(request.user.can(p) for p in IMPORTERS),
        },
    )


CSV_COLUMNS = [
    "force", "published", "number", "timescale", "due_date", "status", "tracker_status", "overdue",
    "stage", "standards_confirmed", "actions_done", "actions_total", "recommendation",
]  # fmt: skip


@requires(VIEW)
@require_GET
@step_up_required  # a bulk export: the password again first (issue 13)
def recommendations_csv(request):
    """The tracker as CSV, with the inspectorate's vocabulary beside ours so the two can be exchanged."""
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(CSV_COLUMNS)
    rows = selectors.recommendations_for(request.user).prefetch_related("standards")
    for item in rows:
        writer.writerow(
            [
                item.report.force,
                f"{item.report.published:%Y-%m}" if item.report.published else "",
                item.number,
                item.timescale,
                item.due_date.isoformat() if item.due_date else "",
                item.status,
                tracker_status(item.status).value,
                "yes" if item.is_overdue(today) else "no",
                item.stage,
                " ".join(s.standard_id for s in item.standards.all() if s.is_confirmed),
                item.actions_done,
                item.actions_total,
                item.text,
            ]
        )
    access_record(
        actor=request.user, action=AccessAction.EXPORT, object_type=record_type(Recommendation),
        object_label="recommendation tracker CSV",
    )  # fmt: skip
    return response


@requires(VIEW)
@require_GET
def report_detail(request, pk: int):
    report = _report(request, pk)
    context = {"report": report, "can_manage": request.user.can(MANAGE)}
    if report.kind == ReportKind.FORCE:
        context["review"] = selectors.review_side_by_side(report)
        context["folded"] = selectors.fold_inspector_grades(report)
        context["recommendations"] = selectors.recommendations_for(request.user, report_id=report.pk)
    return render(request, "inspections/report_detail.html", context)


# --- One recommendation ------------------------------------------------------------------------


def _detail(request, recommendation: Recommendation, status: int = 200, **bound_forms):
    report = recommendation.report
    standards = list(recommendation.standards.all())
    confirmed = [row for row in standards if row.is_confirmed]
    context = {
        "recommendation": recommendation,
        "overdue": recommendation.is_overdue(),
        "tracker_status": TrackerStatus(recommendation.tracker_status).label,
        "standards": standards,
        "trends": [selectors.indicator_trend(row.standard_id, report.published) for row in confirmed],
        "can_manage": request.user.can(MANAGE),
        "today": timezone.localdate(),
        "action_form": bound_forms.get("action_form") or forms.ActionForm(),
        "status_form": bound_forms.get("status_form")
        or forms.StatusForm(initial={"status": recommendation.status}),
        "owner_form": bound_forms.get("owner_form")
        or forms.OwnerForm(initial={"owner": recommendation.owner_id}),
        "evidence_form": bound_forms.get("evidence_form") or forms.EvidenceForm(),
        "note_form": bound_forms.get("note_form") or forms.NoteForm(),
        "actions": _with_done_forms(recommendation),
        "standards_form": bound_forms.get("standards_form")
        or forms.StandardsForm(initial={"standards": [row.standard_id for row in standards]}),
    }
    return render(request, "inspections/recommendation_detail.html", context, status=status)


def _with_done_forms(recommendation: Recommendation) -> list[RecommendationAction]:
    """Each open action with its own "done on" form: ids named after the action, so no two rows
    share one."""
    actions = list(recommendation.actions.all())
    for action in actions:
        if not action.done_at:
            action.done_form = forms.ActionDoneForm(
                auto_id=f"id_done_{action.pk}_%s", initial={"done_at": timezone.localdate()}
            )
    return actions


@requires(VIEW)
@require_GET
def recommendation_detail(request, pk: int):
    return _detail(request, _recommendation(request, pk))


def _back(recommendation: Recommendation, anchor: str = ""):
    return redirect(reverse("inspections:recommendation", args=[recommendation.pk]) + anchor)


@requires(MANAGE)
@require_POST
def action_add(request, pk: int):
    recommendation = _recommendation(request, pk)
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        return _detail(request, recommendation, status=400, action_form=form)
    services.recommendation_action_add(
        actor=request.user, recommendation=recommendation, text=form.cleaned_data["text"],
        due=form.cleaned_data["due"], owner=form.cleaned_data["owner"],
    )  # fmt: skip
    messages.success(request, "Action added to the plan.")
    return _back(recommendation, "#actions")


@requires(MANAGE)
@require_POST
def action_done(request, pk: int):
    action = get_object_or_404(RecommendationAction.objects.select_related("recommendation"), pk=pk)
    form = forms.ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(form.errors.get("done_at", [])) or "Give the date the action was done."
        )
        return _back(action.recommendation, "#actions")
    services.recommendation_action_complete(
        actor=request.user, action=action, done_at=form.cleaned_data["done_at"]
    )
    messages.success(request, "Action marked done.")
    return _back(action.recommendation, "#actions")


@requires(MANAGE)
@require_POST
def status_change(request, pk: int):
    recommendation = _recommendation(request, pk)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, recommendation, status=400, status_form=form)
    services.recommendation_status_change(
        actor=request.user, recommendation=recommendation, status=form.cleaned_data["status"],
        effective_on=form.cleaned_data["effective_on"], comment=form.cleaned_data["comment"],
    )  # fmt: skip
    messages.success(request, "Status recorded.")
    return _back(recommendation, "#status")


@requires(MANAGE)
@require_POST
def owner_assign(request, pk: int):
    recommendation = _recommendation(request, pk)
    form = forms.OwnerForm(request.POST)
    if not form.is_valid():
        return _detail(request, recommendation, status=400, owner_form=form)
    services.recommendation_assign_owner(
        actor=request.user, recommendation=recommendation, owner=form.cleaned_data["owner"]
    )
    messages.success(request, "Owner recorded.")
    return _back(recommendation)


@requires(MANAGE)
@require_POST
def evidence_add(request, pk: int):
    recommendation = _recommendation(request, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, recommendation, status=400, evidence_form=form)
    services.recommendation_evidence_attach(
        actor=request.user, recommendation=recommendation, upload=form.cleaned_data["file"],
        description=form.cleaned_data["description"],
    )  # fmt: skip
    messages.success(request, "Evidence attached.")
    return _back(recommendation, "#evidence")


@requires(MANAGE)
@require_GET
def evidence_download(request, pk: int):
    # Files are meant to hold no personal data, but nobody can promise that of a file: only the
    # people who manage recommendations open them, and each opening is logged.
    evidence = get_object_or_404(RecommendationEvidence, pk=pk)
    access_record(
        actor=request.user, action=AccessAction.EXPORT, object_type=record_type(evidence),
        object_id=evidence.pk, object_label=evidence.original_name,
    )  # fmt: skip
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@requires(MANAGE)
@require_POST
def note_add(request, pk: int):
    recommendation = _recommendation(request, pk)
    form = forms.NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, recommendation, status=400, note_form=form)
    services.recommendation_note_add(
        actor=request.user, recommendation=recommendation, text=form.cleaned_data["text"]
    )
    messages.success(request, "Note added.")
    return _back(recommendation, "#notes")


@requires(MANAGE)
@require_POST
def standards_confirm(request, pk: int):
    recommendation = _recommendation(request, pk)
    form = forms.StandardsForm(request.POST)
    if not form.is_valid():
        return _detail(request, recommendation, status=400, standards_form=form)
    services.recommendation_standards_confirm(
        actor=request.user, recommendation=recommendation, standard_ids=form.cleaned_data["standards"]
    )
    messages.success(request, "Practice standards confirmed.")
    return _back(recommendation, "#standards")


# --- Import, national picture, panel paper -----------------------------------------------------


@requires_any(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def report_upload(request):
    """Upload, then a preview of what was read beside the sentences it came from; nothing is
    stored until a person confirms (or corrects) it."""
    posted = request.method == "POST"
    form = forms.ReportUploadForm(request.POST, request.FILES) if posted else forms.ReportUploadForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            text = _uploaded_text(upload)
            kind, structure = services.preview_report(text)
        except (ValueError, UnicodeDecodeError) as error:
            named = isinstance(error, (services.NotAnInspectionReport, ReportTooLarge))
            form.add_error("report", str(error) if named else "The file could not be read as a report.")
        else:
            confirm = forms.ImportConfirmForm(
                initial={
                    "text": text,
                    "source_file_name": upload.name[:255],
                    "force": structure.get("force") or "",
                    "published": structure.get("published") or "",
                }  # fmt: skip
            )
            return _preview(request, kind, structure, confirm)
    return render(request, "inspections/import.html", {"form": form}, status=400 if form.errors else 200)


def _preview(request, kind, structure: dict, confirm, status: int = 200):
    return render(
        request,
        "inspections/import_preview.html",
        {"kind": kind, "structure": structure, "confirm": confirm},
        status=status,
    )


@requires_any(*IMPORTERS)
@require_POST
def report_import_confirm(request):
    form = forms.ImportConfirmForm(request.POST)
    if not form.is_valid():
        text = request.POST.get("text", "")
        try:
            kind, structure = services.preview_report(text)
        except ValueError:
            return HttpResponse("The report text was lost; upload it again.", status=400)
        return _preview(request, kind, structure, form, status=400)
    data = form.cleaned_data
    corrections = {name: data[name] for name in services.CORRECTABLE if data.get(name)}
    try:
        result = services.report_import(
            actor=request.user,
            text=data["text"],
            source_file_name=data["source_file_name"],
            corrections=corrections,
        )
    except ValidationError as error:
        for name, messages_ in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
        kind, structure = services.preview_report(data["text"])
        return _preview(request, kind, structure, form, status=400)
    except ValueError as error:
        return HttpResponse(str(error), status=400)
    report = result.report
    if result.created:
        messages.success(
            request,
            f"Imported {report}: {report.recommendations.count()} recommendations, "
            f"{len(report.warnings)} warnings.",
        )
    else:
        messages.info(request, f"{report} was already imported; nothing was duplicated.")
    if request.user.can(VIEW):
        return redirect("inspections:report", pk=report.pk)
    return redirect("inspections:import")


def _uploaded_text(upload) -> str:
    if upload.name.lower().endswith(".txt"):
        return upload.read().decode("utf-8")
    # pypdf reads from a path; the upload may be in memory, so go through a temporary file.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(upload.read())
        try:
            return read_report_text(
                path,
                max_pages=settings.INSPECTION_REPORT_MAX_PAGES,
                max_characters=settings.INSPECTION_REPORT_MAX_CHARACTERS,
            )
        except ReportTooLarge:
            raise
        except Exception as error:  # pypdf raises many kinds for a damaged file
            raise ValueError("The PDF could not be read.") from error


@requires(VIEW)
@require_GET
def national(request):
    return render(
        request,
        "inspections/national.html",
        {
            "picture": selectors.national_picture(request.user),
            "comparison": selectors.national_comparison(request.user),
        },
    )


NATIONAL_CSV_COLUMNS = [
    "force", "year", "report_type", "scale", "assessor", "cases", "good", "inadequate",
    "share_good", "share_inadequate", "basis", "note",
]  # fmt: skip


@requires(VIEW)
@require_GET
def national_csv(request):
    """The national picture across forces, years and scales: shares comparable whatever the scale."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="national-picture.csv"'
    writer = csvsafe.writer(response)
    writer.writerow(NATIONAL_CSV_COLUMNS)
    for row in selectors.national_comparison(request.user):
        writer.writerow(
            [
                row.force, row.year or "", row.report_type, row.scale, row.assessor,
                "" if row.cases is None else row.cases, "" if row.good is None else row.good,
                "" if row.inadequate is None else row.inadequate,
                "" if row.share_good is None else f"{row.share_good:.3f}",
                "" if row.share_inadequate is None else f"{row.share_inadequate:.3f}",
                row.basis, row.note,
            ]
        )  # fmt: skip
    access_record(
        actor=request.user, action=AccessAction.EXPORT, object_type="inspections.InspectionReport",
        object_label="national picture CSV",
    )  # fmt: skip
    return response


def _force_report(request, pk: int) -> InspectionReport:
    report = _report(request, pk)
    if report.kind != ReportKind.FORCE:
        raise Http404("A panel paper is made for a force report.")
    return report


@requires(VIEW)
@require_GET
def panel_paper(request, pk: int):
    report = _force_report(request, pk)
    return render(request, "inspections/panel_paper.html", {"paper": panel_paper_for(request.user, report)})


@requires(VIEW)
@require_http_methods(["GET", "POST"])
@step_up_required  # a bulk export: the password again first (issue 13)
def panel_paper_download(request, pk: int):
    """The PDF is made by the worker (inspections/exports.py): GET asks, POST queues it and
    shows the job's page, where its requester downloads it."""
    report = _force_report(request, pk)
    if request.method == "POST":
        access_record(
            actor=request.user, action=AccessAction.EXPORT, object_type=record_type(report),
            object_id=report.pk, object_label=f"panel paper: {report}",
        )  # fmt: skip
        return redirect("export_job", panel_paper_enqueue(actor=request.user, report=report).pk)
    return render(
        request,
        "runtime/export_ask.html",
        {
            "title": f"the panel paper for {report}",
            "description": "A PDF of the panel paper as you see it on its page.",
            "file_kind": "PDF",
            "back_url": reverse("inspections:panel_paper", args=[report.pk]),
        },
    )
