"""Stage entries: everything recorded on a case. Each records when the event happened
(`occurred_at`) separately from when it was put on the record (`recorded_at`): the gap is
the TIMELY_RECORD standard."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone

from safeguarding.cases.vocabulary import (
    AccommodationAnswer,
    CaseNoteKind,
    ChargingDecision,
    Demeanour,
    DevicePriority,
    IncidentKind,
    InvestigationStepKind,
    MeetingKind,
    NotAbleReason,
    OffenceCategory,
    OffenderRisk,
    OrderDecision,
    OrderKind,
    OutcomeCategory,
    PlaceOfSafety,
    PpnGrade,
    ReferralAgency,
    ReferralOutcome,
    RiskGrade,
    RiskTool,
    Stage,
    ViewTheme,
    YesNoNa,
)
from safeguarding.wording import counted


class CaseEntry(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="%(class)s_entries")
    # The child the entry is about, where it is about one child; otherwise it concerns the case.
    child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="%(class)s_entries"
    )
    occurred_at = models.DateTimeField(help_text="When it happened.")
    recorded_at = models.DateTimeField(default=timezone.now, help_text="When it was put on the record.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_reference = models.CharField(max_length=64, blank=True)
    # Bumped by every change (records/history.py): a save from a stale form or ETag is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    # For the API's incremental sync (?updated_since=, ADR 0015).
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    stage: Stage = Stage.INITIAL_CONTACT
    child_required = False

    class Meta:
        abstract = True
        ordering = ["occurred_at", "id"]

    def timeline_title(self) -> str:
        return str(self._meta.verbose_name).capitalize()

    def timeline_detail(self) -> str:
        return ""

    def timeline_text(self) -> str:
        """Words written on the record (the child's views, what was seen, notes): shown in full on
        the timeline, folded when long, so nobody has to open the edit form to read them."""
        return ""


class Incident(CaseEntry):
    kind = models.CharField(max_length=32, choices=IncidentKind.choices)
    address = models.ForeignKey(
        "people.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attended_at = models.DateTimeField(null=True, blank=True)
    # What the caller reported. The children present are the children on the case (CaseParticipant,
    # CHILD_ROLES): the standards judge those, and the case page shows a mismatch with this number.
    children_present = models.PositiveSmallIntegerField(
        default=0,
        verbose_name="children reported present",
        help_text="How many children the caller reported; add each child present to the case.",
    )
    ppn_grade = models.CharField(max_length=8, choices=PpnGrade.choices, blank=True)
    description = models.TextField(blank=True)

    stage = Stage.INITIAL_CONTACT

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(attended_at__gte=F("occurred_at")),
                name="incident_attended_after_report",
            )
        ]
        indexes = [
            # CUMULATIVE_RISK and first contact: DA incidents at an address in 12 months
            models.Index(fields=["address", "kind", "occurred_at"], name="incident_address_kind_idx"),
        ]

    def timeline_title(self) -> str:
        return f"Incident: {self.get_kind_display()}"

    def timeline_text(self) -> str:
        return self.description

    def timeline_detail(self) -> str:
        parts = [f"Caller reported {counted(self.children_present, 'child', 'children')} present"]
        if self.ppn_grade:
            parts.append(f"PPN {self.get_ppn_grade_display()}")
        return "; ".join(parts)


class RiskAssessment(CaseEntry):
    tool = models.CharField(max_length=16, choices=RiskTool.choices)
    tool_version = models.CharField(max_length=16, blank=True)
    grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    yes_answers = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="DASH: questions answered yes."
    )
    rationale = models.TextField(blank=True)
    supervisor_reviewed_at = models.DateTimeField(null=True, blank=True)

    stage = Stage.ASSESSMENT

    class Meta(CaseEntry.Meta):
        pass

    def timeline_title(self) -> str:
        return f"Risk assessment ({self.get_tool_display()}): {self.get_grade_display()}"


class Referral(CaseEntry):
    """Referral to children's social care (occurred_at = when it was submitted)."""

    concern_at = models.DateTimeField(help_text="When the concern for the child arose.")
    agency = models.CharField(max_length=16, choices=ReferralAgency.choices, default=ReferralAgency.CSC)
    outcome = models.CharField(max_length=16, choices=ReferralOutcome.choices, blank=True)
    outcome_received_at = models.DateTimeField(null=True, blank=True)

    stage = Stage.ASSESSMENT

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_received_at__isnull=False),
                name="referral_outcome_has_date",
            )
        ]

    def timeline_title(self) -> str:
        return f"Referral to {self.get_agency_display()}"

    def timeline_detail(self) -> str:
        return f"Outcome: {self.get_outcome_display()}" if self.outcome else "Outcome not yet known"


