"""Writes of the exchange: import a batch, export, and decide an uncertain match. Each writes its
access-log event in the same transaction (the import's is written by the loader)."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from safeguarding.access.models import AccessAction, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.exchange.adapters.mapfile import ColumnMap
from safeguarding.exchange.adapters.mapped import ForeignFile, MappedImport
from safeguarding.exchange.exporter import export_to
from safeguarding.exchange.loader import ExtractImport, ImportResult, Source
from safeguarding.exchange.matching import cached_phonetic_key
from safeguarding.exchange.models import MatchReview, PersonLink, ReviewStatus
from safeguarding.force.models import District
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Address, Person


def extract_import(
    *,
    actor: User,
    sources: list[Source],
    source_system: str,
    skip_invalid: bool = False,
    progress: bool = False,
    date_layout: str | None = None,
    on_step: Callable[[int, str], None] | None = None,
) -> ImportResult:
    if not actor.can(Permission.IMPORT_DATA):
        raise PermissionDenied("Your role does not allow bulk import.")
    batch = ExtractImport(
        actor=actor,
        source_system=source_system,
        skip_invalid=skip_invalid,
        progress=progress,
        date_layout=date_layout,
    )
    batch.on_step = on_step
    return batch.run(sources)


def extract_import_mapped(
    *,
    actor: User,
    column_map: ColumnMap,
    files: list[ForeignFile],
    source_system: str | None = None,
    skip_invalid: bool = False,
    progress: bool = False,
    date_layout: str | None = None,
) -> ImportResult:
    """Foreign files read through a map file (exchange/adapters), then checked, matched and
    loaded exactly as an extract is."""
    if not actor.can(Permission.IMPORT_DATA):
        raise PermissionDenied("Your role does not allow bulk import.")
    return MappedImport(
        column_map=column_map,
        actor=actor,
        source_system=source_system or column_map.system,
        skip_invalid=skip_invalid,
        progress=progress,
        date_layout=date_layout or column_map.date_layout,
    ).run_foreign(files)


def extract_export(
    *, actor: User, directory: Path, source_system: str, file_format: str = "csv", recipient: str = ""
) -> dict[str, int]:
    with transaction.atomic():
        written = export_to(directory, source_system=source_system, file_format=file_format)
        access_record(
            actor=actor,
            action=AccessAction.EXPORT,
            object_type="exchange_export",
            object_label=f"Export as {source_system}",
            recipient=recipient,
            detail={"rows": written, "format": file_format},
        )
    return written


class AlreadyDecided(Exception):
    pass


def _decide(review: MatchReview, *, actor: User, status: str, person: Person) -> None:
    review.status = status
    review.person = person
    review.decided_at = timezone.now()
    review.decided_by_username = actor.get_username()
    review.save(update_fields=["status", "person", "decided_at", "decided_by_username"])


def _require_reviewer(actor: User) -> None:
    if not (actor.can(Permission.REVIEW_MATCHES) and actor.can(Permission.VIEW_CHILD_RECORD)):
        raise PermissionDenied("Deciding a match needs the reviewer's role.")


def _pending(review_id: int) -> MatchReview:
    review = MatchReview.objects.select_for_update().get(pk=review_id)
    if review.status != ReviewStatus.PENDING:
        raise AlreadyDecided(f"Review {review_id} was already decided.")
    return review


def match_confirm(*, actor: User, review_id: int) -> MatchReview:
    """The incoming record is the candidate: later imports resolve its reference to them."""
    _require_reviewer(actor)
    with transaction.atomic():
        review = _pending(review_id)
        PersonLink.objects.create(
            source_system=review.source_system,
            source_reference=review.source_reference,
            person=review.candidate,
            linked_by_username=actor.get_username(),
        )
        _decide(review, actor=actor, status=ReviewStatus.CONFIRMED, person=review.candidate)
        access_record(
            actor=actor,
            action=AccessAction.COMBINE,
            object_type="person",
            object_id=review.candidate_id,
            object_label=f"Match review {review.pk} confirmed",
            district_id=review.candidate.district_id,
            reason="Import match review",
        )
    return review


def match_create_person(*, actor: User, review_id: int) -> MatchReview:
    """The incoming record is someone new: create them from the incoming row."""
    _require_reviewer(actor)
    with transaction.atomic():
        review = _pending(review_id)
        data = review.incoming
        address = None
        if data.get("current_address_reference"):
            address = Address.objects.filter(source_reference=data["current_address_reference"]).first()
        person = Person(
            forename=data["forename"],
            middle_names=data.get("middle_names") or "",
            surname=data["surname"],
            date_of_birth=dt.date.fromisoformat(data["date_of_birth"]) if data.get("date_of_birth") else None,
            is_child=data.get("is_child", True),
            gender=data.get("gender") or "",
            ethnicity=data.get("ethnicity") or "",
            ethnicity_self_defined=data.get("ethnicity_self_defined") or "",
            ethnicity_observed=data.get("ethnicity_observed") or "",
            pnc_id=data.get("pnc_id") or "",
            nhs_number=data.get("nhs_number") or "",
            upn=data.get("upn") or "",
            disability=data.get("disability") or "",
            school=data.get("school") or "",
            looked_after=data.get("looked_after") or "no",
            phone=data.get("phone") or "",
            district=District.objects.get(code=data["district"]),
            current_address=address,
            source_system=review.source_system,
            source_reference=review.source_reference,
        )
        person.forename_key = cached_phonetic_key(person.forename)
        person.surname_key = cached_phonetic_key(person.surname)
        person.save()
        person_keys_refresh([person.pk])
        _decide(review, actor=actor, status=ReviewStatus.CREATED, person=person)
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type="person",
            object_id=person.pk,
            object_label=f"Created from match review {review.pk}",
            district_id=person.district_id,
            reason="Import match review",
        )
    return review
