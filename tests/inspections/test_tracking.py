"""Recommendations as tracked commitments: due dates, status history and the tracker's words,
action plans, evidence files, confirmed standards and their measured trend."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import ChildView
from safeguarding.inspections import services
from safeguarding.inspections.evidence import EVIDENCE_MAX_BYTES, validate_evidence_file
from safeguarding.inspections.models import Recommendation, RecommendationStandard
from safeguarding.inspections.selectors import (
    childrens_views_in_aggregate,
    indicator_trend,
    recommendations_for,
)
from safeguarding.inspections.vocabulary import (
    RecommendationStatus,
    TrackerStatus,
    add_months,
    due_date_for,
    status_from_tracker,
    tracker_status,
)
from tests.factories import at, make_case, make_person
from tests.inspections.builders import add_results, import_northmoor

PUBLISHED = dt.date(2025, 6, 1)  # Northmoor's report: "June 2025"


# --- Due dates and the tracker vocabulary -------------------------------------------------------


@pytest.mark.parametrize(
    ("timescale", "due"),
    [
        ("immediately", dt.date(2025, 7, 13)),  # the six-week action plan update
        ("3 months", dt.date(2025, 9, 1)),
        ("6 months", dt.date(2025, 12, 1)),
        ("12 months", dt.date(2026, 6, 1)),
        ("", None),
        (None, None),
        ("soon", None),
    ],
)
def test_due_date_is_publication_plus_timescale(timescale, due):
    assert due_date_for(PUBLISHED, timescale) == due


def test_no_due_date_without_a_publication_date():
    assert due_date_for(None, "3 months") is None


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(dt.date(2015, 1, 31), 1) == dt.date(2015, 2, 28)
    assert add_months(dt.date(2015, 11, 1), 3) == dt.date(2016, 2, 1)
    assert add_months(dt.date(2015, 7, 1), -12) == dt.date(2014, 7, 1)


def test_every_status_has_a_tracker_word_and_the_tracker_words_come_back():
    assert {tracker_status(status) for status in RecommendationStatus} == set(TrackerStatus)
    for tracker in TrackerStatus:
        assert tracker_status(status_from_tracker(tracker)) == tracker
    assert tracker_status("verified") == TrackerStatus.COMPLETE
    assert tracker_status("implemented") == TrackerStatus.AWAITING_REVIEW


# --- Tracking through the services --------------------------------------------------------------


@pytest.fixture
def report(db):
    return import_northmoor()


@pytest.fixture
def recommendation(report):
    return report.recommendations.get(number=3)  # "within three months": the demeanour one


def test_import_gives_each_recommendation_its_due_date(report):
    due = {r.number: (r.timescale, r.due_date) for r in report.recommendations.all()}
    assert due == {
        1: ("immediately", dt.date(2025, 7, 13)),
        2: ("immediately", dt.date(2025, 7, 13)),
        3: ("3 months", dt.date(2025, 9, 1)),
        4: ("3 months", dt.date(2025, 9, 1)),
        5: ("6 months", dt.date(2025, 12, 1)),
    }


def test_status_changes_keep_a_dated_history(cast, recommendation):
    unit = cast["safeguarding_unit"]
    services.recommendation_status_change(
        actor=unit, recommendation=recommendation, status="in_progress", effective_on=dt.date(2025, 7, 1)
    )
    services.recommendation_status_change(
        actor=cast["inspector"],
        recommendation=recommendation,
        status="not_implemented",
        effective_on=dt.date(2026, 2, 10),
        comment="Post-inspection review",
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "not_implemented"
    assert recommendation.tracker_status == "being-progressed"
    history = [(c.from_status, c.to_status, c.effective_on) for c in recommendation.status_changes.all()]
    assert history[1:] == [
        ("open", "in_progress", dt.date(2025, 7, 1)),
        ("in_progress", "not_implemented", dt.date(2026, 2, 10)),
    ]
    assert history[0] == ("", "open", PUBLISHED)  # the import opened it, from publication
    assert (
        AccessEvent.objects.filter(action=AccessAction.UPDATE, object_id=str(recommendation.pk)).count() == 2
    )


def test_overdue_only_while_the_work_is_still_open(cast, recommendation):
    with time_machine.travel(dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC)):
        assert not recommendation.is_overdue()
        overdue = set(recommendations_for(cast["pcc_analyst"], overdue=True).values_list("number", flat=True))
        assert overdue == {1, 2}  # "immediately": due at the six-week update
    with time_machine.travel(dt.datetime(2025, 9, 2, 12, tzinfo=dt.UTC)):
        assert recommendation.is_overdue()
        overdue = set(recommendations_for(cast["pcc_analyst"], overdue=True).values_list("number", flat=True))
        assert overdue == {1, 2, 3, 4}
        services.recommendation_status_change(
            actor=cast["safeguarding_unit"],
            recommendation=recommendation,
            status="implemented",
            effective_on=dt.date(2025, 9, 2),
        )
        recommendation.refresh_from_db()
        assert not recommendation.is_overdue()


def test_action_plan(cast, recommendation):
    unit = cast["safeguarding_unit"]
    action = services.recommendation_action_add(
        actor=unit,
        recommendation=recommendation,
        text="Briefing to all response officers",
        due=dt.date(2025, 8, 1),
    )
    with time_machine.travel(dt.datetime(2025, 8, 2, 12, tzinfo=dt.UTC)):
        assert action.is_overdue()
        services.recommendation_action_complete(actor=unit, action=action, done_at=dt.date(2025, 8, 2))
        assert not action.is_overdue()
    annotated = recommendations_for(unit, report_id=recommendation.report_id).get(pk=recommendation.pk)
    assert (annotated.actions_done, annotated.actions_total) == (1, 1)


def test_standards_are_suggested_then_confirmed_by_a_person(cast, recommendation):
    assert recommendation.suggested_standards == ["DEMEANOUR"]
    suggested = RecommendationStandard.objects.get(recommendation=recommendation)
    assert suggested.suggested and not suggested.is_confirmed
    services.recommendation_standards_confirm(
        actor=cast["safeguarding_unit"],
        recommendation=recommendation,
        standard_ids=["DEMEANOUR", "SEEN_ALONE"],
    )
    rows = {row.standard_id: row for row in recommendation.standards.all()}
    assert set(rows) == {"DEMEANOUR", "SEEN_ALONE"}
    assert all(row.confirmed_by == cast["safeguarding_unit"] and row.confirmed_at for row in rows.values())
    assert rows["DEMEANOUR"].suggested and not rows["SEEN_ALONE"].suggested
    # Dropping a suggestion removes the mapping but not the record of what was suggested.
    services.recommendation_standards_confirm(
        actor=cast["safeguarding_unit"], recommendation=recommendation, standard_ids=["SEEN_ALONE"]
    )
    assert list(recommendation.standards.values_list("standard_id", flat=True)) == ["SEEN_ALONE"]
    recommendation.refresh_from_db()
    assert recommendation.suggested_standards == ["DEMEANOUR"]
    with pytest.raises(ValidationError, match="NOT_A_STANDARD"):
        services.recommendation_standards_confirm(
            actor=cast["safeguarding_unit"], recommendation=recommendation, standard_ids=["NOT_A_STANDARD"]
        )


# --- Evidence files -----------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def test_evidence_is_stored_under_media_root(cast, recommendation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("audit-summary.pdf", PDF, content_type="application/pdf")
    evidence = services.recommendation_evidence_attach(
        actor=cast["safeguarding_unit"], recommendation=recommendation, upload=upload, description="DA audit"
    )
    assert evidence.original_name == "audit-summary.pdf" and evidence.size == len(PDF)
    stored = tmp_path / evidence.file.name
    assert stored.is_file() and stored.read_bytes() == PDF
    assert str(stored.resolve()).startswith(str(tmp_path.resolve()))


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("notes.exe", b"MZ....", "must be one of"),
        ("audit.pdf", b"<html>not a pdf</html>", "not a pdf"),
        ("sheet.xlsx", b"%PDF-1.4 pretending", "not a xlsx"),
        ("data.csv", b"a,b\x00,c", "not a csv"),
        ("empty.png", b"", "empty"),
    ],
)
def test_evidence_of_the_wrong_kind_is_refused(name, content, problem):
    with pytest.raises(ValidationError, match=problem):
        validate_evidence_file(SimpleUploadedFile(name, content))


def _package(part: str) -> bytes:
    """The smallest real Office package: a zip with one part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", PDF),
        ("a.docx", _package("word/document.xml")),
        ("a.xlsx", _package("xl/workbook.xml")),
        ("a.csv", "district,rate\nNorth,0.8\nCaf\u00e9,1\n".encode()),
        ("a.png", b"\x89PNG\r\n\x1a\nrest"),
        ("a.JPG", b"\xff\xd8\xff\xe0rest"),
    ],
)
def test_evidence_of_the_allowed_kinds_is_accepted(name, content):
    validate_evidence_file(SimpleUploadedFile(name, content))


