"""REFERRAL: referral to children's social care within 1 working day of the concern."""

from safeguarding.cases.models import Referral
from safeguarding.cases.vocabulary import CaseType, ReferralAgency
from tests.factories import at, make_case, make_entry, make_person

CONCERN = "2026-03-06 10:00"  # a Friday: 1 working day later is Monday 9 March 10:00


def case_with_concern(districts):
    child = make_person(districts["north"])
    return make_case(
        districts["north"],
        case_type=CaseType.GENERAL_CONCERN,
        reported=at("2026-03-06", "10:00"),
        children=[child],
    )


def test_met_when_submitted_on_monday_morning(districts, judge):
    case = case_with_concern(districts)
    make_entry(Referral, case, "2026-03-09 09:00", concern_at=CONCERN)
    result = judge(case, "REFERRAL", "2026-03-20 12:00")[None]
    assert result.state == "met"
    assert result.due_at == at("2026-03-09", "10:00")
    assert result.evidence_note == "submitted 71 h after the concern"


def test_not_met_when_submitted_on_tuesday(districts, judge):
    case = case_with_concern(districts)
    make_entry(Referral, case, "2026-03-10 09:00", concern_at=CONCERN)
    assert judge(case, "REFERRAL", "2026-03-20 12:00")[None].state == "not_met"


def test_not_yet_due_over_the_weekend(districts, judge):
    case = case_with_concern(districts)
    assert judge(case, "REFERRAL", "2026-03-08 18:00")[None].state == "not_yet_due"


def test_not_met_without_referral_after_the_deadline(districts, judge):
    case = case_with_concern(districts)
    result = judge(case, "REFERRAL", "2026-03-09 10:01")[None]
    assert (result.state, result.evidence_note) == ("not_met", "no referral to social care")


def test_easter_monday_is_not_a_working_day(districts, judge):
    child = make_person(districts["north"])
    case = make_case(
        districts["north"],
        case_type=CaseType.CP_ENQUIRY,
        reported=at("2026-04-02", "10:00"),
        children=[child],
    )
    # Thursday 2 April + 1 working day: Good Friday and Easter Monday skipped -> Tuesday 7 April
    make_entry(Referral, case, "2026-04-07 09:00", concern_at="2026-04-02 10:00")
    result = judge(case, "REFERRAL", "2026-04-20 12:00")[None]
    assert (result.state, result.due_at) == ("met", at("2026-04-07", "10:00"))


def test_concern_is_the_earliest_on_any_referral_and_evidence_the_first_submitted(districts, judge):
    case = case_with_concern(districts)
    # Created first but submitted later: the evidence is chosen by submission time, not id.
    make_entry(Referral, case, "2026-03-12 09:00", concern_at="2026-03-04 10:00")
    first = make_entry(Referral, case, "2026-03-09 09:00", concern_at="2026-03-06 10:00")
    make_entry(
        Referral, case, "2026-03-01 09:00", concern_at="2026-02-20 10:00", agency=ReferralAgency.HEALTH
    )
    result = judge(case, "REFERRAL", "2026-03-20 12:00")[None]
    # Concern Wednesday 4 March 10:00 (the health referral does not count) -> due Thursday 5th
    assert (result.state, result.due_at) == ("not_met", at("2026-03-05", "10:00"))
    assert (result.evidence_id, result.evidence_note) == (str(first.pk), "submitted 119 h after the concern")


def test_referrals_submitted_at_the_same_moment_give_the_lowest_id(districts, judge):
    case = case_with_concern(districts)
    first = make_entry(Referral, case, "2026-03-09 09:00", concern_at=CONCERN)
    make_entry(Referral, case, "2026-03-09 09:00", concern_at=CONCERN)
    assert judge(case, "REFERRAL", "2026-03-20 12:00")[None].evidence_id == str(first.pk)


def test_cases_judged_together_keep_their_own_referrals(districts, judge_together):
    referred, unreferred = case_with_concern(districts), case_with_concern(districts)
    referral = make_entry(Referral, referred, "2026-03-09 09:00", concern_at=CONCERN)
    results = judge_together([referred, unreferred], "REFERRAL", "2026-03-20 12:00")
    assert (results[referred.pk, None].state, results[referred.pk, None].evidence_id) == (
        "met",
        str(referral.pk),
    )
    assert (results[unreferred.pk, None].state, results[unreferred.pk, None].evidence_id) == ("not_met", "")
