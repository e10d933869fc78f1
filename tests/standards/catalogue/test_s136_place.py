"""S136_PLACE: a child under s136 goes to a health-based place of safety, never a police station.
"Not yet due" cannot arise: the place is chosen at detention."""

from safeguarding.cases.vocabulary import PlaceOfSafety
from tests.standards.catalogue._custody import detained


def test_met_at_a_health_based_place(districts, judge):
    case, child, _ = detained(districts, under_s136=True, place_of_safety=PlaceOfSafety.HEALTH)
    assert judge(case, "S136_PLACE", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_met_in_a_police_station(districts, judge):
    case, child, _ = detained(districts, under_s136=True, place_of_safety=PlaceOfSafety.POLICE_STATION)
    result = judge(case, "S136_PLACE", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "police station used")


def test_not_applicable_without_s136(districts, judge):
    case, _, _ = detained(districts)
    assert judge(case, "S136_PLACE", "2026-03-05 12:00") == {}
