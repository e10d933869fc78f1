"""What the panel paper says, assembled once for both the HTML and the PDF.

Personal data never enters: no user or officer names (owners are left out), no case data but
counts (small counts shown as "<5"), and no free-text notes or status comments, which may name
people. Action texts do go in (the action form says so), as do the report's own published words.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.inspections.models import InspectionReport, Recommendation
from safeguarding.inspections.selectors import (
    SMALL_COUNT,
    ChildrensViews,
    StandardTrend,
    audits_since,
    childrens_views_in_aggregate,
    indicator_trend,
    recommendations_for,
)
from safeguarding.inspections.vocabulary import (
    IMMEDIATE_UPDATE_WEEKS,
    RecommendationStatus,
    TrackerStatus,
    tracker_status,
)


@dataclass
class MeasuredStandard:
    standard_id: str
    trend: StandardTrend

    @property
    def before(self) -> str:
        return _rate_shown(self.trend.before)

    @property
    def after(self) -> str:
        return _rate_shown(self.trend.after)

    @property
    def change(self) -> str:
        points = self.trend.change_points
        if points is None or self.trend.before.judged < SMALL_COUNT or self.trend.after.judged < SMALL_COUNT:
            return "-"
        return f"{points:+.0f} points"

    @property
    def districts(self) -> list[tuple[str, str]]:
        return [(name, _rate_shown(rate)) for name, rate in self.trend.by_district]

    @property
    def spread(self) -> str:
        points = self.trend.district_spread_points
        return "-" if points is None else f"{points:.0f} points"


def _rate_shown(rate) -> str:
    if rate.judged == 0:
        return "no records"
    if rate.judged < SMALL_COUNT:
        return f"<{SMALL_COUNT} records"
    return f"{rate.percent} of {rate.judged}"


@dataclass
class RecommendationEntry:
    number: int
    timescale: str
    text: str
    stage: str
    due_date: dt.date | None
    status: str
    verified: bool
    tracker_status: str
    status_since: dt.date | None
    overdue: bool
    actions_done: int
    actions_total: int
    evidence_files: int
    measured: list[MeasuredStandard]
    awaiting_confirmation: list[str]
    next_actions: list[tuple[dt.date, str, bool]]


@dataclass
class PanelPaper:
    report: InspectionReport
    prepared_on: dt.date
    title: str
    background: list[str]
    status_counts: list[tuple[str, str, int]]
    overdue: int
    recommendations: list[RecommendationEntry]
    audits: list[dict] | None
    childrens_views: ChildrensViews
    next_steps: list[str] = field(default_factory=list)
    small_count: int = SMALL_COUNT


def panel_paper_for(viewer: User, report: InspectionReport) -> PanelPaper:
    today = timezone.localdate()
    recommendations = list(
        recommendations_for(viewer, report_id=report.pk).prefetch_related(
            "actions", "standards", "status_changes"
        )
    )
    entries = [_entry(recommendation, report, today) for recommendation in recommendations]
    statuses = Counter(recommendation.status for recommendation in recommendations)
    paper = PanelPaper(
        report=report,
        prepared_on=today,
        title=f"{report.force}: child protection inspection - progress on the recommendations",
        background=_background(report, recommendations),
        status_counts=[
            (status.label, tracker_status(status).label, statuses[status])
            for status in RecommendationStatus
            if statuses[status]
        ],
        overdue=sum(entry.overdue for entry in entries),
        recommendations=entries,
        audits=audits_since(report.published),
        childrens_views=childrens_views_in_aggregate(viewer, since=report.published),
    )
    paper.next_steps = _next_steps(entries)
    return paper


def _background(report: InspectionReport, recommendations: list[Recommendation]) -> list[str]:
    if report.inspection_start and report.inspection_end:
        inspected = f"from {report.inspection_start:%-d %B %Y} to {report.inspection_end:%-d %B %Y}"
    else:
        inspected = "(the inspection dates are not stated in the imported text)"
    published = f"published in {report.published:%B %Y}" if report.published else "(publication date unknown)"
    paragraphs = [
        f"HMIC inspected child protection services in {report.force} {inspected}; the report was {published}."
    ]
    for assessment in report.case_assessments.all():
        who = "The force's own assessors" if assessment.assessor == "force" else "Inspectors"
        sample = "the self-assessed sample" if assessment.scope == "self-assessed" else "a further sample"
        grades = ", ".join(
            f"{_figure(value)} {label}"
            for label, value in (
                ("good", assessment.good),
                ("adequate", assessment.adequate),
                ("requiring improvement", assessment.requires_improvement),
                ("inadequate", assessment.inadequate),
            )
        )
        paragraphs.append(f"{who} graded {sample} of {_figure(assessment.cases)} cases: {grades}.")
    timescales = Counter(
        recommendation.timescale or "no timescale stated" for recommendation in recommendations
    )
    paragraphs.append(
        f"The report made {len(recommendations)} recommendations: "
        + ", ".join(f"{count} {_timescale_phrase(timescale)}" for timescale, count in timescales.items())
        + ". Due dates count from the first day of the month of publication (the report gives a "
        "month only); 'immediately' is held to the force's action plan update "
        f"{IMMEDIATE_UPDATE_WEEKS} weeks after publication."
    )
    paragraphs.append(
        "This paper reports each recommendation's status and the measured evidence from the force's "
        "own records: the rate at which the practice standards it concerns were met in the twelve "
        "months before publication and since, and how far districts differ. Statuses are given also "
        "in the inspectorate's tracker terms."
    )
    return paragraphs


def _figure(value: int | None) -> str:
    return "an unstated number of" if value is None else str(value)


def _timescale_phrase(timescale: str) -> str:
    if timescale == "immediately":
        return "immediately"
    if timescale.endswith("months"):
        return f"within {timescale}"
    return timescale


def _entry(recommendation: Recommendation, report: InspectionReport, today: dt.date) -> RecommendationEntry:
    standards = list(recommendation.standards.all())
    actions = list(recommendation.actions.all())
    changes = list(recommendation.status_changes.all())
    return RecommendationEntry(
        number=recommendation.number,
        timescale=_timescale_phrase(recommendation.timescale) if recommendation.timescale else "not stated",
        text=recommendation.text,
        stage=recommendation.stage,
        due_date=recommendation.due_date,
        status=recommendation.get_status_display(),
        verified=recommendation.status == RecommendationStatus.VERIFIED,
        tracker_status=TrackerStatus(recommendation.tracker_status).label,
        # The change that set the current status is the one recorded last (it may be backdated).
        status_since=max(changes, key=lambda c: (c.recorded_at, c.pk)).effective_on if changes else None,
        overdue=recommendation.is_overdue(today),
        actions_done=sum(action.done_at is not None for action in actions),
        actions_total=len(actions),
        evidence_files=recommendation.evidence.count(),
        measured=[
            MeasuredStandard(row.standard_id, indicator_trend(row.standard_id, report.published))
            for row in standards
            if row.is_confirmed
        ],
        awaiting_confirmation=[row.standard_id for row in standards if not row.is_confirmed],
        next_actions=[
            (action.due, action.text, action.is_overdue(today))
            for action in actions
            if action.done_at is None
        ][:3],
    )


def _next_steps(entries: list[RecommendationEntry]) -> list[str]:
    """One line per recommendation not yet verified: what is late and what comes next."""
    steps = []
    for entry in (entry for entry in entries if not entry.verified):
        parts = []
        if entry.overdue:
            parts.append(f"overdue (due {entry.due_date:%-d %B %Y})")
        if not entry.actions_total:
            parts.append("no action plan yet")
        for due, text, late in entry.next_actions[:1]:
            parts.append(f"next action: {text} (due {due:%-d %B %Y}{', overdue' if late else ''})")
        if not entry.measured:
            parts.append("confirm the practice standards that will show whether it worked")
        if parts:
            steps.append(f"Recommendation {entry.number}: " + "; ".join(parts) + ".")
    if not steps:
        steps.append("Every recommendation has been verified at the post-inspection review.")
    return steps
