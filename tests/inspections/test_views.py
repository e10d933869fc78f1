"""The pages: list with due/overdue, report, recommendation (action, status, evidence, notes,
standards), upload, national picture, CSV and the panel paper (HTML and PDF, no personal data)."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html as lxml_html
from pypdf import PdfReader

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import ChildView
from safeguarding.inspections import services
from safeguarding.inspections.models import InspectionReport, Recommendation
from tests.factories import at, make_case, make_person
from tests.inspections.builders import add_results, import_northmoor
from tests.inspections.seeds import needs_seeds, seed
from tests.inspections.test_report_parser import NORTHMOOR
from tests.queue import queued_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cast):
    return import_northmoor(cast["safeguarding_unit"])


@pytest.fixture
def demeanour(report):
    return report.recommendations.get(number=3)


def test_index_lists_recommendations_with_due_dates_and_overdue(client_for, report):
    with time_machine.travel(dt.datetime(2025, 8, 1, 12, tzinfo=dt.UTC)):
        page = client_for("pcc_analyst").get(reverse("inspections:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Northmoor Police" in html
    assert html.count("flag danger") == 2  # the two "immediately" ones, due 13 July 2025
    assert "13 Jul 2025" in html and "1 Sep 2025" in html
    # The analyst reads but cannot import.
    assert reverse("inspections:import") not in html


def test_index_filters_by_status_and_overdue(cast, client_for, report, demeanour):
    services.recommendation_status_change(
        actor=cast["inspector"], recommendation=demeanour, status="verified", effective_on=dt.date(2025, 9, 1)
    )
    page = client_for("inspector").get(reverse("inspections:index"), {"status": "verified"})
    assert [item.pk for item, _ in page.context["rows"]] == [demeanour.pk]
    with time_machine.travel(dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC)):
        page = client_for("inspector").get(reverse("inspections:index"), {"overdue": "1"})
    assert sorted(item.number for item, _ in page.context["rows"]) == [1, 2, 4]


def test_recording_an_action_and_marking_it_done(cast, client_for, demeanour):
    client = client_for("safeguarding_unit")
    response = client.post(
        reverse("inspections:action_add", args=[demeanour.pk]),
        {"text": "Demeanour prompt added to the DA form", "due": "2025-08-15", "owner": cast["inspector"].pk},
    )
    assert response.status_code == 302
    action = demeanour.actions.get()
    assert (action.text, action.due, action.owner) == (
        "Demeanour prompt added to the DA form",
        dt.date(2025, 8, 15),
        cast["inspector"],
    )
    with time_machine.travel(dt.datetime(2025, 8, 20, 12, tzinfo=dt.UTC)):
        client.post(reverse("inspections:action_done", args=[action.pk]), {"done_at": "2025-08-19"})
    action.refresh_from_db()
    assert action.done_at == dt.date(2025, 8, 19)
    page = client.get(reverse("inspections:recommendation", args=[demeanour.pk]))
    assert "Demeanour prompt added to the DA form" in page.content.decode()


def test_an_action_needs_a_due_date(client_for, demeanour):
    response = client_for("safeguarding_unit").post(
        reverse("inspections:action_add", args=[demeanour.pk]), {"text": "Something"}
    )
    assert response.status_code == 400
    assert not demeanour.actions.exists()


def test_an_action_owner_must_be_someone_who_manages_recommendations(cast, client_for, demeanour):
    response = client_for("safeguarding_unit").post(
        reverse("inspections:action_add", args=[demeanour.pk]),
        {"text": "Something", "due": "2025-08-15", "owner": cast["officer_north"].pk},
    )
    assert response.status_code == 400


def test_status_change_from_the_page(client_for, demeanour):
    client_for("inspector").post(
        reverse("inspections:status_change", args=[demeanour.pk]),
        {"status": "not_implemented", "effective_on": "2025-12-01", "comment": "Post-inspection review"},
    )
    demeanour.refresh_from_db()
    assert demeanour.status == "not_implemented"
    last = demeanour.status_changes.last()
    assert (last.effective_on, last.comment) == (dt.date(2025, 12, 1), "Post-inspection review")


def test_a_status_cannot_take_effect_in_the_future(client_for, demeanour):
    response = client_for("inspector").post(
        reverse("inspections:status_change", args=[demeanour.pk]),
        {"status": "verified", "effective_on": "2999-01-01"},
    )
    assert response.status_code == 400
    demeanour.refresh_from_db()
    assert demeanour.status == "open"


def test_evidence_upload_and_download(client_for, demeanour):
    client = client_for("safeguarding_unit")
    response = client.post(
        reverse("inspections:evidence_add", args=[demeanour.pk]),
        {
            "file": SimpleUploadedFile("dip-sample.csv", b"district,met\nNorth,12\n"),
            "description": "Dip sample",
        },
    )
    assert response.status_code == 302
    evidence = demeanour.evidence.get()
    download = client.get(reverse("inspections:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"district,met\nNorth,12\n"
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT, object_id=str(evidence.pk)).exists()


def test_evidence_of_a_forbidden_type_is_refused_on_the_page(client_for, demeanour):
    response = client_for("safeguarding_unit").post(
        reverse("inspections:evidence_add", args=[demeanour.pk]),
        {"file": SimpleUploadedFile("run-me.exe", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert "Evidence must be one of" in response.content.decode()
    assert not demeanour.evidence.exists()


def test_notes_and_standards_from_the_page(cast, client_for, demeanour):
    client = client_for("safeguarding_unit")
    client.post(reverse("inspections:note_add", args=[demeanour.pk]), {"text": "Raised at the board"})
    client.post(reverse("inspections:standards_confirm", args=[demeanour.pk]), {"standards": ["DEMEANOUR"]})
    assert demeanour.notes.get().text == "Raised at the board"
    confirmed = demeanour.standards.get()
    assert (confirmed.standard_id, confirmed.confirmed_by) == ("DEMEANOUR", cast["safeguarding_unit"])


def test_the_page_shows_the_measured_trend_of_confirmed_standards(cast, client_for, districts, demeanour):
    add_results(districts["north"], "DEMEANOUR", "2025-02-01", met=1, not_met=3)
    add_results(districts["north"], "DEMEANOUR", "2025-07-01", met=3, not_met=1)
    services.recommendation_standards_confirm(
        actor=cast["inspector"], recommendation=demeanour, standard_ids=["DEMEANOUR"]
    )
    page = client_for("pcc_analyst").get(reverse("inspections:recommendation", args=[demeanour.pk]))
    (trend,) = page.context["trends"]
    assert (trend.before.percent, trend.after.percent) == ("25%", "75%")
    assert "25% met (1 of 4)" in page.content.decode()


def upload_and_confirm(client, name: str, text: str, **corrections):
    """Upload (a preview: nothing stored), then confirm what the preview carries (issue 20)."""
    preview = client.post(reverse("inspections:import"), {"report": SimpleUploadedFile(name, text.encode())})
    assert preview.status_code == 200 and not InspectionReport.objects.filter(source_file_name=name).exists()
    form = preview.context["confirm"]
    data = {field.html_name: field.value() or "" for field in form}
    return client.post(reverse("inspections:import_confirm"), {**data, **corrections})


def test_upload_page_imports_a_report(cast, client_for):
    client = client_for("safeguarding_unit")
    response = upload_and_confirm(client, "northmoor.txt", NORTHMOOR)
    report = InspectionReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:report", args=[report.pk]
    )
    assert report.imported_by == cast["safeguarding_unit"]
    again = upload_and_confirm(client, "copy.txt", NORTHMOOR)
    assert again.status_code == 302
    assert InspectionReport.objects.count() == 1 and Recommendation.objects.count() == 5


def test_upload_page_for_the_data_manager_returns_to_the_upload_page(client_for):
    response = upload_and_confirm(client_for("data_manager"), "n.txt", NORTHMOOR)
    assert response.status_code == 302 and response["Location"] == reverse("inspections:import")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("minutes.txt", b"Minutes of the meeting.", "does not read as a force inspection report"),
        ("report.docx", b"PK\x03\x04", "as a .txt or .pdf file"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "could not be read"),
    ],
)
def test_upload_page_refuses_what_is_not_a_report(client_for, name, content, message):
    response = client_for("safeguarding_unit").post(
        reverse("inspections:import"), {"report": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InspectionReport.objects.exists()


def test_csv_carries_the_tracker_vocabulary(cast, client_for, demeanour):
    services.recommendation_status_change(
        actor=cast["inspector"],
        recommendation=demeanour,
        status="implemented",
        effective_on=dt.date(2025, 9, 1),
    )
    response = client_for("pcc_analyst").get(reverse("inspections:recommendations_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 5
    row = next(r for r in rows if r["number"] == "3")
    assert (row["status"], row["tracker_status"], row["due_date"]) == (
        "implemented",
        "awaiting-review",
        "2025-09-01",
    )
    assert {r["tracker_status"] for r in rows if r["number"] != "3"} == {"will-be-progressed"}


@needs_seeds
def test_national_picture_rebuilds_table_2_from_force_reports(cast, client_for):
    from django.core.management import call_command

    for prefix in ("000", "002", "003"):
        call_command("import_report", str(seed(prefix)), "--as=safeguarding_unit", stdout=io.StringIO())
    page = client_for("pcc_analyst").get(reverse("inspections:national"))
    picture = page.context["picture"]
    built = {row.force: (row.good, row.adequate, row.inadequate, row.total) for row in picture.built}
    published = {
        row.force_label: (row.good, row.adequate, row.inadequate, row.total) for row in picture.table2
    }
    # West Yorkshire's inspected cases, folded to three grades, are the thematic report's Force E.
    assert built["West Yorkshire Police"] == published["Force E"] == (26, 27, 44, 97)
    assert built["Devon and Cornwall Police"] == (14, 5, 53, 72)
    assert picture.table2_totals.total == 576 and len(picture.table2) == 8
    assert picture.built_totals.total == 97 + 72
    themes = {theme.standard_id: theme for theme in picture.themes}
    assert themes["SUPERVISION"].forces == ["Devon and Cornwall Police", "West Yorkshire Police"]
    assert themes["DEMEANOUR"].recommendations >= 2
    assert any(theme.annex_b_items for theme in picture.themes)


def _paper_world(cast, districts, report):
    """A recommendation with a confirmed standard, results either side of publication and children's views."""
    demeanour = report.recommendations.get(number=3)
    services.recommendation_standards_confirm(
        actor=cast["inspector"], recommendation=demeanour, standard_ids=["DEMEANOUR"]
    )
    add_results(districts["north"], "DEMEANOUR", "2025-03-01", met=3, not_met=7)
    add_results(districts["north"], "DEMEANOUR", "2025-07-01", met=8, not_met=2)
    add_results(districts["south"], "DEMEANOUR", "2025-07-01", met=5, not_met=5)
    services.recommendation_action_add(
        actor=cast["safeguarding_unit"],
        recommendation=demeanour,
        text="Refresher training",
        due=dt.date(2025, 8, 1),
    )
    child = make_person(
        districts["north"], forename="Tallulah", surname="Quennell", date_of_birth="2014-02-03"
    )
    case = make_case(districts["north"], reported="2025-07-03", children=[child])
    ChildView.objects.create(
        case=case, child=child, occurred_at=at("2025-07-04"), views="Wants to see her nan"
    )
    return demeanour, case


