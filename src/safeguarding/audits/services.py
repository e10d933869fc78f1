"""Writes of the audit workflow. Each is atomic and writes its access-log event in the same
transaction: audit findings are themselves personal data about a child's case."""

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from safeguarding.access.models import AccessAction, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.audits.models import (
    Audit,
    AuditAddition,
    AuditAssignment,
    AuditCase,
    AuditProgramme,
    CaseGrading,
)
from safeguarding.audits.models.programme import add_months
from safeguarding.audits.sampling import draw_stratified
from safeguarding.audits.selectors import audit_population, may_use_audits, population_description, side_for
from safeguarding.audits.targeting import (
    breach_rate,
    choose_stratification,
    targeted_allocation,
)
from safeguarding.audits.vocabulary import (
    THEME_CASE_TYPES,
    AdditionStatus,
    AuditKind,
    AuditTheme,
    CaseScope,
    GradingScale,
    SampleDesign,
    Side,
    stage_judgements_for,
)
from safeguarding.cases.models import Case
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.vocabulary import ANNEX_A_SAMPLE, CaseType, Stage
from safeguarding.force.models import District
from safeguarding.standards.models import StandardResult, State

AUDIT_CASE = "audit_case"


def _require(actor: User, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied(f"Your role does not allow {permission}.")


def _require_assigned(actor: User, audit: Audit) -> None:
    if not AuditAssignment.objects.filter(audit=audit, auditor=actor).exists():
        raise PermissionDenied("You are not assigned to this audit.")


def default_quotas(theme: str = "", total: int = 10) -> dict[str, int]:
    """The Annex A mix of 33 for a full audit; a themed audit shares `total` over its case types."""
    if not theme:
        return {str(case_type): count for case_type, count in ANNEX_A_SAMPLE.items()}
    case_types = THEME_CASE_TYPES[theme]
    share, extra = divmod(total, len(case_types))
    return {str(case_type): share + (1 if i < extra else 0) for i, case_type in enumerate(case_types)}


def _clean_quotas(quotas: Mapping[str, int]) -> dict[str, int]:
    cleaned = {}
    for case_type, count in quotas.items():
        if case_type not in CaseType.values:
            raise ValidationError(f"Unknown case type {case_type!r}.")
        if int(count) < 0:
            raise ValidationError("A quota cannot be negative.")
        if int(count):
            cleaned[str(case_type)] = int(count)
    if not cleaned:
        raise ValidationError("The audit needs at least one case type with a quota.")
    return cleaned


@transaction.atomic
def audit_create(
    *,
    actor: User,
    title: str,
    kind: str,
    period_start: dt.date,
    period_end: dt.date,
    theme: str = "",
    scale: str = GradingScale.FOUR_POINT,
    districts: Iterable[District] = (),
    quotas: Mapping[str, int] | None = None,
    seed: int | None = None,
    programme: AuditProgramme | None = None,
    round_number: int | None = None,
    design: str = SampleDesign.QUOTAS,
) -> Audit:
    # The population (period, case types, districts) decides whose records the sample reaches:
    # it is defined by the safeguarding unit, never by the auditor who will read the cases.
    _require(actor, Permission.DEFINE_AUDITS)
    if kind not in AuditKind.values or scale not in GradingScale.values:
        raise ValidationError("Unknown audit kind or grading scale.")
    if (kind == AuditKind.THEMED) != bool(theme) or (theme and theme not in AuditTheme.values):
        raise ValidationError("A themed audit needs a theme, and only a themed audit has one.")
    if period_end < period_start:
        raise ValidationError("The period ends before it starts.")
    if design not in SampleDesign.values:
        raise ValidationError({"design": f"Unknown sample design {design!r}."})
    audit = Audit.objects.create(
        design=design,
        title=title,
        kind=kind,
        theme=theme,
        scale=scale,
        period_start=period_start,
        period_end=period_end,
        quotas=_clean_quotas(quotas if quotas is not None else default_quotas(theme)),
        sample_seed=seed if seed is not None else secrets.randbelow(2**31),
        programme=programme,
        round_number=round_number,
        created_by=actor,
    )
    audit.districts.set(districts)
    AuditAssignment.objects.create(audit=audit, auditor=actor, assigned_by=actor)
    access_record(
        actor=actor,
        action=AccessAction.CREATE,
        object_type="audit",
        object_id=audit.pk,
        object_label=audit.title,
        detail={
            "kind": kind,
            "theme": theme,
            "scale": scale,
            "seed": audit.sample_seed,
            "design": design,
        },
    )
    return audit


@transaction.atomic
def audit_assign(*, actor: User, audit: Audit, auditor: User) -> AuditAssignment:
    _require(actor, Permission.MANAGE_AUDITS)
    _require_assigned(actor, audit)
    if side_for(auditor) is None:
        raise ValidationError("Only auditors and inspectors can be assigned to an audit.")
    assignment, created = AuditAssignment.objects.get_or_create(
        audit=audit, auditor=auditor, defaults={"assigned_by": actor}
    )
    if created:
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="audit",
            object_id=audit.pk,
            object_label=audit.title,
            detail={"assigned_user_id": auditor.pk, "side": side_for(auditor)},
        )
    return assignment


