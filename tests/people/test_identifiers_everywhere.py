"""Issue 21: the codes and identifiers through every way in and out: the person form, the API
(problem details naming the field), the import (file:line: column), first contact, the record's
history, the export; never in the access log's detail or the application log."""

import json
import logging

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.exchange.exporter import export_to
from safeguarding.firstcontact.query import BadQuery, parse_lookup
from safeguarding.firstcontact.selectors import lookup
from safeguarding.people.models import Person
from safeguarding.people.selectors import SearchTermError, parse_search, search_people
from safeguarding.people.services import person_update
from safeguarding.records.history import history_of
from tests.exchange.helpers import run_import
from tests.factories import make_person
from tests.problems import refused_fields

pytestmark = pytest.mark.django_db
NOW = "2026-04-01T10:00:00+01:00"
NHS, PNC, UPN = "9434765919", "12/0001234Y", "B801200005001"


def form_data(districts, **overrides):
    data = {
        "forename": "Maisie",
        "surname": "Crowther",
        "date_of_birth": "2016-08-14",
        "is_child": "on",
        "looked_after": "no",
        "district": districts["north"].pk,
    }
    data.update(overrides)
    return data


# -- the person form ------------------------------------------------------------------------------


def test_the_form_keeps_codes_and_identifiers_in_their_normal_form(client_for, districts, caplog):
    data = form_data(
        districts,
        ethnicity_self_defined="A2",
        ethnicity_observed="IC4",
        nhs_number="943 476 5919",
        pnc_id="2012/1234y",
        upn="b801200005001",
    )
    with caplog.at_level(logging.DEBUG), time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:create"), data)
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.nhs_number, person.pnc_id, person.upn) == (NHS, PNC, UPN)
    # The group follows the self-defined code; the officer's view is kept beside it.
    assert (person.ethnicity, person.ethnicity_self_defined, person.ethnicity_observed) == (
        "asian",
        "A2",
        "IC4",
    )
    # Personal data: the access log names the fields, never the values; the application log neither.
    event = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert "nhs_number" in event.detail["fields"]
    for value in (NHS, "943 476 5919", "1234"):
        assert value not in json.dumps(event.detail)
        assert value not in caplog.text


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("nhs_number", "943 476 5918", "check digit is wrong"),
        ("pnc_id", "12/0001234Z", "check letter is wrong"),
        ("upn", "A801200005001", "check letter is wrong"),
        ("ethnicity", "white", "self-defined code A2"),  # the group chosen against the code
    ],
)
def test_the_form_refuses_a_wrong_identifier_or_group_naming_the_field(
    client_for, districts, field, value, says
):
    data = form_data(districts, ethnicity_self_defined="A2", **{field: value})
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:create"), data)
    assert response.status_code == 200
    assert says in " ".join(response.context["form"].errors[field])
    assert not Person.objects.exists()


def test_a_changed_self_defined_code_moves_the_group_and_the_history_keeps_both(cast, districts):
    person = make_person(districts["north"], ethnicity="white", ethnicity_self_defined="W1")
    with time_machine.travel(NOW, tick=False):
        person_update(
            actor=cast["officer_north"],
            person=person,
            data={"ethnicity_self_defined": "B2", "nhs_number": "943 476 5919"},
        )
    person.refresh_from_db()
    assert (person.ethnicity, person.ethnicity_self_defined, person.nhs_number) == ("black", "B2", NHS)
    changed = {change.field for version in history_of(person) for change in version.changes}
    assert {"ethnicity", "ethnicity_self_defined", "nhs_number"} <= changed


# -- the API ------------------------------------------------------------------------------------


@pytest.fixture
def api(cast):
    client = APIClient()
    client.force_authenticate(cast["officer_north"])
    return client


@pytest.mark.urls("tests.exchange.urls")
def test_the_api_refuses_an_invalid_nhs_number_naming_the_field(api, districts):
    response = api.post(
        "/api/v1/people/",
        {
            "forename": "Ada",
            "surname": "Lee",
            "district": districts["north"].code,
            "nhs_number": "9434765918",
        },
        format="json",
    )
    assert response.status_code == 400
    fields = refused_fields(response)
    assert "check digit is wrong" in " ".join(fields["nhs_number"])
    assert "9434765918" not in response.content.decode()  # never echoes what was sent
    assert not Person.objects.filter(forename="Ada").exists()


