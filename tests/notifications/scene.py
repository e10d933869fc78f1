"""A child on a child protection plan in the north, and an incident recorded on them."""

import datetime as dt

from django.utils import timezone

from safeguarding.cases import services
from safeguarding.cases.models import Incident
from safeguarding.people.vocabulary import CpPlanCategory, FlagKind
from tests.cases.scene import make_flag
from tests.factories import make_case, make_person


def child_on_plan(district, *, forename="Amy", surname="Planned"):
    child = make_person(district, forename=forename, surname=surname, date_of_birth="2016-05-01")
    starts = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    make_flag(child, FlagKind.CP_PLAN, cp_category=CpPlanCategory.NEGLECT, starts_on=starts)
    return child


def case_of(district, child, **fields):
    return make_case(district, reported=timezone.now() - dt.timedelta(days=3), children=[child], **fields)


def record_incident(actor, case, child=None):
    return services.entry_create(
        actor=actor,
        case=case,
        model=Incident,
        cleaned_data={
            "child": child,
            "occurred_at": timezone.now() - dt.timedelta(hours=1),
            "kind": "domestic_abuse",
            "children_present": 1,
        },
    )
