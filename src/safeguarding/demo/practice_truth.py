"""The true practice grade of each generated case: what an auditor who could see everything would
grade the practice the generator made (demo only; docs/force-estimate-simulation.md).

Why it exists: the force-wide estimate (audits/estimate.py) infers, from a sample of ~33 audited
cases, the share of all the force's cases whose practice is inadequate. To check that its 95%
interval really holds the truth 95% of the time, the truth must be known for every case, so the
generator grades each case as it makes it. A real force has no such table: nothing a user sees
reads it (no page, report, export or API), and it is never called a grade of record.

How a case is graded (points, then a grade):
- every practice gap the generator drew for the case (profile.py's per-district rates, GAP_HOW
  says what each looks like in the rows) counts 1 point, a gap that leaves a child unprotected or
  unheard (SERIOUS) 2 points;
- the quality of the officers' judgement that no record shows (`unseen`: sound, weak or poor,
  drawn for each case from its own seeded generator, independent of the gaps and of the district)
  adds 0, 1 or 5 points (poor judgement alone makes the practice inadequate);
- 0 points: good; 1-4: requires improvement; 5 or more: inadequate.

So the grade is not the standards' breach rate: the standards judge records (a record written
late but written counts against them; TIMELY_RECORD is not practice here), they see no unseen
judgement, and one serious gap weighs as much as two others.
"""

import random
from collections.abc import Iterable

from safeguarding.audits.vocabulary import Grade

SERIOUS = frozenset(
    {
        "SEEN_ALONE",
        "VOICE",
        "REFERRAL",
        "STRATEGY",
        "ICPC_ATTEND",
        "MISSING_RISK",
        "RETURN_INTERVIEW",
        "CSE_FLAG",
        "POLICE_PROTECTION",
        "APPROPRIATE_ADULT",
        "RSO_VISITS",
        "DRIFT",
        "CUMULATIVE_RISK",
    }
)
# (what the officers' unseen judgement was, its chance, its points)
UNSEEN = (("sound", 0.72, 0), ("weak", 0.20, 1), ("poor", 0.08, 5))
INADEQUATE_FROM = 5


def unseen_judgement(rng: random.Random) -> str:
    draw = rng.random()
    for name, chance, _points in UNSEEN:
        if draw < chance:
            return name
        draw -= chance
    return UNSEEN[-1][0]


def points(gaps: Iterable[str], unseen: str) -> int:
    extra = next(p for name, _c, p in UNSEEN if name == unseen)
    return sum(2 if standard in SERIOUS else 1 for standard in gaps) + extra


def grade(gaps: Iterable[str], unseen: str) -> str:
    score = points(gaps, unseen)
    if score == 0:
        return Grade.GOOD.value
    if score < INADEQUATE_FROM:
        return Grade.REQUIRES_IMPROVEMENT.value
    return Grade.INADEQUATE.value
