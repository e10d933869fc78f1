"""Import batches and the uncertain-match review queue (the previous versions an import replaced
are kept with every other change's, in records.RecordVersion: ADR 0012).

Actors are stored as id and username text (like the access log), so removing a user never
removes the record of what their import did.
"""

from django.db import models
from django.db.models import Q


class BatchStatus(models.TextChoices):
    LOADED = "loaded", "Loaded"
    REJECTED = "rejected", "Rejected: nothing loaded"


class ImportBatch(models.Model):
    started_at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150)
    source_system = models.CharField(max_length=32)
    files = models.JSONField(default=list, help_text="File names in the extract.")
    status = models.CharField(max_length=16, choices=BatchStatus.choices)
    skip_invalid = models.BooleanField(default=False)
    counts = models.JSONField(
        default=dict, help_text="inserted/updated/unchanged/rejected/review, per entity."
    )
    # file, line, column, reason: reasons quote the bad value, so this stays in the database
    # (never in application logs).
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} from {self.source_system} ({self.get_status_display()})"

    @property
    def totals(self) -> dict[str, int]:
        entities = self.counts.get("entities", {}).values()
        keys = ("inserted", "updated", "unchanged", "rejected", "review")
        return {key: sum(entity.get(key, 0) for entity in entities) for key in keys}


class PersonLink(models.Model):
    """A source system's reference for a person already held under another reference.

    Made when a reviewer confirms a match, or when an import's match is certain; later imports
    resolve the reference here.
    """

    source_system = models.CharField(max_length=32)
    source_reference = models.CharField(max_length=64)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="exchange_links")
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by_username = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_reference"], name="person_link_unique_source"
            )
        ]


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    CONFIRMED = "confirmed", "Confirmed as the same person"
    CREATED = "created", "Created as a new person"


class MatchReview(models.Model):
    """An incoming person who may be someone already held: a person decides, never the import."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="reviews")
    source_system = models.CharField(max_length=32)
    source_reference = models.CharField(max_length=64)
    incoming = models.JSONField(help_text="The incoming row's values, as the exchange format has them.")
    candidate = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    confidence = models.FloatField()
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_username = models.CharField(max_length=150, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-confidence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_reference"],
                condition=Q(status="pending"),
                name="match_review_one_pending_per_source",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False) & Q(person__isnull=False)),
                name="match_review_decided_has_time_and_person",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="match_review_confidence_0_1"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="match_review_status_idx")]

    @property
    def incoming_name(self) -> str:
        data = self.incoming
        return " ".join(p for p in (data.get("forename"), data.get("middle_names"), data.get("surname")) if p)


class ConflictStatus(models.TextChoices):
    PENDING = "pending", "Awaiting a decision"
    APPLIED = "applied", "The source system's values applied"
    KEPT = "kept", "The values held here kept"


class ImportConflict(models.Model):
    """An imported change to a record someone here changed since an import last wrote it (an
    officer's correction, say). The import does not overwrite it: a person decides which values
    stand (issue 17). Only the columns whose values differ are kept, as the extract had them and
    as they were held when the import met the record."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="conflicts")
    entity = models.CharField(max_length=48, help_text="The exchange format's entity (people, incidents...).")
    record_type = models.CharField(max_length=32, help_text="As the access log and history name it.")
    object_id = models.BigIntegerField()
    district = models.ForeignKey("force.District", null=True, on_delete=models.PROTECT, related_name="+")
    seen_version = models.PositiveIntegerField(help_text="The record's version when the import met it.")
    incoming = models.JSONField(help_text="{column: value} as the extract had them.")
    held = models.JSONField(help_text="{column: value} as held here when the import met the record.")
    changed_by_username = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(null=True)
    changed_via = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=ConflictStatus.choices, default=ConflictStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_username = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "object_id"],
                condition=Q(status="pending"),
                name="import_conflict_one_pending_per_record",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="import_conflict_decided_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["record_type", "object_id"], name="import_conflict_record_idx"),
            models.Index(fields=["status"], name="import_conflict_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Import conflict on {self.record_type} {self.object_id}"
