"""DETENTION_TIME: over 24 h or overnight in custody flagged."""

from tests.standards.catalogue._custody import detained


def test_met_when_released_the_same_evening(districts, judge):
    case, child, _ = detained(districts, arrived="2026-03-02 14:00", released_at="2026-03-02 21:00")
    result = judge(case, "DETENTION_TIME", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("met", "held 7 h")


def test_not_met_when_held_41_hours(districts, judge):
    case, child, _ = detained(districts, arrived="2026-03-02 14:00", released_at="2026-03-04 07:00")
    result = judge(case, "DETENTION_TIME", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "held 41 h, overnight")


def test_not_met_when_held_overnight_for_10_hours(districts, judge):
    case, child, _ = detained(districts, arrived="2026-03-02 22:00", released_at="2026-03-03 08:00")
    assert judge(case, "DETENTION_TIME", "2026-03-05 12:00")[child.pk].state == "not_met"


def test_not_yet_due_while_held_in_the_afternoon(districts, judge):
    case, child, _ = detained(districts, arrived="2026-03-02 14:00")
    assert judge(case, "DETENTION_TIME", "2026-03-02 18:00")[child.pk].state == "not_yet_due"
