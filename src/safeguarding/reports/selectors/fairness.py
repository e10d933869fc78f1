"""Fairness: are some groups of children detained, arrested or left without safeguarding more
than others? Rates by ethnicity, age, gender and disability against the child population of the
districts (force.DistrictPopulation), with the recording completeness of each field beside them,
so that a gap in the records is not read as a finding (DEMOGRAPHICS).
"""

import math

from django.db import connection
from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import RowNumber
from django.db.models.lookups import Exact
from django_cte import CTE, with_cte

from safeguarding.cases.models import Case, CaseParticipant, ChildOutcome, CustodyDetention
from safeguarding.cases.vocabulary import CHILD_ROLES, OutcomeCategory
from safeguarding.force.models import DistrictPopulation
from safeguarding.people.vocabulary import Disability, Ethnicity, Gender
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors.common import (
    AGE_BANDS,
    NOT_RECORDED,
    age_band,
    report_districts,
    total_label,
)
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table, rate
from safeguarding.standards.statistics import Z_95

SLUG = "fairness"
TITLE = "Fairness"
PER = 10_000

DIMENSIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "ethnicity": ("Ethnicity", [(v, lbl) for v, lbl in Ethnicity.choices if v]),
    "age_band": ("Age", [(band, f"Aged {band}") for band in AGE_BANDS]),
    "gender": ("Gender", [(v, lbl) for v, lbl in Gender.choices if v]),
    "disability": ("Disability", [(v, lbl) for v, lbl in Disability.choices if v]),
}
MEASURES = {
    "known": "Children known (on a case reported in the period)",
    "detained": "Children detained in custody",
    "arrested": "Children arrested and detained (not s136)",
    "outcomes": "Children's outcomes recorded at closure",
    "nfa_no_safeguarding": "… no further action, no safeguarding in place",
}


def _per(rate_per_100: float | None) -> float | None:
    """A rate per 100 (tables.rate) as one per PER; None stays None (no population, or hidden)."""
    return None if rate_per_100 is None else rate_per_100 * PER / 100


def _group(dimension: str, person: str, on: str):
    if dimension == "age_band":
        return age_band(f"{person}__date_of_birth", on)
    return F(f"{person}__{dimension}")


def _base(measure: str, filters: ReportFilters) -> tuple[QuerySet, str, str]:
    """The rows behind a measure, the path to the child, and the moment the age is taken at."""
    if measure == "known":
        # Every child role row: children are counted distinct (and cases listed once), so a
        # child who is both subject and present needs no removing here.
        rows = CaseParticipant.objects.filter(role__in=sorted(CHILD_ROLES)).filter(
            filters.in_period("case__first_reported_at"), filters.cases("case__")
        )
        return rows, "person", "case__first_reported_at"
    if measure in ("detained", "arrested"):
        detentions = CustodyDetention.objects.filter(
            filters.in_period("occurred_at"), filters.cases("case__")
        )
        if measure == "arrested":
            detentions = detentions.filter(under_s136=False)
        return detentions, "child", "occurred_at"
    outcomes = ChildOutcome.objects.filter(filters.in_period("case__closed_at"), filters.cases("case__"))
    if measure == "nfa_no_safeguarding":
        outcomes = outcomes.filter(category=OutcomeCategory.NFA_NO_SAFEGUARDING)
    return outcomes, "child", "occurred_at"


def measure_rows(measure: str, filters: ReportFilters, dimension: str) -> QuerySet:
    """The rows behind a measure, annotated with x_group (the child's group) and x_district."""
    rows, person, on = _base(measure, filters)
    return rows.annotate(
        x_group=_group(dimension, person, on), x_district=F("case__district_id"), x_child=F(f"{person}_id")
    )


Counts = dict[str, dict[tuple[int, str], int]]  # dimension -> (district, group) -> n


def _with_groups(measure: str, filters: ReportFilters) -> QuerySet:
    rows, person, on = _base(measure, filters)
    return rows.annotate(
        x_district=F("case__district_id"),
        x_child=F(f"{person}_id"),
        **{f"x_{dimension}": _group(dimension, person, on) for dimension in DIMENSIONS},
    )


