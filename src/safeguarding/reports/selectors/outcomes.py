"""Outcomes for children: what happened after police involvement, and whether harm came back.

Unit: a child on a case closed in the period (the subject child, or a child present). For each:
the outcome recorded at closure (ChildOutcome), and in the 12 months after closure a new
referral to social care for the same child, a new missing episode, or a new domestic abuse
incident on a case the child is in. Cases closed less than 12 months ago have not had their full
year: their follow-up counts are "so far".
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
)
from django.db.models.lookups import Exact, GreaterThan, IsNull, LessThanOrEqual
from django.db.models.sql.constants import LOUTER
from django.utils import timezone
from django_cte import CTE, with_cte

from safeguarding.cases.models import Case, CaseParticipant, ChildOutcome, Incident, MissingEpisode, Referral
from safeguarding.cases.vocabulary import CHILD_ROLES, IncidentKind, OutcomeCategory
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors.common import Later, children_of_cases, report_districts, total_label
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table, rate

SLUG = "outcomes"
TITLE = "Outcomes for children"
FOLLOW_UP = dt.timedelta(days=365)
NO_OUTCOME = "none"
AFTER = {
    "rereferred": "Referred again within 12 months",
    "missing_after": "Missing again within 12 months",
    "da_after": "Domestic abuse again within 12 months",
}


def closed_children(filters: ReportFilters) -> QuerySet[CaseParticipant]:
    return children_of_cases().filter(filters.in_period("case__closed_at"), filters.cases("case__"))


@dataclass
class _Joined:
    kids: CTE  # one row per (case, child) on a case closed in the period
    windows: dict[str, CTE]  # follow-up measure -> the (case, child) pairs it happened to
    recorded: CTE  # outcomes recorded
    ctes: list[CTE]
    rows: QuerySet  # the children, each joined to its outcome and follow-ups (left joins)


def _joined(filters: ReportFilters, follow_ups: tuple[str, ...]) -> _Joined:
    """The children on closed cases, selected once as a materialized common table expression,
    each left-joined to its recorded outcome and to every follow-up measure asked for; a
    measure is a hash join of those children with the later records (the pairs it happened to,
    made distinct). At 100,000 children on PostgreSQL this is about a third of the database time
    of a correlated subquery per child per measure. The figures and the drill-down both read it.
    """
    kids = CTE(
        CaseParticipant.objects.filter(role__in=sorted(CHILD_ROLES))
        .filter(filters.in_period("case__closed_at"), filters.cases("case__"))
        .order_by()
        # one row per (case, child): a child can be both the subject and present
        .values("case_id", "person_id", k_district=F("case__district_id"), k_closed=F("case__closed_at"))
        .distinct(),
        name="report_kids",
        materialized=True,
    )
    until = Later(kids.col.k_closed, FOLLOW_UP)
    # Later records that can fall in any child's window (a bound the planner can use).
    in_reach = {"occurred_at__gt": filters.starts, "occurred_at__lte": filters.ends + FOLLOW_UP}

    def came_back(name: str, rows: QuerySet, *conditions) -> CTE:
        return CTE(
            rows.filter(*conditions)
            .order_by()
            .values(w_case=kids.col.case_id, w_person=kids.col.person_id)
            .distinct(),
            name=f"report_{name}",
        )

    referrals = kids.join(Referral.objects.filter(**in_reach), child_id=kids.col.person_id)
    missing = kids.join(MissingEpisode.objects.filter(**in_reach), child_id=kids.col.person_id)
    abuse = CTE(
        Incident.objects.filter(kind=IncidentKind.DOMESTIC_ABUSE, **in_reach)
        .order_by()
        .values("case_id", "occurred_at"),
        name="report_da_incidents",
    )
    # a domestic abuse incident on any case the child is in, in any role
    abuse_to_child = kids.join(
        abuse.join(CaseParticipant, case_id=abuse.col.case_id), person_id=kids.col.person_id
    )
    windows = {
        "rereferred": came_back(
            "rereferred", referrals, Q(occurred_at__gt=kids.col.k_closed), Q(occurred_at__lte=until)
        ),
        "missing_after": came_back(
            "missing_after", missing, Q(occurred_at__gt=kids.col.k_closed), Q(occurred_at__lte=until)
        ),
        "da_after": came_back(
            "da_after",
            abuse_to_child,
            GreaterThan(abuse.col.occurred_at, kids.col.k_closed),
            LessThanOrEqual(abuse.col.occurred_at, until),
        ),
    }
    windows = {name: window for name, window in windows.items() if name in follow_ups}
    # One outcome per child per case (constraint outcome_one_per_child_per_case): the join adds
    # no rows.
    recorded = CTE(
        ChildOutcome.objects.order_by().values("case_id", "child_id", "category"), name="report_outcomes"
    )
    ctes = [kids, *([abuse] if "da_after" in windows else []), *windows.values(), recorded]
    rows = kids.queryset()
    for window in windows.values():
        rows = window.join(rows, case_id=window.col.w_case, person_id=window.col.w_person, _join_type=LOUTER)
    rows = recorded.join(
        rows, case_id=recorded.col.case_id, person_id=recorded.col.child_id, _join_type=LOUTER
    )
    return _Joined(kids, windows, recorded, ctes, rows)


def grouped(filters: ReportFilters, follow_ups: tuple[str, ...] = tuple(AFTER)) -> list[dict]:
    """One statement: (district, outcome category or None) -> children, and how many came back.
    `follow_ups` names the measures wanted (the others count 0)."""
    joined = _joined(filters, follow_ups)
    kids, windows, recorded = joined.kids, joined.windows, joined.recorded
    return list(
        with_cte(*joined.ctes, select=joined.rows)
        .values(district=kids.col.k_district, category=recorded.col.category)
        .annotate(
            n=Count("*"),
            **{name: Count(window.col.w_person) for name, window in windows.items()},
            # children whose 12 months after closure have not all passed yet
            so_far=Count(
                kids.col.person_id, filter=GreaterThan(kids.col.k_closed, timezone.now() - FOLLOW_UP)
            ),
        )
    )


def by_district(rows: list[dict]) -> dict[int, dict[str, int]]:
    sums: dict[int, dict[str, int]] = {}
    for row in rows:
        total = sums.setdefault(
            row["district"], {"n": 0, "nfa_no_safeguarding": 0, "with_outcome": 0, **dict.fromkeys(AFTER, 0)}
        )
        total["n"] += row["n"]
        if row["category"]:
            total["with_outcome"] += row["n"]
        if row["category"] == OutcomeCategory.NFA_NO_SAFEGUARDING:
            total["nfa_no_safeguarding"] += row["n"]
        for name in AFTER:
            total[name] += row.get(name, 0)
    return sums


def _so_far_note(rows: list[dict]) -> str:
    children = sum(row["n"] for row in rows)
    so_far = sum(row["so_far"] for row in rows)
    note = "Counted from the closure date."
    if so_far:
        note += (
            f" {so_far:,} of these {children:,} children ({rate(so_far, children):.0f}%) are on cases closed "
            "less than 12 months ago: for them the figures are what has happened so far, not a full year."
        )
    return note


def build(filters: ReportFilters) -> Report:
    rows = grouped(filters)
    districts = report_districts(filters)
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (row["district"], row["category"] or NO_OUTCOME)
        counts[key] = counts.get(key, 0) + row["n"]
    categories = [*OutcomeCategory.choices, (NO_OUTCOME, "No outcome recorded")]
    district_totals = {d: sum(n for (dd, _), n in counts.items() if dd == d) for d, _ in districts}
    force_total = sum(district_totals.values())

    outcome_table = Table(
        "categories",
        "Outcome recorded at closure",
        [
            "Outcome",
            *[name for _, name in districts],
            total_label(filters),
            f"Share ({total_label(filters).lower()})",
        ],
    )
    for value, label in categories:
        cells = [
            Cell.count(counts.get((d, value), 0), {"district": str(d), "category": value})
            for d, _ in districts
        ]
        force_n = sum(counts.get((d, value), 0) for d, _ in districts)
        cells.append(Cell.count(force_n, {"category": value}))
        cells.append(Cell.percent(rate(force_n, force_total)))
        outcome_table.rows.append(Row(label, cells))
    outcome_table.rows.append(
        Row(
            "Children on closed cases",
            [Cell.count(district_totals[d], {"district": str(d)}) for d, _ in districts]
            + [Cell.count(force_total, {}), Cell.percent(100.0 if force_total else None)],
            heading=True,
        )
    )

    width, height = len(districts), len(categories)
    outcome_table.column_sums = [(width, list(range(width)))]
    outcome_table.row_sums = [(height, list(range(height)))]

    sums = by_district(rows)
    after_table = Table(
        "after_closure",
        "After closure: did harm come back?",
        [
            "District",
            "Children on closed cases",
            *[f"{label} (n)" for label in AFTER.values()],
            *[f"{label} (%)" for label in AFTER.values()],
        ],
        note=_so_far_note(rows),
    )
    force_sums = {key: sum(sums.get(d, {}).get(key, 0) for d, _ in districts) for key in ("n", *AFTER)}
    for district_id, name in [*districts, (None, total_label(filters))]:
        s = force_sums if district_id is None else sums.get(district_id, dict.fromkeys(("n", *AFTER), 0))
        base = {} if district_id is None else {"district": str(district_id)}
        after_table.rows.append(
            Row(
                name,
                [Cell.count(s["n"], base)]
                + [Cell.count(s[key], {**base, "measure": key}) for key in AFTER]
                + [Cell.percent(rate(s[key], s["n"])) for key in AFTER],
                heading=district_id is None,
            )
        )
    after_table.row_sums = [(width, list(range(width)))]
    shares = 1 + len(AFTER)

    return Report(
        slug=SLUG,
        title=TITLE,
        summary=(
            "What happened to children after police involvement, rather than how many incidents there were."
        ),
        method=[
            "Counted: each child on a case that closed in the period (the subject child, or a child "
            "present), with the outcome recorded for that child at closure.",
            "Referred again: a new referral to children's social care for the same child within 12 months "
            "after the case closed. Missing again: a new missing episode for the child. Domestic abuse "
            "again: a new domestic abuse incident on any case the child is in. Each within 12 months of "
            "closure.",
            "Cases closed less than 12 months ago have not had their full year, so their follow-up figures "
            "are what has happened so far.",
        ],
        tables=[outcome_table, after_table],
        # the children on closed cases, per district and force-wide, are in both tables
        links=[(("categories", height, c), [("after_closure", c, 0)]) for c in range(width + 1)],
        charts=[
            Chart(
                "categories",
                "Outcomes at closure (force, share of children)",
                "bar",
                [row.label for row in outcome_table.rows[:-1]],
                [
                    {
                        "label": "Share of children",
                        "data": [row.cells[-1].value for row in outcome_table.rows[:-1]],
                    }
                ],
                percent=True,
                cells=[[("categories", r, width + 1) for r in range(height)]],
            ),
            Chart(
                "after_closure",
                "Harm coming back within 12 months of closure, by district",
                "bar",
                [row.label for row in after_table.rows],
                [
                    {
                        "label": label,
                        "data": [row.cells[1 + len(AFTER) + i].value for row in after_table.rows],
                    }
                    for i, label in enumerate(AFTER.values())
                ],
                percent=True,
                cells=[
                    [("after_closure", r, shares + i) for r in range(len(after_table.rows))]
                    for i in range(len(AFTER))
                ],
            ),
        ],
    )


def cases(filters: ReportFilters, figure: dict[str, str]) -> QuerySet[Case]:
    """The cases behind one figure: the same joined children, filtered to the figure."""
    measure = figure.get("measure")
    if figure.get("district", "").isdigit():
        # the figure's district narrows the children selected, as the district filter does
        district_id = int(figure["district"])
        if filters.district_id and filters.district_id != district_id:
            return Case.objects.none()
        filters = replace(filters, district_id=district_id)
    joined = _joined(filters, (measure,) if measure in AFTER else ())
    kids, recorded = joined.kids, joined.recorded
    rows = joined.rows
    category = figure.get("category")
    if category == NO_OUTCOME:
        rows = rows.filter(IsNull(recorded.col.category, True))
    elif category:
        rows = rows.filter(Exact(recorded.col.category, category))
    if measure in AFTER:
        rows = rows.filter(IsNull(joined.windows[measure].col.w_person, False))
    case_ids = with_cte(*joined.ctes, select=rows).values_list(kids.col.case_id, flat=True)
    return Case.objects.filter(pk__in=case_ids)