@dataclass(frozen=True)
class Draw:
    """A draw: {stratum: case ids drawn} and {stratum: cases in the population}."""

    drawn: dict[str, list[int]]
    populations: dict[str, int]

    def weight(self, stratum: str) -> float:
        return self.populations[stratum] / len(self.drawn[stratum])


def _breaches(cases) -> dict[int, tuple[int, int]]:
    """{case id: (standard results not met, results met or not met)} over the given cases."""
    return {
        row["case_id"]: (row["not_met"], row["judged"])
        for row in StandardResult.objects.filter(case__in=cases)
        .values("case_id")
        .annotate(
            not_met=Count("id", filter=Q(state=State.NOT_MET)),
            judged=Count("id", filter=Q(state__in=(State.MET, State.NOT_MET))),
        )
    }


def targeted_draw(actor: User, audit: Audit, seed: int) -> Draw:
    """Strata of case type x breach band over the population (or the bands alone, where the
    sample is too small for the crossing: targeting.choose_stratification), the audit's total
    shared by Neyman allocation on each stratum's breach rate, then the seeded draw within each."""
    population = audit_population(actor, audit)
    breaches = _breaches(population)
    cases = [
        (case_id, case_type, *breaches.get(case_id, (0, 0)))
        for case_id, case_type in population.values_list("id", "case_type")
    ]
    size = sum(audit.quotas.values())
    stratification = choose_stratification(
        ((case_type, not_met) for _i, case_type, not_met, _j in cases), size
    )
    strata: dict[str, list[int]] = defaultdict(list)
    not_met_sum: dict[str, int] = defaultdict(int)
    judged_sum: dict[str, int] = defaultdict(int)
    for case_id, case_type, not_met, judged in cases:
        key = stratification.stratum(case_type, not_met)
        strata[key].append(case_id)
        not_met_sum[key] += not_met
        judged_sum[key] += judged
    populations = {key: len(ids) for key, ids in sorted(strata.items())}
    rates = {key: breach_rate(not_met_sum[key], judged_sum[key]) for key in populations}
    allocation = targeted_allocation(populations, rates, size)
    drawn = {key: ids for key, ids in draw_stratified(strata, allocation, seed).items() if ids}
    return Draw(drawn, populations)


def sample_for_seed(actor: User, audit: Audit, seed: int | None = None) -> dict[str, list[int]]:
    """The draw the stored (or a given) seed gives over the cases now in scope: {stratum: ids}."""
    return draw_for_seed(actor, audit, seed).drawn


def draw_for_seed(actor: User, audit: Audit, seed: int | None = None) -> Draw:
    seed = audit.sample_seed if seed is None else seed
    if audit.design == SampleDesign.TARGETED:
        return targeted_draw(actor, audit, seed)
    strata: dict[str, list[int]] = {case_type: [] for case_type in audit.quotas}
    for case_id, case_type in audit_population(actor, audit).values_list("id", "case_type"):
        strata[case_type].append(case_id)
    drawn = draw_stratified(strata, audit.quotas, seed)
    return Draw(drawn, {h: len(ids) for h, ids in strata.items()})


