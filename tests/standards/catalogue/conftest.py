import pytest

from safeguarding.cases.models import Case
from safeguarding.standards.engine import evaluate_cases
from safeguarding.standards.models import StandardResult
from tests.factories import at


@pytest.fixture
def judge(db):
    """judge(case, "DEMEANOUR", "2026-03-03 09:00") -> {child_id or None: StandardResult}.

    Runs the evaluator for one standard on one case (the incremental path, which writes through
    the same code as the full run) and reads back what it stored.
    """

    def run(case, standard_id, now):
        now = at(*now.split(" ")) if isinstance(now, str) else now
        evaluate_cases(Case.objects.filter(pk=case.pk), now, standard_ids=[standard_id])
        rows = StandardResult.objects.filter(case=case, standard_id=standard_id)
        return {row.child_id: row for row in rows}

    return run


@pytest.fixture
def judge_together(db):
    """judge_together([case_a, case_b], "REFERRAL", now) -> {(case_id, child_id): StandardResult}.

    Evaluates several cases in ONE run (as the full run does): the set-based rules rank and join
    records across all the cases judged, so a test can check that each case still gets its own.
    """

    def run(cases, standard_id, now):
        now = at(*now.split(" ")) if isinstance(now, str) else now
        ids = [case.pk for case in cases]
        evaluate_cases(Case.objects.filter(pk__in=ids), now, standard_ids=[standard_id])
        rows = StandardResult.objects.filter(case__in=ids, standard_id=standard_id)
        return {(row.case_id, row.child_id): row for row in rows}

    return run
