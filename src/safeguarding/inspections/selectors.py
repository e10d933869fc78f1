"""Reads. Everything here is about reports, commitments and aggregates: no personal data leaves.

Indicator trends read standards.StandardResult force-wide, and children's views count cases
force-wide: both are counts for roles that see aggregates only (VIEW_RECOMMENDATIONS), never
rows, so they do not go through cases_visible_to (which gives aggregate-only roles nothing).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.inspections.models import InspectionReport, Recommendation
from safeguarding.inspections.report_parser import STANDARD_KEYWORDS
from safeguarding.inspections.vocabulary import STILL_OPEN, Assessor, ReportKind, add_months

SMALL_COUNT = 5  # counts below this are shown as "<5" wherever an aggregate leaves the system


def _require(viewer: User, permission: Permission) -> None:
    if not viewer.can(permission):
        raise PermissionError(f"{viewer.get_username()} may not {permission.value}")


# --- Reports -----------------------------------------------------------------------------------


def reports_for(viewer: User) -> QuerySet[InspectionReport]:
    _require(viewer, Permission.VIEW_RECOMMENDATIONS)
    return InspectionReport.objects.annotate(
        recommendation_count=Count("recommendations"),
        open_count=Count("recommendations", filter=Q(recommendations__status__in=STILL_OPEN)),
    )


def report_structure(report: InspectionReport) -> dict:
    """The stored report in the shape the importer reads it (issue 6), from the database rows."""
    if report.kind == ReportKind.THEMATIC:
        rows = list(report.force_grades.all())
        return {
            "title": report.title,
            "published": f"{report.published:%Y-%m}" if report.published else None,
            "table2": [_grade_row(row) for row in rows if not row.is_total],
            "table2_totals": next((_grade_row(row) for row in rows if row.is_total), None),
            "frequent_recommendations": [
                {"text": item.text, "forces": item.forces, "theme": item.theme or None}
                for item in report.frequent_recommendations.all()
            ],
            "warnings": report.warnings,
        }
    return {
        "force": report.force,
        "inspection": {
            "start": report.inspection_start.isoformat() if report.inspection_start else None,
            "end": report.inspection_end.isoformat() if report.inspection_end else None,
        },
        "published": f"{report.published:%Y-%m}" if report.published else None,
        "case_assessments": [
            {
                "assessor": row.assessor,
                "scope": row.scope,
                "cases": row.cases,
                "good": row.good,
                "adequate": row.adequate,
                "requires_improvement": row.requires_improvement,
                "inadequate": row.inadequate,
            }
            for row in report.case_assessments.all()
        ],
        "case_types": {row.case_type: row.cases for row in report.case_types.all()},
        "recommendations": [
            {
                "timescale": item.timescale or None,
                "text": item.text,
                "stage": item.stage or None,
                "standards": item.suggested_standards,
            }
            for item in report.recommendations.all()
        ],
        "report_type": report.report_type,
        "scale": report.scale or None,
        "reviews": _reviewed(report),
        "grades": report.structured.get("grades", []),
        "topic_grades": [
            {"topic": row.topic, "grade": row.grade, "source": row.source}
            for row in report.topic_grades.all()
        ],
        "causes_of_concern": _findings(report, "cause_of_concern"),
        "areas_for_improvement": _findings(report, "area_for_improvement"),
        "review_findings": report.structured.get("review_findings", []),
        "corrections": report.corrections,
        "warnings": report.warnings,
    }


def _reviewed(report: InspectionReport) -> dict | None:
    parent = report.reviews
    if parent is None:
        return None
    return {"report": parent.pk, "published": f"{parent.published:%Y-%m}" if parent.published else None}


def _findings(report: InspectionReport, category: str) -> list[dict]:
    return [
        {
            "text": row.text,
            "timescale": row.timescale or None,
            "recommendations": row.recommendation_numbers,
            "standards": row.standards,
        }
        for row in report.findings.all()
        if row.category == category
    ]


def _grade_row(row) -> dict:
    return {
        "force": row.force_label,
        "good": row.good,
        "adequate": row.adequate,
        "inadequate": row.inadequate,
        "total": row.total,
    }


# --- Recommendations ---------------------------------------------------------------------------


def recommendations_for(
    viewer: User, *, report_id: int | None = None, status: str | None = None, overdue: bool = False
) -> QuerySet[Recommendation]:
    _require(viewer, Permission.VIEW_RECOMMENDATIONS)
    recommendations = Recommendation.objects.select_related("report", "owner").annotate(
        actions_total=Count("actions", distinct=True),
        actions_done=Count("actions", filter=Q(actions__done_at__isnull=False), distinct=True),
    )
    if report_id:
        recommendations = recommendations.filter(report_id=report_id)
    if status:
        recommendations = recommendations.filter(status=status)
    if overdue:
        recommendations = recommendations.filter(status__in=STILL_OPEN, due_date__lt=timezone.localdate())
    return recommendations.order_by("report__published", "report_id", "number")


def recommendation_for(viewer: User, pk: int) -> Recommendation:
    _require(viewer, Permission.VIEW_RECOMMENDATIONS)
    return (
        Recommendation.objects.select_related("report", "owner")
        .prefetch_related("actions", "evidence", "notes", "standards", "status_changes")
        .get(pk=pk)
    )


def standard_ids() -> list[str]:
    """The practice standards a recommendation can be mapped to (DOMAIN.md's IDs)."""
    return list(STANDARD_KEYWORDS)


# --- Indicator trend: is the recommendation working? --------------------------------------------


@dataclass
class Rate:
    met: int = 0
    not_met: int = 0

    @property
    def judged(self) -> int:
        return self.met + self.not_met

    @property
    def rate(self) -> float | None:
        """met / (met + not met); None when nothing was judged (not yet due and n/a do not count)."""
        return self.met / self.judged if self.judged else None

    @property
    def percent(self) -> str:
        return "no data" if self.rate is None else f"{100 * self.rate:.0f}%"


@dataclass
class StandardTrend:
    standard_id: str
    since: dt.date | None
    by_month: list[tuple[dt.date, Rate]] = field(default_factory=list)
    before: Rate = field(default_factory=Rate)
    after: Rate = field(default_factory=Rate)
    by_district: list[tuple[str, Rate]] = field(default_factory=list)

    @property
    def change_points(self) -> float | None:
        if self.before.rate is None or self.after.rate is None:
            return None
        return 100 * (self.after.rate - self.before.rate)

    @property
    def district_spread_points(self) -> float | None:
        """Highest minus lowest district rate since the inspection, in percentage points."""
        rates = [rate.rate for _, rate in self.by_district if rate.rate is not None]
        return 100 * (max(rates) - min(rates)) if len(rates) >= 2 else None

    @property
    def has_data(self) -> bool:
        return bool(self.before.judged or self.after.judged)


def indicator_trend(standard_id: str, since: dt.date | None, *, months_before: int = 12) -> StandardTrend:
    """Compliance with one standard by month, before vs since `since` (publication), and by district.

    "Before" is the `months_before` months up to publication; "after" is publication onwards.
    District spread is measured on the months since publication.
    """
    from safeguarding.standards.models import StandardResult, State

    trend = StandardTrend(standard_id=standard_id, since=since)
    judged = StandardResult.objects.filter(standard_id=standard_id, state__in=[State.MET, State.NOT_MET])
    monthly: dict[dt.date, Rate] = defaultdict(Rate)
    for row in judged.values("period", "state").annotate(n=Count("id")):
        _add(monthly[row["period"]], row["state"], row["n"])
    trend.by_month = sorted(monthly.items())
    if since is None:
        return trend
    window_start = add_months(since, -months_before)
    for period, rate in trend.by_month:
        if window_start <= period < since:
            trend.before.met += rate.met
            trend.before.not_met += rate.not_met
        elif period >= since:
            trend.after.met += rate.met
            trend.after.not_met += rate.not_met
    districts: dict[str, Rate] = defaultdict(Rate)
    for count in judged.filter(period__gte=since).values("district__name", "state").annotate(n=Count("id")):
        _add(districts[count["district__name"]], count["state"], count["n"])
    trend.by_district = sorted(districts.items())
    return trend


def _add(rate: Rate, state: str, n: int) -> None:
    if state == "met":
        rate.met += n
    else:
        rate.not_met += n


# --- The national picture ----------------------------------------------------------------------


@dataclass
class FoldedGrades:
    """Grades on the thematic report's three-point scale: requires improvement counts as inadequate."""

    force: str
    good: int | None
    adequate: int | None
    inadequate: int | None
    total: int | None
    source: str

    @property
    def percents(self) -> dict[str, str]:
        return {
            grade: f"{100 * getattr(self, grade) / self.total:.0f}%"
            for grade in ("good", "adequate", "inadequate")
            if getattr(self, grade) is not None and self.total
        }


def fold_inspector_grades(report: InspectionReport) -> FoldedGrades:
    """All the cases inspectors graded in one force (both samples), folded to three grades.

    A count the report does not state leaves the folded figure unknown, never derived.
    """
    good = adequate = inadequate = total = 0
    unknown = set()
    rows = [row for row in report.case_assessments.all() if row.assessor == Assessor.INSPECTORS]
    for row in rows:
        for name, value in (
            ("good", row.good),
            ("adequate", row.adequate),
            ("inadequate", row.inadequate),
            ("requires_improvement", row.requires_improvement),
        ):
            if value is None:
                unknown.add("inadequate" if name == "requires_improvement" else name)
        good += row.good or 0
        adequate += row.adequate or 0
        inadequate += (row.requires_improvement or 0) + (row.inadequate or 0)
        total += row.cases or 0
    if not rows:
        unknown = {"good", "adequate", "inadequate"}
    graded = [good, adequate, inadequate]
    return FoldedGrades(
        force=report.force,
        good=None if "good" in unknown else good,
        adequate=None if "adequate" in unknown else adequate,
        inadequate=None if "inadequate" in unknown else inadequate,
        total=None if unknown or not rows else sum(graded),
        source=f"report of {report.published:%B %Y}" if report.published else "report, date not stated",
    )


@dataclass
class ThemeFrequency:
    standard_id: str
    forces: list[str]
    recommendations: int
    annex_b_items: int


@dataclass
class NationalPicture:
    thematic: InspectionReport | None
    table2: list = field(default_factory=list)
    table2_totals: object = None
    built: list[FoldedGrades] = field(default_factory=list)
    built_totals: FoldedGrades | None = None
    themes: list[ThemeFrequency] = field(default_factory=list)
    annex_b: list[tuple[str, list]] = field(default_factory=list)
    force_count: int = 0


def national_picture(viewer: User) -> NationalPicture:
    """Table 2 as printed, Table 2 rebuilt from the imported force reports, and how often each
    practice standard is the subject of a recommendation across forces (with Annex B beside it)."""
    _require(viewer, Permission.VIEW_RECOMMENDATIONS)
    thematic = InspectionReport.objects.filter(kind=ReportKind.THEMATIC).order_by("-published", "-id").first()
    picture = NationalPicture(thematic=thematic)
    if thematic:
        rows = list(thematic.force_grades.all())
        picture.table2 = [row for row in rows if not row.is_total]
        picture.table2_totals = next((row for row in rows if row.is_total), None)
        themes: dict[str, list] = defaultdict(list)
        for item in thematic.frequent_recommendations.all():
            themes[item.theme or "Other"].append(item)
        picture.annex_b = list(themes.items())
    force_reports = list(
        InspectionReport.objects.filter(kind=ReportKind.FORCE)
        .prefetch_related("case_assessments", "recommendations")
        .order_by("force", "published")
    )
    picture.built = [fold_inspector_grades(report) for report in force_reports]
    picture.built_totals = _sum_folded(picture.built)
    picture.force_count = len({report.force for report in force_reports})
    forces_by_standard: dict[str, set[str]] = defaultdict(set)
    recommendations_by_standard: dict[str, int] = defaultdict(int)
    for report in force_reports:
        for recommendation in report.recommendations.all():
            for standard in recommendation.suggested_standards:
                forces_by_standard[standard].add(report.force)
                recommendations_by_standard[standard] += 1
    annex_counts: dict[str, int] = defaultdict(int)
    for _, items in picture.annex_b:
        for item in items:
            for standard in item.standards:
                annex_counts[standard] += 1
    picture.themes = sorted(
        (
            ThemeFrequency(
                standard_id=standard,
                forces=sorted(forces_by_standard[standard]),
                recommendations=recommendations_by_standard[standard],
                annex_b_items=annex_counts[standard],
            )
            for standard in STANDARD_KEYWORDS
            if forces_by_standard[standard] or annex_counts[standard]
        ),
        key=lambda theme: (-len(theme.forces), -theme.annex_b_items, theme.standard_id),
    )
    return picture


def _sum_folded(rows: list[FoldedGrades]) -> FoldedGrades | None:
    known = [row for row in rows if row.total is not None]
    if not known:
        return None
    return FoldedGrades(
        force="Total (forces with every figure stated)",
        # A stated total means every grade is stated too (fold_inspector_grades).
        good=sum(row.good or 0 for row in known),
        adequate=sum(row.adequate or 0 for row in known),
        inadequate=sum(row.inadequate or 0 for row in known),
        total=sum(row.total or 0 for row in known),
        source=f"{len(known)} force reports",
    )


# --- Children's views, in aggregate -------------------------------------------------------------


@dataclass
class Share:
    label: str
    cases: int
    with_views: int

    @property
    def cases_shown(self) -> str:
        return small(self.cases)

    @property
    def with_views_shown(self) -> str:
        return small(self.with_views)

    @property
    def percent(self) -> str:
        # A percentage of a small count would give the count away.
        if self.cases < SMALL_COUNT or self.with_views < SMALL_COUNT:
            return "-"
        return f"{100 * self.with_views / self.cases:.0f}%"


def small(count: int) -> str:
    return f"<{SMALL_COUNT}" if 0 < count < SMALL_COUNT else str(count)


@dataclass
class ChildrensViews:
    since: dt.date | None
    before: Share
    after: Share
    by_district: list[Share]


def childrens_views_in_aggregate(viewer: User, *, since: dt.date | None) -> ChildrensViews:
    """Share of cases with the child's views (or why they could not be given) recorded.

    Counts only; the cases are those first reported before and since publication.
    """
    _require(viewer, Permission.VIEW_RECOMMENDATIONS)
    from safeguarding.cases.models import Case, ChildView

    cases = Case.objects.annotate(has_view=Exists(ChildView.objects.filter(case=OuterRef("pk"))))
    boundary = timezone.make_aware(dt.datetime.combine(since, dt.time())) if since else None

    def share(label: str, subset) -> Share:
        counts = subset.aggregate(cases=Count("id"), with_views=Count("id", filter=Q(has_view=True)))
        return Share(label, counts["cases"], counts["with_views"])

    before = share(
        "Before publication", cases.filter(first_reported_at__lt=boundary) if boundary else cases.none()
    )
    after_cases = cases.filter(first_reported_at__gte=boundary) if boundary else cases
    after = share("Since publication" if boundary else "All cases", after_cases)
    by_district = [
        Share(row["district__name"], row["cases"], row["with_views"])
        for row in after_cases.values("district__name")
        .annotate(cases=Count("id"), with_views=Count("id", filter=Q(has_view=True)))
        .order_by("district__name")
    ]
    return ChildrensViews(since=since, before=before, after=after, by_district=by_district)


# --- Audits since the inspection (another part of the system) ----------------------------------


def audits_since(since: dt.date | None) -> list[dict] | None:
    """Audit results since the inspection, read defensively from the audits app.

    The audits app offers them through `safeguarding.audits.selectors.audit_results_since(since)`
    (rows of plain aggregates: theme, cases, grades). None when it offers nothing yet or has no
    audits: the paper then says "no audits recorded" rather than inventing a figure.
    """
    try:
        from safeguarding.audits import selectors as audit_selectors
    except ImportError:
        return None
    read = getattr(audit_selectors, "audit_results_since", None)
    if read is None:
        return None
    try:
        rows = list(read(since))
    except Exception:  # noqa: BLE001 - another team's code must not stop the paper
        return None
    return rows or None


# --- Across forces, years and scales ------------------------------------------------------------


@dataclass
class ComparableRow:
    """One report's inspectors' grades, put on a footing every scale shares: the share of cases
    graded good and the share graded inadequate. A share the report does not give is None."""

    force: str
    year: int | None
    report_type: str
    scale: str
    assessor: str
    cases: int | None
    good: int | None
    inadequate: int | None
    share_good: float | None
    share_inadequate: float | None
    basis: str
    note: str = ""
    report_id: int | None = None

    @staticmethod
    def percent(value: float | None) -> str:
        return "–" if value is None else f"{100 * value:.0f}%"

    @property
    def good_percent(self) -> str:
        return self.percent(self.share_good)

    @property
    def inadequate_percent(self) -> str:
        return self.percent(self.share_inadequate)


SCALE_GRADES = {
    "4-point-2014": ("good", "adequate", "requires_improvement", "inadequate"),
    "3-point-2016": ("good", "requires_improvement", "inadequate"),
}


def national_comparison(viewer: User) -> list[ComparableRow]:
    """Every imported report's inspectors' grades (and the thematic Table 2), comparable across scales."""
    from safeguarding.inspections.vocabulary import GradeScale

    _require(viewer, Permission.VIEW_RECOMMENDATIONS)
    rows: list[ComparableRow] = []
    reports = InspectionReport.objects.prefetch_related("case_assessments", "topic_grades", "force_grades")
    for report in reports.order_by("force", "published", "id"):
        year = (
            report.published.year
            if report.published
            else (report.inspection_start.year if report.inspection_start else None)
        )
        if report.kind == ReportKind.THEMATIC:
            rows.extend(_table2_rows(report, year))
            continue
        common: dict[str, Any] = dict(
            force=report.force, year=year, report_type=report.get_report_type_display(),
            scale=GradeScale(report.scale).label if report.scale else "not stated", report_id=report.pk,
        )  # fmt: skip
        topics = list(report.topic_grades.all())
        inspectors = [row for row in report.case_assessments.all() if row.assessor != Assessor.FORCE]
        if not inspectors:
            note = (
                "; ".join(f"{t.topic}: {t.grade.replace('_', ' ')}" for t in topics) or "no case grades read"
            )
            rows.append(ComparableRow(**common, assessor="–", cases=None, good=None, inadequate=None,
                                      share_good=None, share_inadequate=None,
                                      basis="graded topics" if topics else "–",
                                      note=note))  # fmt: skip
            continue
        rows.append(_comparable(inspectors, report.scale, common))
    return rows


def _comparable(assessments: list, scale: str, common: dict) -> ComparableRow:
    grades = SCALE_GRADES.get(scale, ("good", "requires_improvement", "inadequate"))
    counts = {name: [getattr(row, name) for row in assessments] for name in grades}
    stated = {name: None if None in values else sum(values) for name, values in counts.items()}
    cases_values = [row.cases for row in assessments]
    cases = None if None in cases_values else sum(cases_values)
    total = sum(value or 0 for value in stated.values()) if None not in stated.values() else cases
    assessor = assessments[0].get_assessor_display()
    good, inadequate = stated.get("good"), stated.get("inadequate")
    if total and (good is not None or inadequate is not None):
        return ComparableRow(**common, assessor=assessor, cases=total, good=good, inadequate=inadequate,
                             share_good=None if good is None else good / total,
                             share_inadequate=None if inadequate is None else inadequate / total,
                             basis="counts")  # fmt: skip
    shares = assessments[0].shares or {}
    if shares:
        return ComparableRow(**common, assessor=assessor, cases=cases, good=None, inadequate=None,
                             share_good=shares["good"] / 100 if "good" in shares else None,
                             share_inadequate=shares["inadequate"] / 100 if "inadequate" in shares else None,
                             basis="shares as printed (no counts)")  # fmt: skip
    combined = "; ".join(
        f"{' or '.join(g.replace('_', ' ') for g in item['grades'])}: {item['count']}"
        + (f" of {item['of']}" if item.get("of") else "")
        for row in assessments
        for item in row.combined
    )
    return ComparableRow(**common, assessor=assessor, cases=cases, good=good, inadequate=inadequate,
                         share_good=None, share_inadequate=None,
                         basis="combined count only" if combined else "incomplete",
                         note=combined)  # fmt: skip


def _table2_rows(report: InspectionReport, year: int | None) -> list[ComparableRow]:
    return [
        ComparableRow(
            force=row.force_label,
            year=year,
            report_type="Thematic report (Table 2)",
            scale="Table 2: good / adequate / inadequate (requires improvement counted as inadequate)",
            assessor="Inspectors",
            cases=row.total,
            good=row.good,
            inadequate=row.inadequate,
            share_good=row.good / row.total if row.total and row.good is not None else None,
            share_inadequate=row.inadequate / row.total if row.total and row.inadequate is not None else None,
            basis="counts (inadequate includes requires improvement)" if row.total else "not recorded",
            report_id=report.pk,
        )  # fmt: skip
        for row in report.force_grades.all()
        if not row.is_total
    ]


def review_side_by_side(report: InspectionReport) -> dict | None:
    """A review's re-audit beside the inspection's grades, and each earlier recommendation's status."""
    inspection = report.reviews
    if inspection is None:
        return None
    before = [row for row in inspection.case_assessments.all() if row.assessor != Assessor.FORCE]
    after = [row for row in report.case_assessments.all() if row.assessor != Assessor.FORCE]
    before_row = _comparable(before, inspection.scale, _common(inspection)) if before else None
    after_row = _comparable(after, report.scale, _common(report)) if after else None
    return {
        "inspection": inspection,
        "before": before_row,
        "after": after_row,
        "pairs": [
            (f"Inspection ({inspection})", before_row),
            (f"{report.get_report_type_display()}", after_row),
        ],
        "recommendations": list(inspection.recommendations.all()),
    }


def _common(report: InspectionReport) -> dict:
    return dict(force=report.force, year=report.published.year if report.published else None,
                report_type=report.get_report_type_display(), scale=report.scale,
                report_id=report.pk)  # fmt: skip