def _sum(rows, column: str) -> Counts:
    counts: Counts = {dimension: {} for dimension in DIMENSIONS}
    for row in rows:
        for dimension in DIMENSIONS:
            key = (row["district"], row[dimension] or NOT_RECORDED)
            counts[dimension][key] = counts[dimension].get(key, 0) + row[column]
    return counts


# SQLite would compute the groups (the age band's callbacks above all) again wherever the outer
# query names them; PostgreSQL computes them cheaply and is quicker with the CTE inlined (at
# 100,000 children materializing cost about 60 ms of 300).
_MATERIALIZE = connection.vendor == "sqlite"


def distinct_children_by_windows(measure: str, filters: ReportFilters) -> Counts:
    """Distinct children per (district, group) for every dimension, in one statement (the form
    PostgreSQL runs fastest).

    A child has one ethnicity, gender and disability, but may fall in two age bands in the
    period (a birthday between two cases). So each row is numbered within its child (and within
    its child and age band): grouping by district and all four fields, the first row of each
    child counts that child once for ethnicity, gender and disability, and the first row of each
    child's age band counts it once in that band. Sums over the other fields are then exact.
    """
    columns = [f"x_{dimension}" for dimension in DIMENSIONS]
    # Each row's groups computed once (the age band is a CASE over dates; inlined into the
    # window's PARTITION and ORDER BY it would run three times a row).
    grouped_rows = CTE(
        _with_groups(measure, filters).order_by().values("x_district", "x_child", *columns),
        name="report_fairness_rows",
        materialized=_MATERIALIZE,
    )
    col = grouped_rows.col
    by_child = [col.x_district, col.x_child]
    numbered = CTE(
        grouped_rows.queryset()
        .order_by()
        .values(*["x_district", "x_child", *columns])
        .annotate(
            nth_child=Window(RowNumber(), partition_by=by_child, order_by=col.x_age_band.asc()),
            nth_in_band=Window(
                RowNumber(), partition_by=[*by_child, col.x_age_band], order_by=col.x_child.asc()
            ),
        ),
        name="report_fairness_numbered",
    )
    rows = (
        with_cte(grouped_rows, numbered, select=numbered.queryset())
        .values(district=numbered.col.x_district, **{d: getattr(numbered.col, f"x_{d}") for d in DIMENSIONS})
        .annotate(
            children=Count(numbered.col.x_child, filter=Exact(numbered.col.nth_child, 1)),
            in_band=Count(numbered.col.x_child, filter=Exact(numbered.col.nth_in_band, 1)),
        )
    )
    rows = list(rows)
    counts = _sum(rows, "children")
    counts["age_band"] = _sum(rows, "in_band")["age_band"]
    return counts


def distinct_children_by_union(measure: str, filters: ReportFilters) -> Counts:
    """Distinct children per (district, group) for every dimension, in one statement (the form
    SQLite runs fastest).

    A child has one ethnicity, gender and disability, but may fall in two age bands in the
    period (a birthday between two cases). So the rows are made distinct per district, child
    and age band once; each of ethnicity, gender and disability then counts its distinct
    children per district and group, and the age band counts those rows (a child once in each
    band). The four counts are one UNION ALL over the same rows.
    """
    columns = [f"x_{dimension}" for dimension in DIMENSIONS]
    # Each row's groups computed once (on SQLite the age band would otherwise be worked out
    # again wherever the outer query names it).
    grouped_rows = CTE(
        _with_groups(measure, filters).order_by().values("x_district", "x_child", *columns),
        name="report_fairness_rows",
        materialized=_MATERIALIZE,
    )
    in_bands = CTE(
        grouped_rows.queryset().order_by().values("x_district", "x_child", *columns).distinct(),
        name="report_fairness_in_bands",
    )
    col = in_bands.col

    def count(dimension: str) -> QuerySet:
        children = Count(col.x_child) if dimension == "age_band" else Count(col.x_child, distinct=True)
        return (
            with_cte(grouped_rows, in_bands, select=in_bands.queryset())
            .order_by()
            .values(
                dimension=Value(dimension, output_field=CharField()),
                district=col.x_district,
                group=getattr(col, f"x_{dimension}"),
            )
            .annotate(children=children)
        )

    first, *others = [count(dimension) for dimension in DIMENSIONS]
    counts: Counts = {dimension: {} for dimension in DIMENSIONS}
    for row in first.union(*others, all=True):
        key = (row["district"], row["group"] or NOT_RECORDED)
        by_group = counts[row["dimension"]]
        by_group[key] = by_group.get(key, 0) + row["children"]
    return counts


