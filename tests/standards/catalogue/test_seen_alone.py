"""SEEN_ALONE: seen alone yes/no with a reason, at DA incidents (24 h) and after a return (72 h)."""

from safeguarding.cases.models import DemeanourRecord, Incident, MissingEpisode
from safeguarding.cases.vocabulary import CaseType, Demeanour, IncidentKind, YesNoNa
from tests.factories import make_case, make_entry, make_person


def da_case(districts):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE, children=[child])
    make_entry(Incident, case, "2026-03-02 22:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
    return case, child


def missing_case(districts, **episode):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.MISSING, children=[child])
    make_entry(
        MissingEpisode, case, "2026-03-02 18:00", child=child, returned_at="2026-03-03 10:00", **episode
    )
    return case, child


def test_da_met_when_answer_recorded_with_reason(districts, judge):
    case, child = da_case(districts)
    make_entry(
        DemeanourRecord,
        case,
        "2026-03-02 22:30",
        child=child,
        demeanour=Demeanour.ASLEEP,
        seen_alone=YesNoNa.NO,
        seen_alone_reason="Asleep, aged 2",
    )
    result = judge(case, "SEEN_ALONE", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("met", "seen alone: no")


def test_da_not_met_without_a_record_after_24_hours(districts, judge):
    case, child = da_case(districts)
    assert judge(case, "SEEN_ALONE", "2026-03-03 22:01")[child.pk].state == "not_met"


def test_da_not_yet_due_within_24_hours(districts, judge):
    case, child = da_case(districts)
    assert judge(case, "SEEN_ALONE", "2026-03-03 21:00")[child.pk].state == "not_yet_due"


def test_return_met_when_answered(districts, judge):
    case, child = missing_case(districts, seen_alone=YesNoNa.YES)
    assert judge(case, "SEEN_ALONE", "2026-03-10 12:00")[child.pk].state == "met"


def test_return_not_met_when_unanswered_72_hours_after_return(districts, judge):
    case, child = missing_case(districts)
    # returned 3 March 10:00; 72 h later is 6 March 10:00
    assert judge(case, "SEEN_ALONE", "2026-03-06 10:01")[child.pk].state == "not_met"


def test_return_not_yet_due_within_72_hours(districts, judge):
    case, child = missing_case(districts)
    result = judge(case, "SEEN_ALONE", "2026-03-05 10:00")[child.pk]
    assert result.state == "not_yet_due"
    assert result.evidence_note == "not recorded"


def test_da_answer_is_read_from_the_child_s_first_record(districts, judge):
    case, child = da_case(districts)

    def answer(recorded, seen_alone, reason=""):
        return make_entry(
            DemeanourRecord,
            case,
            "2026-03-02 22:30",
            recorded=recorded,
            child=child,
            demeanour=Demeanour.WITHDRAWN,
            seen_alone=seen_alone,
            seen_alone_reason=reason,
        )

    answer("2026-03-04 09:00", YesNoNa.YES)  # created first, recorded later
    first = answer("2026-03-03 09:00", YesNoNa.NO, "Parent refused")
    result = judge(case, "SEEN_ALONE", "2026-03-10 12:00")[child.pk]
    assert (result.state, result.evidence_id, result.evidence_note) == (
        "met",
        str(first.pk),
        "seen alone: no",
    )


def test_da_and_missing_cases_judged_together(districts, judge_together):
    (da, da_child), (missing, missing_child) = (
        da_case(districts),
        missing_case(districts, seen_alone=YesNoNa.YES),
    )
    results = judge_together([da, missing], "SEEN_ALONE", "2026-03-10 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (da.pk, da_child.pk): "not_met",
        (missing.pk, missing_child.pk): "met",
    }
