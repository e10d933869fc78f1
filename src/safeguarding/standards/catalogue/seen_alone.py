"""SEEN_ALONE: the child is seen, and spoken to alone where age allows, at domestic abuse incidents
and on return from missing; whether they were is recorded yes/no with a reason.

Domestic abuse cases: per child on the case (the children present, not the reported number), a
DemeanourRecord for the child carrying the seen-alone answer (the database requires a reason for
anything but "yes"), within `hours` of the incident (the same visit as DEMEANOUR).
Missing cases: per child, every returned MissingEpisode of the child on the case carries a
seen-alone answer (a reason for anything but "yes") within `return_hours` of the return (the
return interview; the episode has no separate time for the answer, so an answer on record
counts); the result's due time is that of the latest return.

How: for domestic abuse, as DEMEANOUR, the first incident of each case and the first record of
each (case, child) are ranked once and joined to the children; the missing part (a few
percent of the rows) keeps its per-episode lookups.
"""

from django.db.models import Case, Exists, F, OuterRef, Q, When

from safeguarding.cases.models import DemeanourRecord, Incident, MissingEpisode
from safeguarding.cases.vocabulary import CaseType, IncidentKind, Stage, YesNoNa
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    children_on,
    evidence,
    first_per,
    hours,
    inner_join,
    judged,
    latest_per_case,
    left_join,
    moment,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import Standard

# Children present: the children on the case (the inner join to children_on), not a number.
DA_WITH_CHILDREN = {"kind": IncidentKind.DOMESTIC_ABUSE}
ANSWERED = ~Q(seen_alone="") & (Q(seen_alone=YesNoNa.YES) | ~Q(seen_alone_reason=""))


def rule(cases, now, t):
    da_cases = cases.filter(case_type=CaseType.DOMESTIC_ABUSE)
    incident = first_per(
        Incident.objects.filter(case__in=da_cases, **DA_WITH_CHILDREN),
        "case",
        fields=("occurred_at",),
        name="first_da_incident",
    )
    records = first_per(
        DemeanourRecord.objects.filter(case__in=da_cases),
        "case",
        "child",
        order=("recorded_at", "id"),
        fields=("id", "recorded_at", "seen_alone"),
        name="first_demeanour",
    )
    at_incidents = inner_join(children_on(da_cases), incident, case="case").annotate(
        r_case=F("case"),
        r_child=F("person"),
        r_due=plus(incident.col.occurred_at, hours(t["hours"])),
    )
    at_incidents = left_join(at_incidents, records, case="case", person="child").annotate(
        x_record=records.col.id,
        x_recorded_at=records.col.recorded_at,
        x_answer=records.col.seen_alone,
    )
    at_incidents = at_incidents.annotate(
        r_state=judged(met=Q(x_recorded_at__lte=F("r_due")), now=now),
        **evidence("cases.demeanourrecord", "x_record"),
        r_note=Case(
            When(x_record__isnull=True, then=note("not recorded")),
            default=note("seen alone: ", F("x_answer")),
        ),
        r_owner=NO_OWNER,
    )

    returned = MissingEpisode.objects.filter(
        case__in=cases.filter(case_type=CaseType.MISSING), returned_at__isnull=False
    )
    latest = returned.filter(latest_per_case(MissingEpisode, per_child=True, returned_at__isnull=False))
    unanswered = MissingEpisode.objects.filter(
        case=OuterRef("case"), child=OuterRef("child"), returned_at__isnull=False
    ).exclude(ANSWERED)
    on_return = latest.annotate(
        r_case=F("case"),
        r_child=F("child"),
        r_due=plus("returned_at", hours(t["return_hours"])),
    ).annotate(
        r_state=judged(
            met=~Exists(unanswered),
            breach=Exists(unanswered.filter(returned_at__lt=moment(now) - hours(t["return_hours"]))),
            now=now,
        ),
        **same_evidence("cases.missingepisode", F("id")),
        r_note=Case(
            When(seen_alone="", then=note("not recorded")), default=note("seen alone: ", F("seen_alone"))
        ),
        r_owner=NO_OWNER,
    )
    return [at_incidents, on_return]


STANDARD = Standard(
    id="SEEN_ALONE",
    name="Child seen and spoken to alone",
    description="Child seen, and spoken to alone where age allows, recorded yes/no with a reason.",
    source="002 assessment and help",
    stage=Stage.INITIAL_CONTACT,
    case_types=frozenset({CaseType.DOMESTIC_ABUSE, CaseType.MISSING}),
    thresholds={"hours": 24, "return_hours": 72},
    per_child=True,
    rule=rule,
)
