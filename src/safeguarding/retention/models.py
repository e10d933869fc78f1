"""Retention under MoPI (issue 23): each person's review, the decisions taken at review, and the
disposals, whose row outlives the person as a tombstone with no personal data (ADR 0018)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguarding.retention.mopi import RetentionGroup


class RetentionReview(models.Model):
    """When a person's records (they are the subject) next come up for review, and why.
    Computed by `reviews_compute` from their cases and flags; a decision to retain sets the next
    review itself (`decided_review_on`), which later recomputation keeps."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="retention_review")
    group = models.PositiveSmallIntegerField(choices=RetentionGroup.choices)
    grounds = models.CharField(max_length=200, help_text="Case types and flags that set the group (codes).")
    clear_from = models.DateField(help_text="The last involvement the clear period runs from.")
    review_due = models.DateField()
    retain_until = models.DateField(null=True, blank=True, help_text="Group 1: the subject's 100th birthday.")
    decided_review_on = models.DateField(
        null=True, blank=True, help_text="The next review set by the last retain decision."
    )
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            # the worklist: reviews due by a day, oldest first
            models.Index(fields=["review_due"], name="retention_review_due_idx"),
        ]

    def __str__(self) -> str:
        return f"review of person {self.person_id} due {self.review_due}"


class Decision(models.TextChoices):
    RETAIN = "retain", "Retain"
    PROPOSE_DISPOSAL = "propose_disposal", "Disposal proposed"


class RetentionDecision(models.Model):
    """A decision taken at review (every retain-after-review is recorded, as MoPI asks). The
    reason may name the person, so it goes with them on disposal (cascade)."""

    review = models.ForeignKey(RetentionReview, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=24, choices=Decision.choices)
    reason = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="retain") | Q(next_review_on__isnull=False),
                name="retention_retain_has_next_review",
            ),
        ]


class DisposalState(models.TextChoices):
    PROPOSED = "proposed", "Awaiting a second person's approval"
    DISPOSED = "disposed", "Disposed"
    REFUSED = "refused", "Refused: retained"


class Disposal(models.Model):
    """A proposed disposal of a person's records and, once approved and carried out, its
    tombstone: a reference, the group, the dates and who proposed and approved, with counts of
    what was removed. No personal data: the person is named by their former id only (as the
    access log names an object), the proposer's reason is cleared when the disposal is done, and
    the counts are per record type. Users are foreign keys: staff are deactivated, never deleted."""

    person_id = models.BigIntegerField(help_text="The disposed person's former record number.")
    district = models.ForeignKey("force.District", on_delete=models.PROTECT, related_name="+")
    group = models.PositiveSmallIntegerField(choices=RetentionGroup.choices)
    review_due = models.DateField()
    state = models.CharField(max_length=16, choices=DisposalState.choices, default=DisposalState.PROPOSED)
    reason = models.TextField(blank=True, help_text="The proposer's reason; cleared when disposed.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    removed = models.JSONField(default=dict, blank=True, help_text="Rows removed, per record type.")
    # Access events about the person, by id, whose personal fields are still to be erased (ADR 0004:
    # only the table's owner may, so this waits for `retention-review --erase-log` where the
    # application runs under its own role).
    log_events_pending = models.JSONField(default=list, blank=True)
    log_events_erased = models.PositiveIntegerField(default=0)
    log_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_id"], condition=Q(state="proposed"), name="disposal_one_proposed_per_person"
            ),
            models.CheckConstraint(
                condition=Q(state="proposed") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="disposal_decided_whole",
            ),
            models.CheckConstraint(
                condition=~Q(state="disposed") | Q(reason=""), name="disposal_tombstone_has_no_reason"
            ),
        ]
        indexes = [
            # the unit's list of proposals awaiting approval
            models.Index(fields=["state", "proposed_at"], name="disposal_state_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"DSP-{self.pk:06d}" if self.pk else "DSP-new"