def _distinct_children(measure: str, filters: ReportFilters) -> Counts:
    """The same counts two ways, each tested on both databases. At 100,000 children SQLite
    numbers rows by window functions slowly (the union form is 110-160 ms quicker of about
    400), while PostgreSQL sorts once for both windows and runs the union form 20-45 ms slower."""
    if connection.vendor == "sqlite":
        return distinct_children_by_union(measure, filters)
    return distinct_children_by_windows(measure, filters)


def _outcome_counts(filters: ReportFilters) -> dict[str, Counts]:
    """Outcomes and the no-safeguarding ones: one row per child per case, so plain sums. The
    groups are computed once a row (in a CTE) and grouped by as columns (SQLite would otherwise
    compute the age band again for the GROUP BY)."""
    columns = [f"x_{dimension}" for dimension in DIMENSIONS]
    outcome_rows = CTE(
        _with_groups("outcomes", filters).order_by().values("x_district", "category", *columns),
        name="report_fairness_outcomes",
        materialized=_MATERIALIZE,
    )
    col = outcome_rows.col
    rows = list(
        with_cte(outcome_rows, select=outcome_rows.queryset())
        .order_by()
        .values(district=col.x_district, **{d: getattr(col, f"x_{d}") for d in DIMENSIONS})
        .annotate(
            outcomes=Count(col.x_district),
            nfa_no_safeguarding=Count(
                col.x_district, filter=Exact(col.category, OutcomeCategory.NFA_NO_SAFEGUARDING.value)
            ),
        )
    )
    return {"outcomes": _sum(rows, "outcomes"), "nfa_no_safeguarding": _sum(rows, "nfa_no_safeguarding")}


def grouped(filters: ReportFilters) -> dict[str, Counts]:
    """measure -> dimension -> (district, group) -> count: four statements in all."""
    counts = {measure: _distinct_children(measure, filters) for measure in ("known", "detained", "arrested")}
    counts.update(_outcome_counts(filters))
    return counts


def _population(dimension: str, district_ids: list[int]) -> dict[tuple[int, str], int]:
    rows = (
        DistrictPopulation.objects.filter(dimension=dimension, district_id__in=district_ids)
        .values("district_id", "group")
        .annotate(n=Sum("children"))
    )
    return {(row["district_id"], row["group"]): row["n"] for row in rows}


def _total(counts: dict, district_ids: list[int], group: str | None = None) -> int:
    return sum(n for (d, g), n in counts.items() if d in district_ids and (group is None or g == group))


RATIO_INTERVAL_METHOD = (
    "Interval for a detention ratio: 95%, by the delta method on the log of the ratio, treating the "
    "numbers detained as Poisson counts and the populations as known. The group's children are among "
    "all children, so the variance of the log ratio is 1/(group detained) - 1/(all detained). With "
    "no child of the group detained there is no interval."
)


def ratio_interval(group_count: int, all_count: int, ratio: float | None) -> tuple[float, float] | None:
    """95% interval for (group rate) / (all children's rate), the group being part of all."""
    if ratio is None or ratio <= 0 or group_count <= 0 or all_count <= 0:
        return None
    variance = max(0.0, 1 / group_count - 1 / all_count)
    half = Z_95 * math.sqrt(variance)
    return ratio * math.exp(-half), ratio * math.exp(half)


