"""The reproducible stratified draw: the same seed over the same cases gives the same sample."""

import random
from collections.abc import Mapping, Sequence


def draw_stratified(
    strata: Mapping[str, Sequence[int]], quotas: Mapping[str, int], seed: int
) -> dict[str, list[int]]:
    """For each stratum (case type), draw its quota of case ids without replacement.

    Each stratum has its own generator seeded from (seed, stratum), over its ids sorted, so a
    change in one case type's pool never changes the draw of another. A stratum with fewer
    cases than its quota gives all it has.
    """
    drawn: dict[str, list[int]] = {}
    for stratum, quota in quotas.items():
        pool = sorted(strata.get(stratum, ()))
        generator = random.Random(f"{seed}:{stratum}")
        drawn[stratum] = sorted(generator.sample(pool, min(quota, len(pool))))
    return drawn
