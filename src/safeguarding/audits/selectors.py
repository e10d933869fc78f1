"""Reads for the audit pages. Every read of a case starts from cases_visible_to(viewer), then is
narrowed to the audits the viewer is assigned to: auditors see only what they audit. The one
exception is `audit_population`, the cases a sample is drawn from (ids only)."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.audits.models import Audit, AuditAddition, AuditCase, AuditProgramme, CaseGrading
from safeguarding.audits.statistics import (
    KAPPA_INTERVAL_METHOD,
    agreement_rate,
    cells_apart,
    confusion_matrix,
    kappa_interval,
    mean_grade_difference,
    weighted_kappa,
)
from safeguarding.audits.vocabulary import AdditionStatus, CaseScope, Grade, Side
from safeguarding.cases.models import ENTRY_MODELS, Case, CaseEntry
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.vocabulary import CaseType
from safeguarding.standards.models import StandardResult

AUDIT_PERMISSIONS = (Permission.MANAGE_AUDITS, Permission.GRADE_AS_FORCE, Permission.GRADE_AS_INSPECTOR)


def may_use_audits(user: User) -> bool:
    return any(user.can(permission) for permission in AUDIT_PERMISSIONS)


def side_for(user: User) -> str | None:
    """Which side a user grades on. Inspectors are independent even if they could do more."""
    if user.can(Permission.GRADE_AS_INSPECTOR):
        return Side.INSPECTOR
    if user.can(Permission.GRADE_AS_FORCE):
        return Side.FORCE
    return None


def audits_visible_to(viewer: User) -> QuerySet[Audit]:
    if not may_use_audits(viewer):
        return Audit.objects.none()
    return Audit.objects.filter(assignments__auditor=viewer).distinct()


def audit_for(viewer: User, pk: int) -> Audit:
    """The audit, or 404: an audit the viewer is not assigned to looks like one that does not exist."""
    return get_object_or_404(audits_visible_to(viewer), pk=pk)


def audit_population(viewer: User, audit: Audit) -> QuerySet[Case]:
    """The cases an audit the viewer works on may take in: its period, case types and districts,
    for the drawn sample and for a case added by hand alike. Force-wide whatever the viewer's own
    scope, because a sample is drawn from the whole population; only ids and the columns sampled
    on are read from it. A case's record becomes readable once it is in an audit the viewer is
    assigned to (cases_visible_to): drawn, or added by hand and approved."""
    if not may_use_audits(viewer) or not audit.assignments.filter(auditor=viewer).exists():
        return Case.objects.none()
    return population_cases(audit)


def population_cases(audit: Audit) -> QuerySet[Case]:
    """The audit's population regardless of viewer: for aggregates only (counts by case type)."""
    cases = Case.objects.filter(
        case_type__in=list(audit.quotas),
        first_reported_at__date__gte=audit.period_start,
        first_reported_at__date__lte=audit.period_end,
    )
    district_ids = list(audit.districts.values_list("id", flat=True))
    if district_ids:
        cases = cases.filter(district_id__in=district_ids)
    return cases


def population_description(audit: Audit) -> str:
    """The audit's population in words, for the message that refuses a case outside it."""
    types = ", ".join(CaseType(case_type).label for case_type in audit.quotas)
    districts = (
        ", ".join(audit.districts.order_by("name").values_list("name", flat=True)) or "the whole force"
    )
    return (
        f"cases first reported {audit.period_start:%d %b %Y} to {audit.period_end:%d %b %Y}; "
        f"case types: {types}; districts: {districts}"
    )


def case_to_add(viewer: User, audit: Audit, reference: str) -> Case | None:
    """The case a viewer names by reference to add to an audit by hand, or None: a reference that
    does not exist and a case outside the audit's population read the same."""
    return audit_population(viewer, audit).filter(reference=reference.strip()).first()


def additions_for(viewer: User, audit: Audit) -> QuerySet[AuditAddition]:
    """The viewer's own requests to add cases to an audit, with their state. Only the reference
    the requester typed and the decision are shown: the case itself opens once approved."""
    return AuditAddition.objects.filter(audit=audit, requested_by=viewer).select_related("case")