@transaction.atomic
def audit_draw_sample(*, actor: User, audit: Audit) -> list[AuditCase]:
    _require(actor, Permission.MANAGE_AUDITS)
    _require_assigned(actor, audit)
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.sampled_at is not None:
        raise ValidationError("The sample has already been drawn; add further cases by hand.")
    draw = draw_for_seed(actor, audit)
    drawn = draw.drawn
    # A case already in the audit (added by hand before the draw) and drawn now stays as it was:
    # the estimate counts the graded drawn cases of each stratum, so that stratum has one fewer.
    already = {
        ac.case_id: ac
        for ac in AuditCase.objects.filter(
            audit=audit, case_id__in=[i for ids in drawn.values() for i in ids]
        )
    }
    new = []
    for stratum, case_ids in drawn.items():
        for case_id in case_ids:
            if case_id in already:
                continue
            new.append(
                AuditCase(
                    audit=audit,
                    case_id=case_id,
                    scope=CaseScope.SAMPLE,
                    added_by=actor,
                    stratum=stratum,
                    weight=draw.weight(stratum),
                )
            )
    created = AuditCase.objects.bulk_create(new)
    # Every stratum with cases, drawn from or not: one the sample could not reach is named by the
    # estimate as not covered, never silently left out of the population it speaks for.
    audit.strata = {h: [n, len(drawn.get(h, ()))] for h, n in draw.populations.items() if n}
    audit.sampled_at = timezone.now()
    audit.save(update_fields=["sampled_at", "strata"])
    access_record(
        actor=actor,
        action=AccessAction.COMBINE,
        object_type="audit",
        object_id=audit.pk,
        object_label=audit.title,
        detail={
            "seed": audit.sample_seed,
            "design": audit.design,
            "drawn": {stratum: len(ids) for stratum, ids in drawn.items()},
            "quotas": audit.quotas,
        },
    )
    return created


AUDIT_ADDITION = "audit_addition"


@transaction.atomic
def audit_addition_request(
    *, actor: User, audit: Audit, case: Case, scope: str, reason: str
) -> AuditAddition:
    """Ask for a case to be added to an audit by hand, with the reason: the force adds to its
    sample; inspectors select further cases. The case must be in the audit's population (period,
    case types, districts); it is outside the drawn sample, so it waits for the safeguarding
    unit's approval and its record stays closed to the requester until then."""
    if not may_use_audits(actor):
        raise PermissionDenied("Your role does not allow audits.")
    _require_assigned(actor, audit)
    if scope not in CaseScope.values:
        raise ValidationError({"scope": "Unknown scope."})
    if side_for(actor) == Side.INSPECTOR:
        if scope != CaseScope.FURTHER:
            raise PermissionDenied("Inspectors add further cases; the self-assessed sample is the force's.")
    elif not actor.can(Permission.MANAGE_AUDITS):
        raise PermissionDenied("Only an audit manager adds cases to the sample.")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Say why the case is added by hand."})
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.sampled_at is None:
        raise ValidationError("Draw the sample first: a case is added by hand only beside the drawn sample.")
    if not audit_population(actor, audit).filter(pk=case.pk).exists():
        population = population_description(audit)
        raise ValidationError(
            {"reference": f"No case with that reference in this audit's population ({population})."}
        )
    if AuditCase.objects.filter(audit=audit, case=case).exists():
        raise ValidationError({"reference": "That case is already in this audit."})
    if AuditAddition.objects.filter(audit=audit, case=case, status=AdditionStatus.PENDING).exists():
        raise ValidationError({"reference": "That case already awaits approval for this audit."})
    addition = AuditAddition.objects.create(
        audit=audit, case=case, scope=scope, reason=reason, requested_by=actor
    )
    access_record(
        actor=actor,
        action=AccessAction.CREATE,
        object_type=AUDIT_ADDITION,
        object_id=addition.pk,
        object_label=f"{case.reference} for audit {audit.pk} (awaiting approval)",
        district_id=case.district_id,
        reason=reason,
        detail={"audit_id": audit.pk, "case_id": case.pk, "scope": scope, "status": AdditionStatus.PENDING},
    )
    return addition


