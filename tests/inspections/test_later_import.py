# ruff: noqa: E501  (report passages are kept on one line)
"""Importing later reports through the command and the service: never silent, refused out loud,
reviews linked to their inspection, corrections kept (issue 20)."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.inspections.models import (
    CaseAssessment,
    InspectionReport,
    Recommendation,
    ReportFinding,
    TopicGrade,
)
from safeguarding.inspections.services import report_import
from tests.inspections import later_reports
from tests.inspections.seeds import needs_seeds, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _importer(cast):
    """import-report needs --as: the tests import as the safeguarding unit."""


ACTOR = User(username="test import", role=Role.ADMIN)


def run(tmp_path, text: str, *args: str, name: str = "report.txt") -> tuple[dict | list, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_report", str(path), "--as=safeguarding_unit", "--json", *args, stdout=out, stderr=err
    )
    return json.loads(out.getvalue()), err.getvalue()


def test_a_later_report_through_the_command(tmp_path):
    report, message = run(tmp_path, later_reports.KENT_2022)
    assert report["force"] == "Kent Police"
    assert report["report_type"] == "inspection" and report["scale"] == "3-point-2016"
    assert report["published"] == "2022-05"  # "Published on: 11 May 2022"
    assert [(g["assessor"], g["counts"]) for g in report["grades"]] == [
        ("inspectors", {"good": 9, "requires_improvement": 19, "inadequate": 12}),
        ("force", {"good": 21}),
        ("inspectors", {"good": 9}),  # the second assessor of the same sentence
    ]
    assert report["case_assessments"][0]["cases"] == 40
    stored = CaseAssessment.objects.filter(report__force="Kent Police").order_by("position")
    assert [row.scale for row in stored] == ["3-point-2016", "3-point-2016"]
    assert stored[0].source.startswith("Of the 40 cases we examined")
    assert [r["timescale"] for r in report["recommendations"]] == ["3 months", "6 months"]
    assert (
        "-the" not in report["recommendations"][1]["text"]
        and len(report["recommendations"][1]["text"].split("\n")) == 3
    )
    assert "SUPERVISION" in report["recommendations"][1]["standards"]
    assert report["areas_for_improvement"][0]["text"].startswith("The force should improve how it refers")
    assert ReportFinding.objects.get().category == "area_for_improvement"
    assert "warnings" in report and "2 recommendations, 0 warnings" in message


def test_figures_the_importer_cannot_place_are_warned_about_never_imported_silently(tmp_path):
    report, message = run(tmp_path, later_reports.UNPLACEABLE)
    codes = [warning["code"] for warning in report["warnings"]]
    assert "numbers-not-read" in codes and "share-in-words" in codes and "no-grades" in codes
    assert report["case_assessments"] == [] and report["grades"] == []  # "over half" is never a count
    assert "Warning: A sentence with grades and figures was not read" in message
    assert InspectionReport.objects.get().warnings == report["warnings"]


def test_a_document_that_is_not_a_report_is_refused(tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text("Kent Police attended the panel. Members noted 12 items and 3 actions.", encoding="utf-8")
    with pytest.raises(CommandError, match="does not read as a force inspection report"):
        call_command("import_report", str(path), "--as=safeguarding_unit")
    assert not InspectionReport.objects.exists()


@needs_seeds
def test_a_panel_paper_about_a_review_is_refused():
    with pytest.raises(CommandError, match="does not read as"):
        call_command("import_report", str(seed("004")), "--as=safeguarding_unit", stdout=io.StringIO())


def test_a_force_not_on_the_list_is_refused_naming_what_was_found(tmp_path):
    text = later_reports.KENT_2022.replace("Kent Police", "Gotham City Police").replace("Kent –", "Gotham –")
    with pytest.raises(CommandError, match='"Gotham City Police", is not one of the 43 territorial forces'):
        run(tmp_path, text)
    assert not InspectionReport.objects.exists()


def test_several_reports_in_one_file_are_refused_or_split_never_merged(tmp_path):
    from tests.inspections.test_later_wording import report_text

    text = "\n".join(report_text(force) for force in ("Kent Police", "Essex Police", "Surrey Police"))
    with pytest.raises(CommandError, match=r"holds 3 reports \(Kent Police; Essex Police; Surrey Police\)"):
        run(tmp_path, text)
    assert not InspectionReport.objects.exists()
    reports, _ = run(tmp_path, text, "--split")
    assert [report["force"] for report in reports] == ["Kent Police", "Essex Police", "Surrey Police"]
    assert InspectionReport.objects.count() == 3
    assert all(report.recommendations.count() == 1 for report in InspectionReport.objects.all())


def test_the_2024_framework_stores_topic_grades_and_causes_of_concern(tmp_path):
    report, _ = run(tmp_path, later_reports.ESSEX_2024_FRAMEWORK)
    assert report["report_type"] == "framework_2024" and report["scale"] == "5-point-2024"
    assert [(t["topic"], t["grade"]) for t in report["topic_grades"]] == [
        ("leadership", "good"),
        ("partnership working", "adequate"),
        ("initial response", "requires_improvement"),
        ("risk assessment and referral", "adequate"),
        ("investigation", "inadequate"),
    ]
    assert TopicGrade.objects.count() == 5
    (cause,) = report["causes_of_concern"]
    assert cause["recommendations"] == [1] and "investigate crimes against children" in cause["text"]


def test_a_post_inspection_review_links_to_its_inspection_and_moves_its_recommendations_on(tmp_path):
    inspection = report_import(actor=ACTOR, text=later_reports.KENT_2022, source_file_name="kent.txt").report
    review = report_import(actor=ACTOR, text=later_reports.KENT_2023_REVIEW, source_file_name="kent-pir.txt")
    assert review.report.report_type == "post_inspection_review"
    assert review.report.reviews == inspection
    assert review.review_updates == ["recommendation 1: met", "recommendation 2: partially met"]
    statuses = dict(Recommendation.objects.filter(report=inspection).values_list("number", "status"))
    assert statuses == {1: "verified", 2: "in_progress"}
    change = Recommendation.objects.get(report=inspection, number=2).status_changes.last()
    assert '"partially met"' in change.comment and "Post-inspection review" in change.comment
    (reaudit,) = review.report.case_assessments.all()
    assert (reaudit.assessor, reaudit.cases, reaudit.good, reaudit.inadequate) == ("re-audit", 38, 14, 8)


def test_a_review_without_its_inspection_says_so(tmp_path):
    report, _ = run(tmp_path, later_reports.KENT_2023_REVIEW)
    assert report["reviews"] is None
    assert "inspection-not-found" in [warning["code"] for warning in report["warnings"]]


def test_corrections_are_applied_and_kept_with_the_report():
    result = report_import(
        actor=ACTOR,
        text=later_reports.KENT_2022,
        source_file_name="kent.txt",
        corrections={"published": "2022-06", "report_type": "re_inspection"},
    )
    report = result.report
    assert report.published == dt.date(2022, 6, 1) and report.report_type == "re_inspection"
    assert [(c["field"], c["corrected"], c["by"]) for c in report.corrections] == [
        ("published", "2022-06", "test import"),
        ("report_type", "re_inspection", "test import"),
    ]


def test_a_correction_to_an_unlisted_force_is_refused_and_nothing_is_saved():
    with pytest.raises(ValidationError, match="not a police body"):
        report_import(
            actor=ACTOR,
            text=later_reports.KENT_2022,
            source_file_name="k.txt",
            corrections={"force": "Gotham Police"},
        )
    assert not InspectionReport.objects.exists()


def test_split_imports_all_the_reports_of_a_file_or_none(tmp_path):
    from tests.inspections.test_later_wording import report_text

    text = report_text("Kent Police") + "\n" + report_text("Gotham City Police")
    with pytest.raises(CommandError, match="Gotham City Police"):
        run(tmp_path, text, "--split")
    assert not InspectionReport.objects.exists()
