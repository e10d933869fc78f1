"""Previous versions of records: what a record said before each change, who changed it, when
and through which door (page, API, import). Written by the services and, set-based, by the bulk
loader (records/history.py); never by signals, which the loader's COPY would miss. ADR 0012."""

from django.db import models


class RecordVersion(models.Model):
    """A record's values at `version`, kept when a change replaced them.

    Actors are kept as id and username text (like the access log), so removing a user never
    removes the record of what they changed. The import batch is kept by id: the exchange app
    sits above this one."""

    entity = models.CharField(max_length=32, help_text="The record type, as the access log names it.")
    object_id = models.BigIntegerField()
    version = models.PositiveIntegerField(help_text="The version these values were.")
    previous = models.JSONField(help_text="Every stored column of the record before the change.")
    replaced_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    via = models.CharField(max_length=16, blank=True, help_text="page, api, import or command.")
    batch_id = models.BigIntegerField(null=True, blank=True, help_text="The import batch, for imports.")

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [
            # "what did this record look like before": history of one record
            models.Index(fields=["entity", "object_id", "version"], name="record_version_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.object_id} v{self.version}"
