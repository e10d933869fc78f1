"""The force-wide estimate from a stratified audit sample, against hand working. Its simulation
against the demo force's true grades is tests/demo/test_estimate_simulation.py (small size) and
docs/force-estimate-simulation.md (full size)."""

import pytest

from safeguarding.audits.estimate import Stratum, neyman_allocation, stratified_estimate


def test_weights_are_stratum_population_over_sample():
    # 100 cases sampled 10 (3 inadequate), 900 cases sampled 10 (1 inadequate):
    # p = 0.1 * 0.3 + 0.9 * 0.1 = 0.12, not the unweighted 4/20 = 0.20
    estimate = stratified_estimate({"a": Stratum(100, 10, 3), "b": Stratum(900, 10, 1)})
    assert estimate.share == pytest.approx(0.12)
    assert estimate.low < 0.12 < estimate.high
    assert estimate.population == 1000 and not estimate.missing
    assert "We estimate 12% of the 1,000 cases were inadequate, between" in estimate.sentence(
        "Inadequate", "cases"
    )


def test_a_stratum_with_no_sample_is_named_not_guessed():
    estimate = stratified_estimate({"a": Stratum(100, 10, 3), "b": Stratum(50, 0, 0)})
    assert estimate.covers == ("a",) and estimate.missing == ("b",)
    assert stratified_estimate({"a": Stratum(0, 0, 0)}) is None


def test_neyman_allocation_follows_size_and_spread_and_keeps_every_stratum():
    allocation = neyman_allocation(
        {"big": 1000, "small": 50, "steady": 1000}, {"big": 0.5, "steady": 0.02}, 33
    )
    assert sum(allocation.values()) == 33
    assert allocation["big"] > allocation["steady"] >= 2 and allocation["small"] >= 2