@pytest.mark.urls("tests.exchange.urls")
def test_the_api_person_resource_holds_codes_and_identifiers(api, districts):
    response = api.post(
        "/api/v1/people/",
        {
            "forename": "Ada",
            "surname": "Lee",
            "district": districts["north"].code,
            "nhs_number": "943 476 5919",
            "pnc_id": "12/1234Y",
            "upn": "B801200005001",
            "ethnicity_self_defined": "M1",
            "ethnicity_observed": "IC9",
        },
        format="json",
    )
    assert response.status_code == 201, response.content[:400]
    shown = api.get(f"/api/v1/people/{response.json()['id']}/")
    body = shown.json()
    assert (body["nhs_number"], body["pnc_id"], body["upn"]) == (NHS, PNC, UPN)
    assert (body["ethnicity"], body["ethnicity_self_defined"], body["ethnicity_observed"]) == (
        "mixed",
        "M1",
        "IC9",
    )
    clash = api.patch(
        f"/api/v1/people/{body['id']}/", {"ethnicity": "white"}, format="json", HTTP_IF_MATCH=shown["ETag"]
    )
    assert clash.status_code == 400 and "ethnicity" in refused_fields(clash)


# -- the import and the export ---------------------------------------------------------------------

HEADER = (
    "source_reference,forename,surname,date_of_birth,district,"
    "ethnicity,ethnicity_self_defined,nhs_number,pnc_id,upn"
)


def _extract(tmp_path, *rows):
    directory = tmp_path / "extract"
    directory.mkdir()
    (directory / "people.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return directory


def test_the_import_reads_dfe_codes_and_identifiers(cast, districts, tmp_path):
    directory = _extract(
        tmp_path,
        "P-1,Amelia,Hartley,2015-04-12,north,,WBRI,943 476 5919,2012/1234Y,B801200005001",
        "P-2,Oliver,Pennington,2012-09-03,north,,REFU,,,",
        "P-3,Ruby,Cole,2013-01-05,north,asian,A4,,,",
    )
    result = run_import(cast["data_manager"], directory)
    assert result.loaded, result.errors
    amelia = Person.objects.get(source_reference="P-1")
    assert (amelia.ethnicity_self_defined, amelia.ethnicity) == ("W1", "white")
    assert (amelia.nhs_number, amelia.pnc_id, amelia.upn) == (NHS, PNC, UPN)
    assert Person.objects.get(source_reference="P-2").ethnicity == "not_stated"
    assert Person.objects.get(source_reference="P-3").ethnicity == "asian"

    out = tmp_path / "out"
    export_to(out, source_system="NICHE")
    exported = (out / "people.csv").read_text(encoding="utf-8")
    assert NHS in exported and PNC in exported and UPN in exported and ",W1," in exported


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        ("P-1,Amelia,Hartley,2015-04-12,north,,,9434765918,,", "nhs_number", "check digit is wrong"),
        ("P-1,Amelia,Hartley,2015-04-12,north,,,,12/0001234Z,", "pnc_id", "check letter is wrong"),
        ("P-1,Amelia,Hartley,2015-04-12,north,,,,,A801200005001", "upn", "check letter is wrong"),
        ("P-1,Amelia,Hartley,2015-04-12,north,,XXXX,,,", "ethnicity_self_defined", "unknown code"),
        ("P-1,Amelia,Hartley,2015-04-12,north,white,AIND,,,", "ethnicity", "self-defined code A1"),
    ],
)
def test_the_import_refuses_a_wrong_code_or_identifier_naming_file_line_and_column(
    cast, districts, tmp_path, row, column, says
):
    result = run_import(cast["data_manager"], _extract(tmp_path, row))
    assert not result.loaded
    [error] = result.errors
    assert str(error).startswith(f"people.csv:2: {column}: ")
    assert says in error.reason
    assert not Person.objects.exists()


# -- first contact ----------------------------------------------------------------------------------


