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