@transaction.atomic
def audit_addition_decide(
    *, actor: User, addition: AuditAddition, approve: bool, reason: str = ""
) -> AuditCase | None:
    """The safeguarding unit approves a case added by hand (it joins the audit and its record
    opens to the audit's team) or refuses it, with the reason. Never the requester's own."""
    _require(actor, Permission.APPROVE_AUDIT_ADDITIONS)
    addition = AuditAddition.objects.select_for_update().select_related("audit", "case").get(pk=addition.pk)
    if addition.status != AdditionStatus.PENDING:
        raise ValidationError("That request has already been decided.")
    if addition.requested_by_id == actor.pk:
        raise PermissionDenied("Someone other than the requester approves a case added by hand.")
    reason = " ".join(reason.split())
    if not approve and not reason:
        raise ValidationError({"reason": "Say why the case is refused."})
    audit, case = addition.audit, addition.case
    audit_case = None
    if approve:
        if AuditCase.objects.filter(audit=audit, case=case).exists():
            raise ValidationError("That case is already in this audit.")
        audit_case = AuditCase.objects.create(
            audit=audit,
            case=case,
            scope=addition.scope,
            added_by_hand=True,
            reason=addition.reason,
            added_by=addition.requested_by,
        )
    addition.status = AdditionStatus.APPROVED if approve else AdditionStatus.REFUSED
    addition.decided_by = actor
    addition.decided_at = timezone.now()
    addition.decision_reason = reason
    addition.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    access_record(
        actor=actor,
        action=AccessAction.UPDATE,
        object_type=AUDIT_ADDITION,
        object_id=addition.pk,
        object_label=f"{case.reference} for audit {audit.pk} ({addition.status})",
        district_id=case.district_id,
        reason=reason or f"Approved: {addition.reason}",
        detail={
            "audit_id": audit.pk,
            "case_id": case.pk,
            "scope": addition.scope,
            "status": addition.status,
            "requested_by": addition.requested_by_id,
            "audit_case_id": audit_case.pk if audit_case else None,
        },
    )
    return audit_case


def audit_viewed(*, actor: User, audit: Audit, page: str) -> None:
    """Opening an audit's pages that list its cases (references, grades, findings) is logged."""
    access_record(
        actor=actor,
        action=AccessAction.VIEW,
        object_type="audit",
        object_id=audit.pk,
        object_label=audit.title,
        detail={"page": page},
    )


def additions_viewed(*, actor: User, additions: list[AuditAddition]) -> None:
    """The approval queue names cases (reference, type, district): consulting it is logged."""
    if additions:
        access_record(
            actor=actor,
            action=AccessAction.VIEW,
            object_type=f"{AUDIT_ADDITION} list",
            detail={"ids": [addition.pk for addition in additions]},
        )


def audit_case_viewed(*, actor: User, audit_case: AuditCase) -> None:
    """Consulting an audit case (the case record, the evidence and the findings) is logged."""
    access_record(
        actor=actor,
        action=AccessAction.VIEW,
        object_type=AUDIT_CASE,
        object_id=audit_case.pk,
        object_label=f"{audit_case.case.reference} in audit {audit_case.audit_id}",
        district_id=audit_case.case.district_id,
        reason=f"Case audit {audit_case.audit_id}",
        detail={"audit_id": audit_case.audit_id, "case_id": audit_case.case_id},
    )