def additions_awaiting_approval(viewer: User) -> QuerySet[AuditAddition]:
    """The safeguarding unit's queue: every pending request, oldest first."""
    if not viewer.can(Permission.APPROVE_AUDIT_ADDITIONS):
        return AuditAddition.objects.none()
    return (
        AuditAddition.objects.filter(status=AdditionStatus.PENDING)
        .select_related("audit", "case", "case__district", "requested_by")
        .order_by("requested_at", "id")
    )


def addition_to_decide(viewer: User, pk: int) -> AuditAddition:
    return get_object_or_404(additions_awaiting_approval(viewer), pk=pk)


def audit_cases_for(viewer: User, audit: Audit) -> QuerySet[AuditCase]:
    """The cases of an audit the viewer may open. The force side never sees the inspectors'
    further cases: it does not audit them."""
    cases = AuditCase.objects.filter(audit=audit, case__in=cases_visible_to(viewer))
    if side_for(viewer) != Side.INSPECTOR:
        cases = cases.filter(scope=CaseScope.SAMPLE)
    return cases.select_related("case", "case__district").order_by("scope", "case__case_type", "case_id")


def audit_case_for(viewer: User, audit: Audit, pk: int) -> AuditCase:
    return get_object_or_404(audit_cases_for(viewer, audit), pk=pk)


def visible_gradings(viewer: User, audit: Audit) -> dict[tuple[int, str], CaseGrading]:
    """{(audit case id, side): grading} for what the viewer may see.

    Blind marking: a side sees its own gradings (drafts too); it sees the other side's grading of
    a case only once both sides have submitted theirs. A viewer with no side sees nothing.
    """
    own = side_for(viewer)
    if own is None:
        return {}
    visible_case_ids = audit_cases_for(viewer, audit).values("id")
    gradings = CaseGrading.objects.filter(audit_case__audit=audit, audit_case_id__in=visible_case_ids)
    by_key = {(g.audit_case_id, g.side): g for g in gradings.prefetch_related("stage_findings")}
    shown = {}
    for (case_id, side), grading in by_key.items():
        if side == own:
            shown[(case_id, side)] = grading
            continue
        mine = by_key.get((case_id, own))
        if grading.is_submitted and mine is not None and mine.is_submitted:
            shown[(case_id, side)] = grading
    return shown


def submitted(gradings: dict[tuple[int, str], CaseGrading]) -> dict[tuple[int, str], CaseGrading]:
    return {key: grading for key, grading in gradings.items() if grading.is_submitted}


def case_entries_for(viewer: User, case: Case) -> list:
    """The case's stage entries in time order: the record the auditor reads."""
    case = get_object_or_404(cases_visible_to(viewer), pk=case.pk)
    entries: list[CaseEntry] = []
    for model in ENTRY_MODELS:
        entries.extend(model._default_manager.filter(case=case).select_related("child"))
    return sorted(entries, key=lambda entry: (entry.occurred_at, entry.pk))


def standard_results_for(viewer: User, case: Case) -> QuerySet[StandardResult]:
    """The evaluator's practice-standard results for the case: evidence beside the form, never a grade."""
    visible = cases_visible_to(viewer).filter(pk=case.pk)
    return StandardResult.objects.filter(case__in=visible).order_by("standard_id", "child_id")


@dataclass
class Difference:
    audit_case: AuditCase
    force_grade: str
    inspector_grade: str
    apart: int

    @property
    def force_label(self) -> str:
        return Grade(self.force_grade).label

    @property
    def inspector_label(self) -> str:
        return Grade(self.inspector_grade).label


