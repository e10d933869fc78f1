"""Writes through the API hand off to the owning apps' services (people/services.py,
cases/services.py), the same ones the pages and commands call: one place checks what a user may
point a record at, one set of rules, one access-log event, the same re-judging."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers

from safeguarding.access.models import User
from safeguarding.access.services import written_via
from safeguarding.cases import services as case_services
from safeguarding.cases.models import Case, CaseEntry
from safeguarding.people import services as people_services
from safeguarding.people.models import Flag, Person
from safeguarding.records.history import StaleRecord


def _district_of(record: models.Model) -> int | None:
    if isinstance(record, (Person, Case)):
        return record.district_id
    if isinstance(record, Flag):
        return record.person.district_id
    if isinstance(record, CaseEntry):
        return record.case.district_id
    return None


@contextmanager
def refusals_as_400() -> Iterator[None]:
    """A service's refusal (a Django ValidationError naming fields) as the API's 400."""
    try:
        yield
    except StaleRecord:
        raise  # the view answers 412
    except DjangoValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            raise serializers.ValidationError(refusal.message_dict) from refusal
        raise serializers.ValidationError({"non_field_errors": refusal.messages}) from refusal


def record_create(
    *, actor: User, model: type[models.Model], data: dict, duplicates_offered: list[int] | None = None
) -> models.Model:
    with written_via("api"):
        return _record_create(actor=actor, model=model, data=data, duplicates_offered=duplicates_offered)


def _record_create(
    *, actor: User, model: type[models.Model], data: dict, duplicates_offered: list[int] | None = None
) -> models.Model:
    if model is Person:
        return people_services.person_create(actor=actor, data=data, duplicates_offered=duplicates_offered)
    if model is Flag:
        person = data.pop("person")
        return people_services.flag_create(actor=actor, person=person, data=data)
    if model is Case:
        return case_services.case_create(actor=actor, child=None, cleaned_data=data)
    if issubclass(model, CaseEntry):
        case = data.pop("case")
        return case_services.entry_create(actor=actor, case=case, model=model, cleaned_data=data)
    raise TypeError(f"No service writes {model.__name__}")  # deny by default


def record_update(
    *, actor: User, record: models.Model, data: dict, seen_version: int | None = None
) -> models.Model:
    """`seen_version` is the caller's If-Match: the services refuse a write against another."""
    with written_via("api"):
        return _record_update(actor=actor, record=record, data=data, seen_version=seen_version)


def _record_update(
    *, actor: User, record: models.Model, data: dict, seen_version: int | None
) -> models.Model:
    seen = seen_version
    if isinstance(record, Person):
        people_services.person_update(actor=actor, person=record, data=data, seen_version=seen)
    elif isinstance(record, Flag):
        people_services.flag_update(actor=actor, flag=record, data=data, seen_version=seen)
    elif isinstance(record, Case):
        case_services.case_update(actor=actor, case=record, data=data, seen_version=seen)
    elif isinstance(record, CaseEntry):
        case_services.entry_update(actor=actor, entry=record, cleaned_data=data, seen_version=seen)
    else:
        raise TypeError(f"No service writes {type(record).__name__}")
    return record
