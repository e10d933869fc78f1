"""The printable chronology of a child and of a case: marking, pages, who printed it, logged."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import CaseNote, Incident
from safeguarding.cases.vocabulary import IncidentKind, ParticipantRole
from tests.factories import at, make_case, make_person

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
