"""SQL building blocks the rules share: states, deadlines, evidence and notes as ORM expressions.

Everything here is an expression or a queryset, so a rule computes its results for a whole
district in one query and for one case with the same query.

At a million cases the cost is in how often a lookup runs. Django copies an annotation into
every place that reads it, so a correlated subquery feeding the state, evidence and note runs
several times per row. Two remedies: rank the records once and join the winners (`first_per`
with `left_join` / `inner_join`), or compute a per-row lookup once in a fact table (`facts`)
where it depends on the row (a date window, say) and cannot be ranked ahead.
"""

import datetime as dt

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    DurationField,
    Exists,
    Expression,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    RowNumber,
    TruncDate,
)
from django.db.models.sql.constants import LOUTER
from django_cte import CTE, with_cte

from safeguarding.cases.models import CaseParticipant
from safeguarding.cases.vocabulary import CHILD_ROLES, ParticipantRole
from safeguarding.standards.models import State, WorkingDayOffset

# Typed nulls: PostgreSQL must know a column's type inside INSERT ... SELECT.
NO_CHILD = Cast(Value(None), IntegerField())
NO_OWNER = Cast(Value(None), IntegerField())
NO_DUE = Cast(Value(None), DateTimeField())

# What the rules pass around: a column reference (F) or any SQL expression; and a row condition
# (a Q, an EXISTS or its negation), as Django's When() takes either.
Expr = Combinable
Condition = Q | Combinable


def facts(rows: QuerySet, *names: str, label: str = "facts") -> QuerySet:
    """Compute a rule's facts once per row, then judge them as plain columns.

    Django copies an annotation's whole expression into every place that refers to it, so a
    correlated subquery behind `x_submitted_at` that the state, the evidence and the note all
    read runs three times per row: at a million cases that is most of a full evaluation.
    Selecting the facts (`names`) in a MATERIALIZED common table expression and annotating
    the judgement on top makes each run once. The same SQL serves one case and a whole force.
    """
    cte = CTE(rows.order_by().values(*names), name=label, materialized=True)
    return with_cte(cte, select=cte.queryset().order_by())


def _ordering(field: str):
    return F(field[1:]).desc() if field.startswith("-") else F(field).asc()


def first_per(
    rows: QuerySet,
    *key: str,
    order: tuple[str, ...] = ("occurred_at", "id"),
    fields: tuple[str, ...] = ("id",),
    name: str,
    materialized: bool = False,
) -> CTE:
    """The first of `rows` in each `key` group by `order` ("-x" for descending), as a CTE with
    columns `key` + `fields`, to LEFT JOIN to the rows being judged (`left_join`).

    Why: `Subquery(...order_by(...)[:1])` is an index probe per judged row and per column it
    feeds; over a whole force, ranking the candidate records once (ROW_NUMBER) and hash-joining
    the winners is cheaper. `rows` must be filtered by the cases being judged
    (`case__in=cases`), so that for one case the ranking reads only that case's records (SQLite
    does not push the case through the join into the ranking; PostgreSQL would).

    Ties go by `order` to its last column (an id, so the choice is total). Rows whose key is
    NULL form one group, which no equality join matches: as with the correlated `=` it replaces.
    """
    ranked = CTE(
        rows.annotate(
            x_rank=Window(
                RowNumber(), partition_by=[F(k) for k in key], order_by=[_ordering(o) for o in order]
            )
        )
        .values(*key, *fields, "x_rank")
        .order_by(),
        name=f"{name}_ranked",
    )
    # `<= 1` rather than `= 1`: the planner guesses a third of the rows pass (most groups hold one
    # record) instead of 0.5%, and so hash-joins the winners rather than probing row by row.
    firsts = with_cte(ranked, select=ranked.queryset()).filter(x_rank__lte=1).values(*key, *fields).order_by()
    return CTE(firsts, name=name, materialized=materialized)


def union_all(*querysets: QuerySet, name: str) -> QuerySet:
    """Rows of several models as one queryset (the same `values()` columns in each), through
    a CTE: Django allows no annotation or window over a UNION itself.

    Filter the result (`case__in=cases`) rather than each branch: one semi-join for all the
    branches over a force (a branch each would hash the cases again), while for one case
    PostgreSQL still pushes the case into every branch's index scan.
    """
    first, *others = (qs.order_by() for qs in querysets)
    cte = CTE(first.union(*others, all=True), name=name)
    return with_cte(cte, select=cte.queryset())