def test_evidence_over_the_size_limit_is_refused():
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * EVIDENCE_MAX_BYTES)
    with pytest.raises(ValidationError, match="at most"):
        validate_evidence_file(big)


# --- The measured trend and children's views -----------------------------------------------------


def test_indicator_trend_before_and_after_publication_and_district_spread(districts):
    north, south = districts["north"], districts["south"]
    add_results(north, "DEMEANOUR", "2024-05-01", met=9, not_met=9)  # over 12 months before: outside
    add_results(north, "DEMEANOUR", "2025-03-01", met=2, not_met=6)
    add_results(south, "DEMEANOUR", "2025-05-01", met=2, not_met=0)
    add_results(north, "DEMEANOUR", "2025-06-01", met=6, not_met=2)
    add_results(south, "DEMEANOUR", "2025-08-01", met=2, not_met=2)
    add_results(north, "VOICE", "2025-08-01", met=0, not_met=5)  # another standard: not counted
    trend = indicator_trend("DEMEANOUR", PUBLISHED)
    assert (trend.before.met, trend.before.not_met) == (4, 6)
    assert (trend.after.met, trend.after.not_met) == (8, 4)
    assert trend.before.rate == pytest.approx(0.4)
    assert trend.after.rate == pytest.approx(8 / 12)
    assert trend.change_points == pytest.approx(100 * (8 / 12 - 0.4))
    assert [(name, rate.rate) for name, rate in trend.by_district] == [
        ("North District", 0.75),
        ("South District", 0.5),
    ]
    assert trend.district_spread_points == pytest.approx(25)
    assert [period for period, _ in trend.by_month] == [
        dt.date(2024, 5, 1),
        dt.date(2025, 3, 1),
        dt.date(2025, 5, 1),
        dt.date(2025, 6, 1),
        dt.date(2025, 8, 1),
    ]


