# ruff: noqa: E501  (report passages are kept on one line)
"""The import preview, corrections, the review's before/after and the national picture across
scales, through the pages (issue 20)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.inspections.models import InspectionReport
from tests.inspections import later_reports
from tests.inspections.test_views import upload_and_confirm
from tests.queue import queued_export

pytestmark = pytest.mark.django_db


def test_the_preview_shows_what_was_read_beside_its_sentence_and_stores_nothing(client_for):
    client = client_for("safeguarding_unit")
    preview = client.post(
        reverse("inspections:import"),
        {"report": SimpleUploadedFile("kent.txt", later_reports.UNPLACEABLE.encode())},
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Check what was read before it is stored" in html
    assert "A sentence with grades and figures was not read" in html
    assert "We assessed 40 cases: good, requiring improvement and inadequate" in html
    assert not InspectionReport.objects.exists()


def test_the_preview_lists_each_grade_with_its_source_sentence(client_for):
    preview = client_for("inspector").post(
        reverse("inspections:import"),
        {"report": SimpleUploadedFile("kent.txt", later_reports.KENT_2022.encode())},
    )
    html = preview.content.decode()
    assert "Of the 40 cases we examined, 9 were good" in html and "requires_improvement 19" in html


def test_corrections_made_in_the_preview_are_kept_with_the_report(client_for):
    response = upload_and_confirm(
        client_for("safeguarding_unit"), "kent.txt", later_reports.KENT_2022, published="2022-06"
    )
    assert response.status_code == 302
    report = InspectionReport.objects.get()
    assert [(item["field"], item["corrected"], item["by"]) for item in report.corrections] == [
        ("published", "2022-06", "safeguarding_unit")
    ]
    page = client_for("safeguarding_unit").get(reverse("inspections:report", args=[report.pk]))
    assert 'corrected to "2022-06" by safeguarding_unit' in page.content.decode()


@pytest.mark.parametrize(
    ("corrections", "message"),
    [({"published": "May 2022"}, "YYYY-MM"), ({"force": "Gotham City Police"}, "not a police body")],
)
def test_a_bad_correction_is_refused_naming_the_field_and_nothing_is_stored(client_for, corrections, message):
    response = upload_and_confirm(
        client_for("safeguarding_unit"), "kent.txt", later_reports.KENT_2022, **corrections
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not InspectionReport.objects.exists()


def test_a_review_shows_before_and_after_and_the_recommendations_it_moved_on(client_for):
    client = client_for("safeguarding_unit")
    upload_and_confirm(client, "kent.txt", later_reports.KENT_2022)
    upload_and_confirm(client, "kent-pir.txt", later_reports.KENT_2023_REVIEW)
    review = InspectionReport.objects.get(report_type="post_inspection_review")
    html = client.get(reverse("inspections:report", args=[review.pk])).content.decode()
    assert "Before and after" in html
    assert "30%" in html and "37%" in html  # inadequate 12 of 40 before, good 14 of 38 after
    assert "Verified at post-inspection review" in html
    inspection = review.reviews
    assert (
        "Followed up by" in client.get(reverse("inspections:report", args=[inspection.pk])).content.decode()
    )


def test_the_national_picture_compares_scales_as_shares_in_page_and_csv(client_for, tmp_path):
    client = client_for("safeguarding_unit")
    upload_and_confirm(client, "kent.txt", later_reports.KENT_2022)
    upload_and_confirm(client, "essex.txt", later_reports.ESSEX_2024_FRAMEWORK)
    page = client_for("pcc_analyst").get(reverse("inspections:national"))
    assert "Across forces, years and grading scales" in page.content.decode()
    response = client_for("pcc_analyst").get(reverse("inspections:national_csv"))
    rows = {row["force"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Kent Police"]["share_inadequate"] == "0.300" and rows["Kent Police"]["cases"] == "40"
    assert rows["Kent Police"]["scale"].startswith("From 2016")
    assert rows["Essex Police"]["basis"] == "graded topics" and rows["Essex Police"]["share_inadequate"] == ""
    assert "investigation: inadequate" in rows["Essex Police"]["note"]
    assert AccessEvent.objects.filter(
        action=AccessAction.EXPORT, object_label="national picture CSV"
    ).exists()


@pytest.mark.parametrize("text", [later_reports.KENT_2022, later_reports.ESSEX_2024_FRAMEWORK])
def test_pages_and_the_panel_paper_hold_later_reports(client_for, text):
    client = client_for("safeguarding_unit")
    upload_and_confirm(client, "later.txt", text)
    report = InspectionReport.objects.get()
    detail = client.get(reverse("inspections:report", args=[report.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert report.get_report_type_display() in html and report.get_scale_display() in html
    assert client.get(reverse("inspections:panel_paper", args=[report.pk])).status_code == 200
    assert queued_export(client, reverse("inspections:panel_paper_pdf", args=[report.pk])).status_code == 200