def left_join(rows: QuerySet, cte: CTE, **on: str) -> QuerySet:
    """`rows` LEFT JOIN `cte` ON rows.<field> = cte.<column> for each `field="column"`; read
    the CTE's columns with `cte.col.<column>` (null where nothing matched)."""
    joined = cte.join(
        rows, **{field: getattr(cte.col, column) for field, column in on.items()}, _join_type=LOUTER
    )
    return with_cte(cte, select=joined)


def inner_join(rows: QuerySet, cte: CTE, **on: str) -> QuerySet:
    """`rows` JOIN `cte` (as `left_join`, keeping only the rows that match)."""
    joined = cte.join(rows, **{field: getattr(cte.col, column) for field, column in on.items()})
    return with_cte(cte, select=joined)


def text(value: str) -> Value:
    return Value(value, output_field=CharField())


def judged(*, met: Condition, now: dt.datetime, breach: Condition | None = None, due: str = "r_due") -> Case:
    """The state: a breach is not met; otherwise met when the evidence is there; otherwise not yet
    due while the deadline is ahead; otherwise not met. Missing evidence is never "met"."""
    whens = [When(breach, then=text(State.NOT_MET))] if breach is not None else []
    whens += [
        When(met, then=text(State.MET)),
        When(**{f"{due}__gt": now}, then=text(State.NOT_YET_DUE)),
    ]
    return Case(*whens, default=text(State.NOT_MET), output_field=CharField())


def evidence(label: str, id_field: str) -> dict[str, Expression]:
    """r_evidence_type / r_evidence_id from an annotation holding the record's id (or null)."""
    return {
        "r_evidence_type": Case(When(**{f"{id_field}__isnull": True}, then=text("")), default=text(label)),
        "r_evidence_id": Coalesce(Cast(F(id_field), CharField()), text("")),
    }


def same_evidence(label: str, id_expr: Expr) -> dict[str, Expression]:
    """Evidence that is always present (the row's own record)."""
    return {"r_evidence_type": text(label), "r_evidence_id": Cast(id_expr, CharField())}


def after(delta: dt.timedelta) -> Value:
    return Value(delta, output_field=DurationField())


def hours(n: float) -> Value:
    return after(dt.timedelta(hours=n))


def days(n: float) -> Value:
    return after(dt.timedelta(days=n))


def plus(moment: str | Expr, delta: Expr) -> Expr:
    return (F(moment) if isinstance(moment, str) else moment) + delta


def with_working_days_after(rows: QuerySet, moment: str, n: int, *, name: str) -> QuerySet:
    """`rows` annotated with `name` = `moment` + n working days (see standards.calendar).

    Read from the WorkingDayOffset table by the moment's local date, which the evaluator fills
    for the dates in use before it runs. A join (one hash of a few thousand days) rather than a
    subquery per row: `moment` appears in the join condition and in the sum, so it should be a
    plain column (or cheap expression), not a subquery.
    """
    offsets = CTE(
        WorkingDayOffset.objects.filter(working_days=n).values("day", "offset").order_by(),
        name=f"{name}_offsets",
    )
    rows = rows.annotate(**{f"{name}_day": TruncDate(moment)})
    return left_join(rows, offsets, **{f"{name}_day": "day"}).annotate(
        **{name: F(moment) + offsets.col.offset}
    )