class StrategyDiscussion(CaseEntry):
    """occurred_at = when it was held."""

    harm_suspected_at = models.DateTimeField(help_text="When significant harm was first suspected.")
    decisions = models.TextField(blank=True)
    decisions_recorded_at = models.DateTimeField(null=True, blank=True)
    agencies = models.CharField(max_length=200, blank=True)

    stage = Stage.ASSESSMENT

    class Meta(CaseEntry.Meta):
        pass

    def timeline_text(self) -> str:
        return self.decisions


class Meeting(CaseEntry):
    """A conference or MARAC (occurred_at = the meeting)."""

    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    invited_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    report_submitted = models.BooleanField(default=False)
    non_attendance_reason = models.CharField(max_length=300, blank=True)
    history_shared_at = models.DateTimeField(
        null=True, blank=True, help_text="MARAC: history of abuse and number of children shared."
    )
    children_count_shared = models.PositiveSmallIntegerField(null=True, blank=True)

    stage = Stage.ASSESSMENT

    class Meta(CaseEntry.Meta):
        pass

    def timeline_title(self) -> str:
        return self.get_kind_display()

    def timeline_detail(self) -> str:
        if self.attended is None:
            return "Attendance not recorded"
        return (
            "Police attended"
            if self.attended
            else f"Police did not attend: {self.non_attendance_reason or '-'}"
        )


class Investigation(CaseEntry):
    """occurred_at = when the investigation was opened."""

    offence_category = models.CharField(max_length=16, choices=OffenceCategory.choices)
    allocated_at = models.DateTimeField(null=True, blank=True)
    team = models.ForeignKey("force.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investigations",
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    stage = Stage.INVESTIGATION

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("occurred_at")),
                name="investigation_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_offence_category_display()} investigation opened {self.occurred_at:%d %b %Y}"

    def timeline_title(self) -> str:
        return f"Investigation opened: {self.get_offence_category_display()}"