@pytest.fixture
def held(districts):
    amelia = make_person(districts["north"], nhs_number=NHS, pnc_id=PNC, upn=UPN)
    make_person(districts["north"], forename="Oliver", surname="Pennington", date_of_birth="2012-09-03")
    return amelia


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("943 476 5919", "nhs_number"),
        ("9434765919", "nhs_number"),
        ("12/0001234Y", "pnc_id"),
        ("2012/1234y", "pnc_id"),
        ("B801200005001", "upn"),
        ("amelia 943 476 5919", "nhs_number"),
    ],
)
def test_first_contact_finds_a_person_by_each_identifier(cast, held, typed, kind):
    query = parse_lookup(typed)
    assert query.identifier is not None and query.identifier[0] == kind
    assert kind in query.kinds
    result = lookup(cast["officer_north"], query)
    assert [p.person_id for p in result.people] == [held.pk]


@pytest.mark.parametrize("typed", ["943 476 5918", "12/0001234Z", "A801200005001"])
def test_first_contact_refuses_a_mistyped_identifier(typed):
    with pytest.raises(BadQuery, match="wrong"):
        parse_lookup(typed)


def test_a_phone_number_is_still_a_phone_number():
    query = parse_lookup("07700 900123")
    assert query.identifier is None and query.phone == "07700900123"


# -- person search (the people pages) -------------------------------------------------------------


@pytest.mark.parametrize(("typed", "kind"), [("943-476-5919", "nhs_number"), ("Amelia 12/1234Y", "pnc_id")])
def test_person_search_finds_a_person_by_an_identifier(cast, held, typed, kind):
    terms = parse_search(typed)
    assert terms.identifier is not None and terms.identifier[0] == kind
    results = search_people(cast["officer_north"], terms)
    assert [r.person.pk for r in results] == [held.pk]


def test_person_search_refuses_a_mistyped_identifier():
    with pytest.raises(SearchTermError, match="check digit is wrong"):
        parse_search("943 476 5918")


def test_the_childs_page_shows_the_identifiers_and_its_reading_is_logged(client_for, held):
    response = client_for("officer_north").get(reverse("people:child", args=[held.pk]))
    page = response.content.decode()
    assert "943 476 5919" in page and PNC in page and UPN in page
    event = AccessEvent.objects.get(action=AccessAction.VIEW, object_type="person")
    assert event.object_id == str(held.pk)
    # The other district's officer sees neither the page nor the identifiers.
    other = client_for("officer_south").get(reverse("people:child", args=[held.pk]))
    assert other.status_code == 404 and "943 476 5919" not in other.content.decode()


@pytest.mark.urls("tests.exchange.urls")
def test_the_api_people_list_filters_by_identifier_as_typed(api, held):
    for query in ("nhs_number=943 476 5919", "pnc_id=2012/1234Y", "upn=b801200005001"):
        response = api.get(f"/api/v1/people/?{query}")
        assert response.status_code == 200, response.content[:300]
        assert [p["id"] for p in response.json()["results"]] == [held.pk], query
    assert api.get("/api/v1/people/?nhs_number=4010232137").json()["results"] == []


def test_the_import_reads_json_lines_with_an_nhs_number_as_a_number(cast, districts, tmp_path):
    directory = tmp_path / "extract"
    directory.mkdir()
    row = {
        "source_reference": "P-1",
        "forename": "Amelia",
        "surname": "Hartley",
        "district": "north",
        "nhs_number": 9434765919,
        "ethnicity_self_defined": "mwbc",
        "ethnicity_observed": "IC9",
    }
    (directory / "people.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    result = run_import(cast["data_manager"], directory)
    assert result.loaded, result.errors
    amelia = Person.objects.get(source_reference="P-1")
    assert (amelia.nhs_number, amelia.ethnicity_self_defined, amelia.ethnicity) == (NHS, "M1", "mixed")
    assert amelia.ethnicity_observed == "IC9"


def test_a_new_person_with_a_held_nhs_number_is_offered_as_a_likely_duplicate(client_for, held, districts):
    data = form_data(districts, forename="Millie", surname="Stokes", nhs_number="943 476 5919")
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:create"), data)
    assert response.status_code == 200
    [offered] = response.context["duplicates"]
    assert (offered.person.pk, offered.reason) == (held.pk, "same NHS number")
    assert not Person.objects.filter(forename="Millie").exists()