@dataclass
class Comparison:
    grades: tuple[str, ...]
    matrix: list[list[int]]
    pairs: int
    agreement: float | None
    kappa_unweighted: float | None
    kappa_linear: float | None
    kappa_quadratic: float | None
    mean_difference: float | None
    apart_two_or_more: int
    kappa_unweighted_ci: tuple[float, float] | None = None
    kappa_linear_ci: tuple[float, float] | None = None
    kappa_quadratic_ci: tuple[float, float] | None = None
    interval_method: str = KAPPA_INTERVAL_METHOD
    differences: list[Difference] = field(default_factory=list)

    @property
    def bias(self) -> str:
        if self.mean_difference is None:
            return "No case has both grades yet."
        if self.mean_difference > 0:
            return "The force graded higher than the inspectors."
        if self.mean_difference < 0:
            return "The force graded lower than the inspectors."
        return "No overall difference in direction."

    @property
    def labels(self) -> list[str]:
        return [Grade(grade).label for grade in self.grades]

    def rows(self) -> list[dict]:
        """The confusion table: per force grade, (count, grades apart) by inspector grade, and total."""
        return [
            {
                "grade": grade,
                "label": Grade(grade).label,
                "cells": [(count, abs(i - j)) for j, count in enumerate(row)],
                "counts": row,
                "total": sum(row),
            }
            for i, (grade, row) in enumerate(zip(self.grades, self.matrix, strict=True))
        ]

    def column_totals(self) -> list[int]:
        return [sum(row[j] for row in self.matrix) for j in range(len(self.grades))]


def comparison_for(viewer: User, audit: Audit) -> Comparison:
    """Force against inspectors over the cases both have submitted (so the comparison can never
    reveal a grade the viewer may not yet see)."""
    gradings = submitted(visible_gradings(viewer, audit))
    grades = audit.grades
    pairs = []
    differences = []
    cases = {ac.pk: ac for ac in audit_cases_for(viewer, audit)}
    for audit_case_id, audit_case in cases.items():
        force = gradings.get((audit_case_id, Side.FORCE))
        inspector = gradings.get((audit_case_id, Side.INSPECTOR))
        if force is None or inspector is None:
            continue
        pairs.append((force.overall_grade, inspector.overall_grade))
        apart = abs(grades.index(force.overall_grade) - grades.index(inspector.overall_grade))
        if apart >= 2:
            differences.append(Difference(audit_case, force.overall_grade, inspector.overall_grade, apart))
    matrix = confusion_matrix(pairs, grades)
    return Comparison(
        grades=grades,
        matrix=matrix,
        pairs=len(pairs),
        agreement=agreement_rate(matrix),
        kappa_unweighted=weighted_kappa(matrix, "unweighted"),
        kappa_linear=weighted_kappa(matrix, "linear"),
        kappa_quadratic=weighted_kappa(matrix, "quadratic"),
        kappa_unweighted_ci=kappa_interval(matrix, "unweighted"),
        kappa_linear_ci=kappa_interval(matrix, "linear"),
        kappa_quadratic_ci=kappa_interval(matrix, "quadratic"),
        mean_difference=mean_grade_difference(matrix),
        apart_two_or_more=cells_apart(matrix, 2),
        differences=differences,
    )


def programmes_visible_to(viewer: User) -> QuerySet[AuditProgramme]:
    if not viewer.can(Permission.MANAGE_AUDITS):
        return AuditProgramme.objects.none()
    return AuditProgramme.objects.all()


@dataclass
class TrendRound:
    audit: Audit
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, grade: str) -> int | None:
        return round(100 * self.counts.get(grade, 0) / self.total) if self.total else None


def programme_trend(viewer: User, programme: AuditProgramme) -> list[TrendRound]:
    """Each round's self-assessment grades (counts only, no case detail): the trend across rounds."""
    if not viewer.can(Permission.MANAGE_AUDITS):
        return []
    rounds = {audit.pk: TrendRound(audit, {}) for audit in programme.rounds.order_by("round_number")}
    rows = (
        CaseGrading.objects.filter(
            audit_case__audit__programme=programme, side=Side.FORCE, submitted_at__isnull=False
        )
        .values_list("audit_case__audit_id", "overall_grade")
        .annotate(n=Count("id"))
    )
    for audit_id, grade, n in rows:
        rounds[audit_id].counts[grade] = n
    return list(rounds.values())


def audit_results_since(since) -> list[dict[str, str]]:
    """Audit results for the inspection panel paper (inspections.selectors.audits_since): per
    audit drawn since `since`, its force-wide estimate in plain words. Aggregates only."""
    from safeguarding.audits.reports.section5 import panel_audit_results

    return panel_audit_results(since)
