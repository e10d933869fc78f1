"""The words of inspection follow-up: report kinds, timescales, the tracking statuses, and the
inspectorate's public tracker vocabulary they are exchanged in."""

import datetime as dt

from django.db import models


class ReportKind(models.TextChoices):
    FORCE = "force", "Force inspection report"
    THEMATIC = "thematic", "Thematic report"


class ReportType(models.TextChoices):
    """What kind of publication a report is (the template it is written to)."""

    INSPECTION = "inspection", "Child protection inspection"
    POST_INSPECTION_REVIEW = "post_inspection_review", "Post-inspection review"
    RE_INSPECTION = "re_inspection", "Re-inspection"
    FRAMEWORK_2024 = "framework_2024", "Inspection (2024 framework, graded topics)"
    THEMATIC = "thematic", "Thematic report"


class GradeScale(models.TextChoices):
    FOUR_POINT_2014 = "4-point-2014", "2014-15: good / adequate / requires improvement / inadequate"
    THREE_POINT_2016 = "3-point-2016", "From 2016: good / requires improvement / inadequate"
    FIVE_POINT_2024 = (
        "5-point-2024",
        "2024 framework: outstanding / good / adequate / requires improvement / inadequate",
    )


class Assessor(models.TextChoices):
    FORCE = "force", "The force (self-assessment)"
    INSPECTORS = "inspectors", "Inspectors"
    RE_AUDIT = "re-audit", "Inspectors' re-audit at a post-inspection review"


class AssessmentScope(models.TextChoices):
    SELF_ASSESSED = "self-assessed", "The force's self-assessed sample"
    FURTHER = "further", "A further sample chosen by inspectors"
    SAMPLE = "sample", "The cases inspectors audited"
    RE_AUDIT = "re-audit", "The cases re-audited at review"


class FindingCategory(models.TextChoices):
    CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    VERIFIED = "verified", "Verified at post-inspection review"
    NOT_IMPLEMENTED = "not_implemented", "Not implemented"


# A recommendation in one of these states still needs work, so it can be overdue.
STILL_OPEN = (
    RecommendationStatus.OPEN,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.NOT_IMPLEMENTED,
)


class TrackerStatus(models.TextChoices):
    """The inspectorate's public recommendation tracker (DOMAIN.md), so the two can be exchanged."""

    AWAITING_REVIEW = "awaiting-review", "Awaiting review"
    BEING_PROGRESSED = "being-progressed", "Being progressed"
    WILL_BE_PROGRESSED = "will-be-progressed", "Will be progressed"
    COMPLETE = "complete", "Complete"


_TO_TRACKER = {
    # Accepted, work not started yet.
    RecommendationStatus.OPEN: TrackerStatus.WILL_BE_PROGRESSED,
    RecommendationStatus.IN_PROGRESS: TrackerStatus.BEING_PROGRESSED,
    # The force says it is done; the inspectorate has not yet reviewed it.
    RecommendationStatus.IMPLEMENTED: TrackerStatus.AWAITING_REVIEW,
    RecommendationStatus.VERIFIED: TrackerStatus.COMPLETE,
    # Reviewed and found not done: the work goes on.
    RecommendationStatus.NOT_IMPLEMENTED: TrackerStatus.BEING_PROGRESSED,
}
_FROM_TRACKER = {
    TrackerStatus.WILL_BE_PROGRESSED: RecommendationStatus.OPEN,
    TrackerStatus.BEING_PROGRESSED: RecommendationStatus.IN_PROGRESS,
    TrackerStatus.AWAITING_REVIEW: RecommendationStatus.IMPLEMENTED,
    TrackerStatus.COMPLETE: RecommendationStatus.VERIFIED,
}


def tracker_status(status: str) -> TrackerStatus:
    return _TO_TRACKER[RecommendationStatus(status)]


def status_from_tracker(tracker: str) -> RecommendationStatus:
    """Our status for a tracker value (being-progressed reads as in progress, not as not implemented)."""
    return _FROM_TRACKER[TrackerStatus(tracker)]


# "Immediately" is held to the force's action plan update, due six weeks after publication.
IMMEDIATE_UPDATE_WEEKS = 6


def timescale_months(timescale: str | None) -> int | None:
    """3 for "3 months"; None for "immediately" or an unknown timescale."""
    if timescale and timescale.endswith(("months", "month")):
        number = timescale.split()[0]
        return int(number) if number.isdigit() else None
    return None


def _timescale_delta(timescale: str) -> dt.timedelta | None:
    number, _, unit = timescale.partition(" ")
    if not number.isdigit():
        return None
    if unit.startswith("week"):
        return dt.timedelta(weeks=int(number))
    if unit.startswith("day"):
        return dt.timedelta(days=int(number))
    return None


def due_date_for(published: dt.date | None, timescale: str | None) -> dt.date | None:
    """Publication (the first day of its month: reports give a month only) plus the timescale.

    None when either is unknown: a due date is never guessed.
    """
    if published is None or not timescale:
        return None
    if timescale == "immediately":
        return published + dt.timedelta(weeks=IMMEDIATE_UPDATE_WEEKS)
    if timescale.startswith("by "):  # "by 2025-03": the end of that month
        year, month = (int(part) for part in timescale[3:].split("-"))
        return add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)
    if delta := _timescale_delta(timescale):
        return published + delta
    months = timescale_months(timescale)
    if months is None:
        return None
    return add_months(published, months)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # Clamp to the month's last day (31 January + 1 month = 28/29 February).
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (next_month - dt.timedelta(days=1)).day))


def month_start(published: str | None) -> dt.date | None:
    """ "2015-01" -> 1 January 2015 (a report states its publication as a month)."""
    if not published:
        return None
    year, month = published.split("-")[:2]
    return dt.date(int(year), int(month), 1)
