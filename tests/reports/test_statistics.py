"""The z-test, Holm's correction and small-count suppression against values worked by hand."""

import math

import pytest

from safeguarding.reports.disclosure import PRIMARY, SECONDARY, suppress_grid
from safeguarding.reports.statistics import holm_rejections, two_proportion_z


def test_two_proportion_z_matches_hand_computation():
    # 30/50 vs 20/50: pooled 0.5, se = sqrt(0.25 * (2/50)) = 0.1, z = (0.6 - 0.4) / 0.1 = 2.0
    z, p = two_proportion_z(30, 50, 20, 50)
    assert z == pytest.approx(2.0)
    # two-sided p for z = 2: 2 * (1 - Phi(2)) = 0.0455003
    assert p == pytest.approx(0.0455003, abs=1e-6)


def test_two_proportion_z_sign_and_undefined_cases():
    z, _ = two_proportion_z(5, 50, 25, 50)
    assert z < 0
    assert two_proportion_z(0, 0, 3, 10) is None
    assert two_proportion_z(10, 10, 20, 20) is None  # no variation at all


def test_holm_steps_down_and_stops_at_first_failure():
    # m = 4, alpha 0.05: thresholds 0.0125, 0.01667, 0.025, 0.05 for the sorted p-values
    p = [0.04, 0.001, 0.015, 0.03]
    # sorted: 0.001 <= 0.0125 yes; 0.015 <= 0.01667 yes; 0.03 <= 0.025 no -> stop
    assert holm_rejections(p) == [False, True, True, False]
    # sorted 0.02 <= 0.025 yes; 0.02 <= 0.05 yes
    assert holm_rejections([0.02, 0.02]) == [True, True]
    assert holm_rejections([0.03, 0.03]) == [False, False]
    assert holm_rejections([]) == []


def test_holm_is_less_strict_than_bonferroni_after_the_first():
    # Bonferroni (0.05/2 = 0.025) rejects only the first; Holm also the second (0.04 <= 0.05).
    assert holm_rejections([0.01, 0.04]) == [True, True]
    assert math.isclose(0.05 / 2, 0.025)


def _texts(grid):
    return [[cell.text for cell in row] for row in grid]


def test_primary_suppression_hides_one_to_four_and_keeps_zero():
    # rows: two districts, then the force; last column: the row total
    shown = suppress_grid([[3, 0, 3], [10, 20, 30], [13, 20, 33]])
    texts = _texts(shown)
    assert texts[0][0] == PRIMARY
    assert texts[0][1] == "0"
    assert all(cell.value is None for cell in shown[0] if cell.text in (PRIMARY, SECONDARY))


def test_complementary_suppression_stops_recovery_by_subtraction():
    # A row 3 + 12 = 15: hiding only the 3 lets anyone compute 15 - 12. The 12 must go too.
    grid = [[3, 12, 15], [20, 30, 50], [23, 42, 65]]
    shown = suppress_grid(grid)
    texts = _texts(shown)
    assert texts[0][0] == PRIMARY
    assert texts[0][1] == SECONDARY
    # Now column 0 has one hidden cell (3) with total 23: the 20 must go; and column 1 the 30.
    assert texts[1][0] == SECONDARY and texts[1][1] == SECONDARY
    # no line with a shown total has exactly one hidden cell
    rows, cols = len(grid), len(grid[0])
    lines = [[(r, c) for c in range(cols)] for r in range(rows)] + [
        [(r, c) for r in range(rows)] for c in range(cols)
    ]
    for *parts, total in lines:
        if not shown[total[0]][total[1]].hidden:
            assert sum(shown[r][c].hidden for r, c in parts) != 1


def test_a_hidden_value_next_to_zeros_takes_the_total_with_it():
    # 2 + 0 = 2: the total is itself small, hidden; the force row then needs protecting.
    shown = suppress_grid([[2, 0, 2], [40, 8, 48], [42, 8, 50]])
    assert shown[0][2].hidden
    assert shown[2][0].text != "42" or shown[1][0].hidden


def test_detention_ratio_interval_by_the_log_delta_method():
    from safeguarding.reports.selectors.fairness import RATIO_INTERVAL_METHOD, ratio_interval

    # 1 of 3 detained children in a group with a third of the population: ratio 1.00;
    # var(log ratio) = 1/1 - 1/3 = 2/3, half-width 1.96 * 0.8165 = 1.6003 on the log scale
    low, high = ratio_interval(1, 3, 1.0)
    assert low == pytest.approx(math.exp(-1.959964 * math.sqrt(2 / 3)), rel=1e-5)
    assert high == pytest.approx(math.exp(1.959964 * math.sqrt(2 / 3)), rel=1e-5)
    assert round(low, 2) == 0.20 and round(high, 2) == 4.95
    # larger counts, narrower interval around the same ratio
    big_low, big_high = ratio_interval(100, 300, 1.0)
    assert low < big_low < 1 < big_high < high
    assert ratio_interval(0, 3, 0.0) is None
    assert "delta method" in RATIO_INTERVAL_METHOD and "Poisson" in RATIO_INTERVAL_METHOD
