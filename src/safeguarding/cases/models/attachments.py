from django.conf import settings
from django.db import models
from django.db.models import Q


class Attachment(models.Model):
    """A file attached to a case, or to one entry of it (a statement, a photograph of an injury,
    a letter). The bytes live under settings.ATTACHMENTS_ROOT by `stored_name`, never under a
    served folder; the original name is kept for the download only."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="attachments")
    # Entries are many tables: the entry is named by its kind (cases.timeline.entry_kind) and id.
    entry_kind = models.CharField(max_length=32, blank=True)
    entry_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(entry_kind="") & Q(entry_id__isnull=True))
                | (~Q(entry_kind="") & Q(entry_id__isnull=False)),
                name="attachment_entry_named_whole",
            ),
        ]
        indexes = [models.Index(fields=["case", "entry_kind", "entry_id"], name="attachment_case_entry_idx")]

    def __str__(self) -> str:
        return self.title
