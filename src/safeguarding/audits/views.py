from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding import csvsafe
from safeguarding.access.declarations import ANY_STAFF, requires
from safeguarding.access.roles import Permission
from safeguarding.access.stepup import step_up_required
from safeguarding.audits import selectors, services
from safeguarding.audits.exports import audit_pdf_enqueue
from safeguarding.audits.forms import (
    AddCaseForm,
    AdditionDecisionForm,
    AssignForm,
    AuditForm,
    GradingForm,
    ProgrammeForm,
)
from safeguarding.audits.reports.exports import csv_rows
from safeguarding.audits.reports.section5 import audit_report, stratum_label
from safeguarding.audits.vocabulary import AuditTheme, CaseScope, Grade, SampleDesign, Side
from safeguarding.cases.vocabulary import CaseType
from safeguarding.reports.svg import chart_image
from safeguarding.reports.tables import Chart


def requires_any(*permissions: Permission):
    """Any one of several permissions. Declared as ANY_STAFF for the middleware (signed in), then
    checked here before the view runs: auditors, the safeguarding unit and inspectors share pages."""

    def mark(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not any(request.user.can(permission) for permission in permissions):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        checked.required_permission = ANY_STAFF  # type: ignore[attr-defined]
        return checked

    return mark


audit_work = requires_any(*selectors.AUDIT_PERMISSIONS)
grading_work = requires_any(Permission.GRADE_AS_FORCE, Permission.GRADE_AS_INSPECTOR)


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@audit_work
def index(request):
    audits = selectors.audits_visible_to(request.user).select_related("programme")
    return render(
        request,
        "audits/index.html",
        {
            "audits": audits,
            "can_manage": request.user.can(Permission.MANAGE_AUDITS),
            "can_define": request.user.can(Permission.DEFINE_AUDITS),
            "can_approve": request.user.can(Permission.APPROVE_AUDIT_ADDITIONS),
            "side": selectors.side_for(request.user),
        },
    )


@requires(Permission.DEFINE_AUDITS)
def audit_new(request):
    form = AuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = services.audit_create(
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                theme=data["theme"],
                scale=data["scale"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                districts=data["districts"],
                quotas=form.quotas(),
                seed=data["seed"],
                design=data["design"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Audit created (sample seed {audit.sample_seed}).")
            return redirect("audits:detail", audit.pk)
    return render(request, "audits/audit_form.html", {"form": form})


@audit_work
def audit_detail(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    audit_cases = list(selectors.audit_cases_for(request.user, audit))
    gradings = selectors.visible_gradings(request.user, audit)
    own = selectors.side_for(request.user)
    other = Side.FORCE if own == Side.INSPECTOR else Side.INSPECTOR
    submitted_sides = set(
        audit.audit_cases.filter(gradings__submitted_at__isnull=False).values_list("id", "gradings__side")
    )
    rows = []
    for audit_case in audit_cases:
        rows.append(
            {
                "audit_case": audit_case,
                "own": gradings.get((audit_case.pk, own)),
                "other": gradings.get((audit_case.pk, other)),
                # Whether the other side has submitted is shown; what it graded is not, until both have.
                "other_submitted": (audit_case.pk, other) in submitted_sides,
                "other_applies": audit_case.scope == CaseScope.SAMPLE,
            }
        )
    drawn = {}
    for audit_case in audit_cases:
        if audit_case.scope == CaseScope.SAMPLE and not audit_case.added_by_hand:
            drawn[audit_case.case.case_type] = drawn.get(audit_case.case.case_type, 0) + 1
    strata = [
        (CaseType(case_type).label, quota, drawn.get(case_type, 0))
        for case_type, quota in audit.quotas.items()
    ]
    # The draw's record (targeted: case type x breach band): cases in each stratum, drawn, weight.
    drawn_strata = [
        (stratum_label(stratum), population, n, f"{population / n:.1f}" if n else "—")
        for stratum, (population, n) in sorted(audit.strata.items())
    ]
    can_manage = request.user.can(Permission.MANAGE_AUDITS)
    services.audit_viewed(actor=request.user, audit=audit, page="detail")
    return render(
        request,
        "audits/audit_detail.html",
        {
            "audit": audit,
            "rows": rows,
            "strata": strata,
            "drawn_strata": drawn_strata,
            "targeted": audit.design == SampleDesign.TARGETED,
            "sample_size": sum(audit.quotas.values()),
            "own_side": Side(own).label if own else "",
            "other_side": Side(other).label,
            "can_manage": can_manage,
            "assignments": audit.assignments.select_related("auditor").order_by("assigned_at"),
            "assign_form": AssignForm(audit=audit) if can_manage else None,
            "add_form": AddCaseForm(inspector=own == Side.INSPECTOR),
            "additions": selectors.additions_for(request.user, audit),
        },
    )


@require_POST
@requires(Permission.MANAGE_AUDITS)
def audit_sample(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    try:
        created = services.audit_draw_sample(actor=request.user, audit=audit)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Sample drawn: {len(created)} cases (seed {audit.sample_seed}).")
    return redirect("audits:detail", audit.pk)


@require_POST
@requires(Permission.MANAGE_AUDITS)
def audit_assign(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    form = AssignForm(request.POST, audit=audit)
    if form.is_valid():
        try:
            services.audit_assign(actor=request.user, audit=audit, auditor=form.cleaned_data["auditor"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "Assigned.")
    else:
        messages.error(request, "Choose an auditor or inspector.")
    return redirect("audits:detail", audit.pk)


@require_POST
@audit_work
def audit_case_add(request, pk: int):
    """Ask for a case to be added by hand. It waits for the safeguarding unit's approval."""
    audit = selectors.audit_for(request.user, pk)
    inspector = selectors.side_for(request.user) == Side.INSPECTOR
    form = AddCaseForm(request.POST, inspector=inspector)
    if not form.is_valid():
        messages.error(request, "Give a case reference, a scope and the reason.")
        return redirect("audits:detail", audit.pk)
    # Out of the population looks like not found: the same message for both, naming the population.
    case = selectors.case_to_add(request.user, audit, form.cleaned_data["reference"])
    if case is None:
        messages.error(
            request,
            "No case with that reference in this audit's population "
            f"({selectors.population_description(audit)}).",
        )
        return redirect("audits:detail", audit.pk)
    try:
        services.audit_addition_request(
            actor=request.user,
            audit=audit,
            case=case,
            scope=form.cleaned_data["scope"],
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            f"Case {case.reference} awaits the safeguarding unit's approval; it opens once approved.",
        )
    return redirect("audits:detail", audit.pk)


@requires(Permission.APPROVE_AUDIT_ADDITIONS)
def additions(request):
    """The safeguarding unit's queue of cases added to audits by hand, awaiting approval."""
    pending = list(selectors.additions_awaiting_approval(request.user))
    services.additions_viewed(actor=request.user, additions=pending)
    return render(request, "audits/additions.html", {"additions": pending, "form": AdditionDecisionForm()})


@require_POST
@requires(Permission.APPROVE_AUDIT_ADDITIONS)
def addition_decide(request, pk: int):
    addition = selectors.addition_to_decide(request.user, pk)
    form = AdditionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or refuse; a refusal needs its reason.")
        return redirect("audits:additions")
    approve = form.cleaned_data["decision"] == AdditionDecisionForm.APPROVE
    try:
        services.audit_addition_decide(
            actor=request.user, addition=addition, approve=approve, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, f"Case {addition.case.reference} {'approved' if approve else 'refused'} for the audit."
        )
    return redirect("audits:additions")


@grading_work
def audit_case(request, pk: int, case_pk: int):
    audit = selectors.audit_for(request.user, pk)
    audit_case = selectors.audit_case_for(request.user, audit, case_pk)
    own = selectors.side_for(request.user)
    gradings = selectors.visible_gradings(request.user, audit)
    mine = gradings.get((audit_case.pk, own))
    other_side = Side.FORCE if own == Side.INSPECTOR else Side.INSPECTOR
    may_grade = not (own == Side.FORCE and audit_case.scope == CaseScope.FURTHER)
    form = GradingForm(request.POST or None, scale=audit.scale, initial=GradingForm.initial_from(mine))
    if request.method == "POST":
        if not may_grade:
            raise PermissionDenied("Further cases are graded by the inspectors only.")
        if form.is_valid():
            try:
                services.grading_save(
                    actor=request.user,
                    audit_case=audit_case,
                    stage_findings=form.stage_findings(),
                    overall_grade=form.cleaned_data["overall_grade"],
                    overall_finding=form.cleaned_data["overall_finding"],
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, "Grading submitted." if "submit" in request.POST else "Draft saved."
                )
                return redirect("audits:case", audit.pk, audit_case.pk)
    else:
        services.audit_case_viewed(actor=request.user, audit_case=audit_case)
    return render(
        request,
        "audits/audit_case.html",
        {
            "audit": audit,
            "audit_case": audit_case,
            "case": audit_case.case,
            "entries": selectors.case_entries_for(request.user, audit_case.case),
            "results": selectors.standard_results_for(request.user, audit_case.case),
            "form": form,
            "mine": mine,
            "locked": mine is not None and mine.is_submitted,
            "may_grade": may_grade,
            "own_side": Side(own).label,
            "other": gradings.get((audit_case.pk, other_side)),
            "other_side": other_side.label,
            "other_applies": audit_case.scope == CaseScope.SAMPLE,
        },
    )


@audit_work
def audit_comparison(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    comparison = selectors.comparison_for(request.user, audit)
    services.audit_viewed(actor=request.user, audit=audit, page="comparison")
    return render(request, "audits/comparison.html", {"audit": audit, "comparison": comparison})


@audit_work
def audit_report_page(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    services.audit_viewed(actor=request.user, audit=audit, page="report")
    return render(request, "audits/report.html", {"report": audit_report(request.user, audit)})


@audit_work
@require_http_methods(["GET", "POST"])
@step_up_required  # a bulk export: the password again first (issue 13)
def audit_report_pdf(request, pk: int):
    """The PDF is made by the worker (audits/exports.py): GET asks, POST queues it and shows
    the job's page, where its requester downloads it."""
    audit = selectors.audit_for(request.user, pk)
    if request.method == "POST":
        services.audit_report_exported(actor=request.user, audit=audit, file_format="pdf")
        return redirect("export_job", audit_pdf_enqueue(actor=request.user, audit=audit).pk)
    return render(
        request,
        "runtime/export_ask.html",
        {
            "title": f"the report of audit {audit.pk}",
            "description": "A PDF of the audit's report as you see it on its page.",
            "file_kind": "PDF",
            "back_url": reverse("audits:report", args=[audit.pk]),
        },
    )


@audit_work
@step_up_required  # a bulk export: the password again first (issue 13)
def audit_report_csv(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    report = audit_report(request.user, audit)
    services.audit_report_exported(actor=request.user, audit=audit, file_format="csv")
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="audit-{audit.pk}.csv"'
    csvsafe.writer(response).writerows(csv_rows(report))
    return response


@requires(Permission.MANAGE_AUDITS)
def programme_list(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and not request.user.can(Permission.DEFINE_AUDITS):
        raise PermissionDenied("Programmes are defined by the safeguarding unit.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = services.programme_create(
            actor=request.user,
            name=data["name"],
            themes=data["themes"],
            interval_months=data["interval_months"],
            first_round_on=data["first_round_on"],
            cases_per_round=data["cases_per_round"],
        )
        messages.success(request, "Programme created.")
        return redirect("audits:programme", programme.pk)
    programmes = selectors.programmes_visible_to(request.user)
    return render(
        request,
        "audits/programme_list.html",
        {"programmes": programmes, "form": form, "perms_define": request.user.can(Permission.DEFINE_AUDITS)},
    )


@requires(Permission.MANAGE_AUDITS)
def programme_detail(request, pk: int):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    trend = selectors.programme_trend(request.user, programme)
    next_round = services.programme_next_round(programme)
    upcoming = [
        (n, programme.round_date(n), AuditTheme(programme.round_theme(n)).label)
        for n in range(next_round, next_round + len(programme.themes))
    ]
    grades = ("good", "adequate", "requires_improvement", "inadequate")
    chart = {
        "labels": [f"Round {r.audit.round_number}: {r.audit.get_theme_display()}" for r in trend],
        "series": {grade: [r.percent(grade) for r in trend] for grade in grades},
    }
    # Drawn on the server like every report chart (reports/svg.py), its figures as its alternative.
    chart_drawn = (
        chart_image(
            Chart(
                key="programme-trend",
                title="Share of each grade by round (% of cases graded)",
                kind="line",
                labels=[f"Round {r.audit.round_number}" for r in trend],
                datasets=[{"label": Grade(grade).label, "data": chart["series"][grade]} for grade in grades],
                percent=True,
            )
        )
        if trend
        else None
    )
    assigned = set(selectors.audits_visible_to(request.user).values_list("pk", flat=True))
    return render(
        request,
        "audits/programme_detail.html",
        {
            "programme": programme,
            "trend": trend,
            "upcoming": upcoming,
            "chart": chart,
            "chart_drawn": chart_drawn,
            "assigned": assigned,
            "perms_define": request.user.can(Permission.DEFINE_AUDITS),
        },
    )


@require_POST
@requires(Permission.DEFINE_AUDITS)
def programme_schedule(request, pk: int):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    audit = services.programme_schedule_round(actor=request.user, programme=programme)
    messages.success(request, f"Round {audit.round_number} scheduled.")
    return redirect("audits:detail", audit.pk)