@transaction.atomic
def grading_save(
    *,
    actor: User,
    audit_case: AuditCase,
    stage_findings: Mapping[str, tuple[str, str]],
    overall_grade: str,
    overall_finding: str = "",
    submit: bool = False,
) -> CaseGrading:
    """Save the actor's side's grading of a case (a draft, or submitted and then locked).

    stage_findings: {stage: (judgement, finding)}. Submitting needs an overall grade on the
    audit's scale and a judgement (possibly "not applicable") for every stage.
    """
    side = side_for(actor)
    if side is None:
        raise PermissionDenied("Your role does not grade cases.")
    audit = audit_case.audit
    _require_assigned(actor, audit)
    if not cases_visible_to(actor).filter(pk=audit_case.case_id).exists():
        raise PermissionDenied("Case not found.")
    if side == Side.FORCE and audit_case.scope == CaseScope.FURTHER:
        raise PermissionDenied("Further cases are graded by the inspectors only.")
    if overall_grade and overall_grade not in audit.grades:
        raise ValidationError(f"{overall_grade!r} is not a grade on this audit's scale.")
    allowed_judgements = {value for value, _ in stage_judgements_for(audit.scale)}
    for stage, (judgement, _finding) in stage_findings.items():
        if stage not in Stage.values:
            raise ValidationError(f"Unknown stage {stage!r}.")
        if judgement and judgement not in allowed_judgements:
            raise ValidationError(f"{judgement!r} is not a judgement on this audit's scale.")
    if submit:
        if not overall_grade:
            raise ValidationError("Give an overall grade before submitting.")
        missing = [s for s in Stage.values if not stage_findings.get(s, ("", ""))[0]]
        if missing:
            raise ValidationError("Give a judgement (or 'not applicable') for every stage before submitting.")

    grading, _ = CaseGrading.objects.select_for_update().get_or_create(
        audit_case=audit_case, side=side, defaults={"grader": actor}
    )
    if grading.is_submitted:
        raise ValidationError("This grading has been submitted and can no longer change.")
    grading.grader = actor
    grading.overall_grade = overall_grade
    grading.overall_finding = overall_finding.strip()
    if submit:
        grading.submitted_at = timezone.now()
    grading.save()
    for stage, (judgement, finding) in stage_findings.items():
        grading.stage_findings.update_or_create(
            stage=stage, defaults={"judgement": judgement, "finding": finding.strip()}
        )
    access_record(
        actor=actor,
        action=AccessAction.UPDATE,
        object_type=AUDIT_CASE,
        object_id=audit_case.pk,
        object_label=f"{audit_case.case.reference} in audit {audit.pk}",
        district_id=audit_case.case.district_id,
        reason=f"Case audit {audit.pk}",
        detail={"side": side, "submitted": submit},
    )
    return grading


def audit_report_exported(*, actor: User, audit: Audit, file_format: str) -> None:
    access_record(
        actor=actor,
        action=AccessAction.EXPORT,
        object_type="audit",
        object_id=audit.pk,
        object_label=audit.title,
        recipient=actor.get_username(),
        detail={"format": file_format},
    )


@transaction.atomic
def programme_create(
    *,
    actor: User,
    name: str,
    themes: list[str],
    interval_months: int,
    first_round_on: dt.date,
    cases_per_round: int = 10,
) -> AuditProgramme:
    _require(actor, Permission.DEFINE_AUDITS)
    if not themes or any(theme not in AuditTheme.values for theme in themes):
        raise ValidationError("Choose at least one theme.")
    if interval_months < 1 or cases_per_round < 1:
        raise ValidationError("The interval and the cases per round must be at least 1.")
    programme = AuditProgramme.objects.create(
        name=name,
        themes=list(themes),
        interval_months=interval_months,
        first_round_on=first_round_on,
        cases_per_round=cases_per_round,
        created_by=actor,
    )
    access_record(
        actor=actor,
        action=AccessAction.CREATE,
        object_type="audit_programme",
        object_id=programme.pk,
        object_label=name,
        detail={"themes": list(themes), "interval_months": interval_months},
    )
    return programme


def programme_next_round(programme: AuditProgramme) -> int:
    latest = programme.rounds.aggregate(latest=Max("round_number"))["latest"]
    return (latest or 0) + 1


@transaction.atomic
def programme_schedule_round(*, actor: User, programme: AuditProgramme) -> Audit:
    """Create the programme's next themed audit: the next theme in turn, over the cases of the
    interval before its date."""
    _require(actor, Permission.DEFINE_AUDITS)
    programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    round_number = programme_next_round(programme)
    on = programme.round_date(round_number)
    theme = programme.round_theme(round_number)
    return audit_create(
        actor=actor,
        title=f"{programme.name}: round {round_number}, {AuditTheme(theme).label} ({on:%b %Y})",
        kind=AuditKind.THEMED,
        theme=theme,
        period_start=add_months(on, -programme.interval_months),
        period_end=on - dt.timedelta(days=1),
        quotas=default_quotas(theme, programme.cases_per_round),
        programme=programme,
        round_number=round_number,
    )
