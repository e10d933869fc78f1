"""Reads of practice-standard results: worklists, indicators and the case page panel.

Worklists and the case panel show personal data and start from `cases_visible_to(viewer)`.
Indicators are aggregates only (the PCC analyst's page): they never select a name, a case
reference or a date of birth, and they are one GROUP BY over StandardResult.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.vocabulary import CHILD_ROLES, Stage
from safeguarding.force.models import District, Team
from safeguarding.standards.catalogue import CATALOGUE
from safeguarding.standards.models import IndicatorCount, StandardResult, State, WorklistAcknowledgement
from safeguarding.standards.statistics import wilson_interval
from safeguarding.standards.wording import due_in_words


def standard_description(standard_id: str) -> str:
    standard = CATALOGUE.get(standard_id)
    return standard.description if standard is not None else ""


def standard_name(standard_id: str) -> str:
    """The standard as a person reads it ("Child's views recorded"); an unknown ID as it is."""
    standard = CATALOGUE.get(standard_id)
    return (standard.name or standard.description) if standard is not None else standard_id


def standard_stage(standard_id: str) -> str:
    standard = CATALOGUE.get(standard_id)
    return str(standard.stage) if standard is not None else ""


# --------------------------------------------------------------------------------------------
# Worklists
#
# Priority score = severity x age factor x timing factor (higher = more urgent).
#
# * severity (SEVERITY below, 1-10): how much harm a child comes to when the standard is
#   missed. Drift, long-running investigations, CP-plan and CSE flags, missing-risk grading,
#   strategy, referral, medical, police protection and every custody standard are 10; the
#   other investigative and risk-management standards 6; recording standards 3 (a late
#   demeanour note matters, but it is not a child left unprotected). Unknown IDs get 5.
# * age factor: 1 + (18 - age) / 18, so a newborn weighs 2.0, a 4-year-old 1.78, a
#   17-year-old 1.06 (the youngest children cannot speak up or protect themselves). For a
#   result about the whole case the youngest child on the case counts; unknown age 1.5.
# * timing factor: not met -> 1 + days overdue / 30, capped at 4 (90 days), so an item grows
#   more urgent the longer it is left; not yet due but due within the window -> between 0.05
#   and 0.5, closer to 0.5 as the due time nears, so a due-soon item ranks below an overdue
#   item of the same weight.
#
# Example: a drifting investigation of a 4-year-old, 1 day overdue: 10 x 1.78 x 1.03 = 18.4;
# a demeanour note for a 15-year-old 20 days late: 3 x 1.17 x 1.67 = 5.8.

HIGH, MEDIUM, LOW = 10, 6, 3
DEFAULT_SEVERITY = 5
SEVERITY: dict[str, int] = {
    **dict.fromkeys(
        [
            "DRIFT",
            "LONG_RUNNING",
            "CP_PLAN_FLAG",
            "CSE_FLAG",
            "MISSING_RISK",
            "STRATEGY",
            "REFERRAL",
            "MEDICAL",
            "MARAC_INFO",
            "POLICE_PROTECTION",
            "CUSTODY_ACCOMMODATION",
            "PACE_CERTIFICATE",
            "SECURE_THRESHOLD",
            "DETENTION_TIME",
            "APPROPRIATE_ADULT",
            "S136_PLACE",
            "PACE_REVIEWS",
        ],
        HIGH,
    ),
    **dict.fromkeys(
        [
            "SEEN_ALONE",
            "VOICE",
            "OUTCOME",
            "REFERRAL_FEEDBACK",
            "ICPC_ATTEND",
            "RETURN_INTERVIEW",
            "SUPERVISION",
            "ALLOCATION",
            "HTCU_DELAY",
            "CPS_DELAY",
            "WIDER_RISK",
            "CAWN",
            "LAC_CUSTODY",
            "MINOR_CRIMINALISATION",
            "RSO_VISITS",
            "CUMULATIVE_RISK",
            "PNC_MISSING",
        ],
        MEDIUM,
    ),
    **dict.fromkeys(["DEMEANOUR", "INFORMED", "DEMOGRAPHICS", "TIMELY_RECORD"], LOW),
}
UNKNOWN_AGE_FACTOR = 1.5
OVERDUE_CAP_DAYS = 90
DEFAULT_DUE_SOON_DAYS = 7
WORKLIST_LIMIT = 50  # one page
# What no action can change: never a to-do (Standard.on_worklist).
NOT_ON_WORKLIST = [s.id for s in CATALOGUE.values() if not s.on_worklist]

# The record whose entry form clears each standard (the cases app's entry model, lowercased).
# None: the fix is on the person record or is a review of timing; the item links to the case.
ENTRY_KIND: dict[str, str | None] = {
    "DEMEANOUR": "demeanourrecord",
    "SEEN_ALONE": "demeanourrecord",
    "VOICE": "childview",
    "OUTCOME": "childoutcome",
    "INFORMED": "informedofdecision",
    "REFERRAL": "referral",
    "REFERRAL_FEEDBACK": "referral",
    "STRATEGY": "strategydiscussion",
    "ICPC_ATTEND": "meeting",
    "CP_PLAN_FLAG": None,
    "MARAC_INFO": "meeting",
    "MISSING_RISK": "riskassessment",
    "RETURN_INTERVIEW": "missingepisode",
    "CSE_FLAG": None,
    "DRIFT": "investigationstep",
    "LONG_RUNNING": "investigationstep",
    "SUPERVISION": "investigationstep",
    "ALLOCATION": "investigation",
    "HTCU_DELAY": "investigationstep",
    "CPS_DELAY": "investigationstep",
    "MEDICAL": "investigationstep",
    "WIDER_RISK": "casenote",
    "CAWN": "protectiveorder",
    "CUSTODY_ACCOMMODATION": "custodydetention",
    "PACE_CERTIFICATE": "custodydetention",
    "SECURE_THRESHOLD": "custodydetention",
    "DETENTION_TIME": "custodydetention",
    "APPROPRIATE_ADULT": "custodydetention",
    "S136_PLACE": "custodydetention",
    "LAC_CUSTODY": "casenote",
    "MINOR_CRIMINALISATION": "casenote",
    "RSO_VISITS": "offendervisit",
    "CUMULATIVE_RISK": "casenote",
    "DEMOGRAPHICS": None,
    "POLICE_PROTECTION": "policeprotection",
    "PACE_REVIEWS": "detentionreview",
    "PNC_MISSING": "missingepisode",
    "TIMELY_RECORD": None,
}


def entry_kind_for(standard_id: str) -> str | None:
    return ENTRY_KIND.get(standard_id)


def age_factor(age: int | None) -> float:
    if age is None:
        return UNKNOWN_AGE_FACTOR
    return 1 + (18 - min(max(age, 0), 18)) / 18


def timing_factor(state: str, due_at: dt.datetime | None, now: dt.datetime, window_days: int) -> float:
    if state == State.NOT_MET:
        overdue_days = max(0.0, (now - due_at).total_seconds() / 86400) if due_at else 0.0
        return 1 + min(overdue_days, OVERDUE_CAP_DAYS) / 30
    if due_at is None:
        return 0.05
    days_left = max(0.0, (due_at - now).total_seconds() / 86400)
    return max(0.05, 0.5 * (1 - days_left / (window_days + 1)))


def priority_score(
    *,
    standard_id: str,
    state: str,
    due_at: dt.datetime | None,
    age: int | None,
    now: dt.datetime,
    window_days: int = DEFAULT_DUE_SOON_DAYS,
) -> float:
    """Higher is more urgent; see the comment above SEVERITY for the formula and its reasons."""
    severity = SEVERITY.get(standard_id, DEFAULT_SEVERITY)
    return severity * age_factor(age) * timing_factor(state, due_at, now, window_days)


def _age_on(date_of_birth: dt.date | None, day: dt.date) -> int | None:
    if date_of_birth is None:
        return None
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.UTC)  # no due date: after every dated item


def _ranked(pk, standard_id, state, due_at, age, now, window_days) -> tuple:
    """One item's sort key and figures, (-score, due, id, score, age): the highest score first,
    then the earliest due, then the id. Both ways of reading the team list rank by it."""
    score = priority_score(
        standard_id=standard_id, state=state, due_at=due_at, age=age, now=now, window_days=window_days
    )
    return (-score, due_at or _FAR_FUTURE, pk, score, age)


# A result someone acknowledged (late record on file): off the worklist.
_ACKNOWLEDGED = Exists(
    WorklistAcknowledgement.objects.filter(
        case_id=OuterRef("case_id"),
        standard_id=OuterRef("standard_id"),
        evidence_type=OuterRef("evidence_type"),
        evidence_id=OuterRef("evidence_id"),
    )
)


class WorklistScope:
    MINE = "mine"
    TEAM = "team"


@dataclass(frozen=True)
class WorklistItem:
    result_id: int
    standard_id: str
    description: str
    state: str
    due_at: dt.datetime | None
    days_overdue: int | None
    score: float
    case_id: int
    case_reference: str
    case_type_label: str
    child_name: str
    child_age: int | None
    owner_name: str
    evidence_note: str
    case_url: str
    add_entry_url: str
    add_entry_label: str
    due_words: str = ""
    # On file but late or short, for a standard whose record is the entry itself: offer the
    # record and an acknowledgement, never a second entry (Standard.acknowledged_when_late).
    late_on_record: bool = False

    @property
    def is_overdue(self) -> bool:
        return self.state == State.NOT_MET


@dataclass(frozen=True)
class Worklist:
    scope: str
    items: list[WorklistItem]
    total: int
    due_soon_days: int
    offset: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > self.offset + len(self.items)


class WorklistSort:
    URGENCY = "urgency"
    DUE = "due"  # the longest overdue first, then the soonest due
    CHOICES = [(URGENCY, gettext_lazy("Most urgent first")), (DUE, gettext_lazy("Longest overdue first"))]


class WorklistDue:
    ALL = ""
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    CHOICES = [
        (ALL, gettext_lazy("Overdue or due soon")),
        (OVERDUE, gettext_lazy("Overdue only")),
        (DUE_SOON, gettext_lazy("Due soon only")),
    ]


@dataclass(frozen=True)
class WorklistFilters:
    officer_id: int | None = None
    team_id: int | None = None
    standard_id: str = ""
    case_type: str = ""
    due: str = WorklistDue.ALL


def worklist_filter_choices(viewer: User) -> dict[str, list[tuple]]:
    """The officers and teams a viewer's worklist can be narrowed to: those of the viewer's
    districts (every district for a force-wide viewer); the standards that reach worklists,
    by name."""
    teams = Team.objects.select_related("district").order_by("district__name", "name")
    officers = User.objects.filter(is_active=True, role__in=["officer", "supervisor"]).order_by(
        "first_name", "last_name", "username"
    )
    if viewer.scope != Scope.FORCE:
        teams = teams.filter(district_id__in=viewer.district_ids())
        officers = officers.filter(districts__in=viewer.district_ids()).distinct()
    return {
        "teams": [(team.pk, f"{team.name} ({team.district.name})") for team in teams],
        "officers": [(user.pk, user.get_full_name() or user.get_username()) for user in officers],
        "standards": sorted(
            ((s.id, s.description) for s in CATALOGUE.values() if s.on_worklist), key=lambda pair: pair[1]
        ),
    }


def _worklist_results(
    viewer: User,
    scope: str,
    now: dt.datetime,
    due_soon_days: int,
    filters: WorklistFilters | None = None,
    *,
    with_acknowledged: bool = False,
):
    """Actionable results (the evaluator decided which: StandardResult.actionable) that are
    overdue or due within `due_soon_days`, on cases the viewer may see.

    Team: the results of the viewer's districts, read by the district copied onto each result
    (kept current by re-evaluation whenever a case changes), which are all cases a
    district-scoped viewer may see; for a force-wide viewer (the safeguarding unit), every
    district's. Joining every result to its case instead costs seconds for a large district.
    Mine: the viewer's own results, and those on the cases the viewer supervises, on cases the
    viewer may see.
    """
    results = StandardResult.objects.filter(actionable=True)
    visible = cases_visible_to(viewer)
    if scope == WorklistScope.TEAM:
        # A force-wide unit's team is the force: every district's items (its own districts,
        # usually none, left its list empty).
        if viewer.scope != Scope.FORCE:
            results = results.filter(district_id__in=viewer.district_ids())
    else:
        # Mine: the items the viewer owns, and those on the cases they supervise (a supervisor
        # owns few items of their own; their part is the cases they oversee).
        supervised = visible.filter(supervisor=viewer).values("pk")
        results = results.filter(
            Q(owner=viewer, case_id__in=visible.values("pk")) | Q(case_id__in=supervised)
        )
    results = results.exclude(standard_id__in=NOT_ON_WORKLIST)
    if not with_acknowledged:
        results = results.exclude(_ACKNOWLEDGED)
    filters = filters or WorklistFilters()
    if filters.officer_id:
        results = results.filter(owner_id=filters.officer_id)
    if filters.team_id:
        results = results.filter(team_id=filters.team_id)
    if filters.standard_id:
        results = results.filter(standard_id=filters.standard_id)
    if filters.case_type:
        results = results.filter(case_type=filters.case_type)
    due_soon = Q(state=State.NOT_YET_DUE, due_at__lte=now + dt.timedelta(days=due_soon_days))
    if filters.due == WorklistDue.OVERDUE:
        return results.filter(state=State.NOT_MET)
    if filters.due == WorklistDue.DUE_SOON:
        return results.filter(due_soon)
    return results.filter(Q(state=State.NOT_MET) | due_soon)


def _team_total(viewer: User, now: dt.datetime, due_soon_days: int, filters: WorklistFilters | None) -> int:
    """How many items a district-scoped team list holds, counted on `result_team_class_idx`
    alone (one count per state, as an OR of the two reads the table's rows), less those
    acknowledged (few; the acknowledgement's columns are not in the index)."""
    listed = _worklist_results(
        viewer, WorklistScope.TEAM, now, due_soon_days, filters, with_acknowledged=True
    )
    by_state = sum(listed.filter(state=state).count() for state in (State.NOT_MET, State.NOT_YET_DUE))
    return by_state - listed.filter(_ACKNOWLEDGED).count()


def _case_url(case_id: int) -> str:
    """The case page, once the cases app has one (it is being built alongside)."""
    try:
        return reverse("cases:case", args=[case_id])
    except NoReverseMatch:
        return ""


def add_entry_url(case_id: int, standard_id: str, child_id: int | None = None) -> tuple[str, str]:
    """(url, label) of the form that records what a standard is missing; the case page if none."""
    kind = entry_kind_for(standard_id)
    if kind:
        try:
            url = reverse("cases:entry_add", args=[case_id, kind])
        except NoReverseMatch:
            url = ""
        if url:
            if child_id is not None:
                url += f"?child={child_id}"
            return url, "Add the record"
    return _case_url(case_id), "Open the case"


class DaysLate(Func):
    """(now - due_at) in days as a float (negative before the due time); NULL without a due time."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotImplementedError(f"DaysLate is not implemented for {connection.vendor}")

    def _compiled(self, compiler, template: str):
        now_sql, now_params = compiler.compile(self.source_expressions[0])
        due_sql, due_params = compiler.compile(self.source_expressions[1])
        return template % {"now": now_sql, "due": due_sql}, (*now_params, *due_params)

    def as_postgresql(self, compiler, connection, **extra):
        return self._compiled(
            compiler, "(EXTRACT(EPOCH FROM (%(now)s - %(due)s)) / 86400.0)::double precision"
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self._compiled(compiler, "(julianday(%(now)s) - julianday(%(due)s))")


def _severity_and_timing(now: dt.datetime, due_soon_days: int):
    """severity x timing factor in SQL: the score without the age factor (which is 1 to 2)."""
    weights: dict[int, list[str]] = defaultdict(list)
    for standard_id, weight in SEVERITY.items():
        weights[weight].append(standard_id)
    severity = DbCase(
        *[When(standard_id__in=ids, then=Value(float(weight))) for weight, ids in weights.items()],
        default=Value(float(DEFAULT_SEVERITY)),
        output_field=FloatField(),
    )
    late = Coalesce(DaysLate(Value(now, output_field=DateTimeField()), F("due_at")), Value(0.0))
    timing = DbCase(
        When(
            state=State.NOT_MET,
            then=Value(1.0) + Least(Greatest(late, Value(0.0)), Value(float(OVERDUE_CAP_DAYS))) / Value(30.0),
        ),
        default=Greatest(
            Value(0.05), Least(Value(0.5), Value(0.5) * (Value(1.0) + late / Value(float(due_soon_days + 1))))
        ),
        output_field=FloatField(),
    )
    return severity * timing


def _age_factor_bound(today: dt.date):
    """At least the age factor: that of a child aged (this year - birth year - 1), which is never
    older than the child; 2 (a newborn's) without a child's date of birth on the result.
    (PostgreSQL's GREATEST and LEAST skip NULLs, so the missing date is tested first.)"""
    years = Value(today.year - 1) - ExtractYear("child__date_of_birth")
    clamped = Greatest(Value(0), Least(years, Value(18)))
    return DbCase(
        When(child__date_of_birth__isnull=True, then=Value(2.0)),
        default=Value(1.0) + (Value(18.0) - clamped) / Value(18.0),
        output_field=FloatField(),
    )


# How many results the list holds, counted by the ranking statement itself (COUNT(*) OVER ()).
_TOTAL = Window(Count("pk"))

# Widen the SQL pre-ranking window until it provably holds the `limit` most urgent (or this cap).
MIN_WINDOW, MAX_WINDOW = 100, 50_000


def _most_urgent(results, *, now: dt.datetime, due_soon_days: int, limit: int) -> tuple[list[tuple], int]:
    """The `limit` highest-scoring results as (-score, due_at, pk, score, age), best first, and
    how many results there are (counted by the same statement: a count of its own read the whole
    list a second time).

    A district's list can hold hundreds of thousands of results, so the database ranks them by
    an upper bound of the score and returns a window; the full score is computed here for the
    window only. The bound is severity x timing x the age factor of a child one year younger than
    their birth year says (at most 1/18 above the true factor); a case-level result (its youngest
    child is looked up here, for the window) or an unknown date of birth takes the largest factor,
    2. Once the window's lowest bound is no more than the limit-th full score, nothing outside the
    window can beat it and the order is exact; otherwise the window widens. (Bounding with 2 for
    every result, as before, needed a second, four times wider window on most team lists.)
    """
    today = timezone.localdate(now)
    ranked = results.annotate(
        partial=_severity_and_timing(now, due_soon_days) * _age_factor_bound(today), total=_TOTAL
    ).order_by("-partial", "due_at", "pk")
    window = max(limit * 4, MIN_WINDOW)
    while True:
        rows = list(
            ranked.values_list(
                "pk", "case_id", "standard_id", "state", "due_at", "child__date_of_birth", "partial", "total"
            )[:window]
        )
        total = rows[0][7] if rows else 0
        case_level = {row[1] for row in rows if row[5] is None}
        youngest = _youngest_children(case_level)
        scored = []
        for pk, case_id, standard_id, state, due_at, child_dob, _partial, _total in rows:
            age = _age_on(child_dob or youngest.get(case_id), today)
            scored.append(_ranked(pk, standard_id, state, due_at, age, now, due_soon_days))
        scored.sort()
        exhausted = len(rows) < window
        exact = len(scored) >= limit and rows[-1][6] <= scored[limit - 1][3]
        if exhausted or exact or window >= MAX_WINDOW:
            return scored[:limit], total
        window *= 4


# The first read of each class, and how much each later read of an unfinished class widens.
CLASS_CHUNK, CLASS_GROWTH = 50, 4


def _most_urgent_by_class(
    results, district_ids: list[int], *, now: dt.datetime, due_soon_days: int, limit: int
) -> list[tuple]:
    """`_most_urgent` for a district-scoped team list, without scoring every item of the team.

    Within one class of items - one district, one state, one standard (so one severity) - the
    timing factor never grows with the due date (the later an item is due, the less overdue it
    is; no due date counts least), so the class's items in (due_at, pk) order come with a score
    that can only fall, from at most severity x timing x 2 (the largest age factor). Each class
    is read through `result_team_class_idx` a few items at a time, all classes in one statement
    where the database allows it, and a class stops being read once that bound, at its last
    item read, cannot reach the `limit`-th best item found so far: nothing after it can be on
    the page. The items, and their order, are those of scoring the whole list (`_team_total`
    counts them).
    """
    today = timezone.localdate(now)
    known = [s for s in SEVERITY if s not in NOT_ON_WORKLIST]
    classes = [
        (district_id, state, standard_id)
        for district_id in district_ids
        for state in (State.NOT_MET, State.NOT_YET_DUE)
        for standard_id in [*known, None]  # None: any standard not in SEVERITY (weighed by default)
    ]

    def class_rows(key: tuple, start: int, size: int):
        district_id, state, standard_id = key
        rows = results.filter(district_id=district_id, state=state)
        rows = rows.filter(standard_id=standard_id) if standard_id else rows.exclude(standard_id__in=known)
        return rows.order_by(F("due_at").asc(nulls_last=True), "pk").values_list(
            "pk", "case_id", "standard_id", "state", "due_at", "child__date_of_birth", "district_id"
        )[start : start + size]

    def ceiling(key: tuple) -> float:
        """The highest score any item of the class can have (the longest overdue, a newborn)."""
        _, state, standard_id = key
        due_at = now - dt.timedelta(days=OVERDUE_CAP_DAYS + 1) if state == State.NOT_MET else now
        return priority_score(
            standard_id=standard_id or "",
            state=state,
            due_at=due_at,
            age=0,
            now=now,
            window_days=due_soon_days,
        )

    # The classes that can score highest are read first; a class whose ceiling is below the
    # page's last item once that is known is never read.
    unread = sorted(classes, key=ceiling, reverse=True)
    pending = {key: (0, CLASS_CHUNK) for key in unread if ceiling(key) == ceiling(unread[0])}
    unread = [key for key in unread if key not in pending]
    scored: list[tuple] = []
    while pending:
        queries = [(key, class_rows(key, start, size)) for key, (start, size) in pending.items()]
        if connection.features.supports_slicing_ordering_in_compound:
            union = queries[0][1].union(*[query for _, query in queries[1:]], all=True)
            fetched = list(union) if len(queries) > 1 else list(queries[0][1])
            by_class: dict[tuple, list] = defaultdict(list)
            for row in fetched:
                standard_id = row[2] if row[2] in known else None
                by_class[(row[6], row[3], standard_id)].append(row)
        else:
            by_class = {key: list(query) for key, query in queries}
        youngest = _youngest_children(
            {row[1] for rows in by_class.values() for row in rows if row[5] is None}
        )
        last_rows = {}
        for key, rows in by_class.items():
            for pk, case_id, standard_id, state, due_at, child_dob, _district_id in rows:
                age = _age_on(child_dob or youngest.get(case_id), today)
                scored.append(_ranked(pk, standard_id, state, due_at, age, now, due_soon_days))
            if rows:
                last_rows[key] = rows[-1]
        scored.sort()
        scored = scored[:limit]
        kth = scored[limit - 1][:3] if len(scored) >= limit else None
        unfinished = {}
        for key, (start, size) in pending.items():
            rows = by_class.get(key, [])
            if len(rows) < size:
                continue  # the class is read to its end
            pk, _, standard_id, state, due_at, _, _ = last_rows[key]
            bound = priority_score(
                standard_id=standard_id, state=state, due_at=due_at, age=0, now=now, window_days=due_soon_days
            )
            if kth is not None and (-bound, due_at or _FAR_FUTURE, pk) >= kth:
                continue  # nothing later in the class can reach the page
            unfinished[key] = (start + size, size * CLASS_GROWTH)
        if unread and kth is None:
            # Too few items for a page yet: every other class may be needed.
            unfinished.update({key: (0, CLASS_CHUNK) for key in unread})
            unread = []
        elif unread and kth is not None and ceiling(unread[0]) >= -kth[0]:
            # The next tier of classes could reach the page (an equal score wins by its due date).
            tier = [key for key in unread if ceiling(key) == ceiling(unread[0])]
            unread = [key for key in unread if key not in tier]
            unfinished.update({key: (0, CLASS_CHUNK) for key in tier})
        else:
            unread = []  # the ceilings only fall from tier to tier: none of these can reach the page
        pending = unfinished
    return scored


def _by_due_date(results, *, now: dt.datetime, due_soon_days: int, limit: int) -> tuple[list[tuple], int]:
    """The first `limit` results by due date (the longest overdue first), in the shape of
    `_most_urgent`'s rows, with each item's full score and age; and how many results there are."""
    rows = list(
        results.annotate(total=_TOTAL)
        .order_by(F("due_at").asc(nulls_first=True), "pk")
        .values_list("pk", "case_id", "standard_id", "state", "due_at", "child__date_of_birth", "total")[
            :limit
        ]
    )
    total = rows[0][6] if rows else 0
    today = timezone.localdate(now)
    youngest = _youngest_children({row[1] for row in rows if row[5] is None})
    scored = []
    for pk, case_id, standard_id, state, due_at, child_dob, _total in rows:
        age = _age_on(child_dob or youngest.get(case_id), today)
        score = priority_score(
            standard_id=standard_id, state=state, due_at=due_at, age=age, now=now, window_days=due_soon_days
        )
        scored.append((-score, due_at, pk, score, age))
    return scored, total


def _youngest_children(case_ids: set[int]) -> dict[int, dt.date]:
    """Each case's youngest child's date of birth (a case-level result weighs by it)."""
    return dict(
        CaseParticipant.objects.filter(
            case_id__in=case_ids, role__in=CHILD_ROLES, person__date_of_birth__isnull=False
        )
        .order_by()
        .values_list("case_id")
        .annotate(dob=Max("person__date_of_birth"))
    )


def _entry_url(case_id: int, evidence_type: str, evidence_id: str) -> str:
    kind = evidence_type.rsplit(".", 1)[-1]
    try:
        return reverse("cases:entry", args=[case_id, kind, int(evidence_id)])
    except (NoReverseMatch, ValueError):
        return _case_url(case_id)


def worklist_for(
    viewer: User,
    *,
    scope: str = WorklistScope.MINE,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
    now: dt.datetime | None = None,
    limit: int = WORKLIST_LIMIT,
    offset: int = 0,
    filters: WorklistFilters | None = None,
    sort: str = WorklistSort.URGENCY,
) -> Worklist:
    """What the viewer (or, with scope=team, the viewer's team) must act on, one page of it,
    most urgent (or longest overdue) first.

    Mine: results owned by the viewer or on cases the viewer supervises, not met or due within
    `due_soon_days`. Team (needs VIEW_TEAM_WORKLIST): the same for the viewer's districts
    (the force, for a force-wide viewer). Both are limited to cases the viewer may see, and
    leave out what no action can change (TIMELY_RECORD) and what someone acknowledged.
    """
    if scope == WorklistScope.TEAM and not viewer.can(Permission.VIEW_TEAM_WORKLIST):
        scope = WorklistScope.MINE
    now = now or timezone.now()
    results = _worklist_results(viewer, scope, now, due_soon_days, filters)
    if sort == WorklistSort.DUE:
        scored, total = _by_due_date(results, now=now, due_soon_days=due_soon_days, limit=offset + limit)
    elif scope == WorklistScope.TEAM and viewer.scope != Scope.FORCE:
        scored = _most_urgent_by_class(
            results, sorted(viewer.district_ids()), now=now, due_soon_days=due_soon_days, limit=offset + limit
        )
        total = _team_total(viewer, now, due_soon_days, filters)
    else:
        scored, total = _most_urgent(results, now=now, due_soon_days=due_soon_days, limit=offset + limit)
    # A page past the end shows the last item's page; the ranking then held every result.
    offset = max(0, min(offset, max(total - 1, 0)))
    top = scored[offset : offset + limit]
    details = {
        result.pk: result
        # The page shows names: the cases are checked against the viewer's scope once more.
        for result in StandardResult.objects.filter(
            pk__in=[row[2] for row in top], case__in=cases_visible_to(viewer)
        ).select_related("case", "child", "owner")
    }
    items = []
    for _, _, pk, score, age in top:
        result = details.get(pk)
        if result is None:  # re-evaluated between the two queries, or out of scope
            continue
        standard = CATALOGUE.get(result.standard_id)
        late_on_record = bool(
            standard is not None
            and standard.acknowledged_when_late
            and result.state == State.NOT_MET
            and result.evidence_id
        )
        if late_on_record:
            url, label = (
                _entry_url(result.case_id, result.evidence_type, result.evidence_id),
                "Open the record",
            )
        else:
            url, label = add_entry_url(result.case_id, result.standard_id, result.child_id)
        days_overdue = (
            max(0, (now - result.due_at).days) if result.state == State.NOT_MET and result.due_at else None
        )
        items.append(
            WorklistItem(
                result_id=pk,
                standard_id=result.standard_id,
                description=standard_description(result.standard_id),
                state=result.state,
                due_at=result.due_at,
                days_overdue=days_overdue,
                score=round(score, 1),
                case_id=result.case_id,
                case_reference=result.case.reference,
                case_type_label=result.case.get_case_type_display(),
                child_name=result.child.full_name if result.child else "",
                child_age=age,
                owner_name=(result.owner.get_full_name() or result.owner.get_username())
                if result.owner
                else "",
                evidence_note=result.evidence_note,
                case_url=_case_url(result.case_id),
                add_entry_url=url,
                add_entry_label=label,
                due_words=due_in_words(result.due_at, now=now, overdue=result.state == State.NOT_MET),
                late_on_record=late_on_record,
            )
        )
    return Worklist(scope=scope, items=items, total=total, due_soon_days=due_soon_days, offset=offset)


def worklist_result_to_acknowledge(viewer: User, result_id: int) -> StandardResult:
    """A not-met result the viewer may acknowledge: on a case they may see, of a standard whose
    record is on file (Standard.acknowledged_when_late). Anything else is not found."""
    result = get_object_or_404(
        StandardResult.objects.filter(
            case__in=cases_visible_to(viewer),
            state=State.NOT_MET,
            standard_id__in=[s.id for s in CATALOGUE.values() if s.acknowledged_when_late],
        ).exclude(evidence_id=""),
        pk=result_id,
    )
    return result


# --------------------------------------------------------------------------------------------
# Indicators: compliance = met / (met + not met); not-yet-due and not-applicable results are
# neither, so a standard is never "met" before its time has come.


@dataclass(frozen=True)
class IndicatorFilters:
    period_from: dt.date | None = None  # first day of a month, inclusive
    period_to: dt.date | None = None  # first day of a month, inclusive
    district_id: int | None = None
    team_id: int | None = None
    case_type: str = ""


@dataclass
class Compliance:
    met: int = 0
    not_met: int = 0

    @property
    def total(self) -> int:
        return self.met + self.not_met

    @property
    def rate(self) -> float | None:
        return self.met / self.total if self.total else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.met, self.total)

    @property
    def rated(self) -> tuple[float, tuple[float, float]]:
        """Rate and interval of figures with results (total > 0, so neither is None)."""
        return (self.rate or 0.0, self.interval or (0.0, 1.0))

    def add(self, met: int, not_met: int) -> None:
        self.met += met
        self.not_met += not_met


@dataclass
class StandardIndicator:
    standard_id: str
    description: str
    overall: Compliance = field(default_factory=Compliance)
    by_district: dict[int, Compliance] = field(default_factory=dict)
    by_month: dict[dt.date, Compliance] = field(default_factory=dict)
    by_district_month: dict[tuple[int, dt.date], Compliance] = field(default_factory=dict)

    def district(self, district_id: int) -> Compliance:
        return self.by_district.setdefault(district_id, Compliance())

    def month(self, period: dt.date) -> Compliance:
        return self.by_month.setdefault(period, Compliance())

    def district_month(self, district_id: int, period: dt.date) -> Compliance:
        return self.by_district_month.setdefault((district_id, period), Compliance())

    def _rated_districts(self) -> list[tuple[int, Compliance]]:
        return [(d, c) for d, c in self.by_district.items() if c.total]

    @property
    def spread(self) -> float | None:
        """Highest district rate minus lowest (needs two districts with results)."""
        rated = self._rated_districts()
        if len(rated) < 2:
            return None
        rates = [c.rated[0] for _, c in rated]
        return max(rates) - min(rates)

    @property
    def lowest_district_id(self) -> int | None:
        rated = self._rated_districts()
        if len(rated) < 2:
            return None
        return min(rated, key=lambda item: (item[1].rated[0], -item[1].total))[0]

    @property
    def spread_is_clear(self) -> bool:
        """The lowest district's interval lies wholly below the highest's: not a chance gap."""
        rated = self._rated_districts()
        if len(rated) < 2:
            return False
        lowest = min(rated, key=lambda item: item[1].rated[0])[1]
        highest = max(rated, key=lambda item: item[1].rated[0])[1]
        return lowest.rated[1][1] < highest.rated[1][0]


@dataclass
class IndicatorReport:
    filters: IndicatorFilters
    standards: list[StandardIndicator]  # worst first
    districts: list[District]
    months: list[dt.date]

    def district_name(self, district_id: int | None) -> str:
        for district in self.districts:
            if district.pk == district_id:
                return district.name
        return ""


def _result_filter(filters: IndicatorFilters) -> Q:
    condition = Q(state__in=[State.MET, State.NOT_MET])
    if filters.period_from:
        condition &= Q(period__gte=filters.period_from)
    if filters.period_to:
        condition &= Q(period__lte=filters.period_to)
    if filters.district_id:
        condition &= Q(district_id=filters.district_id)
    if filters.team_id:
        condition &= Q(team_id=filters.team_id)
    if filters.case_type:
        condition &= Q(case_type=filters.case_type)
    return condition


def indicator_counts(filters: IndicatorFilters) -> list[tuple[str, int, dt.date, str, int]]:
    """(standard, district, month, state, count), summed from IndicatorCount, which the evaluator
    keeps in step with the results: a few thousand rows whatever the force's size. Everything
    else on the page derives from it."""
    summed = (
        IndicatorCount.objects.filter(_result_filter(filters))
        .order_by()
        .values_list("standard_id", "district_id", "period", "state")
        .annotate(n=Sum("n"))
    )
    return [row for row in summed if row[-1]]


def indicators(filters: IndicatorFilters) -> IndicatorReport:
    """Compliance per standard overall, by district and by month, worst standard first.

    Two queries in all: the summed counts and the district names. The standards listed are
    those with a met or not-met result in the period (plus, when present, the catalogue's
    remaining IDs with no results, listed last as "no results").
    """
    by_standard: dict[str, StandardIndicator] = {}
    for standard_id, district_id, period, state, n in indicator_counts(filters):
        indicator = by_standard.get(standard_id)
        if indicator is None:
            indicator = by_standard[standard_id] = StandardIndicator(
                standard_id, standard_description(standard_id)
            )
        met, not_met = (n, 0) if state == State.MET else (0, n)
        indicator.overall.add(met, not_met)
        indicator.district(district_id).add(met, not_met)
        indicator.month(period).add(met, not_met)
        indicator.district_month(district_id, period).add(met, not_met)
    for standard_id, standard in CATALOGUE.items():
        if standard_id not in by_standard:
            by_standard[standard_id] = StandardIndicator(standard_id, standard.description)
    # Worst first by the best rate the figures allow (the interval's upper end): one miss in one
    # check (0%, interval up to 79%) is not "worst" beside 40% of a thousand (up to 43%).
    standards = sorted(
        by_standard.values(),
        key=lambda s: (
            s.overall.rate is None,
            s.overall.rated[1][1] if s.overall.total else 1.0,
            s.overall.rate or 0.0,
            s.standard_id,
        ),
    )
    months = sorted({month for s in standards for month in s.by_month})
    districts = list(District.objects.order_by("name"))
    if filters.district_id:
        districts = [d for d in districts if d.pk == filters.district_id]
    return IndicatorReport(filters=filters, standards=standards, districts=districts, months=months)


def percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def indicator_chart_data(report: IndicatorReport, trend_standard_id: str, top: int = 15) -> dict:
    """Aggregates only, for the charts (drawn on the server): district rates side by side, and one
    standard's trend."""
    rated = [s for s in report.standards if s.overall.total][:top]
    data: dict[str, Any] = {
        "standards": [s.standard_id for s in rated],
        "districts": [
            {
                "name": district.name,
                "rates": [
                    percent(s.by_district[district.pk].rate) if district.pk in s.by_district else None
                    for s in rated
                ],
            }
            for district in report.districts
        ],
        "trend": None,
    }
    trend = next((s for s in report.standards if s.standard_id == trend_standard_id), None)
    if trend is not None:
        months = report.months
        data["trend"] = {
            "standard": trend.standard_id,
            "months": [month.strftime("%Y-%m") for month in months],
            "force": [
                percent(trend.by_month[month].rate) if month in trend.by_month else None for month in months
            ],
            "districts": [
                {
                    "name": district.name,
                    "rates": [
                        percent(trend.by_district_month[(district.pk, month)].rate)
                        if (district.pk, month) in trend.by_district_month
                        else None
                        for month in months
                    ],
                }
                for district in report.districts
            ],
        }
    return data


# --------------------------------------------------------------------------------------------
# The case page panel

_STAGE_ORDER = {stage.value: position for position, stage in enumerate(Stage)}
_STATE_ORDER: dict[str, int] = {State.NOT_MET: 0, State.NOT_YET_DUE: 1, State.MET: 2, State.NOT_APPLICABLE: 3}


@dataclass(frozen=True)
class CaseStandardRow:
    standard_id: str
    description: str
    stage: str
    state: str
    state_label: str
    due_at: dt.datetime | None
    child_name: str
    evidence_note: str
    add_entry_url: str


@dataclass(frozen=True)
class CaseStandards:
    case_id: int
    rows: list[CaseStandardRow]

    def __iter__(self) -> Iterator[CaseStandardRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def applicable(self) -> list[CaseStandardRow]:
        return [row for row in self.rows if row.state != State.NOT_APPLICABLE]

    @property
    def not_applicable(self) -> list[CaseStandardRow]:
        return [row for row in self.rows if row.state == State.NOT_APPLICABLE]

    @property
    def not_met_count(self) -> int:
        return sum(1 for row in self.rows if row.state == State.NOT_MET)


def case_for_panel(viewer: User, case_id: int) -> Case:
    """The case if the viewer may see it; 404 (as for a missing case) otherwise."""
    return get_object_or_404(cases_visible_to(viewer), pk=case_id)


def standards_for_case(viewer: User, case: Case | int) -> CaseStandards:
    """Each standard's state on a case the viewer may see (404 otherwise), not met first."""
    case_id = case.pk if isinstance(case, Case) else case
    case_for_panel(viewer, case_id)
    labels = dict(State.choices)
    rows = [
        CaseStandardRow(
            standard_id=result.standard_id,
            description=standard_description(result.standard_id),
            stage=standard_stage(result.standard_id),
            state=result.state,
            state_label=labels.get(result.state, result.state),
            due_at=result.due_at,
            child_name=result.child.full_name if result.child else "",
            evidence_note=result.evidence_note,
            add_entry_url=(
                add_entry_url(case_id, result.standard_id, result.child_id)[0]
                if result.state in (State.NOT_MET, State.NOT_YET_DUE)
                else ""
            ),
        )
        for result in StandardResult.objects.filter(case_id=case_id).select_related("child")
    ]
    # The evaluator writes no row where a standard does not apply: say so for the rest.
    present = {row.standard_id for row in rows}
    for standard_id, standard in CATALOGUE.items():
        if standard_id not in present:
            rows.append(
                CaseStandardRow(
                    standard_id=standard_id,
                    description=standard.description,
                    stage=str(standard.stage),
                    state=State.NOT_APPLICABLE,
                    state_label=labels[State.NOT_APPLICABLE],
                    due_at=None,
                    child_name="",
                    evidence_note="",
                    add_entry_url="",
                )
            )
    rows.sort(
        key=lambda row: (
            _STATE_ORDER.get(row.state, 9),
            _STAGE_ORDER.get(row.stage, 99),
            row.standard_id,
            row.child_name,
        )
    )
    return CaseStandards(case_id=case_id, rows=rows)
