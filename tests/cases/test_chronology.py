"""The printable chronology of a child and of a case: marking, pages, who printed it, logged."""

import io
import re

import pikepdf
import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import CaseNote, Incident
from safeguarding.cases.vocabulary import IncidentKind, ParticipantRole
from tests.factories import at, make_case, make_person
from tests.reports.test_pdf import _structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(districts, cast):
    north = districts["north"]
    child = make_person(north, forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    adult = make_person(
        north, forename="Darren", surname="Hartley", date_of_birth="1985-01-20", is_child=False
    )
    case = make_case(north, children=[child], adults=[(adult, ParticipantRole.SUSPECT)])
    Incident.objects.create(
        case=case,
        child=child,
        occurred_at=at("2026-03-02", "21:10"),
        kind=IncidentKind.DOMESTIC_ABUSE,
        recorded_by=cast["officer_north"],
    )
    # Enough notes for the PDF to run over several pages.
    for day in range(1, 29):
        CaseNote.objects.create(
            case=case,
            child=child,
            occurred_at=at(f"2026-04-{day:02d}", "10:00"),
            text=f"Visit {day}: spoke with Amelia at school about home. " * 4,
            recorded_by=cast["officer_north"],
        )
    return {"child": child, "case": case}


def _pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


@pytest.mark.parametrize("kind", ["child", "case"])
def test_the_pdf_is_marked_numbered_and_says_who_printed_it(client_for, scene, kind):
    url = (
        reverse("cases:child_chronology_pdf", args=[scene["child"].pk])
        if kind == "child"
        else reverse("cases:chronology_pdf", args=[scene["case"].pk])
    )
    pages = _pdf_pages(client_for("officer_north").get(url))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(pages)}" in text
        assert re.search(r"Printed by \S.* on \d{1,2} \w+ 20\d\d at \d\d:\d\d", text)
    whole = " ".join(pages)
    assert "Domestic abuse" in whole or "domestic abuse" in whole.lower()
    # Oldest first: the incident of March before April's notes.
    assert whole.index("2 Mar 2026") < whole.index("1 Apr 2026")


@pytest.mark.parametrize("kind", ["child", "case"])
def test_the_pdf_is_tagged_pdf_ua_from_the_print_page_s_template(client_for, scene, kind):
    """One source (docs/adr/0016): WeasyPrint from the print page's body, tagged PDF/UA-1 with the
    language, a structure tree and table headers; the marking in its title and on every page."""
    client = client_for("officer_north")
    if kind == "child":
        page = client.get(reverse("cases:child_chronology", args=[scene["child"].pk]))
        pdf = client.get(reverse("cases:child_chronology_pdf", args=[scene["child"].pk]))
    else:
        page = client.get(reverse("cases:chronology", args=[scene["case"].pk]))
        pdf = client.get(reverse("cases:chronology_pdf", args=[scene["case"].pk]))
    with pikepdf.open(io.BytesIO(pdf.content)) as document:
        assert document.Root.Lang == "en-GB"
        assert document.Root.MarkInfo.Marked is True
        with document.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1"
            assert meta.get("dc:title").endswith("(OFFICIAL-SENSITIVE)")
            assert "reportlab" not in str(meta.get("pdf:Producer", "")).lower()
        kinds = [kind for kind, _alt in _structure(document)]
        assert {"/H1", "/Table", "/TH", "/TD"} <= set(kinds)
        # When, Record, Case, Recorded, repeated on each page (the marking row is for browsers)
        assert kinds.count("/TH") == 4 * len(document.pages)
        for number in range(1, len(document.pages) + 1):
            text = PdfReader(io.BytesIO(pdf.content)).pages[number - 1].extract_text()
            assert text.count("OFFICIAL-SENSITIVE") >= 2 and "Printed by" in text, number
    # the page and its PDF carry the same record: every entry's time on the page is in the PDF
    times = re.findall(r"<td>(\d{1,2} \w{3} 20\d\d \d\d:\d\d)</td>", page.content.decode())
    assert len(times) == 29
    whole = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert all(time in whole for time in times)


def test_printing_is_logged_as_a_disclosure(client_for, cast, scene):
    client_for("officer_north").get(reverse("cases:child_chronology_pdf", args=[scene["child"].pk]))
    client_for("officer_north").get(reverse("cases:chronology", args=[scene["case"].pk]))
    events = AccessEvent.objects.filter(action=AccessAction.EXPORT, actor_id=cast["officer_north"].pk)
    assert set(events.values_list("object_type", "object_id", "detail__chronology")) == {
        ("person", str(scene["child"].pk), "pdf"),
        ("case", str(scene["case"].pk), "print page"),
    }
    assert events.filter(object_type="case").get().detail["entries"] == 29


def test_the_print_page_has_its_own_stylesheet_and_marking(client_for, scene):
    response = client_for("officer_north").get(reverse("cases:child_chronology", args=[scene["child"].pk]))
    body = response.content.decode()
    assert "cases/chronology.css" in body
    assert body.count("OFFICIAL-SENSITIVE") >= 2
    assert "Printed by" in body
    assert "/edit/" not in body  # no Edit links on paper
    # The child's page itself does not carry the chronology's print stylesheet.
    child_page = client_for("officer_north").get(reverse("people:child", args=[scene["child"].pk]))
    assert "cases/chronology.css" not in child_page.content.decode()


def test_out_of_district_chronology_is_not_found(client_for, scene):
    assert (
        client_for("officer_south")
        .get(reverse("cases:child_chronology_pdf", args=[scene["child"].pk]))
        .status_code
        == 404
    )
    assert (
        client_for("officer_south").get(reverse("cases:chronology", args=[scene["case"].pk])).status_code
        == 404
    )
