"""APPROPRIATE_ADULT: the appropriate adult arrives within 2 h of the request."""

from tests.standards.catalogue._custody import detained


def test_met_when_arrived_in_90_minutes(districts, judge):
    case, child, _ = detained(
        districts,
        appropriate_adult_requested_at="2026-03-02 16:30",
        appropriate_adult_arrived_at="2026-03-02 18:00",
    )
    assert judge(case, "APPROPRIATE_ADULT", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_met_when_arrived_after_5_hours(districts, judge):
    case, child, _ = detained(
        districts,
        appropriate_adult_requested_at="2026-03-02 16:30",
        appropriate_adult_arrived_at="2026-03-02 21:30",
    )
    result = judge(case, "APPROPRIATE_ADULT", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "arrived 5 h after the request")


def test_not_yet_due_within_2_hours(districts, judge):
    case, child, _ = detained(districts, appropriate_adult_requested_at="2026-03-02 16:30")
    assert judge(case, "APPROPRIATE_ADULT", "2026-03-02 18:00")[child.pk].state == "not_yet_due"
