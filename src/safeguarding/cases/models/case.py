from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from safeguarding.cases.vocabulary import CaseType, ParticipantRole


class Case(models.Model):
    """A case of one of the nine audited types, owned by a district and team."""

    reference = models.CharField(max_length=32, unique=True)
    case_type = models.CharField(max_length=32, choices=CaseType.choices)
    district = models.ForeignKey("force.District", on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        "force.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    officer_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_in_charge",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_supervised",
    )
    first_reported_at = models.DateTimeField(help_text="When the first report or call was received.")
    significant_harm_suspected = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    source_system = models.CharField(max_length=32, blank=True)
    source_reference = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # For the API's incremental sync (?updated_since=, ADR 0015).
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    people = models.ManyToManyField("people.Person", through="CaseParticipant", related_name="cases")
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["-first_reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("first_reported_at")),
                name="case_closed_after_reported",
            ),
        ]
        indexes = [
            # worklists and indicators: cases of a district by type and period
            models.Index(
                fields=["district", "case_type", "first_reported_at"], name="case_district_type_idx"
            ),
            models.Index(fields=["officer_in_charge", "closed_at"], name="case_officer_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_case_type_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ClosureStatus(models.TextChoices):
    PENDING = "pending", "Awaiting the supervisor's sign-off"
    APPROVED = "approved", "Signed off: case closed"
    RETURNED = "returned", "Returned by the supervisor"


class ClosureRequest(models.Model):
    """An officer asks to close a case with its outcome; a supervisor signs it off (the case
    closes) or returns it with a reason. Kept, decided or not: who asked, who decided and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closure_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    outcome = models.TextField(
        help_text="The outcome of the case, as the officer asking to close it states it."
    )
    status = models.CharField(max_length=16, choices=ClosureStatus.choices, default=ClosureStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="closure_one_pending_per_case"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="closure_return_has_reason"
            ),
        ]


class CaseParticipant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(max_length=16, choices=ParticipantRole.choices)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="participant_unique_role"),
        ]
        indexes = [
            # child page: every case a person is in
            models.Index(fields=["person", "case"], name="participant_person_idx"),
        ]