def _ratio_interval_cell(group_count: int, all_count: int, ratio: float | None) -> Cell:
    interval = ratio_interval(group_count, all_count, ratio)
    if interval is None:
        return Cell("–", kind="derived")
    return Cell(f"{interval[0]:.2f} to {interval[1]:.2f}", None, kind="derived")


def build(filters: ReportFilters) -> Report:
    districts = report_districts(filters)
    ids = [d for d, _ in districts]
    tables: list[Table] = []
    completeness = Table(
        "completeness",
        "Recording completeness: share of children known with the field recorded",
        ["Field", *[name for _, name in districts], total_label(filters)],
    )
    charts: list[Chart] = []
    links: list = []
    last_ethnicity = 0
    ethnicity_by_district = None
    all_counts = grouped(filters)
    # "All children" is the same in every table: each child once per district (a child has one
    # ethnicity; by age, a birthday between two events puts a child in two bands).
    everyone = {measure: _total(all_counts[measure]["ethnicity"], ids) for measure in MEASURES}
    for dimension, (title, groups) in DIMENSIONS.items():
        counts = {measure: all_counts[measure][dimension] for measure in MEASURES}
        population = _population(dimension, ids)
        known = counts["known"]
        completeness.rows.append(
            Row(
                title if dimension != "age_band" else "Age (date of birth)",
                [
                    Cell.percent(
                        rate(_total(known, [d]) - known.get((d, NOT_RECORDED), 0), _total(known, [d])),
                        basis=(_total(known, [d]),),
                        figure={
                            "dimension": dimension,
                            "group": NOT_RECORDED,
                            "measure": "known",
                            "district": str(d),
                        },
                    )
                    for d in ids
                ]
                + [
                    Cell.percent(
                        rate(_total(known, ids) - _total(known, ids, NOT_RECORDED), _total(known, ids)),
                        basis=(_total(known, ids),),
                    )
                ],
            )
        )
        all_population = _total(population, ids)
        all_detained_rate = rate(everyone["detained"], all_population)
        in_population = {group for (_, group) in population}
        table = Table(
            f"by_{dimension}",
            f"By {title.lower()}",
            [
                title,
                "Child population",
                "Share of population",
                "Children known",
                "Detained",
                f"Detained per {PER:,}",
                "Detention ratio to all children",
                "Arrested",
                f"Arrested per {PER:,}",
                "Outcomes recorded",
                "No further action, no safeguarding (% of outcomes)",
                "Detention ratio, 95% interval",
            ],
            note=(
                "A child whose birthday fell between two events in the period is counted in both age bands, "
                "so the bands can add up to more than all children."
                if dimension == "age_band"
                else ""
            ),
        )
        for group, label in [*groups, (NOT_RECORDED, "Not recorded"), (None, "All children")]:
            # no population figure for "not recorded", nor for a group the population table lacks
            pop = _total(population, ids, group) if group is None or group in in_population else None
            figure = {"dimension": dimension} if group is None else {"dimension": dimension, "group": group}
            n = everyone if group is None else {m: _total(counts[m], ids, group) for m in MEASURES}
            detained_rate = rate(n["detained"], pop) if pop else None
            ratio = (
                detained_rate / all_detained_rate if detained_rate is not None and all_detained_rate else None
            )
            table.rows.append(
                Row(
                    label,
                    [
                        Cell.count(pop) if pop is not None else Cell("–"),
                        Cell.percent(rate(pop, all_population)) if pop is not None else Cell("–"),
                        Cell.count(n["known"], {**figure, "measure": "known"}),
                        Cell.count(n["detained"], {**figure, "measure": "detained"}),
                        Cell.number(detained_rate * PER / 100 if detained_rate is not None else None),
                        Cell.number(ratio, "", 2),
                        Cell.count(n["arrested"], {**figure, "measure": "arrested"}),
                        Cell.number(_per(rate(n["arrested"], pop))),
                        Cell.count(n["outcomes"], {**figure, "measure": "outcomes"}),
                        Cell.percent(
                            rate(n["nfa_no_safeguarding"], n["outcomes"]),
                            {**figure, "measure": "nfa_no_safeguarding"},
                        ),
                        _ratio_interval_cell(n["detained"], everyone["detained"], ratio)
                        if group is not None
                        else Cell("–"),
                    ],
                    heading=group is None,
                )
            )
        last = len(table.rows) - 1
        if dimension != "age_band":  # age bands overlap (see the note): they need not add up
            table.row_sums = [(last, list(range(last)))]
        if dimension != "ethnicity":
            # "All children" is the same figure in every table
            links += [
                ((f"by_{dimension}", last, c), [("by_ethnicity", last_ethnicity, c)]) for c in (2, 3, 6, 8)
            ]
        else:
            last_ethnicity = last
        tables.append(table)
        charts.append(
            Chart(
                f"ratio_{dimension}",
                f"Detention ratio by {title.lower()} (1 = the rate for all children)",
                "bar",
                [row.label for row in table.rows if row.cells[5].value is not None],
                [
                    {
                        "label": "Ratio",
                        "data": [row.cells[5].value for row in table.rows if row.cells[5].value is not None],
                    }
                ],
                reference=1.0,
                cells=[
                    [(table.key, r, 5) for r, row in enumerate(table.rows) if row.cells[5].value is not None]
                ],
            )
        )
        if dimension == "ethnicity":
            ethnicity_by_district = Table(
                "ethnicity_by_district",
                f"Children detained per {PER:,} children of each group, by district",
                ["Ethnicity", *[name for _, name in districts]],
                note="Each district's detentions against that district's own child population.",
            )
            for group, label in groups:
                ethnicity_by_district.rows.append(
                    Row(
                        label,
                        [
                            Cell.number(
                                _per(rate(counts["detained"].get((d, group), 0), population.get((d, group)))),
                                # with the district's (public) population, the rate is the count
                                basis=(counts["detained"].get((d, group), 0),),
                            )
                            for d in ids
                        ],
                    )
                )
                for cell in ethnicity_by_district.rows[-1].cells:
                    cell.reveals_count = cell.value is not None
            # each group's districts add up to the group's force figure
            for g in range(len(groups)):
                parts = [("ethnicity_by_district", g, j) for j in range(len(ids))]
                links.append((("by_ethnicity", g, 3), parts))
    return Report(
        slug=SLUG,
        title=TITLE,
        summary=(
            "Whether some groups of children are detained, arrested or left without safeguarding more than "
            "others, against the child population of the districts. Read the recording completeness first: "
            "where a field is often not recorded, a gap between groups may be a gap in the records."
        ),
        method=[
            "Population: the child population of the districts shown, by group (force population table).",
            "Detained: children with a custody detention arriving in the period (each child once per "
            "district and group). Arrested: the same, leaving out s136 Mental Health Act detentions. "
            f"Rates are per {PER:,} children of the group; the ratio compares a group's detention rate with "
            "the rate for all children (above 1: detained more often than children overall).",
            RATIO_INTERVAL_METHOD,
            "Outcomes: children's outcomes recorded on cases closed in the period; the share with no further "
            "action and no safeguarding in place is the outcome that leaves a child unprotected.",
            "Age: on the day of the event, from the date of birth. “Not recorded”, and a group the "
            "population table does not hold, have no population to compare with, so no rate (shown “–”).",
        ],
        tables=[completeness, *tables, *([ethnicity_by_district] if ethnicity_by_district else [])],
        charts=charts,
        links=links,
    )


def cases(filters: ReportFilters, figure: dict[str, str]) -> QuerySet[Case]:
    dimension = figure.get("dimension", "ethnicity")
    if dimension not in DIMENSIONS:
        return Case.objects.none()
    measure = figure.get("measure", "known")
    if measure not in MEASURES:
        return Case.objects.none()
    rows = measure_rows(measure, filters, dimension)
    if "group" in figure:
        rows = (
            rows.filter(x_group=figure["group"])
            if figure["group"]
            else rows.filter(Q(x_group="") | Q(x_group__isnull=True))
        )
    if figure.get("district"):
        rows = rows.filter(x_district=figure["district"])
    return Case.objects.filter(pk__in=rows.values("case_id"))