def test_panel_paper_html_argues_from_measured_evidence(cast, client_for, districts, report):
    _, case = _paper_world(cast, districts, report)
    page = client_for("pcc_analyst").get(reverse("inspections:panel_paper", args=[report.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    entry = next(e for e in page.context["paper"].recommendations if e.number == 3)
    (measured,) = entry.measured
    assert (measured.before, measured.after, measured.change) == ("30% of 10", "65% of 20", "+35 points")
    assert measured.spread == "30 points"
    assert "No audits recorded in this system since the inspection." in html
    for personal in ("Tallulah", "Quennell", "2014", case.reference, "Wants to see", "Test"):
        assert personal not in html.split("<article", 1)[1], personal


def test_panel_paper_pdf(cast, client_for, districts, report):
    _, case = _paper_world(cast, districts, report)
    response = queued_export(
        client_for("inspector"), reverse("inspections:panel_paper_pdf", args=[report.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Background" in text and "Next steps" in text
    assert "65% of 20" in text
    assert "Refresher training" in text
    for personal in ("Tallulah", "Quennell", case.reference, "Wants to see", "Inspector Test"):
        assert personal not in text
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT, object_id=str(report.pk)).exists()


def test_the_panel_paper_pdf_is_tagged_and_shows_the_page_s_numbers(cast, client_for, districts, report):
    """Issue 24: rendered by WeasyPrint from the page's own body, tagged PDF/UA, same figures."""
    from tests.audits.test_report_pdf import NUMBER
    from tests.reports.test_pdf import _assert_accessible, _is_subsequence

    _paper_world(cast, districts, report)
    client = client_for("inspector")
    page = client.get(reverse("inspections:panel_paper", args=[report.pk]))
    pdf = queued_export(client, reverse("inspections:panel_paper_pdf", args=[report.pk]))
    _assert_accessible(pdf.content, charts=0, title=page.context["paper"].title)
    tree = lxml_html.fromstring(page.content.decode())
    nodes = tree.xpath("//article//table//td | //article//dl[contains(@class,'facts')]//dd")
    numbers = [token for node in nodes for token in NUMBER.findall(node.text_content())]
    assert "65%" in numbers and "20" in numbers
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert _is_subsequence(numbers, NUMBER.findall(text))


def test_there_is_no_panel_paper_for_a_thematic_report(client_for):
    thematic = InspectionReport.objects.create(
        kind="thematic", title="A thematic", source_file_name="t.txt", fingerprint="x", structured={}
    )
    response = client_for("inspector").get(reverse("inspections:panel_paper", args=[thematic.pk]))
    assert response.status_code == 404
