"""Targeted sampling: strata of case type x breach band, and the Neyman allocation of the sample
over them. Pure functions: no Django, no database (the draw reads the counts, audits.services).

A case's breach band is how many practice standards its records do not meet (0, 1, 2, 3 or
more), known for every case before anything is sampled. Bands whose cases differ more (a breach
rate near one half) get more of the sample (estimate.neyman_allocation); every stratum keeps a
known, non-zero chance of selection, so the weighted estimate stays unbiased. The simulation in
docs/force-estimate-simulation.md (demo/estimate_simulation.py) checks both with these bands.

Strata are case type x band where the sample allows: every stratum with cases must be able to
have two of the sample, so that each has a variance. With nine case types, four bands give up to
36 strata, more than the 33 cases of an Annex A audit; the bands are then merged (3 or more into
2 or more, then 1 or more), and if case type x band is still too fine, the strata are the bands
alone across case types, which is the simulation's "banded" design (30% narrower than the Annex A
quotas at 33 cases, docs/force-estimate-simulation.md).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from safeguarding.audits.estimate import neyman_allocation

BAND_NAMES = ("none", "one", "two", "three")
BANDS = ("none", "one", "two", "three_or_more")  # the finest banding (top = 3)
BAND_WORDS = {
    "none": "every standard met",
    "one": "1 standard not met",
    "one_or_more": "1 or more standards not met",
    "two": "2 standards not met",
    "two_or_more": "2 or more standards not met",
    "three_or_more": "3 or more standards not met",
    "any": "all",
}
SEPARATOR = ":"


def breach_band(not_met: int, top: int = 3) -> str:
    """The band of a case with `not_met` standards not met, banding at `top` or more."""
    if top == 0:
        return "any"
    k = min(not_met, top)
    return BAND_NAMES[k] + ("_or_more" if k == top else "")


def breach_rate(not_met: int, judged: int) -> float:
    """The share of a stratum's judged standard results not met (0.5 when none was judged: the
    most cautious guess of its spread)."""
    return not_met / judged if judged else 0.5


def stratum_key(case_type: str, band: str) -> str:
    return f"{case_type}{SEPARATOR}{band}"


def split_stratum(key: str) -> tuple[str, str]:
    case_type, _, band = key.partition(SEPARATOR)
    return case_type, band


def band_words(band: str) -> str:
    return BAND_WORDS.get(band, band)


ALL_TYPES = "all"
# (strata by case type?, banding at `top` or more), finest first.
LADDER = ((True, 3), (True, 2), (True, 1), (False, 3), (False, 2), (False, 1), (False, 0))


@dataclass(frozen=True)
class Stratification:
    by_type: bool
    top: int

    def stratum(self, case_type: str, not_met: int) -> str:
        return stratum_key(case_type if self.by_type else ALL_TYPES, breach_band(not_met, self.top))


def choose_stratification(cases: Iterable[tuple[str, int]], size: int) -> Stratification:
    """The finest strata on LADDER under which every stratum with cases can have two of `size`
    cases; `cases` gives each case's (case type, standards not met)."""
    counted = set(cases)
    for by_type, top in LADDER:
        choice = Stratification(by_type, top)
        if 2 * len({choice.stratum(case_type, not_met) for case_type, not_met in counted}) <= size:
            return choice
    return Stratification(False, 0)


def targeted_allocation(
    populations: Mapping[str, int], rates: Mapping[str, float], size: int
) -> dict[str, int]:
    """Neyman allocation of `size` over the strata; the allocation sums to `size` (or to every
    case there is), and each stratum with cases gets two, or one where `size` allows only that,
    before the rest is shared. When `size` is below the number of strata some get none: the
    estimate then says which it does not cover."""
    live = [h for h, n in populations.items() if n > 0]
    floor = 2 if 2 * len(live) <= size else (1 if len(live) <= size else 0)
    return neyman_allocation(populations, rates, size, floor=floor)
