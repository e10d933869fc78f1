"""Agreement between two graders on an ordinal scale. Pure functions: no Django, no database.

Categories are given best first (good, adequate, requires improvement, inadequate); a pair is
(first grader's category, second grader's category) — in this app (force, inspector).
"""

from collections.abc import Iterable, Sequence
from typing import Literal

Matrix = list[list[int]]
Weights = Literal["unweighted", "linear", "quadratic"]


def confusion_matrix(pairs: Iterable[tuple[str, str]], categories: Sequence[str]) -> Matrix:
    """Rows: first grader; columns: second grader; both in the order of `categories`."""
    index = {category: position for position, category in enumerate(categories)}
    matrix = [[0] * len(categories) for _ in categories]
    for first, second in pairs:
        matrix[index[first]][index[second]] += 1
    return matrix


def _total(matrix: Matrix) -> int:
    return sum(sum(row) for row in matrix)


def agreement_rate(matrix: Matrix) -> float | None:
    """Share of cases on the diagonal (both graders gave the same grade); None for no cases."""
    n = _total(matrix)
    if n == 0:
        return None
    return sum(matrix[i][i] for i in range(len(matrix))) / n


def disagreement_weight(i: int, j: int, k: int, weights: Weights) -> float:
    """0 on the diagonal, 1 at the far corners; linear or quadratic in the distance between grades."""
    if k < 2:
        return 0.0
    if weights == "unweighted":
        return 0.0 if i == j else 1.0
    distance = abs(i - j) / (k - 1)
    return distance if weights == "linear" else distance**2


def weighted_kappa(matrix: Matrix, weights: Weights = "linear") -> float | None:
    """Cohen's kappa with disagreement weights: 1 - sum(w*observed) / sum(w*expected).

    Expected counts come from the two graders' marginal totals (chance agreement). None when
    it is undefined: no cases, or chance alone predicts no disagreement (every grade the same).
    """
    n = _total(matrix)
    k = len(matrix)
    if n == 0:
        return None
    rows = [sum(row) for row in matrix]
    columns = [sum(matrix[i][j] for i in range(k)) for j in range(k)]
    observed = expected = 0.0
    for i in range(k):
        for j in range(k):
            w = disagreement_weight(i, j, k, weights)
            observed += w * matrix[i][j]
            expected += w * rows[i] * columns[j] / n
    if expected == 0:
        return None
    return 1 - observed / expected


def mean_grade_difference(matrix: Matrix) -> float | None:
    """Mean of (second grader's position - first grader's position), categories best first.

    Positive: the first grader (the force) graded higher than the second (the inspectors) —
    the direction the seeds found.
    """
    n = _total(matrix)
    if n == 0:
        return None
    k = len(matrix)
    return sum((j - i) * matrix[i][j] for i in range(k) for j in range(k)) / n


def cells_apart(matrix: Matrix, at_least: int = 2) -> int:
    """Number of cases where the graders are `at_least` grades apart."""
    k = len(matrix)
    return sum(matrix[i][j] for i in range(k) for j in range(k) if abs(i - j) >= at_least)


KAPPA_INTERVAL_METHOD = (
    "95% interval: percentile bootstrap over the cases graded by both (2,000 resamples of the "
    "cases with replacement, fixed seed, so the same grades always give the same interval)."
)


def kappa_interval(
    matrix: Matrix, weights: Weights = "linear", resamples: int = 2000, seed: int = 20240
) -> tuple[float, float] | None:
    """A 95% percentile-bootstrap interval for `weighted_kappa`: resample the n graded cases with
    replacement (a multinomial draw over the cells of the matrix), recompute kappa each time,
    and take the 2.5th and 97.5th percentiles. Resamples where kappa is undefined (every grade
    the same) are left out. None when kappa itself is undefined or fewer than 2 cases."""
    import numpy as np

    n = _total(matrix)
    k = len(matrix)
    if n < 2 or weighted_kappa(matrix, weights) is None:
        return None
    w = np.array([[disagreement_weight(i, j, k, weights) for j in range(k)] for i in range(k)])
    probabilities = np.array(matrix, dtype=float).ravel() / n
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, probabilities, size=resamples).reshape(resamples, k, k).astype(float)
    rows = counts.sum(axis=2)
    columns = counts.sum(axis=1)
    observed = (w * counts).sum(axis=(1, 2))
    expected = (w[None, :, :] * rows[:, :, None] * columns[:, None, :] / n).sum(axis=(1, 2))
    defined = expected > 0
    if not defined.any():
        return None
    kappas = 1 - observed[defined] / expected[defined]
    low, high = np.percentile(kappas, [2.5, 97.5])
    return float(low), float(high)
