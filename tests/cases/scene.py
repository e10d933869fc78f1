"""A child with a history: one entry of every kind, flags and linked adults. Used by the child
page, timeline and browser tests."""

import datetime as dt

from django.utils import timezone

from safeguarding.cases import models as m
from safeguarding.cases.vocabulary import (
    CaseNoteKind,
    CaseType,
    Demeanour,
    IncidentKind,
    InvestigationStepKind,
    MeetingKind,
    OffenceCategory,
    OffenderRisk,
    OrderDecision,
    OrderKind,
    OutcomeCategory,
    ParticipantRole,
    ReferralOutcome,
    RiskGrade,
    RiskTool,
    YesNoNa,
)
from safeguarding.people.models import Flag, Relationship
from safeguarding.people.vocabulary import CpPlanCategory, FlagKind, RelationshipKind
from tests.factories import at, make_case, make_person


def make_flag(person, kind, *, starts_on="2026-01-10", ends_on=None, cp_category="", details=""):
    return Flag.objects.create(
        person=person,
        kind=kind,
        cp_category=cp_category,
        starts_on=dt.date.fromisoformat(starts_on),
        ends_on=dt.date.fromisoformat(ends_on) if ends_on else None,
        details=details,
        recorded_at=timezone.now(),
    )


def entry(model, case, occurred_at, *, child=None, recorded_at=None, recorded_by=None, **fields):
    return model.objects.create(
        case=case,
        child=child,
        occurred_at=occurred_at,
        recorded_at=recorded_at or occurred_at + dt.timedelta(hours=1),
        recorded_by=recorded_by,
        **fields,
    )


def one_of_every_kind(case, child, adult, *, day="2026-03-02", recorded_by=None) -> dict:
    """One entry of each model in ENTRY_MODELS on the case, an hour apart in ENTRY_MODELS order."""
    start = at(day, "08:00")
    made: dict = {}

    def t(n: int) -> dt.datetime:
        return start + dt.timedelta(hours=n)

    by = {"recorded_by": recorded_by}
    made["incident"] = entry(
        m.Incident, case, t(0), kind=IncidentKind.DOMESTIC_ABUSE, children_present=2, **by
    )
    made["demeanourrecord"] = entry(
        m.DemeanourRecord,
        case,
        t(1),
        child=child,
        demeanour=Demeanour.WITHDRAWN,
        seen_alone=YesNoNa.YES,
        **by,
    )
    made["missingepisode"] = entry(m.MissingEpisode, case, t(2), child=child, **by)
    made["riskassessment"] = entry(
        m.RiskAssessment, case, t(3), tool=RiskTool.DASH, grade=RiskGrade.HIGH, yes_answers=15, **by
    )
    made["referral"] = entry(
        m.Referral,
        case,
        t(4),
        child=child,
        concern_at=t(0),
        outcome=ReferralOutcome.S47_ENQUIRY,
        outcome_received_at=t(5),
        **by,
    )
    made["strategydiscussion"] = entry(m.StrategyDiscussion, case, t(5), harm_suspected_at=t(0), **by)
    made["meeting"] = entry(m.Meeting, case, t(6), kind=MeetingKind.ICPC, attended=True, **by)
    made["investigation"] = entry(
        m.Investigation, case, t(7), offence_category=OffenceCategory.PHYSICAL, **by
    )
    made["investigationstep"] = entry(
        m.InvestigationStep,
        case,
        t(8),
        investigation=made["investigation"],
        kind=InvestigationStepKind.SUSPECT_INTERVIEW,
        **by,
    )
    made["policeprotection"] = entry(m.PoliceProtection, case, t(9), child=child, **by)
    made["custodydetention"] = entry(
        m.CustodyDetention, case, t(10), child=child, offence="Criminal damage", **by
    )
    made["detentionreview"] = entry(m.DetentionReview, case, t(11), detention=made["custodydetention"], **by)
    made["offendermanagement"] = entry(
        m.OffenderManagement, case, t(12), subject=adult, risk_level=OffenderRisk.HIGH, **by
    )
    made["offendervisit"] = entry(m.OffenderVisit, case, t(13), management=made["offendermanagement"], **by)
    made["protectiveorder"] = entry(
        m.ProtectiveOrder,
        case,
        t(14),
        kind=OrderKind.CAWN,
        subject=adult,
        decision=OrderDecision.SERVED,
        **by,
    )
    made["childview"] = entry(m.ChildView, case, t(15), child=child, views="I want to stay with my nan", **by)
    made["informedofdecision"] = entry(
        m.InformedOfDecision, case, t(16), child=child, decision="Strategy outcome", **by
    )
    made["childoutcome"] = entry(
        m.ChildOutcome, case, t(17), child=child, category=OutcomeCategory.PROTECTED_BY_PLAN, **by
    )
    made["casenote"] = entry(
        m.CaseNote, case, t(18), kind=CaseNoteKind.DECISION, text="Decision recorded", **by
    )
    return made


def child_with_history(districts, *, recorded_by=None) -> dict:
    """Amelia Hartley of north: CP plan (neglect), CSE risk, looked after, two missing episodes,
    a father who is a registered sex offender and a suspect in her case."""
    north = districts["north"]
    child = make_person(north, forename="Amelia", surname="Hartley", date_of_birth="2012-04-12")
    father = make_person(
        north, forename="Darren", surname="Hartley", date_of_birth="1985-01-20", is_child=False
    )
    Relationship.objects.create(person=father, kind=RelationshipKind.PARENT, other=child)
    make_flag(child, FlagKind.CP_PLAN, cp_category=CpPlanCategory.NEGLECT, starts_on="2026-01-10")
    make_flag(child, FlagKind.CSE_RISK, starts_on="2026-02-01")
    make_flag(child, FlagKind.LOOKED_AFTER, starts_on="2025-06-01")
    make_flag(child, FlagKind.CSE_RISK, starts_on="2024-01-01", ends_on="2024-06-01")  # ended: not shown
    make_flag(father, FlagKind.REGISTERED_SEX_OFFENDER, starts_on="2019-05-01")
    case = make_case(
        north,
        case_type=CaseType.CP_ENQUIRY,
        reported="2026-03-01",
        children=[child],
        adults=[(father, ParticipantRole.SUSPECT)],
    )
    made = one_of_every_kind(case, child, father, recorded_by=recorded_by)
    entry(m.MissingEpisode, case, at("2026-03-05", "22:00"), child=child)
    return {"child": child, "father": father, "case": case, "entries": made}
