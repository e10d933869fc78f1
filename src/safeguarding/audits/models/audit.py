"""An audit, the cases in it, and the two sides' gradings of each case."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from safeguarding.audits.vocabulary import (
    SCALE_GRADES,
    AuditKind,
    AuditTheme,
    CaseScope,
    Grade,
    GradingScale,
    SampleDesign,
    Side,
    StageJudgement,
)
from safeguarding.cases.vocabulary import Stage


class Audit(models.Model):
    """A case audit: its scope, its sample (drawn with a stored seed) and its assigned auditors."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    theme = models.CharField(max_length=32, choices=AuditTheme.choices, blank=True)
    scale = models.CharField(max_length=16, choices=GradingScale.choices, default=GradingScale.FOUR_POINT)
    period_start = models.DateField(help_text="Cases first reported on or after this day.")
    period_end = models.DateField(help_text="Cases first reported on or before this day.")
    districts = models.ManyToManyField(
        "force.District", blank=True, related_name="audits", help_text="None chosen: the whole force."
    )
    # {case_type: number of cases}; the default is the Annex A mix of 33.
    quotas = models.JSONField(default=dict)
    sample_seed = models.BigIntegerField(help_text="Seed of the random draw, kept so it can be repeated.")
    design = models.CharField(max_length=10, choices=SampleDesign.choices, default=SampleDesign.QUOTAS)
    # The draw's record, kept because the population moves after it: {stratum: [cases in the
    # population, cases drawn]}; the force-wide estimate weights by these (stratum population /
    # sample). Strata are case types, or "case type:breach band" for a targeted audit.
    strata = models.JSONField(default=dict, blank=True)
    sampled_at = models.DateTimeField(null=True, blank=True)
    programme = models.ForeignKey(
        "audits.AuditProgramme", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    round_number = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="audits.AuditAssignment",
        through_fields=("audit", "auditor"),
        related_name="audits_assigned",
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=AuditKind.THEMED) & ~Q(theme=""))
                | (~Q(kind=AuditKind.THEMED) & Q(theme="")),
                name="audit_theme_iff_themed",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="audit_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(programme__isnull=True, round_number__isnull=True)
                | Q(programme__isnull=False, round_number__isnull=False),
                name="audit_programme_and_round_together",
            ),
            models.UniqueConstraint(
                fields=["programme", "round_number"], name="audit_unique_programme_round"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def grades(self) -> tuple[str, ...]:
        return SCALE_GRADES[self.scale]


class AuditAssignment(models.Model):
    """Who audits what: an auditor or inspector sees only the cases of audits they are assigned to."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="assignments")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "auditor"], name="assignment_unique_auditor"),
        ]
        indexes = [
            # audits_visible_to: the audits a user is assigned to
            models.Index(fields=["auditor", "audit"], name="assignment_auditor_idx"),
        ]


class AuditCase(models.Model):
    """One case in an audit: drawn in the sample, or added by hand with the reason why."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="audit_cases")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="audit_entries")
    scope = models.CharField(max_length=10, choices=CaseScope.choices, default=CaseScope.SAMPLE)
    added_by_hand = models.BooleanField(default=False)
    reason = models.TextField(blank=True, help_text="Why the case was added by hand.")
    # The drawn case's stratum and survey weight (stratum population / cases drawn from it); empty
    # for a case added by hand, which stands for no one but itself.
    stratum = models.CharField(max_length=48, blank=True)
    weight = models.FloatField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scope", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "case"], name="audit_case_unique"),
            models.CheckConstraint(
                condition=Q(added_by_hand=False) | ~Q(reason=""), name="audit_case_by_hand_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(stratum="", weight__isnull=True) | (~Q(stratum="") & Q(weight__gte=1)),
                name="audit_case_stratum_and_weight_together",
            ),
        ]
        indexes = [
            # audit page and report: the cases of an audit by scope
            models.Index(fields=["audit", "scope"], name="audit_case_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"Audit {self.audit_id} case {self.case_id} ({self.scope})"


class CaseGrading(models.Model):
    """One side's judgement of one audit case: per stage, then overall. Locked once submitted."""

    audit_case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="gradings")
    side = models.CharField(max_length=10, choices=Side.choices)
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    overall_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    overall_finding = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_case", "side"], name="grading_one_per_side"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(overall_grade=""),
                name="grading_submitted_has_grade",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side} grading of audit case {self.audit_case_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class StageFinding(models.Model):
    grading = models.ForeignKey(CaseGrading, on_delete=models.CASCADE, related_name="stage_findings")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    judgement = models.CharField(max_length=24, choices=StageJudgement.choices, blank=True)
    finding = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["grading", "stage"], name="stage_finding_one_per_stage"),
        ]
