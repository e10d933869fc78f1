"""Writes through the API: the same shape as every service (keyword-only, atomic, access-logged)."""

from django.db import models, transaction

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.cases.models import Case, CaseEntry
from safeguarding.exchange.matching import cached_phonetic_key
from safeguarding.people.models import Flag, Person


def _district_of(record: models.Model) -> int | None:
    if isinstance(record, (Person, Case)):
        return record.district_id
    if isinstance(record, Flag):
        return record.person.district_id
    if isinstance(record, CaseEntry):
        return record.case.district_id
    return None


def _prepare(record: models.Model, actor: User, *, creating: bool) -> None:
    if isinstance(record, Person):
        record.forename_key = cached_phonetic_key(record.forename)
        record.surname_key = cached_phonetic_key(record.surname)
    if creating and isinstance(record, Case):
        record.created_by = actor if actor.pk else None
    if creating and isinstance(record, CaseEntry):
        record.recorded_by = actor if actor.pk else None


def record_create(*, actor: User, model: type[models.Model], data: dict) -> models.Model:
    with transaction.atomic():
        record = model(**data)
        _prepare(record, actor, creating=True)
        record.save()
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type=record_type(model),
            object_id=record.pk,
            district_id=_district_of(record),
            detail={"via": "api"},
        )
    return record


def record_update(*, actor: User, record: models.Model, data: dict) -> models.Model:
    with transaction.atomic():
        for name, value in data.items():
            setattr(record, name, value)
        _prepare(record, actor, creating=False)
        record.save()
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type=record_type(record),
            object_id=record.pk,
            district_id=_district_of(record),
            # Which fields changed, never their values.
            detail={"via": "api", "fields": sorted(data)},
        )
    return record
