"""Evaluation entry points.

`case_reevaluate` is for other apps' services: call it after writing an entry on a case (in the
same transaction), so the case's standards, worklists and case page are current:

    from safeguarding.standards.services import case_reevaluate
    case_reevaluate(case_id=entry.case_id)

`standards_evaluate_force` is the full run behind `safeguarding evaluate` and the benchmark.
Neither touches personal data beyond what the results table holds (ids and states), so they
write no access-log event; the evaluation is not a consultation by a person.
"""

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable

from django.utils import timezone

from safeguarding.cases.models import Case
from safeguarding.force.models import District
from safeguarding.standards import engine


def case_reevaluate(*, case_id: int, now: dt.datetime | None = None) -> Counter:
    """Recompute every standard on one case (its old rows replaced). Returns counts by state."""
    return engine.evaluate_case(case_id, now or timezone.now())


def evaluation_steps(*, district_ids: Iterable[int] | None = None) -> int:
    """How many times `standards_evaluate_force` calls `progress` (a progress bar's total): once
    per standard for the whole force on PostgreSQL, once per standard and district otherwise."""
    if district_ids is None and engine.force_in_one_pass():
        return len(engine.CATALOGUE)
    districts = len(list(district_ids)) if district_ids is not None else District.objects.count()
    return districts * len(engine.CATALOGUE)


def standards_evaluate_force(
    *,
    district_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> dict:
    """Evaluate every standard over every case of the force (or of the given districts).

    Readers see either the previous or the new results, never a mixture: the whole force is
    swapped in at once (`engine.evaluate_force`), a district in one transaction each.
    `progress(label, standard_id)` is called after each standard is written. Returns a summary:
    districts, cases, results by state, seconds.
    """
    now = now or timezone.now()
    started = time.perf_counter()
    districts = District.objects.order_by("code")
    phases: dict = {}
    if district_ids is None:
        counts = engine.evaluate_force(now, progress=progress, timings=phases)
    else:
        districts = districts.filter(pk__in=list(district_ids))
        counts = engine.evaluate_districts(districts.values_list("pk", flat=True), now, progress=progress)
    codes = list(districts.values_list("code", flat=True))
    return {
        "districts": codes,
        "cases": Case.objects.filter(district__code__in=codes).count(),
        "results": sum(counts.values()),
        "by_state": dict(sorted(counts.items())),
        "standards": len(engine.CATALOGUE),
        "seconds": round(time.perf_counter() - started, 2),
        **({"phases": phases} if phases else {}),
        "evaluated_at": now.isoformat(),
    }
