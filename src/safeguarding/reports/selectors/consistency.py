"""District consistency: per district, the key practice standards, audit grades and outcomes side
by side, with the districts that differ from the rest of the force beyond chance marked ("no
child receives a poor service by reason of the place where they live").

Always every district: the comparison is the point. The test is in reports.statistics.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from safeguarding.audits.models import CaseGrading
from safeguarding.audits.vocabulary import Grade, Side
from safeguarding.cases.models import Case
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors import outcomes
from safeguarding.reports.selectors.common import FORCE, all_districts
from safeguarding.reports.statistics import ALPHA, holm_rejections, two_proportion_z
from safeguarding.reports.tables import Cell, Chart, Report, Row, Table, rate
from safeguarding.standards.models import StandardResult, State
from safeguarding.standards.selectors import (
    IndicatorFilters,
    indicator_counts,
    standard_description,
    standard_name,
)

SLUG = "consistency"
TITLE = "District consistency"
MIN_COUNT = 10  # a district, and the rest of the force, need this many to be tested
KEY_STANDARDS = (
    "VOICE",
    "OUTCOME",
    "DEMEANOUR",
    "REFERRAL",
    "STRATEGY",
    "MISSING_RISK",
    "RETURN_INTERVIEW",
    "DRIFT",
    "SUPERVISION",
    "CUSTODY_ACCOMMODATION",
    "PACE_CERTIFICATE",
    "DEMOGRAPHICS",
)
GOOD_OR_ADEQUATE = (Grade.GOOD, Grade.ADEQUATE)
# Plain names for the chart, where a standard's ID would be jargon (the table gives both).
SHORT_NAMES = {
    "VOICE": "Child's views recorded",
    "OUTCOME": "Outcome recorded",
    "DEMEANOUR": "Demeanour recorded",
    "REFERRAL": "Referred within 1 working day",
    "STRATEGY": "Strategy discussion in time",
    "MISSING_RISK": "Missing episodes risk-graded",
    "RETURN_INTERVIEW": "Return interview within 72 h",
    "DRIFT": "Investigation updated every 28 days",
    "SUPERVISION": "Supervisor review every 28 days",
    "CUSTODY_ACCOMMODATION": "Accommodation asked for in time",
    "PACE_CERTIFICATE": "s38(6) certificate completed",
    "DEMOGRAPHICS": "Demographics recorded",
}


@dataclass
class Measure:
    key: str
    label: str
    section: str
    counts: dict[int, tuple[int, int]]  # district -> (x, n)
    higher_is_better: bool = True


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _standards(filters: ReportFilters) -> list[Measure]:
    counted = indicator_counts(
        IndicatorFilters(
            period_from=filters.period_from, period_to=filters.period_to, case_type=filters.case_type
        )
    )
    sums: dict[tuple[str, int], list[int]] = {}
    for standard_id, district_id, _period, state, n in counted:
        if standard_id in KEY_STANDARDS:
            total = sums.setdefault((standard_id, district_id), [0, 0])
            total[1] += n
            if state == State.MET:
                total[0] += n
    return [
        Measure(
            f"standard:{standard_id}",
            f"{standard_name(standard_id)}: {standard_description(standard_id) or 'met'}",
            "Practice standards (met, of those due)",
            {d: (x, n) for (s, d), (x, n) in sums.items() if s == standard_id},
        )
        for standard_id in KEY_STANDARDS
    ]


def _audits(filters: ReportFilters) -> list[Measure]:
    rows = (
        CaseGrading.objects.filter(
            submitted_at__isnull=False,
            **{
                "audit_case__case__first_reported_at__gte": filters.starts,
                "audit_case__case__first_reported_at__lt": filters.ends,
            },
        )
        .filter(**({"audit_case__case__case_type": filters.case_type} if filters.case_type else {}))
        .order_by()
        .values("audit_case__case__district_id", "side", "overall_grade")
        .annotate(n=Count("pk"))
    )
    sums: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        total = sums.setdefault((row["side"], row["audit_case__case__district_id"]), [0, 0])
        total[1] += row["n"]
        if row["overall_grade"] in GOOD_OR_ADEQUATE:
            total[0] += row["n"]
    return [
        Measure(
            f"audit:{side}",
            f"Audited cases graded good or adequate: {label.lower()}",
            "Audit grades",
            {d: (x, n) for (s, d), (x, n) in sums.items() if s == side},
        )
        for side, label in Side.choices
    ]


def _outcomes(filters: ReportFilters) -> list[Measure]:
    whole_force = ReportFilters(filters.period_from, filters.period_to, None, filters.case_type)
    sums = outcomes.by_district(outcomes.grouped(whole_force, follow_ups=("rereferred",)))
    return [
        Measure(
            "outcome:with_outcome",
            "Children on closed cases with an outcome recorded",
            "Outcomes for children",
            {d: (s["with_outcome"], s["n"]) for d, s in sums.items()},
        ),
        Measure(
            "outcome:nfa_no_safeguarding",
            "Outcomes: no further action, no safeguarding in place",
            "Outcomes for children",
            {d: (s["nfa_no_safeguarding"], s["with_outcome"]) for d, s in sums.items()},
            higher_is_better=False,
        ),
        Measure(
            "outcome:rereferred",
            "Children referred again within 12 months of closure",
            "Outcomes for children",
            {d: (s["rereferred"], s["n"]) for d, s in sums.items()},
            higher_is_better=False,
        ),
    ]


def marks(measures: list[Measure], district_ids: list[int]) -> dict[tuple[str, int], str]:
    """(measure, district) -> "higher"/"lower" where the district differs from the rest of the
    force beyond chance: two-proportion z-test, Holm-corrected over every test on the page."""
    tests: list[tuple[str, int, float, float]] = []
    for measure in measures:
        x_all = sum(x for x, _ in measure.counts.values())
        n_all = sum(n for _, n in measure.counts.values())
        for d in district_ids:
            x, n = measure.counts.get(d, (0, 0))
            if n < MIN_COUNT or n_all - n < MIN_COUNT:
                continue
            result = two_proportion_z(x, n, x_all - x, n_all - n)
            if result is not None:
                tests.append((measure.key, d, *result))
    rejected = holm_rejections([p for *_, p in tests])
    return {
        (key, d): ("higher" if z > 0 else "lower")
        for (key, d, z, _), is_rejected in zip(tests, rejected, strict=True)
        if is_rejected
    }


def build(filters: ReportFilters) -> Report:
    districts = all_districts()
    ids = [d for d, _ in districts]
    measures = _standards(filters) + _audits(filters) + _outcomes(filters)
    marked = marks(measures, ids)
    table = Table(
        "side_by_side",
        "Districts side by side",
        ["Measure", *[name for _, name in districts], FORCE],
        note=(
            "▲ higher / ▼ lower than the rest of the force beyond chance (see how the test works below). "
            "Under each share: how many of how many. “–”: nothing to measure in the period (no cases due, or "
            "none audited)."
        ),
    )
    section = ""
    row_of: dict[str, int] = {}
    for measure in measures:
        if measure.section != section:
            section = measure.section
            table.rows.append(Row(section, [Cell("") for _ in range(len(ids) + 1)], heading=True))
        cells = []
        for d in ids:
            x, n = measure.counts.get(d, (0, 0))
            mark = marked.get((measure.key, d), "")
            cell = Cell.percent(
                rate(x, n),
                {"measure": measure.key, "district": str(d)} if n else None,
                mark=mark,
                basis=(x, n),
            )
            if n:
                cell.text = (
                    f"{cell.text} {'▲' if mark == 'higher' else '▼' if mark == 'lower' else ''}".strip()
                )
                cell.note = f"{x:,} of {n:,}"
            cells.append(cell)
        x_all = sum(x for x, _ in measure.counts.values())
        n_all = sum(n for _, n in measure.counts.values())
        force = Cell.percent(
            rate(x_all, n_all), {"measure": measure.key} if n_all else None, basis=(x_all, n_all)
        )
        force.note = f"{x_all:,} of {n_all:,}" if n_all else ""
        cells.append(force)
        label = measure.label if measure.higher_is_better else f"{measure.label} (lower is better)"
        row_of[measure.key] = len(table.rows)
        table.rows.append(Row(label, cells))
    standards = [m for m in measures if m.section.startswith("Practice")]
    return Report(
        slug=SLUG,
        title=TITLE,
        summary=(
            "Per district, the key practice standards, audit grades and outcomes for children side by side, "
            "with the districts that differ from the rest of the force by more than chance marked."
        ),
        method=[
            "Standards: the share of checks met among those that fell due, for cases first reported in the "
            "period. Audit grades: submitted gradings of audited cases first reported in the period, by the "
            "force's auditors and by inspectors separately. Outcomes: children on cases closed in the "
            "period.",
            "“Child's views recorded” here is the practice standard (per child, cases first reported in "
            "the period, a "
            "recorded reason why a child could not give views counts): the Voice of the child report "
            "counts closed cases and the child's own views only, so its “views recorded” can differ; "
            "that report says how.",
            "How a district is marked: for each measure, a two-proportion z-test compares the district with "
            "the rest of the force (pooled proportion, two-sided). The p-values of every test on this page "
            "are "
            f"corrected together with Holm's step-down method, keeping the chance of any false mark at "
            f"{ALPHA:.0%}. A district is tested only when it and the rest of the force each have at least "
            f"{MIN_COUNT} cases for the measure. ▲ higher, ▼ lower than the rest of the force; higher is "
            "better except where the measure says “lower is better”.",
            "Always shows every district (the district filter does not apply here); the case type filter "
            "does.",
        ],
        tables=[table],
        charts=[
            Chart(
                "standards",
                "Key standards met, by district",
                "bar",
                [SHORT_NAMES.get(m.key.split(":", 1)[1], m.key.split(":", 1)[1]) for m in standards],
                [
                    {
                        "label": name,
                        "data": [
                            _rounded(rate(*m.counts[d])) if m.counts.get(d, (0, 0))[1] else None
                            for m in standards
                        ],
                    }
                    for d, name in districts
                ],
                percent=True,
                cells=[
                    [("side_by_side", row_of[m.key], j) for m in standards] for j in range(len(districts))
                ],
            )
        ],
    )


def cases(filters: ReportFilters, figure: dict[str, str]) -> QuerySet[Case]:
    kind, _, key = figure.get("measure", "").partition(":")
    district = figure.get("district")
    if kind == "standard":
        results = StandardResult.objects.filter(
            standard_id=key,
            state__in=[State.MET, State.NOT_MET],
            period__gte=filters.period_from,
            period__lte=filters.period_to,
        )
        if filters.case_type:
            results = results.filter(case_type=filters.case_type)
        if district:
            results = results.filter(district_id=district)
        return Case.objects.filter(pk__in=results.values("case_id"))
    if kind == "audit":
        gradings = CaseGrading.objects.filter(
            side=key,
            submitted_at__isnull=False,
            audit_case__case__first_reported_at__gte=filters.starts,
            audit_case__case__first_reported_at__lt=filters.ends,
        )
        if filters.case_type:
            gradings = gradings.filter(audit_case__case__case_type=filters.case_type)
        if district:
            gradings = gradings.filter(audit_case__case__district_id=district)
        return Case.objects.filter(pk__in=gradings.values("audit_case__case_id"))
    if kind == "outcome":
        whole_force = ReportFilters(filters.period_from, filters.period_to, None, filters.case_type)
        figure = {"district": district or ""}
        if key == "rereferred":
            figure["measure"] = "rereferred"
        elif key == "nfa_no_safeguarding":
            figure["category"] = "nfa_no_safeguarding"
        return outcomes.cases(whole_force, figure)
    return Case.objects.none()
