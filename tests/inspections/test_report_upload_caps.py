"""The inspection report upload is capped: its size, and how much of a PDF is unpacked (a PDF's
streams are compressed, so a small file can unpack to far more). Each refusal names the cap."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.inspections.models import InspectionReport
from safeguarding.inspections.report_parser import ReportTooLarge, read_report_text

pytestmark = pytest.mark.django_db


def _pdf(lines_per_page: list[str]) -> bytes:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for line in lines_per_page:
        page.drawString(50, 800, line)
        page.showPage()
    page.save()
    return buffer.getvalue()


def _post(client, data: bytes, name: str = "report.pdf"):
    return client.post("/inspections/import/", {"report": SimpleUploadedFile(name, data)})


def test_a_pdf_with_too_many_pages_is_refused_naming_the_cap(client_for, settings):
    settings.INSPECTION_REPORT_MAX_PAGES = 2

    response = _post(client_for("safeguarding_unit"), _pdf(["one", "two", "three"]))

    assert response.status_code == 400
    assert "3 pages; at most 2" in response.context["form"].errors["report"][0]
    assert not InspectionReport.objects.exists()


def test_a_pdf_whose_text_unpacks_past_the_cap_is_refused(client_for, settings):
    settings.INSPECTION_REPORT_MAX_CHARACTERS = 50

    response = _post(client_for("safeguarding_unit"), _pdf(["x" * 40, "y" * 40]))

    assert response.status_code == 400
    assert "more than 50 characters" in response.context["form"].errors["report"][0]


def test_the_upload_size_is_capped_by_a_setting(client_for, settings):
    settings.INSPECTION_REPORT_MAX_BYTES = 10

    response = _post(client_for("safeguarding_unit"), b"Northmoor Police inspection", "report.txt")

    assert response.status_code == 400
    assert "INSPECTION_REPORT_MAX_BYTES" in response.context["form"].errors["report"][0]


def test_the_reader_stops_at_the_caps(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf(["a" * 30, "b" * 30]))
    assert read_report_text(path).count("a") == 30
    with pytest.raises(ReportTooLarge):
        read_report_text(path, max_pages=1)
    with pytest.raises(ReportTooLarge):
        read_report_text(path, max_characters=40)
