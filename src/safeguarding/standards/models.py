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

    The foreign keys have no database constraint (db_constraint=False) and, but for the case,
    no index of their own: the rows are derived, written only by the evaluator from rows it
    has just read, and the full run rewrites millions of them, where referential checks and
    five more indexes cost more than the query that computes them. Deleting a case still
    removes its results (on_delete runs in Django; the unique constraint's index starts with
    the case).

    `actionable` says the result belongs on somebody's worklist: not met or not yet due, and a
    record can still put it right (the case is open, or the standard can be met after closure;
    a standard whose only failure was lateness is done once the late record is on file). The
    evaluator decides it once (`engine.ACTIONABLE_SQL`), so worklists read a small partial
    index rather than judging millions of rows per request.
    """

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="standard_results",
        db_constraint=False,
        db_index=False,
    )
    child = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
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
        "force.District", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    team = models.ForeignKey(
        "force.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
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
        db_index=False,
    )
    evaluated_at = models.DateTimeField()
    actionable = models.BooleanField(default=False)

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
            # worklist_for(scope=mine): an officer's items by due date
            models.Index(
                fields=["owner", "due_at"], condition=Q(actionable=True), name="result_worklist_idx"
            ),
            # worklist_for(scope=team): a supervisor's districts' items by due date
            models.Index(
                fields=["district", "due_at"], condition=Q(actionable=True), name="result_team_worklist_idx"
            ),
            # worklist_for(scope=team), most urgent first: each (district, state, standard) class's
            # items by due date, read a few at a time (selectors._most_urgent_by_class); the
            # included columns let the page's filters and count skip the table on PostgreSQL
            models.Index(
                fields=["district", "state", "standard_id", "due_at", "id"],
                include=["owner", "team", "case_type"],
                condition=Q(actionable=True),
                name="result_team_class_idx",
            ),
            # (case page and incremental re-evaluation use the unique constraint's index;
            # indicators read IndicatorCount, never this table)
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} {self.state} on case {self.case_id}"


class IndicatorCount(models.Model):
    """How many results of a standard are in each state, by district, team, case type and month.

    The indicators page reads this table (tens of thousands of rows whatever the force's size),
    never the millions of results. The evaluator keeps it in step in the same transaction as
    the results: the full run rebuilds it, a one-case run adds the case's new results and
    takes away its old ones (`engine`). Not-applicable results have no row, like results.
    """

    standard_id = models.CharField(max_length=32)
    district = models.ForeignKey(
        "force.District", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    team = models.ForeignKey(
        "force.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    case_type = models.CharField(max_length=32)
    period = models.DateField(help_text="First day of the month the cases were first reported.")
    state = models.CharField(max_length=16, choices=State.choices)
    n = models.IntegerField()

    class Meta:
        constraints = [
            # the one-case run's upsert: ON CONFLICT on these columns
            models.UniqueConstraint(
                fields=["standard_id", "district", "team", "case_type", "period", "state"],
                name="indicator_count_unique_group",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} {self.state} x{self.n}"


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


class WorklistAcknowledgement(models.Model):
    """Someone saw that a record was put on file late (or short) and that nothing more can be
    added: the item leaves the worklists. Keyed by the record, not the result row, which the
    evaluator replaces whenever the case changes; a different record is a new item again."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    standard_id = models.CharField(max_length=32)
    evidence_type = models.CharField(max_length=64)
    evidence_id = models.CharField(max_length=32)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "standard_id", "evidence_type", "evidence_id"],
                name="worklist_acknowledgement_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} acknowledged on case {self.case_id}"
