"""DEMEANOUR: each child present at a DA incident has demeanour recorded within 24 h."""

from safeguarding.cases.models import DemeanourRecord, Incident
from safeguarding.cases.vocabulary import CaseType, Demeanour, IncidentKind, ParticipantRole, YesNoNa
from tests.factories import make_case, make_entry, make_person

INCIDENT = "2026-03-02 22:00"  # a Monday night; due 2026-03-03 22:00


def da_case(districts, *, children_present=1):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE, children=[child])
    make_entry(Incident, case, INCIDENT, kind=IncidentKind.DOMESTIC_ABUSE, children_present=children_present)
    return case, child


def record(case, child, recorded):
    return make_entry(
        DemeanourRecord,
        case,
        INCIDENT,
        recorded=recorded,
        child=child,
        demeanour=Demeanour.WITHDRAWN,
        seen_alone=YesNoNa.YES,
    )


def test_met_when_recorded_within_24_hours(districts, judge):
    case, child = da_case(districts)
    demeanour = record(case, child, "2026-03-03 09:00")  # 11 h after
    result = judge(case, "DEMEANOUR", "2026-03-10 12:00")[child.pk]
    assert result.state == "met"
    assert (result.evidence_type, result.evidence_id) == ("cases.demeanourrecord", str(demeanour.pk))
    assert result.evidence_note == "recorded 11 h after the incident"


def test_not_met_when_recorded_31_hours_later(districts, judge):
    case, child = da_case(districts)
    record(case, child, "2026-03-04 05:00")
    result = judge(case, "DEMEANOUR", "2026-03-10 12:00")[child.pk]
    assert result.state == "not_met"
    assert result.evidence_note == "recorded 31 h after the incident"


def test_not_met_when_never_recorded_after_24_hours(districts, judge):
    case, child = da_case(districts)
    result = judge(case, "DEMEANOUR", "2026-03-03 22:01")[child.pk]
    assert result.state == "not_met"
    assert result.evidence_type == ""


def test_not_yet_due_within_24_hours(districts, judge):
    case, child = da_case(districts)
    result = judge(case, "DEMEANOUR", "2026-03-03 21:59")[child.pk]
    assert result.state == "not_yet_due"
    assert result.due_at.isoformat() == "2026-03-03T22:00:00+00:00"


def test_one_result_per_child_present(districts, judge):
    case, child = da_case(districts, children_present=2)
    sibling = make_person(districts["north"], forename="Noah")
    from safeguarding.cases.models import CaseParticipant

    CaseParticipant.objects.create(case=case, person=sibling, role=ParticipantRole.CHILD_PRESENT)
    CaseParticipant.objects.create(case=case, person=child, role=ParticipantRole.CHILD_PRESENT)
    record(case, child, "2026-03-03 09:00")
    results = judge(case, "DEMEANOUR", "2026-03-10 12:00")
    assert {k: r.state for k, r in results.items()} == {child.pk: "met", sibling.pk: "not_met"}


def test_judged_over_the_children_on_the_case_not_the_reported_number(districts, judge):
    # The caller reported nobody, but the child is on the case: the child is judged.
    case, child = da_case(districts, children_present=0)
    assert judge(case, "DEMEANOUR", "2026-03-10 12:00")[child.pk].state == "not_met"


def test_not_applicable_without_children_on_the_case(districts, judge):
    from safeguarding.cases.models import CaseParticipant

    case, _ = da_case(districts, children_present=3)
    CaseParticipant.objects.filter(case=case).delete()
    assert judge(case, "DEMEANOUR", "2026-03-10 12:00") == {}


def test_judged_against_the_first_incident_and_the_first_record_of_the_child(districts, judge):
    case, child = da_case(districts)  # first incident Monday 22:00
    make_entry(Incident, case, "2026-03-05 10:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
    make_entry(Incident, case, "2026-03-01 10:00", kind=IncidentKind.CONCERN_FOR_CHILD, children_present=0)
    late = record(case, child, "2026-03-05 11:00")  # on the record first by id, but later
    on_time = record(case, child, "2026-03-03 09:00")
    result = judge(case, "DEMEANOUR", "2026-03-10 12:00")[child.pk]
    assert late.pk < on_time.pk
    assert (result.state, result.evidence_id) == ("met", str(on_time.pk))
    assert result.due_at.isoformat() == "2026-03-03T22:00:00+00:00"


def test_records_at_the_same_moment_give_the_lowest_id(districts, judge):
    case, child = da_case(districts)
    first = record(case, child, "2026-03-03 09:00")
    record(case, child, "2026-03-03 09:00")
    assert judge(case, "DEMEANOUR", "2026-03-10 12:00")[child.pk].evidence_id == str(first.pk)


def test_cases_judged_together_keep_their_own_records(districts, judge_together):
    (recorded, child), (unrecorded, other) = da_case(districts), da_case(districts)
    # the same child on both cases: a record on one case does not count for the other
    from safeguarding.cases.models import CaseParticipant

    CaseParticipant.objects.create(case=unrecorded, person=child, role=ParticipantRole.CHILD_PRESENT)
    record(recorded, child, "2026-03-03 09:00")
    results = judge_together([recorded, unrecorded], "DEMEANOUR", "2026-03-10 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (recorded.pk, child.pk): "met",
        (unrecorded.pk, child.pk): "not_met",
        (unrecorded.pk, other.pk): "not_met",
    }
