"""REFERRAL_FEEDBACK: outcome from social care within 10 working days of the referral."""

from safeguarding.cases.models import Referral
from safeguarding.cases.vocabulary import CaseType, ReferralAgency, ReferralOutcome
from tests.factories import at, make_case, make_entry, make_person

# Submitted Monday 2 March 10:00; 10 working days later is Monday 16 March 10:00.


def referred_case(districts, **outcome):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, children=[child])
    make_entry(Referral, case, "2026-03-02 10:00", concern_at="2026-03-02 09:00", **outcome)
    return case


def test_met_when_outcome_within_10_working_days(districts, judge):
    case = referred_case(
        districts, outcome=ReferralOutcome.ASSESSMENT, outcome_received_at="2026-03-13 16:00"
    )
    result = judge(case, "REFERRAL_FEEDBACK", "2026-04-01 12:00")[None]
    assert (result.state, result.due_at) == ("met", at("2026-03-16", "10:00"))


def test_not_met_when_outcome_late(districts, judge):
    case = referred_case(
        districts, outcome=ReferralOutcome.NO_FURTHER_ACTION, outcome_received_at="2026-03-17 09:00"
    )
    assert judge(case, "REFERRAL_FEEDBACK", "2026-04-01 12:00")[None].state == "not_met"


def test_not_yet_due_before_day_10(districts, judge):
    case = referred_case(districts)
    result = judge(case, "REFERRAL_FEEDBACK", "2026-03-13 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_yet_due", "outcome not known")


def test_judges_the_first_social_care_referral_by_submission_time(districts, judge):
    child = make_person(districts["north"])
    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, children=[child])
    make_entry(Referral, case, "2026-03-05 10:00", concern_at="2026-03-02 09:00")  # created first
    first = make_entry(
        Referral,
        case,
        "2026-03-02 10:00",
        concern_at="2026-03-02 09:00",
        outcome=ReferralOutcome.ASSESSMENT,
        outcome_received_at="2026-03-13 16:00",
    )
    make_entry(
        Referral, case, "2026-03-01 10:00", concern_at="2026-03-01 09:00", agency=ReferralAgency.HEALTH
    )
    result = judge(case, "REFERRAL_FEEDBACK", "2026-04-01 12:00")[None]
    assert (result.state, result.evidence_id) == ("met", str(first.pk))


def test_cases_judged_together_keep_their_own_referrals(districts, judge_together):
    answered = referred_case(
        districts, outcome=ReferralOutcome.ASSESSMENT, outcome_received_at="2026-03-13 16:00"
    )
    unanswered = referred_case(districts)
    results = judge_together([answered, unanswered], "REFERRAL_FEEDBACK", "2026-04-01 12:00")
    assert results[answered.pk, None].state == "met"
    assert results[unanswered.pk, None].state == "not_met"
