"""Small builders for inspection tests: a report imported from an invented force's text, and
standard results for the indicator trend."""

import datetime as dt

from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.inspections.services import report_import
from safeguarding.standards.models import StandardResult
from tests.factories import make_case
from tests.inspections.test_report_parser import NORTHMOOR


def import_northmoor(actor: User | None = None, text: str = NORTHMOOR):
    actor = actor or User(username="test import", role=Role.ADMIN)
    return report_import(actor=actor, text=text, source_file_name="northmoor.txt").report


def add_results(district, standard_id: str, period: str, *, met: int, not_met: int) -> None:
    """met + not_met cases first reported in the month, each with one result for the standard."""
    day = dt.date.fromisoformat(period)
    for index in range(met + not_met):
        case = make_case(district, reported=f"{period}")
        StandardResult.objects.create(
            case=case,
            standard_id=standard_id,
            state="met" if index < met else "not_met",
            district=district,
            case_type=case.case_type,
            period=day.replace(day=1),
            evaluated_at=timezone.now(),
        )
