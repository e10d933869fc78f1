"""The test behind the district-consistency marks. Pure functions: no Django, no database.

A district "differs from the force beyond chance" when a two-proportion z-test of the district
against the rest of the force (pooled standard error, two-sided) still rejects equality after
Holm's step-down correction over every test on the page, at the 5% level.
"""

import math
from collections.abc import Sequence

ALPHA = 0.05


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float] | None:
    """(z, two-sided p) for H0: p1 == p2, with the pooled proportion. None when undefined
    (an empty group, or every case the same way so there is no variation to test)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return None
    z = (x1 / n1 - x2 / n2) / math.sqrt(variance)
    return z, math.erfc(abs(z) / math.sqrt(2))


def holm_rejections(p_values: Sequence[float], alpha: float = ALPHA) -> list[bool]:
    """Holm's step-down procedure: which hypotheses are rejected, in the order given.

    Sort the p-values; the i-th smallest (i from 0) is rejected while p <= alpha / (m - i); the
    first that fails stops the procedure. Controls the family-wise error rate at alpha.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    rejected = [False] * m
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (m - rank):
            break
        rejected[index] = True
    return rejected
