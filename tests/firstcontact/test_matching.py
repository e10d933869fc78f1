"""Fuzzy matching and the other ways in: name, date of birth, postcode, address line, phone."""

import pytest

from safeguarding.firstcontact.query import parse_lookup
from safeguarding.firstcontact.selectors import lookup
from tests.factories import make_address, make_person
from tests.firstcontact.builders import alias, live_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(districts):
    north, south = districts["north"], districts["south"]
    amelia = make_person(north, forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    darren = make_person(
        north,
        forename="Darren",
        surname="Hartley",
        date_of_birth="1985-01-20",
        is_child=False,
        phone="07700 900123",
    )
    mo = make_person(south, forename="Muhammad", surname="Khan", date_of_birth="2011-02-03")
    other = make_person(north, forename="Oliver", surname="Pennington", date_of_birth="2012-09-03")
    address = make_address(north, line1="12 Mill Lane", postcode="NM1 4AB")
    live_at(amelia, address)
    live_at(darren, address)
    return {"amelia": amelia, "darren": darren, "mo": mo, "other": other, "address": address}


def found(viewer, text):
    return [person.person_id for person in lookup(viewer, parse_lookup(text)).people]


def test_misspelt_name_is_found(cast, people):
    result = lookup(cast["officer_north"], parse_lookup("Amelia Hartly"))
    assert result.people[0].person_id == people["amelia"].pk
    assert result.people[0].match.startswith("sounds like")
    assert people["other"].pk not in [p.person_id for p in result.people]


def test_exact_name_ranks_above_a_relative_with_the_same_surname(cast, people):
    ids = found(cast["officer_north"], "Amelia Hartley")
    assert ids[0] == people["amelia"].pk
    assert people["darren"].pk not in ids  # different forename key


def test_transposed_names_are_found(cast, people):
    assert found(cast["officer_north"], "Hartley Amelia")[0] == people["amelia"].pk


def test_alias_is_found_and_labelled(cast, people):
    alias(people["amelia"], "Millie", "Stokes")
    result = lookup(cast["officer_north"], parse_lookup("Milly Stokes"))
    assert [p.person_id for p in result.people] == [people["amelia"].pk]
    assert "alias" in result.people[0].match


def test_mohammed_finds_muhammad(cast, people):
    assert found(cast["officer_north"], "Mohammed Khan") == [people["mo"].pk]


def test_date_of_birth_alone(cast, people):
    assert found(cast["officer_north"], "12/04/2015") == [people["amelia"].pk]
    assert found(cast["officer_north"], "2015-04-12") == [people["amelia"].pk]
    assert found(cast["officer_north"], "12 April 2015") == [people["amelia"].pk]


def test_partial_date_of_birth_narrows_a_name(cast, people):
    assert found(cast["officer_north"], "Hartley 2015") == [people["amelia"].pk]
    assert found(cast["officer_north"], "Hartley 04/2015") == [people["amelia"].pk]
    assert found(cast["officer_north"], "Hartley 1985") == [people["darren"].pk]
    assert found(cast["officer_north"], "Hartley 05/2015") == []


def test_a_misspelling_that_changes_the_sound_is_caught_by_the_date_of_birth(cast, people):
    # "Partley" does not sound like Hartley, but with the full date of birth it is still close.
    assert found(cast["officer_north"], "Amelia Partley 12/04/2015") == [people["amelia"].pk]


@pytest.mark.parametrize("typed", ["NM1 4AB", "nm14ab", "NM14AB"])
def test_postcode_with_or_without_space_finds_address_and_residents(cast, people, typed):
    result = lookup(cast["officer_north"], parse_lookup(typed))
    assert [a.address_id for a in result.addresses] == [people["address"].pk]
    assert {r.person_id for r in result.addresses[0].residents} == {people["amelia"].pk, people["darren"].pk}
    assert {p.person_id for p in result.people} == {people["amelia"].pk, people["darren"].pk}


def test_outward_code_and_address_line(cast, people):
    assert [a.address_id for a in lookup(cast["officer_north"], parse_lookup("NM1")).addresses] == [
        people["address"].pk
    ]
    assert [a.address_id for a in lookup(cast["officer_north"], parse_lookup("12 mill lane")).addresses] == [
        people["address"].pk
    ]
    assert lookup(cast["officer_north"], parse_lookup("NM2")).addresses == []


def test_name_with_postcode(cast, people):
    assert found(cast["officer_north"], "Amelia NM1 4AB") == [people["amelia"].pk]


@pytest.mark.parametrize("typed", ["07700900123", "07700 900123", "+44 7700 900123"])
def test_phone(cast, people, typed):
    assert found(cast["officer_north"], typed) == [people["darren"].pk]
