"""A published inspection report, held as the structure read from it.

Identity (what makes a re-import the same report): the kind plus a fingerprint of the content
that every extraction of the report shares. For a force report that is the force and its
recommendation texts; for a thematic report its title and Table 2. Cover dates are not part of
it, because one extraction can miss the cover (seeds 000 and 001 are one report, 001 without
its cover page); a re-import that carries dates the stored report lacks fills them in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguarding.inspections.vocabulary import (
    AssessmentScope,
    Assessor,
    FindingCategory,
    GradeScale,
    ReportKind,
    ReportType,
)


class InspectionReport(models.Model):
    kind = models.CharField(max_length=16, choices=ReportKind.choices)
    force = models.CharField(max_length=200, blank=True, help_text="Blank for a thematic report.")
    title = models.CharField(max_length=300, blank=True)
    inspection_start = models.DateField(null=True, blank=True)
    inspection_end = models.DateField(null=True, blank=True)
    published = models.DateField(
        null=True, blank=True, help_text="First day of the month of publication (reports give a month only)."
    )
    source_file_name = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the content every extraction shares.")
    structured = models.JSONField(help_text="The structure as read from the report.")
    report_type = models.CharField(max_length=24, choices=ReportType.choices, default=ReportType.INSPECTION)
    scale = models.CharField(max_length=16, choices=GradeScale.choices, blank=True)
    reviews = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_by",
        help_text="For a post-inspection review or re-inspection: the inspection it follows up.",
    )
    warnings = models.JSONField(default=list, help_text="What the importer could not read, said out loud.")
    corrections = models.JSONField(
        default=list, help_text="What a person corrected at import: field, read, corrected, by, at."
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published", "force", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "fingerprint"], name="inspection_report_unique_content"),
            models.CheckConstraint(
                condition=Q(kind=ReportKind.THEMATIC) | ~Q(force=""), name="inspection_report_force_named"
            ),
            models.CheckConstraint(
                condition=Q(inspection_start__isnull=True)
                | Q(inspection_end__isnull=True)
                | Q(inspection_end__gte=models.F("inspection_start")),
                name="inspection_report_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.published:%B %Y}" if self.published else "publication date unknown"
        return f"{self.force or self.title} ({when})"

    @property
    def is_force_report(self) -> bool:
        return self.kind == ReportKind.FORCE


class CaseAssessment(models.Model):
    """Grades one assessor gave one sample of cases. A figure the report does not state is null."""

    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="case_assessments")
    position = models.PositiveSmallIntegerField()
    assessor = models.CharField(max_length=16, choices=Assessor.choices)
    scope = models.CharField(max_length=16, choices=AssessmentScope.choices)
    cases = models.PositiveIntegerField(null=True, blank=True)
    good = models.PositiveIntegerField(null=True, blank=True)
    adequate = models.PositiveIntegerField(null=True, blank=True)
    requires_improvement = models.PositiveIntegerField(null=True, blank=True)
    inadequate = models.PositiveIntegerField(null=True, blank=True)
    scale = models.CharField(max_length=16, choices=GradeScale.choices, blank=True)
    combined = models.JSONField(
        default=list,
        help_text='Counts given for two grades together: [{"grades": [...], "count": N, "of": M}].',
    )
    shares = models.JSONField(
        default=dict, help_text="Percentages given without counts, per grade (never made counts)."
    )
    source = models.TextField(blank=True, help_text="The sentence the figures were read from.")

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="case_assessment_unique_position")
        ]

    @property
    def graded(self) -> int | None:
        """The sum of the four grades as printed (it need not equal `cases`), or None if one is unknown."""
        counts = [self.good, self.adequate, self.requires_improvement, self.inadequate]
        return None if None in counts else sum(counts)


class CaseTypeCount(models.Model):
    """A row of Annex A's table: the type of case as the report names it, and how many."""

    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="case_types")
    position = models.PositiveSmallIntegerField()
    case_type = models.CharField(max_length=300)
    cases = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "case_type"], name="case_type_count_unique")]


class ThematicForceGrades(models.Model):
    """A row of the thematic report's Table 2 (three-point scale); "Not recorded" rows are all null."""

    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="force_grades")
    position = models.PositiveSmallIntegerField()
    force_label = models.CharField(max_length=100)
    is_total = models.BooleanField(default=False)
    good = models.PositiveIntegerField(null=True, blank=True)
    adequate = models.PositiveIntegerField(null=True, blank=True)
    inadequate = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "force_label"], name="thematic_force_grades_unique")
        ]


class FrequentRecommendation(models.Model):
    """An item of the thematic report's annex of most frequent recommendations."""

    report = models.ForeignKey(
        InspectionReport, on_delete=models.CASCADE, related_name="frequent_recommendations"
    )
    position = models.PositiveSmallIntegerField()
    theme = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    forces = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Only when the annex says.")
    standards = models.JSONField(default=list, help_text="Practice standards suggested from its text.")

    class Meta:
        ordering = ["report", "position"]


class TopicGrade(models.Model):
    """A graded topic (2024 framework): a grade for an area of work, not a count of cases."""

    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="topic_grades")
    position = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=100)
    grade = models.CharField(max_length=24)
    scale = models.CharField(max_length=16, choices=GradeScale.choices, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "topic"], name="topic_grade_unique")]


class ReportFinding(models.Model):
    """A cause of concern or an area for improvement, with the recommendations that answer it."""

    report = models.ForeignKey(InspectionReport, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=24, choices=FindingCategory.choices)
    text = models.TextField()
    timescale = models.CharField(max_length=16, blank=True)
    standards = models.JSONField(default=list)
    recommendation_numbers = models.JSONField(default=list)

    class Meta:
        ordering = ["report", "category", "position"]