class HoursBetween(Func):
    """Whole hours from `start` to `end` (truncated), for notes such as "recorded 31 h after"."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, *args, **extra):
        raise NotImplementedError(f"HoursBetween is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql_template(
            compiler, connection, "TRUNC(EXTRACT(EPOCH FROM (%(end)s - %(start)s)) / 3600)::integer"
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql_template(
            compiler,
            connection,
            "(CAST(ROUND((julianday(%(end)s) - julianday(%(start)s)) * 86400) AS INTEGER) / 3600)",
        )

    def as_sql_template(self, compiler, connection, template):
        start_sql, start_params = compiler.compile(self.source_expressions[0])
        end_sql, end_params = compiler.compile(self.source_expressions[1])
        # end appears first in both templates
        return template % {"start": start_sql, "end": end_sql}, (*end_params, *start_params)


def _expr(value: str | Expr | dt.datetime) -> Expr:
    if isinstance(value, str):
        return F(value)
    if isinstance(value, dt.datetime):
        return Value(value, output_field=DateTimeField())
    return value


def hours_between(start, end) -> Expression:
    """Whole hours from start to end as text (names, expressions or a datetime such as now)."""
    return Cast(HoursBetween(_expr(start), _expr(end)), CharField())


def days_between(start, end) -> Expression:
    return Cast(HoursBetween(_expr(start), _expr(end)) / 24, CharField())


def note(*parts: str | Expr) -> Expr:
    """A short, non-personal note: literal strings and expressions (numbers, labels)."""
    values = [text(p) if isinstance(p, str) else p for p in parts]
    if len(values) == 1:
        return values[0]
    return Concat(*values, output_field=CharField())


def ymd(expression: Expr) -> Expr:
    """yyyymmdd as an integer, so that ages compare without date arithmetic in SQL."""
    return ExtractYear(expression) * 10000 + ExtractMonth(expression) * 100 + ExtractDay(expression)


def age_gap(date_of_birth: str, on: str) -> Expr:
    """Age on the date of `on` x 10000 (plus mmdd noise): `>= 12 * 10000` means aged 12 or more.
    Null when the date of birth is unknown."""
    return ymd(F(on)) - ymd(F(date_of_birth))


def children_on(cases: QuerySet, roles=CHILD_ROLES) -> QuerySet:
    """One CaseParticipant row per (case, child) in the given roles (a child can hold two)."""
    rows = CaseParticipant.objects.filter(case__in=cases, role__in=roles)
    if len(roles) > 1:
        earlier = CaseParticipant.objects.filter(
            case=OuterRef("case"), person=OuterRef("person"), role__in=roles, id__lt=OuterRef("id")
        )
        rows = rows.exclude(Exists(earlier))
    return rows


def with_children_present() -> Exists:
    """On an incident queryset: its case has a child on it. The children present are the children
    on the case (subject or present), not the number the caller reported (`children_present`)."""
    return Exists(CaseParticipant.objects.filter(case=OuterRef("case"), role__in=CHILD_ROLES))


def latest_per_case(model, *, per_child: bool = False, **filters: object) -> Condition:
    """Keeps the latest record (by occurred_at, then id) of the case (and child) among `filters`."""
    same = {"case": OuterRef("case"), **({"child": OuterRef("child")} if per_child else {}), **filters}
    newer = model.objects.filter(**same).filter(
        Q(occurred_at__gt=OuterRef("occurred_at"))
        | Q(occurred_at=OuterRef("occurred_at"), id__gt=OuterRef("id"))
    )
    return ~Exists(newer)


def first_per_case(model, **filters: object) -> Condition:
    """Keeps the earliest record (by occurred_at, then id) of the case among `filters`."""
    earlier = model.objects.filter(case=OuterRef("case"), **filters).filter(
        Q(occurred_at__lt=OuterRef("occurred_at"))
        | Q(occurred_at=OuterRef("occurred_at"), id__lt=OuterRef("id"))
    )
    return ~Exists(earlier)


def recorded_before_closure(
    cases: QuerySet,
    now: dt.datetime,
    *,
    model,
    label: str,
    expected_days: float,
    noun: str,
    one_per_child: bool = False,
    counts: QuerySet | None = None,
):
    """Per subject child: a `model` record for the child on the case, recorded before closure.

    Open case without one: not yet due (due_at = first report + expected_days, the date by which
    the worklist expects it; the standard itself is only breached at closure). Closed without one,
    or recorded after closure: not met. Evidence: a record for the child (the lowest id).

    Set-based: read from the cases joined to their subject children and LEFT JOINed to the
    child's records on the case, aggregated per child: a whole force costs a few hash joins
    rather than a lookup per child, and driving from the cases (not from the participants
    filtered by `case__in=cases`) saves one join. `one_per_child`: the model allows at most one
    record per (case, child) (a unique constraint), so the join needs no aggregate. `counts`: only
    these records of `model` count (a standard that accepts some records and not others).
    """
    relation = f"{model._meta.model_name}_entries"
    child = "participants__person"
    closed = Q(closed_at__isnull=False)
    rows = (
        cases.filter(participants__role=ParticipantRole.SUBJECT_CHILD)
        .annotate(x_records=FilteredRelation(relation, condition=Q(**{f"{relation}__child": F(child)})))
        .annotate(
            r_case=F("pk"),
            r_child=F(child),
            r_due=Coalesce(F("closed_at"), plus("first_reported_at", days(expected_days))),
        )
    )
    # A FilteredRelation takes no subquery: the records that count are chosen in the aggregate.
    keep = Q(x_records__id__in=counts.values("id")) if counts is not None else None
    if one_per_child and keep is None:
        rows = rows.annotate(x_record=F("x_records__id"), x_recorded_at=F("x_records__recorded_at"))
    else:
        rows = rows.annotate(
            x_record=Min("x_records__id", filter=keep),
            x_recorded_at=Min("x_records__recorded_at", filter=keep),
        )
    on_time = Q(x_recorded_at__isnull=False) & (~closed | Q(x_recorded_at__lte=F("closed_at")))
    return rows.annotate(
        r_state=Case(
            When(on_time, then=text(State.MET)),
            When(closed, then=text(State.NOT_MET)),
            default=text(State.NOT_YET_DUE),
            output_field=CharField(),
        ),
        **evidence(label, "x_record"),
        r_note=Case(
            When(x_recorded_at__isnull=True, then=note(f"no {noun} recorded")),
            When(on_time, then=note(f"{noun} recorded")),
            default=note(f"{noun} recorded after closure"),
        ),
        r_owner=NO_OWNER,
    )


def current_investigations(cases: QuerySet, *, open_only: bool = False) -> QuerySet:
    """The latest-opened investigation of each case (one result per case for investigation
    standards), optionally only while it is open."""
    from safeguarding.cases.models import Investigation

    rows = Investigation.objects.filter(case__in=cases).filter(latest_per_case(Investigation))
    return rows.filter(closed_at__isnull=True) if open_only else rows


def last_step(kind=None, **filters) -> QuerySet:
    """Steps of the outer investigation (OuterRef("pk")), latest first."""
    from safeguarding.cases.models import InvestigationStep

    steps = InvestigationStep.objects.filter(investigation=OuterRef("pk"), **filters)
    if kind is not None:
        steps = steps.filter(kind=kind)
    return steps.order_by("-occurred_at", "-id")


def latest_detentions(cases: QuerySet, **filters) -> QuerySet:
    """The latest CustodyDetention of each child on each case (among `filters`), with r_case and
    r_child set: detention standards give one result per child per case."""
    from safeguarding.cases.models import CustodyDetention

    return (
        CustodyDetention.objects.filter(case__in=cases, **filters)
        .filter(latest_per_case(CustodyDetention, per_child=True, **filters))
        .annotate(r_case=F("case"), r_child=F("child"))
    )


def flagged_for_review(
    cases: QuerySet, now: dt.datetime, *, review_days: float, flagged: Q, noun: str
) -> QuerySet:
    """A detention flagged for review: met once a decision note (CaseNote kind decision) on the
    case is on record, made at or after the detention, within review_days; not yet due before."""
    from safeguarding.cases.models import CaseNote
    from safeguarding.cases.vocabulary import CaseNoteKind

    reviews = CaseNote.objects.filter(
        case=OuterRef("case"), kind=CaseNoteKind.DECISION, occurred_at__gte=OuterRef("occurred_at")
    ).order_by("recorded_at", "id")
    rows = (
        latest_detentions(cases)
        .filter(flagged)
        .annotate(
            r_due=plus("occurred_at", days(review_days)),
            x_review=reviews.values("id")[:1],
            x_reviewed_at=reviews.values("recorded_at")[:1],
        )
    )
    return rows.annotate(
        r_state=judged(met=Q(x_reviewed_at__lte=F("r_due")), now=now),
        **evidence("cases.casenote", "x_review"),
        r_note=Case(
            When(x_review__isnull=True, then=note(f"{noun}: awaiting review")),
            When(x_reviewed_at__lte=F("r_due"), then=note(f"{noun}: reviewed")),
            default=note(f"{noun}: reviewed late"),
        ),
        r_owner=NO_OWNER,
    )


def moment(now: dt.datetime) -> Value:
    """The evaluation time as a SQL value. Rules derive everything from it in SQL (never in
    Python), so the evaluator can reuse one compiled statement per standard with `now` as a
    parameter (see engine._compile_template)."""
    return Value(now, output_field=DateTimeField())
