"""Agreement and kappa against examples computed by hand (the working is in the comments)."""

import pytest

from safeguarding.audits.statistics import (
    agreement_rate,
    cells_apart,
    confusion_matrix,
    mean_grade_difference,
    weighted_kappa,
)

GRADES = ("good", "adequate", "requires_improvement", "inadequate")


def test_two_by_two_worked_example():
    # 50 cases. Rows: first grader; columns: second.
    #            yes  no   | row
    #   yes       20   5   | 25
    #   no        10  15   | 25
    #   column    30  20   | 50
    # Observed agreement po = (20 + 15) / 50 = 0.70
    # Chance agreement  pe = (25*30 + 25*20) / 50^2 = (750 + 500) / 2500 = 0.50
    # kappa = (po - pe) / (1 - pe) = 0.20 / 0.50 = 0.40
    # With two categories every disagreement is one step apart, so linear and quadratic
    # weights (|i-j|/(k-1) = 1, squared = 1) give the same 0.40.
    matrix = [[20, 5], [10, 15]]
    assert agreement_rate(matrix) == pytest.approx(0.70)
    assert weighted_kappa(matrix, "unweighted") == pytest.approx(0.40)
    assert weighted_kappa(matrix, "linear") == pytest.approx(0.40)
    assert weighted_kappa(matrix, "quadratic") == pytest.approx(0.40)


FOUR = [
    # force \ inspectors: good adequate RI inadequate   | row total
    [2, 1, 0, 1],  # good                                 | 4
    [0, 2, 1, 0],  # adequate                             | 3
    [0, 0, 1, 1],  # requires improvement                 | 2
    [0, 0, 0, 1],  # inadequate                           | 1
]  # column totals:  2  3  2  3                          | n = 10


def test_four_by_four_agreement_and_unweighted_kappa():
    # Diagonal 2 + 2 + 1 + 1 = 6 of 10 -> 0.6.
    # pe = (4*2 + 3*3 + 2*2 + 1*3) / 100 = 24/100 = 0.24; kappa = (0.6 - 0.24) / 0.76 = 0.473684...
    assert agreement_rate(FOUR) == pytest.approx(0.6)
    assert weighted_kappa(FOUR, "unweighted") == pytest.approx(0.36 / 0.76)


def test_four_by_four_linear_weighted_kappa():
    # Disagreement weight w = |i-j| / 3. kappa_w = 1 - sum(w*O) / sum(w*E), E_ij = r_i * c_j / n.
    # sum |i-j| * O: (0,1)=1*1 + (0,3)=1*3 + (1,2)=1*1 + (2,3)=1*1 = 6
    # sum |i-j| * r_i * c_j, with r = 4,3,2,1 and c = 2,3,2,3:
    #   i=0: 4 * (3*1 + 2*2 + 3*3) = 4 * 16 = 64
    #   i=1: 3 * (2*1 + 2*1 + 3*2) = 3 * 10 = 30
    #   i=2: 2 * (2*2 + 3*1 + 3*1) = 2 * 10 = 20
    #   i=3: 1 * (2*3 + 3*2 + 2*1) = 1 * 14 = 14      -> 128, / n = 12.8
    # The 1/3 cancels: kappa = 1 - 6 / 12.8 = 0.53125
    assert weighted_kappa(FOUR, "linear") == pytest.approx(0.53125)


def test_four_by_four_quadratic_weighted_kappa():
    # w = (i-j)^2 / 9.  sum (i-j)^2 * O: 1 + 9 + 1 + 1 = 12
    # sum (i-j)^2 * r_i * c_j:
    #   i=0: 4 * (3*1 + 2*4 + 3*9) = 4 * 38 = 152
    #   i=1: 3 * (2*1 + 2*1 + 3*4) = 3 * 16 = 48
    #   i=2: 2 * (2*4 + 3*1 + 3*1) = 2 * 14 = 28
    #   i=3: 1 * (2*9 + 3*4 + 2*1) = 1 * 32 = 32      -> 260, / n = 26
    # kappa = 1 - 12 / 26 = 14/26 = 0.538461...
    assert weighted_kappa(FOUR, "quadratic") == pytest.approx(14 / 26)


