"""A recommendation as a tracked commitment: due date, owner, action plan, evidence, notes,
status with its dated history, and the practice standards that show whether it worked."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeguarding.inspections.evidence import validate_evidence_file
from safeguarding.inspections.vocabulary import STILL_OPEN, RecommendationStatus, tracker_status


class Recommendation(models.Model):
    report = models.ForeignKey(
        "inspections.InspectionReport", on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(help_text="Its place in the report's Recommendations chapter.")
    timescale = models.CharField(max_length=16, blank=True, help_text='"immediately", "3 months", ...')
    text = models.TextField()
    stage = models.CharField(max_length=64, blank=True, help_text="The journey stage it arose from.")
    suggested_standards = models.JSONField(default=list, help_text="Suggested from the text at import.")
    due_date = models.DateField(null=True, blank=True, help_text="Publication + timescale; null if unknown.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="recommendation_unique_number"),
        ]
        indexes = [
            # the tracker list: still-open recommendations by due date (overdue first)
            models.Index(fields=["status", "due_date"], name="recommendation_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number} ({self.timescale or 'no timescale'})"

    @property
    def tracker_status(self) -> str:
        return tracker_status(self.status).value

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in STILL_OPEN and self.due_date is not None and self.due_date < today

    @property
    def summary(self) -> str:
        """The first line, without the "We recommend that X" opening the report repeats each time."""
        return self.text.split("\n")[0]


class RecommendationStatusChange(models.Model):
    """The dated status history, as the inspectorate's tracker keeps it."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=RecommendationStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RecommendationStatus.choices)
    effective_on = models.DateField(help_text="When the status took effect (e.g. the review's date).")
    comment = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "effective_on", "recorded_at", "id"]

    @property
    def tracker_status(self) -> str:
        return tracker_status(self.to_status).value


class RecommendationAction(models.Model):
    """One dated step of the action plan."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    due = models.DateField()
    done_at = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "due", "id"]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.done_at is None and self.due < (today or timezone.localdate())


class RecommendationEvidence(models.Model):
    """A file showing what was done (an audit report, a policy, a data extract). Never personal data."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="inspections/evidence/%Y/%m/", validators=[validate_evidence_file])
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "uploaded_at", "id"]


class RecommendationNote(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "written_at", "id"]


class RecommendationStandard(models.Model):
    """A practice standard a recommendation concerns: suggested from its text, confirmed by a person.

    Only confirmed standards are shown as evidence of whether the recommendation worked.
    """

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="standards")
    standard_id = models.CharField(max_length=32)
    suggested = models.BooleanField(default=False, help_text="Suggested automatically from the text.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recommendation", "standard_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "standard_id"], name="recommendation_standard_unique"
            ),
            # A confirmation names who and when; a user later deleted leaves the time standing.
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | Q(confirmed_at__isnull=False),
                name="recommendation_standard_confirmer_has_time",
            ),
        ]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
