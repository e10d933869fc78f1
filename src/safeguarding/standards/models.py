from django.conf import settings
from django.db import models
from django.db.models import Q


class State(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    NOT_YET_DUE = "not_yet_due", "Not yet due"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class StandardResult(models.Model):
    """The state of one practice standard on one case (and, for per-child standards, one child).

    Rows are replaced wholesale by the evaluator (full run: set-based; incremental: one case).
    District, team, case type and period are copied from the case so indicators aggregate this
    table alone, without joins.

    The foreign keys have no database constraint (db_constraint=False): the rows are derived,
    written only by the evaluator from rows it has just read, and millions are rewritten per
    run, where five referential checks per row cost more than the query that computes them.
    Deleting a case still removes its results (on_delete runs in Django).
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="standard_results", db_constraint=False
    )
    child = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    standard_id = models.CharField(max_length=32)
    state = models.CharField(max_length=16, choices=State.choices)
    due_at = models.DateTimeField(null=True, blank=True)
    # The record that satisfied or breached the standard (model label + id, as text).
    evidence_type = models.CharField(max_length=64, blank=True)
    evidence_id = models.CharField(max_length=32, blank=True)
    evidence_note = models.CharField(max_length=300, blank=True)
    # Copied from the case for aggregation.
    district = models.ForeignKey(
        "force.District", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    team = models.ForeignKey(
        "force.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    case_type = models.CharField(max_length=32)
    period = models.DateField(help_text="First day of the month the case was first reported.")
    # Who must act on a not-met or due-soon result (the worklist owner).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    evaluated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "standard_id", "child"],
                name="standard_result_unique_per_child",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=~Q(state="not_yet_due") | Q(due_at__isnull=False),
                name="standard_result_not_yet_due_has_due_date",
            ),
        ]
        indexes = [
            # indicators: compliance by standard, district and month
            models.Index(fields=["standard_id", "district", "period", "state"], name="result_indicator_idx"),
            # worklists: an owner's not-met and due-soon items by due date
            models.Index(fields=["owner", "state", "due_at"], name="result_worklist_idx"),
            # (case page and incremental re-evaluation use the unique constraint's index)
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} {self.state} on case {self.case_id}"


class WorkingDayOffset(models.Model):
    """Calendar days from `day` to the n-th working day after it (bank holidays excluded).

    A lookup table so that working-day deadlines are computed inside the set-based SQL of the
    standards (`deadline = moment + offset` for the moment's local date). Filled on demand by
    `standards.calendar.ensure_offsets` from the `holidays` library; rows never change.
    """

    day = models.DateField()
    working_days = models.PositiveSmallIntegerField()
    offset = models.DurationField()

    class Meta:
        constraints = [
            # the rules' lookup: (n, local date of the moment) -> offset
            models.UniqueConstraint(fields=["working_days", "day"], name="working_day_offset_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} + {self.working_days} working days"
