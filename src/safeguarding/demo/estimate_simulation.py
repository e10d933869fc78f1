"""The simulation behind docs/force-estimate-simulation.md: the force-wide estimate
(audits/estimate.py) checked against the demo force, whose every case has a true practice grade
(practice_truth.py). Run on a database holding a demo force with its standards evaluated:

    safeguarding shell -c "from safeguarding.demo.estimate_simulation import main; main(2000)"

Each design draws `samples` audit samples of `size` cases from the same population, estimates the
share of inadequate practice each time, and counts how often the 95% interval holds the truth.

Designs (all stratified simple random samples, weights N_h / n_h, so every one is unbiased):
- annex_a: strata are the case types, with the inspection's Annex A quotas (today's practice;
  at 66 cases, twice the quotas);
- proportional: case-type strata, n_h in proportion to N_h;
- neyman_type: case-type strata, Neyman allocation on each case type's standards breach rate;
- banded: strata are breach bands (how many practice standards the case does not meet: 0, 1, 2,
  3 or more), known for every case before sampling, with Neyman allocation on each band's breach
  rate. The auxiliary is the standards' verdict on the records, not the true grade.
- targeted: the product's targeted audit (audits/targeting.py, as services.targeted_draw uses
  it): case type x band where the sample allows two cases a stratum, else coarser (at 33 cases of
  nine case types, the bands alone: the banded design).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from safeguarding.audits.estimate import (
    SimulationResult,
    neyman_allocation,
    proportional_allocation,
    simulate,
)
from safeguarding.audits.targeting import (
    BANDS,
    breach_band,
    breach_rate,
    choose_stratification,
    targeted_allocation,
)
from safeguarding.audits.vocabulary import Grade

ANNEX_A = {
    "cp_enquiry": 5,
    "domestic_abuse": 5,
    "general_concern": 5,
    "sex_offender": 3,
    "missing": 3,
    "police_protection": 3,
    "cse": 3,
    "online_abuse": 3,
    "custody": 3,
}


@dataclass(frozen=True)
class SimCase:
    case_type: str
    inadequate: bool  # the generator's true grade (practice_truth.py)
    not_met: int  # practice standards the case does not meet (the auxiliary)
    judged: int  # standards met or not met on the case


# For the document's sensitivity check: how much targeting gains depends on how closely the
# standards' verdicts follow the true grade, which the generator's rule (practice_truth.py) sets.
# (gaps, serious gaps, unseen judgement) -> inadequate, for rules other than the generator's.
VARIANTS = {
    "judgement_weighs_more": lambda gaps, serious, unseen: (
        gaps + serious + {"sound": 0, "weak": 3, "poor": 5}[unseen] >= 5
    ),
    "judgement_only": lambda gaps, serious, unseen: unseen == "poor",
}


def load_population(variant: str = "") -> list[SimCase]:
    """Every generated case with its true grade and its standards' verdicts (one query each).
    `variant`: grade by one of VARIANTS instead of the generator's rule."""
    from django.db.models import Count, Q

    from safeguarding.demo.models import TruePracticeGrade
    from safeguarding.standards.models import StandardResult, State

    verdicts = {
        row["case_id"]: (row["not_met"], row["judged"])
        for row in StandardResult.objects.values("case_id").annotate(
            not_met=Count("id", filter=Q(state=State.NOT_MET)),
            judged=Count("id", filter=Q(state__in=(State.MET, State.NOT_MET))),
        )
    }
    population = []
    rule = VARIANTS.get(variant)
    for case_id, case_type, grade, gaps, serious, unseen in TruePracticeGrade.objects.values_list(
        "case_id", "case__case_type", "grade", "gaps", "serious_gaps", "unseen"
    ).order_by("case_id"):
        not_met, judged = verdicts.get(case_id, (0, 0))
        inadequate = rule(gaps, serious, unseen) if rule else grade == Grade.INADEQUATE
        population.append(SimCase(case_type, inadequate, not_met, judged))
    return population


