"""TIMELY_RECORD: every entry recorded within 24 h of the event."""

from safeguarding.cases.models import CaseNote, Incident
from safeguarding.cases.vocabulary import CaseNoteKind, CaseType, IncidentKind
from tests.factories import at, make_case, make_entry, make_person


def reported_case(districts):
    child = make_person(districts["north"])
    return make_case(
        districts["north"],
        case_type=CaseType.GENERAL_CONCERN,
        reported=at("2026-03-02", "10:00"),
        children=[child],
    )


def test_met_when_everything_recorded_the_same_day(districts, judge):
    case = reported_case(districts)
    make_entry(
        Incident, case, "2026-03-02 10:00", recorded="2026-03-02 13:00", kind=IncidentKind.CONCERN_FOR_CHILD
    )
    make_entry(
        CaseNote,
        case,
        "2026-03-03 10:00",
        recorded="2026-03-04 09:00",
        kind=CaseNoteKind.DECISION,
        text="NFA",
    )
    assert judge(case, "TIMELY_RECORD", "2026-03-20 12:00")[None].state == "met"


def test_not_met_when_a_note_is_written_up_two_days_later(districts, judge):
    case = reported_case(districts)
    make_entry(Incident, case, "2026-03-02 10:00", kind=IncidentKind.CONCERN_FOR_CHILD)
    note = make_entry(
        CaseNote,
        case,
        "2026-03-03 10:00",
        recorded="2026-03-05 10:00",
        kind=CaseNoteKind.DECISION,
        text="NFA",
    )
    result = judge(case, "TIMELY_RECORD", "2026-03-20 12:00")[None]
    assert (result.state, result.evidence_type, result.evidence_id) == (
        "not_met",
        "cases.casenote",
        str(note.pk),
    )


def test_not_yet_due_on_the_first_day(districts, judge):
    case = reported_case(districts)
    make_entry(Incident, case, "2026-03-02 10:00", kind=IncidentKind.CONCERN_FOR_CHILD)
    assert judge(case, "TIMELY_RECORD", "2026-03-02 20:00")[None].state == "not_yet_due"
    assert judge(case, "TIMELY_RECORD", "2026-03-03 10:01")[None].state == "met"


def test_evidence_is_the_first_late_entry_of_the_first_kind_in_journey_order(districts, judge):
    case = reported_case(districts)
    # The note is late first, but incidents come before case notes in the journey.
    make_entry(
        CaseNote,
        case,
        "2026-03-02 11:00",
        recorded="2026-03-05 10:00",
        kind=CaseNoteKind.DECISION,
        text="NFA",
    )
    later = make_entry(
        Incident, case, "2026-03-04 10:00", recorded="2026-03-06 10:00", kind=IncidentKind.CONCERN_FOR_CHILD
    )
    earlier = make_entry(
        Incident, case, "2026-03-03 10:00", recorded="2026-03-06 10:00", kind=IncidentKind.CONCERN_FOR_CHILD
    )
    result = judge(case, "TIMELY_RECORD", "2026-03-20 12:00")[None]
    assert (result.evidence_type, result.evidence_id) == ("cases.incident", str(earlier.pk))
    assert later.pk < earlier.pk  # so the choice is by the event's time, not the id


def test_late_entries_at_the_same_moment_give_the_lowest_id(districts, judge):
    case = reported_case(districts)
    first = make_entry(
        CaseNote,
        case,
        "2026-03-03 10:00",
        recorded="2026-03-05 10:00",
        kind=CaseNoteKind.DECISION,
        text="NFA",
    )
    make_entry(
        CaseNote,
        case,
        "2026-03-03 10:00",
        recorded="2026-03-05 11:00",
        kind=CaseNoteKind.DECISION,
        text="NFA",
    )
    result = judge(case, "TIMELY_RECORD", "2026-03-20 12:00")[None]
    assert (result.evidence_type, result.evidence_id) == ("cases.casenote", str(first.pk))


def test_cases_judged_together_keep_their_own_entries(districts, judge_together):
    late_case, prompt_case = reported_case(districts), reported_case(districts)
    note = make_entry(
        CaseNote,
        late_case,
        "2026-03-03 10:00",
        recorded="2026-03-05 10:00",
        kind=CaseNoteKind.DECISION,
        text="NFA",
    )
    make_entry(Incident, prompt_case, "2026-03-02 10:00", kind=IncidentKind.CONCERN_FOR_CHILD)
    results = judge_together([late_case, prompt_case], "TIMELY_RECORD", "2026-03-20 12:00")
    assert (results[late_case.pk, None].state, results[late_case.pk, None].evidence_id) == (
        "not_met",
        str(note.pk),
    )
    assert (results[prompt_case.pk, None].state, results[prompt_case.pk, None].evidence_id) == ("met", "")
