"""SECURE_THRESHOLD: secure accommodation requested only for a child of 12+ who risks serious harm
to the public. "Not yet due" cannot arise (the request met the threshold or not)."""

from tests.standards.catalogue._custody import detained


def test_met_for_a_15_year_old_posing_serious_harm(districts, judge):
    case, child, _ = detained(districts, secure_requested=True, risk_of_serious_harm_to_public=True)
    assert judge(case, "SECURE_THRESHOLD", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_met_without_serious_harm(districts, judge):
    case, child, _ = detained(districts, secure_requested=True)
    assert judge(case, "SECURE_THRESHOLD", "2026-03-05 12:00")[child.pk].state == "not_met"


def test_not_met_for_a_child_a_day_short_of_12(districts, judge):
    case, child, _ = detained(
        districts, date_of_birth="2014-03-03", secure_requested=True, risk_of_serious_harm_to_public=True
    )
    result = judge(case, "SECURE_THRESHOLD", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "under the minimum age")


def test_met_on_the_12th_birthday(districts, judge):
    case, child, _ = detained(
        districts, date_of_birth="2014-03-02", secure_requested=True, risk_of_serious_harm_to_public=True
    )
    assert judge(case, "SECURE_THRESHOLD", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_applicable_without_a_request(districts, judge):
    case, _, _ = detained(districts)
    assert judge(case, "SECURE_THRESHOLD", "2026-03-05 12:00") == {}
