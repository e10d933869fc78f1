"""Small statistics for the indicators: a compliance rate is only as good as its count."""

import math

# Two-sided 95%: the normal quantile 1.959963985 (the usual 1.96).
Z_95 = 1.959963984540054


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for a proportion successes/total, as (low, high) in [0, 1].

    Chosen over the plain normal interval because districts often have small counts and rates
    near 0 or 100%, where the normal interval runs past the ends and is far too narrow.
    None when there is nothing to count.
    """
    if total <= 0:
        return None
    if not 0 <= successes <= total:
        raise ValueError("successes must lie between 0 and total")
    p = successes / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half_width = (z / denominator) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    # At 0 and at total the bounds are exactly 0 and 1; say so rather than 0.9999999999999999.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == total else min(1.0, centre + half_width)
    return low, high