class InvestigationStep(CaseEntry):
    """A milestone of an investigation: updates, reviews, interviews, arrest, bail, forensics, CPS."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=24, choices=InvestigationStepKind.choices)
    details = models.TextField(blank=True)
    device_priority = models.CharField(max_length=10, choices=DevicePriority.choices, blank=True)
    bail_conditions = models.TextField(blank=True)
    bail_until = models.DateField(null=True, blank=True)
    protected_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="protected_by_bail"
    )
    charging_decision = models.CharField(max_length=20, choices=ChargingDecision.choices, blank=True)

    stage = Stage.INVESTIGATION

    class Meta(CaseEntry.Meta):
        indexes = [
            # DRIFT / SUPERVISION: latest step of each investigation
            models.Index(fields=["investigation", "kind", "occurred_at"], name="step_investigation_kind_idx"),
        ]

    def timeline_title(self) -> str:
        return self.get_kind_display()

    def timeline_detail(self) -> str:
        if self.kind == InvestigationStepKind.BAIL and self.bail_until:
            return f"Bail until {self.bail_until:%d %b %Y}: {self.bail_conditions}"
        if self.kind == InvestigationStepKind.CPS_DECISION:
            return self.get_charging_decision_display()
        return self.details[:120]


class PoliceProtection(CaseEntry):
    """Police protection under Children Act 1989 s46 (occurred_at = when it began)."""

    ended_at = models.DateTimeField(null=True, blank=True)
    designated_officer = models.CharField(max_length=100, blank=True)
    local_authority_informed_at = models.DateTimeField(null=True, blank=True)
    parents_informed_at = models.DateTimeField(null=True, blank=True)
    wishes_sought = models.BooleanField(default=False)
    wishes = models.TextField(blank=True)

    stage = Stage.DECISION_MAKING
    child_required = True

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("occurred_at")),
                name="police_protection_ends_after_start",
            )
        ]


class CustodyDetention(CaseEntry):
    """A child detained in police custody (occurred_at = arrival at the custody suite)."""

    offence = models.CharField(max_length=200)
    detention_authorised_at = models.DateTimeField(null=True, blank=True)
    minor_offence_against_family = models.BooleanField(default=False)
    behaviour_in_childrens_home = models.BooleanField(default=False)
    under_s136 = models.BooleanField(default=False, help_text="Detained under s136 Mental Health Act.")
    place_of_safety = models.CharField(max_length=16, choices=PlaceOfSafety.choices, blank=True)
    charged_at = models.DateTimeField(null=True, blank=True)
    bail_refused = models.BooleanField(default=False)
    accommodation_likely_at = models.DateTimeField(
        null=True, blank=True, help_text="When it became likely the child would be charged and refused bail."
    )
    accommodation_requested_at = models.DateTimeField(null=True, blank=True)
    accommodation_answer = models.CharField(max_length=16, choices=AccommodationAnswer.choices, blank=True)
    secure_requested = models.BooleanField(default=False)
    secure_reason = models.TextField(blank=True)
    risk_of_serious_harm_to_public = models.BooleanField(default=False)
    transferred_to_local_authority = models.BooleanField(default=False)
    pace_certificate = models.BooleanField(default=False, help_text="PACE s38(6) certificate completed.")
    appropriate_adult_requested_at = models.DateTimeField(null=True, blank=True)
    appropriate_adult_arrived_at = models.DateTimeField(null=True, blank=True)
    food_and_drink_offered = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)

    stage = Stage.DETENTION
    child_required = True

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(released_at__gte=F("occurred_at")),
                name="detention_released_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(appropriate_adult_arrived_at__isnull=True)
                | Q(appropriate_adult_requested_at__isnull=False),
                name="detention_adult_arrived_after_request",
            ),
        ]

    def hours_held(self) -> float | None:
        if self.released_at is None:
            return None
        return round((self.released_at - self.occurred_at).total_seconds() / 3600, 1)

    def timeline_title(self) -> str:
        return f"Custody detention: {self.offence}"

    def timeline_detail(self) -> str:
        hours = self.hours_held()
        return f"Held {hours} h" if hours is not None else "Still detained"


class DetentionReview(CaseEntry):
    """A PACE s40 review of a child's detention."""

    detention = models.ForeignKey(CustodyDetention, on_delete=models.PROTECT, related_name="reviews")

    stage = Stage.DETENTION

    class Meta(CaseEntry.Meta):
        indexes = [models.Index(fields=["detention", "occurred_at"], name="detention_review_idx")]


class MissingEpisode(CaseEntry):
    """A child missing from home or care (occurred_at = when reported missing)."""

    last_seen_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    risk_grade = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            (g.value, g.label)
            for g in (RiskGrade.NO_APPARENT_RISK, RiskGrade.LOW, RiskGrade.MEDIUM, RiskGrade.HIGH)
        ],
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    supervisor_reviewed_at = models.DateTimeField(null=True, blank=True)
    pnc_entered_at = models.DateTimeField(
        null=True, blank=True, help_text="Entered on the national computer."
    )
    safe_and_well_at = models.DateTimeField(null=True, blank=True)
    return_interview_at = models.DateTimeField(null=True, blank=True)
    info_to_social_care_at = models.DateTimeField(null=True, blank=True)
    seen_alone = models.CharField(max_length=16, choices=YesNoNa.choices, blank=True)
    seen_alone_reason = models.CharField(max_length=300, blank=True)

    stage = Stage.INITIAL_CONTACT
    child_required = True

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("occurred_at")),
                name="missing_returned_after_reported",
            ),
            models.CheckConstraint(
                condition=Q(risk_grade="") | Q(graded_at__isnull=False), name="missing_grade_has_time"
            ),
        ]
        indexes = [
            # first contact: missing count for a child; MISSING_RISK repeat rule
            models.Index(fields=["child", "occurred_at"], name="missing_child_time_idx"),
        ]

    def timeline_title(self) -> str:
        grade = self.get_risk_grade_display() if self.risk_grade else "not graded"
        return f"Missing episode ({grade})"

    def timeline_detail(self) -> str:
        return f"Returned {self.returned_at:%d %b %Y %H:%M}" if self.returned_at else "Not yet returned"


class OffenderManagement(CaseEntry):
    """Management of a registered sex offender (child = None; the subject is an adult)."""

    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="offender_management")
    risk_level = models.CharField(max_length=16, choices=OffenderRisk.choices)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_offenders",
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    stage = Stage.MANAGING_RISK

    class Meta(CaseEntry.Meta):
        pass

    def timeline_title(self) -> str:
        return f"Offender management ({self.get_risk_level_display()} risk)"