def test_direction_of_bias_and_cases_far_apart():
    # Force row i, inspector column j, best first: j - i > 0 means the force graded higher.
    # (0,1): +1, (0,3): +3, (1,2): +1, (2,3): +1 -> 6 over 10 cases = +0.6
    assert mean_grade_difference(FOUR) == pytest.approx(0.6)
    # Only the good/inadequate case is two or more grades apart.
    assert cells_apart(FOUR, 2) == 1
    # Transposed (inspectors higher) the sign flips.
    transposed = [list(column) for column in zip(*FOUR, strict=True)]
    assert mean_grade_difference(transposed) == pytest.approx(-0.6)


def test_perfect_agreement_is_one_and_no_cases_is_undefined():
    perfect = [[3, 0, 0, 0], [0, 2, 0, 0], [0, 0, 4, 0], [0, 0, 0, 1]]
    assert weighted_kappa(perfect, "linear") == pytest.approx(1.0)
    assert agreement_rate(perfect) == 1.0
    empty = [[0] * 4 for _ in range(4)]
    assert weighted_kappa(empty) is None
    assert agreement_rate(empty) is None
    assert mean_grade_difference(empty) is None
    # Everyone gave "good": chance predicts no disagreement, kappa is undefined, not 1 or 0.
    assert weighted_kappa([[5, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]) is None


def test_confusion_matrix_counts_pairs_in_category_order():
    pairs = [("good", "adequate"), ("good", "adequate"), ("inadequate", "inadequate"), ("adequate", "good")]
    assert confusion_matrix(pairs, GRADES) == [
        [0, 2, 0, 0],
        [1, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 1],
    ]


def test_kappa_interval_brackets_kappa_and_names_its_method():
    from safeguarding.audits.statistics import KAPPA_INTERVAL_METHOD, kappa_interval

    # about 30 cases, as in an audit sample
    matrix = [[6, 2, 0, 0], [1, 7, 2, 0], [0, 2, 6, 1], [0, 0, 1, 3]]
    kappa = weighted_kappa(matrix, "linear")
    low, high = kappa_interval(matrix, "linear")
    assert low < kappa < high
    assert 0.1 < high - low < 0.6  # wide, as a sample of 31 is
    assert kappa_interval(matrix, "linear") == (low, high)  # fixed seed: reproducible
    assert "bootstrap" in KAPPA_INTERVAL_METHOD
    # the interval narrows with ten times the cases at the same proportions
    big = [[10 * n for n in row] for row in matrix]
    big_low, big_high = kappa_interval(big, "linear")
    assert big_high - big_low < (high - low) / 2
    assert kappa_interval([[0, 0], [0, 0]]) is None
    assert kappa_interval([[5, 0], [0, 0]]) is None  # kappa undefined


def test_kappa_interval_covers_the_true_kappa_about_95_percent_of_the_time():
    import numpy as np

    from safeguarding.audits.statistics import kappa_interval

    truth = np.array(
        [[0.2, 0.06, 0.0, 0.0], [0.03, 0.22, 0.06, 0.0], [0.0, 0.06, 0.2, 0.03], [0.0, 0.0, 0.03, 0.11]]
    )
    truth = truth / truth.sum()
    true_kappa = weighted_kappa((truth * 10**6).round().astype(int).tolist(), "linear")
    rng = np.random.default_rng(7)
    covered = 0
    trials = 200
    for _ in range(trials):
        sample = rng.multinomial(33, truth.ravel()).reshape(4, 4).tolist()
        interval = kappa_interval(sample, "linear", resamples=500)
        covered += interval is not None and interval[0] <= true_kappa <= interval[1]
    assert 0.85 <= covered / trials <= 0.99  # percentile bootstrap at n = 33: roughly nominal
