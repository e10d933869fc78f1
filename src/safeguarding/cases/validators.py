"""The rules a case's and a stage entry's values keep, whichever way they arrive: the page forms,
the API serializers and the services (so the import and any other caller too) all call these, so
each rule and its message are written once, naming the field it is about. Each check returns
{field: [message, ...]}."""

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from safeguarding.cases.models import (
    Case,
    CaseEntry,
    ChildOutcome,
    ChildView,
    CustodyDetention,
    DemeanourRecord,
    Incident,
    Investigation,
    InvestigationStep,
    Meeting,
    MissingEpisode,
    OffenderManagement,
    PoliceProtection,
    ProtectiveOrder,
    Referral,
    RiskAssessment,
    StrategyDiscussion,
)
from safeguarding.cases.scoping import staff_districts
from safeguarding.cases.vocabulary import (
    DASH_HIGH_RISK_YES_ANSWERS,
    DASH_QUESTIONS,
    GRADES_FOR_TOOL,
    InvestigationStepKind,
    OrderDecision,
    RiskGrade,
    RiskTool,
    YesNoNa,
)

Problems = dict[str, list[str]]

# A clock a few minutes fast on a phone must not make "now" look like the future.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)
# Free text (a case summary, an incident's description, the child's views...) has no natural
# length, but a record is read by people: a cap keeps a pasted file or a flood out of it.
FREE_TEXT_MAX_LENGTH = 10_000
# Fields an entry's author never types: set by the service (or the import).
ENTRY_SYSTEM_FIELDS = ("case", "recorded_at", "recorded_by", "source_reference")


class Check:
    """Collects the problems of one record; the rules below add to it."""

    def __init__(self, *, case: Case | None = None, instance_pk: int | None = None):
        self.case = case
        self.instance_pk = instance_pk
        self.problems: Problems = {}

    def add_error(self, field: str, message: str) -> None:
        self.problems.setdefault(field, []).append(message)


