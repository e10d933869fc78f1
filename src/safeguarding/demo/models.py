from django.db import models

from safeguarding.audits.vocabulary import Grade


class DemoForceBuild(models.Model):
    """What the demo force in this database was generated with, so benchmarks can reuse it."""

    children = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    as_of = models.DateField(help_text="The reference date the generated dates lead up to.")
    built_at = models.DateTimeField()
    seconds = models.FloatField()
    rows = models.BigIntegerField()

    class Meta:
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"{self.children} children, seed {self.seed}, as of {self.as_of}"


class TruePracticeGrade(models.Model):
    """The grade the generator's own practice deserves, for every generated case (practice_truth.py
    says how it is decided). Only the estimator's simulation reads it: never shown to users, never
    a grade of record, and a real force has no such table."""

    # CASCADE, not PROTECT: a generator's by-product, never case data, must not stop a case going.
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=24, choices=Grade.choices)
    gaps = models.PositiveSmallIntegerField(help_text="Practice gaps the generator drew for the case.")
    serious_gaps = models.PositiveSmallIntegerField()
    unseen = models.CharField(max_length=8, help_text="The judgement no record shows: sound, weak or poor.")

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.grade} (generated truth)"
