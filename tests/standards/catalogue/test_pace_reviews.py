"""PACE_REVIEWS: first review within 6 h of authorisation, then every 9 h."""

from safeguarding.cases.models import DetentionReview
from tests.factories import make_entry
from tests.standards.catalogue._custody import detained

# Authorised 2 March 16:00: first review by 22:00, the next within 9 h of it.


def held(districts, **fields):
    return detained(
        districts, arrived="2026-03-02 15:30", detention_authorised_at="2026-03-02 16:00", **fields
    )


def review(case, detention, when):
    make_entry(DetentionReview, case, when, child=None, detention=detention)


def test_met_with_reviews_at_21_00_and_05_30(districts, judge):
    case, child, detention = held(districts, released_at="2026-03-03 10:00")
    review(case, detention, "2026-03-02 21:00")
    review(case, detention, "2026-03-03 05:30")
    assert judge(case, "PACE_REVIEWS", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_met_when_first_review_late(districts, judge):
    case, child, detention = held(districts, released_at="2026-03-03 02:00")
    review(case, detention, "2026-03-02 23:00")
    result = judge(case, "PACE_REVIEWS", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "first review late or missing")


def test_not_met_with_a_gap_over_9_hours(districts, judge):
    case, child, detention = held(districts, released_at="2026-03-03 12:00")
    review(case, detention, "2026-03-02 21:00")
    review(case, detention, "2026-03-03 07:00")
    assert judge(case, "PACE_REVIEWS", "2026-03-05 12:00")[child.pk].state == "not_met"


def test_not_yet_due_while_held_before_the_first_review(districts, judge):
    case, child, _ = held(districts)
    result = judge(case, "PACE_REVIEWS", "2026-03-02 20:00")[child.pk]
    assert result.state == "not_yet_due"
    assert judge(case, "PACE_REVIEWS", "2026-03-02 22:01")[child.pk].state == "not_met"
