"""The force-wide estimate from a stratified audit sample, against hand working. Its simulation
against the demo force's true grades is tests/demo/test_estimate_simulation.py (small size) and
docs/force-estimate-simulation.md (full size)."""

import math

import pytest

from safeguarding.audits.estimate import (
    MIN_DOMAIN_GRADED,
    Stratum,
    Unit,
    domain_estimate,
    neyman_allocation,
    stratified_estimate,
)


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


T_975_6 = 2.4469118511449692  # Student's t, 97.5% point, 6 degrees of freedom

# --- Domains: a case type or district (issue 24, "by case type and district where the sample allows")


def _units(strata: dict[str, list[tuple[int, int]]]) -> list[Unit]:
    """{stratum: [(in grade, in domain), ...]} as graded sample cases."""
    return [Unit(h, bool(y), bool(d)) for h, cases in strata.items() for y, d in cases]


def test_the_domain_of_the_whole_force_is_the_force_wide_estimate():
    sample = {"a": [(1, 1)] * 3 + [(0, 1)] * 7, "b": [(1, 1)] * 1 + [(0, 1)] * 9, "c": [(1, 1), (0, 1)]}
    populations = {"a": 100, "b": 900, "c": 40}
    force = stratified_estimate(
        {h: Stratum(populations[h], len(cases), sum(y for y, _ in cases)) for h, cases in sample.items()}
    )
    domain = domain_estimate(populations, _units(sample))
    assert domain is not None and force is not None
    assert domain.share == pytest.approx(force.share, abs=1e-12)
    assert domain.low == pytest.approx(force.low, abs=1e-12)
    assert domain.high == pytest.approx(force.high, abs=1e-12)
    assert domain.population == force.population


def test_a_small_domain_example_matches_hand_working():
    # Stratum A: 100 cases, 8 graded (weight 12.5); B: 200 cases, 8 graded (weight 25). In each,
    # 4 graded cases are in the domain, 2 of them in the grade; A's other 4 have 2 in the grade.
    # N_d = 4 x 12.5 + 4 x 25 = 150 and p_d = (2 x 12.5 + 2 x 25) / 150 = 0.5.
    # z = d (y - 0.5) / 150: in each stratum (1/300, 1/300, -1/300, -1/300, 0, 0, 0, 0), mean 0,
    # so s_z^2 = 4 / 300^2 / 7; V = 100^2 (1 - 8/100) s_z^2 / 8 + 200^2 (1 - 8/200) s_z^2 / 8 = 17/450.
    sample = {
        "A": [(1, 1), (1, 1), (0, 1), (0, 1), (1, 0), (1, 0), (0, 0), (0, 0)],
        "B": [(1, 1), (1, 1), (0, 1), (0, 1), (0, 0), (0, 0), (0, 0), (0, 0)],
    }
    estimate = domain_estimate({"A": 100, "B": 200}, _units(sample), minimum=1)
    variance = 17 / 450
    # Korn-Graubard: effective size p(1-p)/V shrunk by (z/t)^2, t on 8 domain cases - 2 strata = 6
    # degrees of freedom; then Wilson's interval at that size.
    z = 1.959963984540054
    effective = 0.25 / variance * (z / T_975_6) ** 2
    assert 1 < effective < 150  # neither bound applies
    centre = (0.5 + z * z / (2 * effective)) / (1 + z * z / effective)
    half = z / (1 + z * z / effective) * math.sqrt(0.25 / effective + z * z / (4 * effective**2))
    assert estimate is not None and estimate.population == 150
    assert abs(estimate.share - 0.5) < 1e-9
    assert abs(estimate.low - (centre - half)) < 1e-9
    assert abs(estimate.high - (centre + half)) < 1e-9


def test_a_domain_under_the_threshold_is_not_estimated():
    units = _units({"a": [(1, 1)] * (MIN_DOMAIN_GRADED - 1) + [(0, 0)] * 20})
    assert domain_estimate({"a": 500}, units) is None
    assert domain_estimate({"a": 500}, units + [Unit("a", False, True)]) is not None
