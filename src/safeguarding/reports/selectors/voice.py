"""Voice of the child (for the PCC, quarterly): were the child's views recorded, what did
children say (structured themes only, never their words), and how did they seem.

Unit: a case with a child on it, closed in the period (the VOICE standard asks for the views
before closure, so an open case is not yet counted). Small counts are suppressed for everyone.
"""

import datetime as dt

from django.db import connection
from django.db.models import Case as DbCase
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django_cte import CTE, with_cte

from safeguarding.cases.models import Case, ChildView, DemeanourRecord
from safeguarding.cases.vocabulary import CaseType, Demeanour, ViewTheme
from safeguarding.reports.disclosure import RULE, Shown, protect, suppress_grid, suppress_one
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors.common import QuarterOf, has_child, report_districts, total_label
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table

VOICE_DIFFERENCE = (
    "Why this can differ from “Child's views recorded” in District consistency: that figure is the "
    "practice standard, "
    "counted per child on cases first reported in the period (not closed in it), leaving out sex "
    "offender enquiries (their subject is an adult), and it counts a record of why a child could not "
    "give views as meeting the standard, if made before the case closed. Here each closed case counts "
    "once and only the child's own views count as “views recorded”. Where none of these differences "
    "applies the two figures are the same (this is tested)."
)

SLUG = "voice"
SUPPRESSED = True  # published only under reports.filters.published_filters
TITLE = "Voice of the child"
MEASURES = ("views", "not_able", "nothing")
MEASURE_LABELS = {
    "views": "Views recorded",
    "not_able": "Not able to give views (reason recorded)",
    "nothing": "Nothing recorded",
}


def _views_given(case_ref: str = "pk") -> Exists:
    return Exists(ChildView.objects.filter(case=OuterRef(case_ref)).exclude(views=""))


def _not_able(case_ref: str = "pk") -> Exists:
    return Exists(ChildView.objects.filter(case=OuterRef(case_ref)).exclude(not_able_reason=""))


def closed_cases(filters: ReportFilters) -> QuerySet[Case]:
    return Case.objects.filter(filters.in_period("closed_at"), filters.cases()).filter(has_child())