def _rate(cases: list[SimCase]) -> float:
    return breach_rate(sum(c.not_met for c in cases), sum(c.judged for c in cases))


def designs(population: list[SimCase], size: int) -> dict[str, tuple[dict[str, list[bool]], dict[str, int]]]:
    """Each design's strata (true grades per stratum) and allocation of `size` cases."""
    by_type: dict[str, list[SimCase]] = defaultdict(list)
    by_band: dict[str, list[SimCase]] = defaultdict(list)
    for case in population:
        by_type[case.case_type].append(case)
        by_band[breach_band(case.not_met)].append(case)
    type_grades = {h: [c.inadequate for c in cases] for h, cases in sorted(by_type.items())}
    band_grades = {h: [c.inadequate for c in by_band[h]] for h in BANDS if by_band[h]}
    type_sizes = {h: len(g) for h, g in type_grades.items()}
    band_sizes = {h: len(g) for h, g in band_grades.items()}
    quota = sum(ANNEX_A.values())
    if size % quota == 0:  # the Annex A quotas, or a multiple of them
        annex = {h: n * (size // quota) for h, n in ANNEX_A.items()}
    else:
        annex = proportional_allocation(type_sizes, size)
    stratification = choose_stratification({(c.case_type, c.not_met) for c in population}, size)
    by_stratum: dict[str, list[SimCase]] = defaultdict(list)
    for case in population:
        by_stratum[stratification.stratum(case.case_type, case.not_met)].append(case)
    stratum_grades = {h: [c.inadequate for c in cases] for h, cases in sorted(by_stratum.items())}
    return {
        "annex_a": (type_grades, {h: annex.get(h, 0) for h in type_grades}),
        "proportional": (type_grades, proportional_allocation(type_sizes, size)),
        "neyman_type": (
            type_grades,
            neyman_allocation(type_sizes, {h: _rate(c) for h, c in by_type.items()}, size),
        ),
        "banded": (
            band_grades,
            neyman_allocation(band_sizes, {h: _rate(by_band[h]) for h in band_grades}, size),
        ),
        "targeted": (
            stratum_grades,
            targeted_allocation(
                {h: len(g) for h, g in stratum_grades.items()},
                {h: _rate(cases) for h, cases in by_stratum.items()},
                size,
            ),
        ),
    }


@dataclass(frozen=True)
class Run:
    cases: int
    truth: float
    correlation: float  # between a case's standards not met and its true inadequacy
    allocations: Mapping[str, Mapping[str, int]]
    results: Mapping[str, SimulationResult]


def _correlation(population: list[SimCase]) -> float:
    n = len(population)
    xs = [c.not_met for c in population]
    ys = [float(c.inadequate) for c in population]
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else 0.0


def run(population: list[SimCase], samples: int, size: int = 33, seed: int = 2026) -> Run:
    made = designs(population, size)
    return Run(
        cases=len(population),
        truth=sum(c.inadequate for c in population) / len(population),
        correlation=_correlation(population),
        allocations={name: allocation for name, (_g, allocation) in made.items()},
        results={
            name: simulate(grades, allocation, samples, seed) for name, (grades, allocation) in made.items()
        },
    )


def main(samples: int = 2000, sizes: tuple[int, ...] = (33, 66), variant: str = "") -> None:
    population = load_population(variant)
    if variant:
        print(f"variant: {variant}")
    for size in sizes:
        out = run(population, samples, size)
        print(
            f"size {size}: {out.cases} cases, true share inadequate {out.truth:.4f}, "
            f"correlation (standards not met, inadequate) {out.correlation:.3f}"
        )
        base = out.results["annex_a"].mean_width
        for name, result in out.results.items():
            print(
                f"  {name:13} coverage {result.coverage:.3f}  mean width {result.mean_width:.4f} "
                f"({1 - result.mean_width / base:+.1%} narrower than annex_a)  bias {result.bias:+.4f}  "
                f"allocation {dict(out.allocations[name])}"
            )


if __name__ == "__main__":  # pragma: no cover
    import sys

    import django

    django.setup()
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