def test_indicator_trend_with_no_results_says_so(db):
    trend = indicator_trend("DEMEANOUR", PUBLISHED)
    assert not trend.has_data
    assert trend.before.rate is None and trend.change_points is None and trend.district_spread_points is None


def test_childrens_views_counted_and_small_counts_hidden(cast, districts):
    north, south = districts["north"], districts["south"]
    for index in range(7):
        child = make_person(north, forename=f"Child{index}", surname="Example")
        case = make_case(north, reported="2025-07-10", children=[child])
        if index < 5:
            ChildView.objects.create(
                case=case, child=child, occurred_at=at("2025-07-11"), views="Wants to stay"
            )
    child = make_person(south, forename="Solo", surname="Example")
    make_case(south, reported="2025-08-01", children=[child])
    make_case(north, reported="2025-01-05")
    views = childrens_views_in_aggregate(cast["pcc_analyst"], since=PUBLISHED)
    assert (views.after.cases, views.after.with_views) == (8, 5)
    assert views.after.percent == "62%"
    assert (views.before.cases, views.before.with_views) == (1, 0)
    assert views.before.cases_shown == "<5" and views.before.percent == "-"
    shown = {
        share.label: (share.cases_shown, share.with_views_shown, share.percent) for share in views.by_district
    }
    assert shown == {"North District": ("7", "5", "71%"), "South District": ("<5", "0", "-")}


def test_aggregate_readers_refuse_roles_without_the_permission(cast):
    with pytest.raises(PermissionError):
        childrens_views_in_aggregate(cast["officer_north"], since=PUBLISHED)
    with pytest.raises(PermissionError):
        recommendations_for(cast["auditor"])


def test_recommendation_rows_are_never_deleted_with_their_report(report):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        report.delete()
    assert Recommendation.objects.filter(report=report).count() == 5
