"""The rules a person's and a flag's values keep, whichever way they arrive: the page forms, the
API serializers and the services (so the import and any other caller too) all call these, so
each rule and its message are written once. Each returns {field: [message, ...]}."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from safeguarding.people.vocabulary import FlagKind

OLDEST_AGE_YEARS = 120
ADULT_AGE = 18

Problems = dict[str, list[str]]


def age_on(day: dt.date, born: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def date_of_birth_problem(born: dt.date | None) -> str | None:
    if born is None:
        return None
    today = timezone.localdate()
    if born > today:
        return "Date of birth cannot be in the future."
    if age_on(today, born) > OLDEST_AGE_YEARS:
        return f"Date of birth is more than {OLDEST_AGE_YEARS} years ago: check the year."
    return None


def child_flag_problem(born: dt.date | None, is_child: bool | None) -> str | None:
    """Whether "child" agrees with the date of birth (a person is a child under 18)."""
    if born is None or date_of_birth_problem(born) is not None:
        return None
    age = age_on(timezone.localdate(), born)
    if is_child and age >= ADULT_AGE:
        return f"Born on this date the person is {age}: untick “child”, or check the date."
    if not is_child and age < ADULT_AGE:
        return f"Born on this date the person is {age}: tick “child”, or check the date."
    return None


def person_problems(values: Mapping[str, Any], *, touched: set[str] | None = None) -> Problems:
    """`values`: the person's values after the change. `touched`: the fields being set (None: a
    new record, every rule applies). The age rules depend on today's date, so a record whose
    child flag has aged is only re-judged when its date of birth or flag is changed."""
    problems: Problems = {}

    def applies(*fields: str) -> bool:
        return touched is None or any(field in touched for field in fields)

    born = values.get("date_of_birth")
    if applies("date_of_birth"):
        problem = date_of_birth_problem(born)
        if problem:
            problems.setdefault("date_of_birth", []).append(problem)
    if applies("date_of_birth", "is_child"):
        problem = child_flag_problem(born, values.get("is_child"))
        if problem:
            problems.setdefault("is_child", []).append(problem)
    return problems


def flag_problems(values: Mapping[str, Any]) -> Problems:
    problems: Problems = {}
    kind, category = values.get("kind"), values.get("cp_category")
    if kind == FlagKind.CP_PLAN and not category:
        problems.setdefault("cp_category", []).append("A child protection plan needs its category.")
    if kind and kind != FlagKind.CP_PLAN and category:
        problems.setdefault("cp_category", []).append(
            "Only a child protection plan has a category: leave it empty."
        )
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        problems.setdefault("ends_on", []).append("The end date cannot be before the start date.")
    if starts and starts > timezone.localdate():
        problems.setdefault("starts_on", []).append("The start date cannot be in the future.")
    return problems


def merged(*problem_sets: Problems) -> Problems:
    """Several checks' problems together, field by field."""
    out: Problems = {}
    for problems in problem_sets:
        for field, messages in problems.items():
            out.setdefault(field, []).extend(messages)
    return out


def values_after(record: models.Model, changes: Mapping[str, Any]) -> dict[str, Any]:
    """A record's values (related records as objects, None when unset) with `changes` applied:
    what the rules judge, on a new record or a partial change alike."""
    values: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        try:
            values[field.name] = getattr(record, field.name)
        except ObjectDoesNotExist:
            values[field.name] = None
    values.update(changes)
    return values


def changed_values(record: models.Model, data: Mapping[str, Any]) -> dict[str, Any]:
    """The values of `data` that differ from the record's."""
    changed = {}
    for name, value in data.items():
        field = record._meta.get_field(name)
        current = getattr(record, field.attname)  # type: ignore[union-attr]  # a concrete field: data names fields, never reverse relations
        new = value.pk if field.is_relation and isinstance(value, models.Model) else value
        if current != new:
            changed[name] = value
    return changed
