"""From a stratified audit sample to the force: the share of the force's cases in each grade,
with a 95% confidence interval from the survey weights, and the allocation of the next sample
that narrows the interval. Pure functions: no Django, no database.

Strata are the case types of the audit's population (stratified simple random sampling without
replacement, as `sampling.draw_stratified` draws). For stratum h with N_h cases in the
population, n_h sampled and x_h graded in the grade of interest:

    weight w_h = N_h / n_h (each sampled case stands for w_h cases of the population)
    estimate   p = sum(N_h * x_h / n_h) / N
    variance   V = sum((N_h / N)^2 * (1 - n_h / N_h) * s_h^2 / n_h),  s_h^2 = p_h (1 - p_h) n_h / (n_h - 1)
    interval   Wilson's score interval at the effective sample size n_eff = p (1 - p) / V, shrunk
               by (z / t)^2 with t Student's 97.5% point on n - H degrees of freedom (H strata
               sampled): Korn and Graubard's adjustment for the variance being estimated from a
               few cases in each stratum

A stratum with cases but no sample cannot be estimated: the estimate then covers only the
sampled strata, and says so (`covers`).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scipy.stats import t as student_t

Z_95 = 1.959963984540054

METHOD = (
    "Estimated from the stratified random sample: each sampled case of a stratum (a case type, or "
    "for a targeted sample a case type and breach band) stands for (cases of that stratum in the "
    "population) / (cases of that stratum sampled) cases, and the 95% "
    "interval is Wilson's, at the effective sample size given by the stratified variance (with the "
    "finite population correction), adjusted for the degrees of freedom (Korn and Graubard)."
)


@dataclass(frozen=True)
class Stratum:
    population: int  # N_h
    sampled: int  # n_h, graded
    in_grade: int  # x_h


@dataclass(frozen=True)
class Estimate:
    share: float
    low: float
    high: float
    population: int  # cases the estimate speaks for
    covers: tuple[str, ...]  # strata estimated
    missing: tuple[str, ...]  # strata with cases but none graded

    def sentence(self, grade_label: str, cases_label: str) -> str:
        """ "We estimate 18% of the force's ... cases, between 11% and 27%." """
        return (
            f"We estimate {self.share:.0%} of the {self.population:,} {cases_label} were "
            f"{grade_label.lower()}, "
            f"between {self.low:.0%} and {self.high:.0%} (95% confidence)."
        )


def _wilson(p: float, n: float) -> tuple[float, float]:
    z2 = Z_95 * Z_95
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = (Z_95 / denominator) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def stratified_estimate(strata: Mapping[str, Stratum]) -> Estimate | None:
    covered = {h: s for h, s in strata.items() if s.population > 0 and s.sampled > 0}
    missing = tuple(sorted(h for h, s in strata.items() if s.population > 0 and s.sampled == 0))
    total = sum(s.population for s in covered.values())
    if not total:
        return None
    share = 0.0
    variance = 0.0
    for s in covered.values():
        weight = s.population / total
        p = s.in_grade / s.sampled
        share += weight * p
        if s.sampled > 1:
            s2 = p * (1 - p) * s.sampled / (s.sampled - 1)
            fpc = max(0.0, 1 - s.sampled / s.population)
            variance += weight**2 * fpc * s2 / s.sampled
    sampled = sum(s.sampled for s in covered.values())
    # Wilson's interval on the effective sample size (the sample size a simple random sample
    # would need for the same variance): near 0% or with few cases a stratum, the plain
    # normal interval is too narrow (see docs/force-estimate-simulation.md).
    effective = share * (1 - share) / variance if variance > 0 else sampled
    effective = min(max(effective, 1.0), float(sum(s.population for s in covered.values())))
    # Korn and Graubard (1998): with the variance estimated from n - H degrees of freedom, the
    # effective size is shrunk by (z / t)^2, so the interval widens as Student's t would.
    freedom = max(sampled - len(covered), 1)
    effective = max(effective * (Z_95 / float(student_t.ppf(0.975, freedom))) ** 2, 1.0)
    low, high = _wilson(share, effective)
    return Estimate(
        share=share,
        low=low,
        high=high,
        population=total,
        covers=tuple(sorted(covered)),
        missing=missing,
    )


def proportional_allocation(populations: Mapping[str, int], size: int) -> dict[str, int]:
    return _round_allocation({h: float(n) for h, n in populations.items()}, populations, size)


def neyman_allocation(
    populations: Mapping[str, int], auxiliary_rates: Mapping[str, float], size: int, floor: int = 2
) -> dict[str, int]:
    """n_h proportional to N_h * S_h, S_h = sqrt(r_h (1 - r_h)) from an auxiliary rate per stratum
    (e.g. the share of the stratum's cases with a practice standard not met). Every stratum with
    cases keeps at least `floor` (so each has a variance and the estimate stays unbiased: every
    case still has a known, non-zero chance of selection)."""
    scores = {}
    for h, n in populations.items():
        r = min(max(auxiliary_rates.get(h, 0.5), 0.02), 0.98)  # a rate of 0 or 1 is not certainty
        scores[h] = n * math.sqrt(r * (1 - r))
    return _round_allocation(scores, populations, size, floor)


def _round_allocation(
    scores: Mapping[str, float], populations: Mapping[str, int], size: int, floor: int = 1
) -> dict[str, int]:
    """Largest-remainder rounding of `size` in proportion to `scores`, with each stratum between
    min(floor, N_h) and N_h."""
    live = {h for h, n in populations.items() if n > 0}
    allocation = {h: (min(floor, populations[h]) if h in live else 0) for h in populations}
    remaining = size - sum(allocation.values())
    while remaining > 0:
        open_ = [h for h in live if allocation[h] < populations[h]]
        if not open_:
            break
        weight = sum(scores[h] for h in open_) or len(open_)
        ideal = {h: (scores[h] or 1) / weight * remaining for h in open_}
        step = {h: min(int(ideal[h]), populations[h] - allocation[h]) for h in open_}
        if not any(step.values()):
            h = max(open_, key=lambda k: (ideal[k] - int(ideal[k]), k))
            step = {h: 1}
        for h, extra in step.items():
            allocation[h] += extra
            remaining -= extra
    return allocation


@dataclass(frozen=True)
class SimulationResult:
    samples: int
    size: int
    coverage: float  # share of intervals holding the true share
    mean_width: float
    bias: float  # mean estimate minus the truth


def simulate(
    grades: Mapping[str, list[bool]], allocation: Mapping[str, int], samples: int, seed: int
) -> SimulationResult:
    """Draw `samples` stratified samples from a finite population whose true grades are known
    (`grades[h][i]`: case i of stratum h is in the grade), estimate each time, and report how
    often the 95% interval holds the true share, and how wide it is on average."""
    import random

    population = sum(len(cases) for cases in grades.values())
    truth = sum(sum(cases) for cases in grades.values()) / population
    rng = random.Random(seed)
    covered = 0
    widths = 0.0
    total = 0.0
    for _ in range(samples):
        strata = {}
        for h, cases in grades.items():
            drawn = rng.sample(cases, min(allocation.get(h, 0), len(cases)))
            strata[h] = Stratum(len(cases), len(drawn), sum(drawn))
        estimate = stratified_estimate(strata)
        assert estimate is not None and not estimate.missing
        covered += estimate.low <= truth <= estimate.high
        widths += estimate.high - estimate.low
        total += estimate.share
    return SimulationResult(
        samples, sum(allocation.values()), covered / samples, widths / samples, total / samples - truth
    )
