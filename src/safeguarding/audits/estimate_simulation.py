"""The simulation behind docs/force-estimate-simulation.md (run: python -m
safeguarding.audits.estimate_simulation [samples]). A synthetic force shaped like the demo force:
every case has a true practice grade (inadequate or not), drawn once from a per-case-type
probability, so the true force-wide share is known. The auxiliary variable for targeting is a
different quantity: a per-case-type breach rate of the practice standards, related to the grade
but not equal to it (the standards measure records, the grade judges practice)."""

import random
import sys

from safeguarding.audits.estimate import neyman_allocation, proportional_allocation, simulate

# cases in the period, true chance a case's practice is inadequate, standards breach rate
FORCE = {
    "domestic_abuse": (1800, 0.12, 0.22),
    "general_concern": (1200, 0.08, 0.15),
    "cp_enquiry": (600, 0.20, 0.30),
    "missing": (500, 0.30, 0.35),
    "custody": (300, 0.40, 0.38),
    "online_abuse": (200, 0.25, 0.40),
    "cse": (150, 0.45, 0.50),
    "sex_offender": (150, 0.15, 0.20),
    "police_protection": (100, 0.35, 0.30),
}
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


def population(seed: int = 1) -> dict[str, list[bool]]:
    rng = random.Random(seed)
    return {h: [rng.random() < p for _ in range(n)] for h, (n, p, _r) in FORCE.items()}


def run(samples: int, size: int = 33, seed: int = 2026) -> dict:
    grades = population()
    populations = {h: len(cases) for h, cases in grades.items()}
    breach = {h: r for h, (_n, _p, r) in FORCE.items()}
    allocations = {
        "annex_a": ANNEX_A if size == 33 else proportional_allocation(populations, size),
        "proportional": proportional_allocation(populations, size),
        "neyman": neyman_allocation(populations, breach, size),
    }
    truth = sum(sum(c) for c in grades.values()) / sum(populations.values())
    results = {name: simulate(grades, alloc, samples, seed) for name, alloc in allocations.items()}
    return {"truth": truth, "allocations": allocations, "results": results}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    for size in (33, 66):
        out = run(n, size)
        print(f"size {size}, truth {out['truth']:.4f}")
        for name, result in out["results"].items():
            print(
                f"  {name:12} coverage {result.coverage:.3f} mean width {result.mean_width:.4f} "
                f"bias {result.bias:+.4f} allocation {out['allocations'][name]}"
            )
