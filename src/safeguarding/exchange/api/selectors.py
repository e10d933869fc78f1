"""What the API may read: every query starts from the viewer's scope (out of scope = not found)."""

from django.db.models import Model, QuerySet

from safeguarding.access.models import User
from safeguarding.cases.models import Case
from safeguarding.cases.scoping import cases_visible_to, people_visible_to
from safeguarding.people.models import Flag, Person


def api_people(viewer: User) -> QuerySet[Person]:
    return people_visible_to(viewer).order_by("id")


def api_cases(viewer: User) -> QuerySet[Case]:
    return cases_visible_to(viewer).order_by("id")


def api_flags(viewer: User) -> QuerySet[Flag]:
    return Flag.objects.filter(person__in=people_visible_to(viewer)).order_by("id")


def api_entries(viewer: User, model: type[Model]) -> QuerySet:
    return model._default_manager.filter(case__in=cases_visible_to(viewer)).order_by("id")