def free_text_fields(model: type[models.Model]) -> list[str]:
    """Text fields with no length of their own: FREE_TEXT_MAX_LENGTH applies."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) and f.editable and not f.max_length
    ]


def _text_lengths(check: Check, model: type[models.Model], data: Mapping[str, Any]) -> None:
    for name in free_text_fields(model):
        value = data.get(name)
        if isinstance(value, str) and len(value) > FREE_TEXT_MAX_LENGTH:
            check.add_error(
                name, f"Keep this to {FREE_TEXT_MAX_LENGTH:,} characters or fewer (it has {len(value):,})."
            )


def future_checked_fields(model: type[models.Model]) -> list[str]:
    """The times a user records that must already have happened. A meeting may be booked ahead."""
    skip = {"recorded_at", "closed_at"} if model is Case else {"recorded_at"}
    if model is Meeting:
        skip.add("occurred_at")
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateTimeField) and f.editable and f.name not in skip
    ]


def _not_in_future(check: Check, model: type[models.Model], data: Mapping[str, Any]) -> None:
    limit = timezone.now() + FUTURE_TOLERANCE
    for name in future_checked_fields(model):
        value = data.get(name)
        if value is not None and value > limit:
            check.add_error(name, "This time is in the future: record only what has already happened.")


def _after(check, data, later: str, earlier: str, message: str) -> None:
    if data.get(later) is not None and data.get(earlier) is not None and data[later] < data[earlier]:
        check.add_error(later, message)


def _seen_alone_reason(check, data) -> None:
    seen = data.get("seen_alone")
    if seen and seen != YesNoNa.YES and not (data.get("seen_alone_reason") or "").strip():
        check.add_error("seen_alone_reason", "Say why the child was not seen alone.")


# --- Rules per kind of entry ------------------------------------------------------------------


def _incident(check, data):
    _after(check, data, "attended_at", "occurred_at", "Attendance cannot be before the report.")


def _risk_assessment(check, data):
    tool, grade, yes = data.get("tool"), data.get("grade"), data.get("yes_answers")
    if tool and grade and grade not in GRADES_FOR_TOOL[RiskTool(tool)]:
        allowed = ", ".join(RiskGrade(g).label for g in sorted(GRADES_FOR_TOOL[RiskTool(tool)]))
        check.add_error("grade", f"{RiskGrade(grade).label} is not a grade of this tool: use {allowed}.")
    if tool == RiskTool.DASH and yes is not None:
        if yes > DASH_QUESTIONS:
            check.add_error("yes_answers", f"DASH has {DASH_QUESTIONS} questions.")
        elif yes >= DASH_HIGH_RISK_YES_ANSWERS and grade and grade != RiskGrade.HIGH:
            check.add_error(
                "grade", f"{yes} yes answers on DASH means high risk ({DASH_HIGH_RISK_YES_ANSWERS} or more)."
            )


def _referral(check, data):
    if data.get("outcome") and data.get("outcome_received_at") is None:
        check.add_error("outcome_received_at", "Give the date the outcome was received from social care.")
    _after(
        check, data, "occurred_at", "concern_at", "The referral cannot be submitted before the concern arose."
    )
    _after(check, data, "outcome_received_at", "occurred_at", "The outcome cannot come before the referral.")


def _strategy(check, data):
    _after(
        check, data, "occurred_at", "harm_suspected_at", "The discussion cannot be before harm was suspected."
    )
    _after(
        check,
        data,
        "decisions_recorded_at",
        "occurred_at",
        "Decisions cannot be recorded before the discussion.",
    )


def _meeting(check, data):
    if data.get("attended") is False and not (data.get("non_attendance_reason") or "").strip():
        check.add_error("non_attendance_reason", "Say why police did not attend.")
    _after(check, data, "occurred_at", "invited_at", "The meeting cannot be before the invitation.")


def _investigation(check, data):
    _after(check, data, "closed_at", "occurred_at", "The investigation cannot close before it opened.")
    _after(
        check, data, "allocated_at", "occurred_at", "Allocation cannot be before the investigation opened."
    )


def _investigation_step(check, data):
    kind = data.get("kind")
    if kind == InvestigationStepKind.DEVICE_SUBMITTED and not data.get("device_priority"):
        check.add_error("device_priority", "Say whether the device analysis is priority or routine.")
    if kind == InvestigationStepKind.CPS_DECISION and not data.get("charging_decision"):
        check.add_error("charging_decision", "Record the CPS charging decision.")
    if kind == InvestigationStepKind.BAIL and data.get("bail_until") is None:
        check.add_error("bail_until", "Give the date bail runs to.")
    investigation = data.get("investigation")
    if investigation and data.get("occurred_at") and data["occurred_at"] < investigation.occurred_at:
        check.add_error("occurred_at", "This step cannot be before the investigation opened.")


def _police_protection(check, data):
    _after(check, data, "ended_at", "occurred_at", "Police protection cannot end before it began.")


def _custody(check, data):
    _after(check, data, "released_at", "occurred_at", "Release cannot be before arrival at custody.")
    _after(check, data, "charged_at", "occurred_at", "Charge cannot be before arrival at custody.")
    if (
        data.get("appropriate_adult_arrived_at") is not None
        and data.get("appropriate_adult_requested_at") is None
    ):
        check.add_error(
            "appropriate_adult_requested_at", "Give the time the appropriate adult was requested."
        )
    _after(
        check,
        data,
        "appropriate_adult_arrived_at",
        "appropriate_adult_requested_at",
        "The appropriate adult cannot arrive before being requested.",
    )
    if data.get("secure_requested") and not (data.get("secure_reason") or "").strip():
        check.add_error("secure_reason", "Give the reason secure accommodation was requested.")
    if data.get("under_s136") and not data.get("place_of_safety"):
        check.add_error("place_of_safety", "Say where the child was taken as a place of safety.")


def _missing(check, data):
    _after(
        check, data, "returned_at", "occurred_at", "The child cannot return before being reported missing."
    )
    _after(check, data, "occurred_at", "last_seen_at", "The report cannot be before the child was last seen.")
    if data.get("risk_grade") and data.get("graded_at") is None:
        check.add_error("graded_at", "Give the time the risk was graded.")
    _seen_alone_reason(check, data)


def _offender_management(check, data):
    _after(check, data, "ended_at", "occurred_at", "Management cannot end before it began.")


def _order(check, data):
    if data.get("decision") == OrderDecision.CONSIDERED_NOT_USED and not (data.get("reason") or "").strip():
        check.add_error("reason", "Give the reason the order was not used.")


def _demeanour(check, data):
    _seen_alone_reason(check, data)


def _child_view(check, data):
    if not (data.get("views") or "").strip() and not data.get("not_able_reason"):
        check.add_error(
            "views", "Record the child's views in their words, or say why they could not give them."
        )


def _outcome(check, data):
    child = data.get("child")
    if child is not None:
        others = ChildOutcome.objects.filter(case=check.case, child=child)
        if check.instance_pk:
            others = others.exclude(pk=check.instance_pk)
        if others.exists():
            check.add_error("child", "This child already has an outcome on this case: edit that one.")


ENTRY_RULES: dict[type[CaseEntry], Callable[[Check, Mapping[str, Any]], None]] = {
    Incident: _incident,
    RiskAssessment: _risk_assessment,
    Referral: _referral,
    StrategyDiscussion: _strategy,
    Meeting: _meeting,
    Investigation: _investigation,
    InvestigationStep: _investigation_step,
    PoliceProtection: _police_protection,
    CustodyDetention: _custody,
    MissingEpisode: _missing,
    OffenderManagement: _offender_management,
    ProtectiveOrder: _order,
    DemeanourRecord: _demeanour,
    ChildView: _child_view,
    ChildOutcome: _outcome,
}


def entry_problems(
    model: type[CaseEntry], data: Mapping[str, Any], *, case: Case | None, instance_pk: int | None = None
) -> Problems:
    """Everything an entry's values must keep (the entry forms' rules)."""
    check = Check(case=case, instance_pk=instance_pk)
    if model.child_required and data.get("child") is None:
        check.add_error("child", "This entry is about a child: choose the child.")
    _not_in_future(check, model, data)
    _text_lengths(check, model, data)
    rule = ENTRY_RULES.get(model)
    if rule is not None:
        rule(check, data)
    return check.problems


def case_problems(data: Mapping[str, Any], *, touched: set[str] | None = None) -> Problems:
    """Everything a case's values must keep (the case form's rules). `touched`: the fields being
    changed (None: a new case). Who works where changes over time, so a case whose officer has
    since moved district is only re-judged on that when its district or officers change."""
    check = Check()
    _not_in_future(check, Case, data)
    _text_lengths(check, Case, data)
    team, district = data.get("team"), data.get("district")
    if team is not None and district is not None and team.district_id != district.pk:
        check.add_error("team", f"{team.name} is not a team of {district.name}.")
    if district is not None:
        officers = {
            name: data[name]
            for name in ("officer_in_charge", "supervisor")
            if data.get(name) is not None and (touched is None or touched & {name, "district"})
        }
        works_in = staff_districts(officer.pk for officer in officers.values())
        for name, officer in officers.items():
            if district.pk not in works_in[officer.pk]:
                who = officer.get_full_name() or officer.get_username()
                check.add_error(name, f"{who} does not work in {district.name}.")
    return check.problems
