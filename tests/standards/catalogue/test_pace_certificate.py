"""PACE_CERTIFICATE: charged child not transferred -> s38(6) certificate completed."""

from tests.standards.catalogue._custody import detained

CHARGED = {"charged_at": "2026-03-02 22:00", "bail_refused": True}


def test_met_with_certificate(districts, judge):
    case, child, _ = detained(districts, pace_certificate=True, released_at="2026-03-03 09:00", **CHARGED)
    assert judge(case, "PACE_CERTIFICATE", "2026-03-05 12:00")[child.pk].state == "met"


def test_met_when_transferred(districts, judge):
    case, child, _ = detained(
        districts, transferred_to_local_authority=True, released_at="2026-03-03 01:00", **CHARGED
    )
    assert judge(case, "PACE_CERTIFICATE", "2026-03-05 12:00")[child.pk].state == "met"


def test_not_met_when_kept_to_court_without_certificate(districts, judge):
    case, child, _ = detained(districts, released_at="2026-03-03 09:00", **CHARGED)
    result = judge(case, "PACE_CERTIFICATE", "2026-03-05 12:00")[child.pk]
    assert (result.state, result.evidence_note) == ("not_met", "not transferred, no certificate")


def test_not_yet_due_while_still_held(districts, judge):
    case, child, _ = detained(districts, **CHARGED)
    assert judge(case, "PACE_CERTIFICATE", "2026-03-03 02:00")[child.pk].state == "not_yet_due"
