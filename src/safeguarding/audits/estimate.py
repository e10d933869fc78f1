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
from collections.abc import Mapping, Sequence
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


def _interval(
    share: float, variance: float, sampled: int, strata: int, population: float
) -> tuple[float, float]:
    """The 95% interval of every estimate here, force-wide or for a domain."""
    # Wilson's interval on the effective sample size (the sample size a simple random sample
    # would need for the same variance): near 0% or with few cases a stratum, the plain
    # normal interval is too narrow (see docs/force-estimate-simulation.md).
    effective = share * (1 - share) / variance if variance > 0 else sampled
    effective = min(max(effective, 1.0), float(population))
    # Korn and Graubard (1998): with the variance estimated from n - H degrees of freedom, the
    # effective size is shrunk by (z / t)^2, so the interval widens as Student's t would.
    freedom = max(sampled - strata, 1)
    effective = max(effective * (Z_95 / float(student_t.ppf(0.975, freedom))) ** 2, 1.0)
    return _wilson(share, effective)


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
    low, high = _interval(share, variance, sampled, len(covered), total)
    return Estimate(
        share=share,
        low=low,
        high=high,
        population=total,
        covers=tuple(sorted(covered)),
        missing=missing,
    )


# "Where the sample allows": a case type's or district's share is estimated only when at least
# this many of its randomly drawn cases are graded; with fewer the interval is too wide to say
# anything (about +-30 points at 10 cases) and the variance rests on one or two cases a stratum.
MIN_DOMAIN_GRADED = 10
DOMAIN_RULE = (
    f"A case type or district is estimated only where at least {MIN_DOMAIN_GRADED} of its randomly "
    "drawn cases are graded; with fewer, its row says so. Its share is the weighted share of its "
    "graded cases, and its interval is worked out as the whole force's (the variance by "
    "linearisation within each sample group)."
)
TOO_FEW = "Too few cases sampled to estimate"


@dataclass(frozen=True)
class Unit:
    """One graded case of the random sample: its stratum, whether it is in the grade of interest
    and whether it is in the domain (the case type or district estimated)."""

    stratum: str
    in_grade: bool
    in_domain: bool


def domain_estimate(
    populations: Mapping[str, int], units: Sequence[Unit], minimum: int = MIN_DOMAIN_GRADED
) -> Estimate | None:
    """The share of a domain's cases in the grade: a ratio of weighted sums, with each graded case
    of stratum h weighted w_h = N_h / n_h as in `stratified_estimate` (n_h its graded cases),

        p_d = sum(w y d) / sum(w d),  N_d = sum(w d)  (the domain's cases, estimated)

    and its variance by linearisation (Taylor): z_i = d_i (y_i - p_d) / N_d, and
    V = sum_h N_h^2 (1 - n_h / N_h) s_zh^2 / n_h, s_zh^2 the sample variance of z in stratum h.
    The interval is `_interval`'s at n_d graded domain cases over the H_d strata holding them.
    None when fewer than `minimum` graded cases are in the domain (the sample does not allow)."""
    by_stratum: dict[str, list[Unit]] = {}
    for unit in units:
        if populations.get(unit.stratum, 0) > 0:
            by_stratum.setdefault(unit.stratum, []).append(unit)
    in_domain = [u for us in by_stratum.values() for u in us if u.in_domain]
    if not in_domain or len(in_domain) < minimum:
        return None
    weight = {h: populations[h] / len(us) for h, us in by_stratum.items()}
    size = sum(weight[u.stratum] for u in in_domain)
    share = sum(weight[u.stratum] for u in in_domain if u.in_grade) / size
    variance = 0.0
    for h, us in by_stratum.items():
        n = len(us)
        if n < 2:  # as force-wide: one case gives no variance
            continue
        z = [(u.in_domain * (u.in_grade - share)) / size for u in us]
        mean = sum(z) / n
        s2 = sum((zi - mean) ** 2 for zi in z) / (n - 1)
        variance += populations[h] ** 2 * max(0.0, 1 - n / populations[h]) * s2 / n
    strata = len({u.stratum for u in in_domain})
    low, high = _interval(share, variance, len(in_domain), strata, size)
    missing = tuple(sorted(h for h, n in populations.items() if n > 0 and h not in by_stratum))
    return Estimate(
        share=share,
        low=low,
        high=high,
        population=round(size),
        covers=tuple(sorted(by_stratum)),
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
