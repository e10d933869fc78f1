"""The force-wide estimate checked against the truth (issue 24): the demo generator grades every
case it makes (demo/practice_truth.py), and the simulation (demo/estimate_simulation.py) draws
audit samples from a small demo force and counts how often the 95% interval holds the true share.
The full-size run (40,000 children, 2,000 samples) is in docs/force-estimate-simulation.md."""

import datetime as dt
import random

import pytest

from safeguarding.audits.vocabulary import Grade
from safeguarding.cases.models import Case
from safeguarding.demo import practice_truth
from safeguarding.demo.estimate_simulation import BANDS, breach_band, designs, load_population, run
from safeguarding.demo.force import build_force
from safeguarding.demo.generator import casework_chunks, generate_demo_force
from safeguarding.demo.models import TruePracticeGrade
from safeguarding.demo.schema import Ids, Rows
from safeguarding.standards.services import standards_evaluate_force
from tests.conftest import wipe_module_demo_force

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_grade_follows_the_gaps_and_the_unseen_judgement():
    assert practice_truth.grade([], "sound") == Grade.GOOD
    assert practice_truth.grade(["OUTCOME"], "sound") == Grade.REQUIRES_IMPROVEMENT
    assert practice_truth.grade(["VOICE", "REFERRAL"], "sound") == Grade.REQUIRES_IMPROVEMENT  # 4 points
    assert practice_truth.grade(["VOICE", "REFERRAL", "OUTCOME"], "sound") == Grade.INADEQUATE
    assert practice_truth.grade(["VOICE", "REFERRAL"], "weak") == Grade.INADEQUATE
    assert practice_truth.grade([], "poor") == Grade.INADEQUATE  # no record shows it
    rng = random.Random(1)
    drawn = [practice_truth.unseen_judgement(rng) for _ in range(10_000)]
    assert 0.06 < drawn.count("poor") / len(drawn) < 0.10


def _true_grades(seed: int) -> list[tuple]:
    as_of = dt.datetime(2026, 10, 31, 23)
    rows, ids = Rows(), Ids()
    force = build_force(rows, ids, children=300, seed=seed, as_of=as_of)
    made = []
    for chunk, _n in casework_chunks(children=300, seed=seed, as_of=as_of, ids=ids, force=force):
        made.append((chunk.case, chunk.true_grade))
    return made


def test_every_case_gets_one_true_grade_and_the_same_seed_the_same_grades():
    first = _true_grades(7)
    assert first == _true_grades(7)
    for cases, grades in first:
        assert sorted(row[0] for row in cases) == sorted(row[1] for row in grades)
    every = [row for _cases, grades in first for row in grades]
    assert {row[2] for row in every} == {Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE}
    # the grade is the rule applied to what was drawn: a case with no gap and sound judgement is good
    assert all(row[2] == Grade.GOOD for row in every if row[3] == 0 and row[5] == "sound")


@pytest.fixture(scope="module")
def population(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = generate_demo_force(children=1500, seed=24, replace=True)
        standards_evaluate_force(now=dt.datetime.combine(result.as_of, dt.time(23), tzinfo=dt.UTC))
        yield load_population()
        wipe_module_demo_force()


def test_the_population_is_every_generated_case_with_its_truth(population):
    assert len(population) == Case.objects.count() == TruePracticeGrade.objects.count()
    truth = sum(c.inadequate for c in population) / len(population)
    assert 0.1 < truth < 0.5
    # the auxiliary is related to the truth, not the same thing
    bands = {band: [c.inadequate for c in population if breach_band(c.not_met) == band] for band in BANDS}
    shares = [sum(v) / len(v) for v in bands.values() if v]
    assert shares == sorted(shares) and shares[0] > 0 and shares[-1] < 1


def test_the_simulation_at_small_size_covers_the_truth_and_targeting_narrows(population):
    out = run(population, samples=300, size=33)
    assert sum(designs(population, 33)["banded"][1].values()) == 33
    # 300 samples of a 1,621-case force: the coverage is known to about +-2.5 points here (the
    # 93-97% target is met at full size, docs/force-estimate-simulation.md)
    banded, annex = out.results["banded"], out.results["annex_a"]
    assert 0.91 <= banded.coverage <= 0.99, banded
    assert 0.85 <= annex.coverage <= 0.99, annex
    for result in (banded, annex):
        assert abs(result.bias) < 0.03, result
    assert banded.mean_width < 0.85 * annex.mean_width
    # the product's targeted audit (audits/targeting.py) is the banded design at 33 cases
    targeted = out.results["targeted"]
    assert sorted(out.allocations["targeted"].values()) == sorted(out.allocations["banded"].values())
    assert 0.91 <= targeted.coverage <= 0.99 and abs(targeted.bias) < 0.03, targeted
    assert targeted.mean_width < 0.85 * annex.mean_width