class OffenderVisit(CaseEntry):
    management = models.ForeignKey(OffenderManagement, on_delete=models.PROTECT, related_name="visits")
    is_review = models.BooleanField(default=False, help_text="A risk management review, not only a visit.")
    notes = models.TextField(blank=True)

    stage = Stage.MANAGING_RISK

    class Meta(CaseEntry.Meta):
        indexes = [models.Index(fields=["management", "occurred_at"], name="offender_visit_idx")]


class ProtectiveOrder(CaseEntry):
    """CAWN and civil orders: the decision is recorded whether or not one is served."""

    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    subject = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="orders_against"
    )
    decision = models.CharField(max_length=24, choices=OrderDecision.choices)
    reason = models.TextField(blank=True)
    expires_on = models.DateField(null=True, blank=True)

    stage = Stage.MANAGING_RISK

    class Meta(CaseEntry.Meta):
        pass

    def timeline_title(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_display()}"


class DemeanourRecord(CaseEntry):
    """What the officer saw of the child: demeanour, and whether seen and spoken to alone."""

    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="demeanours"
    )
    demeanour = models.CharField(max_length=16, choices=Demeanour.choices)
    description = models.TextField(blank=True)
    seen_alone = models.CharField(max_length=16, choices=YesNoNa.choices)
    seen_alone_reason = models.CharField(max_length=300, blank=True)

    stage = Stage.INITIAL_CONTACT
    child_required = True

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(seen_alone=YesNoNa.YES) | ~Q(seen_alone_reason=""),
                name="demeanour_not_alone_has_reason",
            )
        ]

    def timeline_title(self) -> str:
        return f"Demeanour: {self.get_demeanour_display()}"

    def timeline_detail(self) -> str:
        if self.seen_alone_reason:
            return f"Seen alone: {self.get_seen_alone_display()} ({self.seen_alone_reason})"
        return f"Seen alone: {self.get_seen_alone_display()}"

    def timeline_text(self) -> str:
        return self.description


class ChildView(CaseEntry):
    """The child's views and concerns, in their words and as structured themes."""

    views = models.TextField(blank=True)
    themes = models.JSONField(default=list, blank=True)
    not_able_reason = models.CharField(max_length=16, choices=NotAbleReason.choices, blank=True)

    stage = Stage.TRUSTED_ADULT
    child_required = True

    class Meta(CaseEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(views="") | ~Q(not_able_reason=""), name="child_view_has_views_or_reason"
            )
        ]

    def timeline_title(self) -> str:
        return "Child's views recorded" if not self.not_able_reason else self.get_not_able_reason_display()

    def timeline_detail(self) -> str:
        labels = dict(ViewTheme.choices)
        return "; ".join(labels.get(theme, theme) for theme in self.themes or [])

    def timeline_text(self) -> str:
        return self.views


class InformedOfDecision(CaseEntry):
    decision = models.CharField(max_length=300)
    method = models.CharField(max_length=100, blank=True)

    stage = Stage.TRUSTED_ADULT
    child_required = True

    class Meta(CaseEntry.Meta):
        pass

    def timeline_title(self) -> str:
        return "Child informed of a decision"

    def timeline_detail(self) -> str:
        return self.decision


class ChildOutcome(CaseEntry):
    """The outcome for the child at the end of police involvement."""

    category = models.CharField(max_length=24, choices=OutcomeCategory.choices)
    details = models.TextField(blank=True)

    stage = Stage.TRUSTED_ADULT
    child_required = True

    class Meta(CaseEntry.Meta):
        constraints = [
            models.UniqueConstraint(fields=["case", "child"], name="outcome_one_per_child_per_case"),
        ]

    def timeline_title(self) -> str:
        return f"Outcome: {self.get_category_display()}"


class CaseNote(CaseEntry):
    kind = models.CharField(max_length=16, choices=CaseNoteKind.choices)
    text = models.TextField()

    stage = Stage.DECISION_MAKING

    class Meta(CaseEntry.Meta):
        indexes = [models.Index(fields=["case", "kind"], name="note_case_kind_idx")]

    def timeline_title(self) -> str:
        return self.get_kind_display()

    def timeline_text(self) -> str:
        return self.text