def quarter_period(first_day: str) -> Q:
    """closed_at within the quarter starting on `first_day` (YYYY-MM-DD)."""
    start = dt.date.fromisoformat(first_day)
    index = start.year * 12 + start.month - 1 + 3
    end = dt.date(index // 12, index % 12 + 1, 1)

    def aware(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    return Q(closed_at__gte=aware(start), closed_at__lt=aware(end))


def _quarter_label(day, filters: ReportFilters | None = None) -> str:
    """ "2026 Q1"; a quarter the period covers only in part says which months it holds, so a
    short quarter is not read as a fall."""
    label = f"{day.year} Q{(day.month - 1) // 3 + 1}"
    if filters is None:
        return label
    first = dt.date(day.year, day.month, 1)
    months = [dt.date(first.year, first.month + i, 1) for i in range(3)]
    held = [m for m in months if filters.period_from <= m <= filters.period_to]
    if len(held) == 3 or not held:
        return label
    names = f"{held[0]:%b}" if len(held) == 1 else f"{held[0]:%b}–{held[-1]:%b}"
    return f"{label} ({names} only)"


def grouped(filters: ReportFilters) -> list[dict]:
    """One GROUP BY: (district, case type, quarter closed) -> cases, with views, not able.

    Each case's state is one CASE, so each EXISTS runs once per case (two filtered counts would
    each carry their own copy of "views given"). The cases and their states are a common table
    expression, materialized on SQLite, which would otherwise run the EXISTS again to output
    each group's state (PostgreSQL inlines it)."""
    state = DbCase(
        When(_views_given(), then=Value("views")),
        When(_not_able(), then=Value("not_able")),
        default=Value("nothing"),
        output_field=CharField(),
    )
    cases = CTE(
        closed_cases(filters).order_by().values("district_id", "case_type", "closed_at", x_state=state),
        name="report_voice_cases",
        materialized=connection.vendor == "sqlite",
    )
    rows = (
        with_cte(cases, select=cases.queryset())
        .order_by()
        .values(
            district_id=cases.col.district_id,
            case_type=cases.col.case_type,
            x_quarter=QuarterOf(cases.col.closed_at),
            x_state=cases.col.x_state,
        )
        .annotate(n=Count("*"))
    )
    sums: dict[tuple, dict] = {}
    for row in rows:
        key = (row["district_id"], row["case_type"], row["x_quarter"])
        total = sums.setdefault(
            key,
            {
                "district_id": key[0],
                "case_type": key[1],
                "x_quarter": key[2],
                "n": 0,
                "views": 0,
                "not_able": 0,
            },
        )
        total["n"] += row["n"]
        if row["x_state"] != "nothing":
            total[row["x_state"]] += row["n"]
    return list(sums.values())


def _sum_by(rows: list[dict], key) -> dict:
    sums: dict = {}
    for row in rows:
        total = sums.setdefault(key(row), {"n": 0, "views": 0, "not_able": 0})
        for name in ("n", "views", "not_able"):
            total[name] += row[name]
    return sums


def _lines(groups: list[tuple], sums: dict) -> list[list[int]]:
    lines = []
    for value, _label in groups:
        s = sums.get(value, {"n": 0, "views": 0, "not_able": 0})
        lines.append([s["views"], s["not_able"], s["n"] - s["views"] - s["not_able"], s["n"]])
    return lines


def protect_breakdowns(
    breakdowns: dict[str, list[list[int]]], force_totals: list[int]
) -> dict[str, list[list[Shown]]]:
    """The three breakdowns (district, case type, quarter) share one force row, so a reader can
    check each against the others: one suppression over all three, with the force row held once
    (key "force"), so no table gives away what another hides."""
    values: dict = {}
    equations: list = []
    totals = force_totals
    for column in range(4):
        values[("force", column)] = totals[column]
    equations.append((("force", 3), [("force", c) for c in range(3)]))
    for name, lines in breakdowns.items():
        for r, line in enumerate(lines):
            for column, value in enumerate(line):
                values[(name, r, column)] = value
            equations.append(((name, r, 3), [(name, r, c) for c in range(3)]))
        for column in range(4):
            if sum(line[column] for line in lines) == totals[column]:  # a breakdown that adds up
                equations.append((("force", column), [(name, r, column) for r in range(len(lines))]))
    shown = protect(values, equations)
    force = [shown[("force", c)] for c in range(4)]
    return {
        name: [[shown[(name, r, c)] for c in range(4)] for r in range(len(lines))] + [force]
        for name, lines in breakdowns.items()
    }


def _breakdown_table(
    key: str,
    title: str,
    first: str,
    groups: list[tuple],
    shown: list[list[Shown]],
    dimension: str,
    total: str,
) -> Table:
    """Rows: groups then the force; columns: the three outcomes of a case, its total, the share."""
    table = Table(key, title, [first, *MEASURE_LABELS.values(), "Cases closed", "Share with views"])
    for (value, label), cells in zip([*groups, (None, total)], shown, strict=True):
        base = {} if value is None else {dimension: str(value)}
        row_cells = [
            Cell.shown(cell, {**base, "measure": m}) for cell, m in zip(cells[:3], MEASURES, strict=True)
        ]
        row_cells.append(Cell.shown(cells[3], {**base, "measure": "closed"}))
        views, closed = cells[0], cells[3]
        share = None if views.value is None or not closed.value else 100 * views.value / closed.value
        row_cells.append(Cell.percent(share))
        table.rows.append(Row(label, row_cells, heading=value is None))
    return table


def build(filters: ReportFilters) -> Report:
    rows = grouped(filters)
    districts = report_districts(filters)
    by_district = _sum_by(rows, lambda r: r["district_id"])
    by_type = _sum_by(rows, lambda r: r["case_type"])
    by_quarter = _sum_by(rows, lambda r: r["x_quarter"])
    case_types = [(value, label) for value, label in CaseType.choices if value in by_type]
    quarters = [(q, _quarter_label(q, filters)) for q in sorted(by_quarter)]

    total = total_label(filters)
    quarter_groups = [(q.strftime("%Y-%m-%d"), label) for q, label in quarters]
    by_quarter_key = {q.strftime("%Y-%m-%d"): s for q, s in by_quarter.items()}
    shown = protect_breakdowns(
        {
            "district": _lines(districts, by_district),
            "case_type": _lines(case_types, by_type),
            "quarter": _lines(quarter_groups, by_quarter_key),
        },
        _lines([(None, "")], _sum_by(rows, lambda r: None))[0],
    )
    district_table = _breakdown_table(
        "by_district",
        "Cases closed, by district",
        "District",
        districts,
        shown["district"],
        "district",
        total,
    )
    type_table = _breakdown_table(
        "by_case_type", "By case type", "Case type", case_types, shown["case_type"], "case_type", total
    )
    quarter_table = _breakdown_table(
        "by_quarter",
        "Quarter by quarter (quarter the case closed)",
        "Quarter",
        quarter_groups,
        shown["quarter"],
        "quarter",
        total,
    )
    themes_table, themes_chart = _themes(filters)
    demeanour_table = _demeanour(filters)

    report = Report(
        slug=SLUG,
        title=TITLE,
        summary=(
            "Whether children's views and concerns were recorded before their case closed, what "
            "children said (from the structured themes officers record, never their words) and how "
            "officers saw them. For the Police and Crime Commissioner, quarterly."
        ),
        method=[
            "Counted: cases with a child on them that closed in the period. A case counts as "
            "“views recorded” when the child's views are on record, and as “not able” when the "
            "record says why the child could not give them (too young, communication needs, declined).",
            VOICE_DIFFERENCE,
            "Themes: one child's views can carry several themes, so themes do not add up to the total.",
            "Small numbers: " + RULE,
        ],
        tables=[district_table, type_table, quarter_table, themes_table, demeanour_table],
        suppressed=True,
    )
    report.charts = [
        Chart(
            "share_by_district",
            "Share of closed cases with the child's views recorded, by district",
            "bar",
            [row.label for row in district_table.rows],
            [{"label": "Views recorded", "data": [row.cells[4].value for row in district_table.rows]}],
            percent=True,
        ),
        Chart(
            "share_by_quarter",
            "Share with views recorded, quarter by quarter",
            "line",
            [row.label for row in quarter_table.rows[:-1]],
            [{"label": total, "data": [row.cells[4].value for row in quarter_table.rows[:-1]]}],
            percent=True,
        ),
        themes_chart,
    ]
    return report


def _themes(filters: ReportFilters) -> tuple[Table, Chart]:
    views = ChildView.objects.filter(case__in=closed_cases(filters)).exclude(views="")
    # The JSON list is matched as text on the quoted value: portable across SQLite and
    # PostgreSQL, and no theme's value is another's quoted substring.
    counts = views.aggregate(
        total=Count("pk"),
        **{theme.value: Count("pk", filter=Q(themes__icontains=f'"{theme.value}"')) for theme in ViewTheme},
    )
    total = suppress_one(counts["total"])
    table = Table(
        "themes",
        "What children said (themes)",
        ["Theme", "Views mentioning it", "Share of views recorded"],
        note=f"Out of {total.text} records of children's views.",
    )
    for theme in ViewTheme:
        shown = suppress_one(counts[theme.value])
        share = None if shown.value is None or not total.value else 100 * shown.value / total.value
        table.rows.append(Row(theme.label, [Cell.shown(shown, {"theme": theme.value}), Cell.percent(share)]))
    chart = Chart(
        "themes",
        "What children said: share of recorded views mentioning each theme",
        "bar",
        [row.label for row in table.rows],
        [{"label": "Share of views", "data": [row.cells[1].value for row in table.rows]}],
        percent=True,
    )
    return table, chart


def _demeanour(filters: ReportFilters) -> Table:
    records = (
        DemeanourRecord.objects.filter(case__in=closed_cases(filters))
        .order_by()
        .values("demeanour")
        .annotate(n=Count("pk"))
    )
    counts = {row["demeanour"]: row["n"] for row in records}
    kinds = [d for d in Demeanour if d.value in counts] or list(Demeanour)
    grid = [[counts.get(d.value, 0)] for d in kinds]
    grid.append([sum(line[0] for line in grid)])
    shown = suppress_grid(grid)
    table = Table("demeanour", "Demeanour observed by officers", ["Demeanour", "Records", "Share of records"])
    total = shown[-1][0]
    for kind, cells in zip([*kinds, None], shown, strict=True):
        count = cells[0]
        share = None if count.value is None or not total.value else 100 * count.value / total.value
        label = kind.label if kind is not None else "All demeanour records"
        figure = {"demeanour": kind.value} if kind is not None else {"measure": "demeanour"}
        table.rows.append(Row(label, [Cell.shown(count, figure), Cell.percent(share)], heading=kind is None))
    return table


def cases(filters: ReportFilters, figure: dict[str, str]) -> QuerySet[Case]:
    """The cases behind one figure of this report."""
    qs = closed_cases(filters)
    if figure.get("district"):
        qs = qs.filter(district_id=figure["district"])
    if figure.get("case_type"):
        qs = qs.filter(case_type=figure["case_type"])
    if figure.get("quarter"):
        qs = qs.filter(quarter_period(figure["quarter"]))
    measure = figure.get("measure", "closed")
    if measure == "views":
        qs = qs.filter(_views_given())
    elif measure == "not_able":
        qs = qs.filter(~_views_given(), _not_able())
    elif measure == "nothing":
        qs = qs.filter(~_views_given(), ~_not_able())
    elif measure == "demeanour":
        qs = qs.filter(Exists(DemeanourRecord.objects.filter(case=OuterRef("pk"))))
    if figure.get("theme"):
        qs = qs.filter(
            Exists(
                ChildView.objects.filter(
                    case=OuterRef("pk"), themes__icontains=f'"{figure["theme"]}"'
                ).exclude(views="")
            )
        )
    if figure.get("demeanour"):
        qs = qs.filter(
            Exists(DemeanourRecord.objects.filter(case=OuterRef("pk"), demeanour=figure["demeanour"]))
        )
    return qs
