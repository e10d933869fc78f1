"""CUSTODY_ACCOMMODATION: charged and refused bail -> local authority asked within 2 h of it being likely."""

from tests.standards.catalogue._custody import detained

# Charge likely at 18:00 on 2 March: the request is due by 20:00.
CHARGED = {
    "charged_at": "2026-03-02 23:30",
    "bail_refused": True,
    "accommodation_likely_at": "2026-03-02 18:00",
}


def test_met_when_asked_early(districts, judge):
    case, child, _ = detained(districts, accommodation_requested_at="2026-03-02 19:00", **CHARGED)
    assert judge(case, "CUSTODY_ACCOMMODATION", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_met_when_asked_at_the_point_of_charge_late_at_night(districts, judge):
    case, child, _ = detained(districts, accommodation_requested_at="2026-03-02 23:30", **CHARGED)
    result = judge(case, "CUSTODY_ACCOMMODATION", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "requested 5 h after it became likely")


def test_not_yet_due_within_2_hours(districts, judge):
    case, child, _ = detained(districts, **CHARGED)
    assert judge(case, "CUSTODY_ACCOMMODATION", "2026-03-02 19:30")[child.pk].state == "not_yet_due"


def test_not_applicable_when_bailed(districts, judge):
    case, _, _ = detained(districts, charged_at="2026-03-02 23:30", bail_refused=False)
    assert judge(case, "CUSTODY_ACCOMMODATION", "2026-03-05 12:00") == {}
