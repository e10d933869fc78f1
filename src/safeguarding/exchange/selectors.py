"""Reads for the exchange pages: batches hold counts and row errors; the review queue shows people."""

from dataclasses import dataclass

from django.db.models import QuerySet

from safeguarding.access.models import User
from safeguarding.exchange.formats import FORMATS_BY_NAME
from safeguarding.exchange.models import (
    ConflictStatus,
    ImportBatch,
    ImportConflict,
    MatchReview,
    ReviewStatus,
)
from safeguarding.force.scoping import districts_editable_by
from safeguarding.records.history import shown_value, snapshot


def recent_batches(limit: int = 20) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.all()[:limit]


def pending_reviews() -> QuerySet[MatchReview]:
    return MatchReview.objects.filter(status=ReviewStatus.PENDING).select_related(
        "candidate", "candidate__district"
    )


def pending_conflicts(viewer: User) -> QuerySet[ImportConflict]:
    """Imported changes held back on records in the districts the viewer may record in."""
    return ImportConflict.objects.filter(
        status=ConflictStatus.PENDING, district__in=districts_editable_by(viewer)
    ).select_related("district")


def pending_conflict_count() -> int:
    """How many wait, force-wide: a number only, for the importer's page."""
    return ImportConflict.objects.filter(status=ConflictStatus.PENDING).count()


@dataclass(frozen=True)
class ConflictColumn:
    label: str
    held_then: str
    held_now: str
    incoming: str


@dataclass(frozen=True)
class ConflictShown:
    conflict: ImportConflict
    version: int  # the record's version now: a decision is made against it
    columns: list[ConflictColumn]


def conflicts_shown(viewer: User, limit: int = 100) -> list[ConflictShown]:
    """The pending conflicts the viewer may decide, each column as held when the import met the
    record, as held now and as the extract has it. Reads personal data: the caller logs it."""
    shown = []
    for conflict in pending_conflicts(viewer)[:limit]:
        model = FORMATS_BY_NAME[conflict.entity].model
        record = model._default_manager.filter(pk=conflict.object_id).first()
        if record is None:
            continue
        now = snapshot(record)
        columns = []
        for column, value in conflict.incoming.items():
            label, incoming = shown_value(model, column, value)
            columns.append(
                ConflictColumn(
                    label=label,
                    held_then=shown_value(model, column, conflict.held.get(column))[1],
                    held_now=shown_value(model, column, now.get(column))[1],
                    incoming=incoming,
                )
            )
        shown.append(ConflictShown(conflict, now.get("version") or 0, columns))
    return shown
