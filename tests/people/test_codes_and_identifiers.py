"""Issue 21: the code lists a force recognises (people/codes.py) and the national identifiers
(people/validators.py), without the database, then through the services, forms and history."""

import pytest

from safeguarding.people.codes import (
    DFE_ETHNICITY,
    OBSERVED_GROUP,
    SELF_DEFINED_GROUP,
    ObservedEthnicity,
    SelfDefinedEthnicity,
    mapping_rows,
    self_defined_from,
)
from safeguarding.people.validators import (
    nhs_number_problem,
    normalise_nhs_number,
    normalise_pnc_id,
    normalise_upn,
    person_problems,
    person_values_normalised,
    pnc_id_problem,
    upn_problem,
)
from safeguarding.people.vocabulary import Ethnicity

GROUPS = {value for value, _label in Ethnicity.choices}
FIVE_GROUPS = {Ethnicity.WHITE, Ethnicity.MIXED, Ethnicity.ASIAN, Ethnicity.BLACK, Ethnicity.OTHER}

# -- code lists ---------------------------------------------------------------------------------


def test_the_self_defined_list_is_18_plus_1():
    codes = [c for c in SelfDefinedEthnicity.values if c]
    assert len(codes) == 19 and "NS" in codes
    assert set(codes) == {
        *("W1", "W2", "W3", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A4", "A9"),
        *("B1", "B2", "B9", "O2", "O9", "NS"),
    }


def test_each_self_defined_code_maps_to_exactly_one_group():
    codes = [c for c in SelfDefinedEthnicity.values if c]
    assert set(SELF_DEFINED_GROUP) == set(codes)
    for code in codes:
        assert SELF_DEFINED_GROUP[code] in GROUPS
    # Every one of the five groups is reached, and "not stated" only by NS.
    assert {SELF_DEFINED_GROUP[c] for c in codes if c != "NS"} == FIVE_GROUPS
    assert SELF_DEFINED_GROUP["NS"] == Ethnicity.NOT_STATED


def test_each_officer_observed_code_maps_to_exactly_one_group():
    codes = [c for c in ObservedEthnicity.values if c]
    assert codes == ["IC1", "IC2", "IC3", "IC4", "IC5", "IC6", "IC9"]
    assert set(OBSERVED_GROUP) == set(codes)
    assert all(OBSERVED_GROUP[c] in GROUPS for c in codes)
    assert OBSERVED_GROUP["IC9"] == Ethnicity.NOT_RECORDED  # unknown is not "chose not to say"


def test_each_dfe_code_maps_to_a_self_defined_code_and_so_to_one_group():
    assert len(DFE_ETHNICITY) == 20
    for code, (_label, sde) in DFE_ETHNICITY.items():
        assert sde == "" or sde in SELF_DEFINED_GROUP, code
    assert self_defined_from("WBRI") == "W1"
    assert self_defined_from(" wirt ") == "W3"
    assert self_defined_from("CHNE") == "A4"  # Chinese is Asian in the 2011 census
    assert self_defined_from("REFU") == "NS"
    assert self_defined_from("NOBT") == ""  # not yet asked: not recorded
    assert self_defined_from("O1") == "A4"  # the 16+1 list's Chinese
    assert self_defined_from("b2") == "B2"
    assert self_defined_from("XXXX") is None


def test_the_documented_mapping_lists_every_code_once():
    rows = mapping_rows()
    keys = [(kind, code) for kind, code, _meaning, _group in rows]
    assert len(keys) == len(set(keys)) == 19 + 7 + 20
    assert all(group for *_rest, group in rows)


def test_the_group_follows_the_self_defined_code():
    assert person_values_normalised({"ethnicity_self_defined": "A2"})["ethnicity"] == Ethnicity.ASIAN
    # A changed code moves the group along with it, unless a group is given with it.
    changed = person_values_normalised({"ethnicity_self_defined": "B1"}, current={"ethnicity": "white"})
    assert changed["ethnicity"] == Ethnicity.BLACK
    clash = person_values_normalised({"ethnicity_self_defined": "B1", "ethnicity": "white"})
    assert "ethnicity" in person_problems({**clash, "date_of_birth": None})
    # The officer's view never sets the person's group.
    assert "ethnicity" not in person_values_normalised({"ethnicity_observed": "IC3"})


# -- identifiers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_nhs_numbers(number):
    assert nhs_number_problem(number) is None
    assert len(normalise_nhs_number(number)) == 10


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("9434765918", "check digit is wrong"),  # last digit changed
        ("9434765929", "check digit is wrong"),  # two digits swapped
        ("1000000010", "check digit is wrong"),  # a remainder of 1: check digit 10, never issued
        ("943476591", "10 digits"),
        ("94347659190", "10 digits"),
        ("943476591X", "10 digits"),
    ],
)
def test_invalid_nhs_numbers(number, says):
    assert says in nhs_number_problem(number)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("12/0001234Y", "12/0001234Y"), ("12/1234y", "12/0001234Y"), ("2012/0001234Y", "12/0001234Y")],
)
def test_valid_pnc_ids_in_their_normal_form(typed, normal):
    assert pnc_id_problem(typed) is None
    assert normalise_pnc_id(typed) == normal


@pytest.mark.parametrize(
    ("pnc", "says"),
    [
        ("12/0001234Z", "check letter is wrong"),
        ("13/0001234Y", "check letter is wrong"),  # the year counts
        ("12/00012345Y", "PNC ID is the year"),  # eight digits of serial
        ("12/0001234", "PNC ID is the year"),  # no check letter
        ("ABC", "PNC ID is the year"),
    ],
)
def test_invalid_pnc_ids(pnc, says):
    assert says in pnc_id_problem(pnc)


@pytest.mark.parametrize("upn", ["B801200005001", "b801200005001", "P207000016049", "A80120000501A"])
def test_valid_upns(upn):
    # A80120000501A: a temporary UPN; 8x2 + 1x4 + 2x5 + 5x10 + 1x12 + A(0)x13 = 92 = 4 x 23, so A.
    assert upn_problem(upn) is None
    assert normalise_upn(upn) == upn.upper()


@pytest.mark.parametrize(
    ("upn", "says"),
    [
        ("A801200005001", "check letter is wrong"),
        ("B801200005002", "check letter is wrong"),
        ("B80120000500", "13 characters"),
        ("X80120000A001", "13 characters"),  # the middle is digits
        ("B80120000500I", "13 characters"),  # I is never used
    ],
)
def test_invalid_upns(upn, says):
    assert says in upn_problem(upn)


def test_person_rules_name_each_identifier_field():
    problems = person_problems({"nhs_number": "9434765918", "pnc_id": "12/0001234Z", "upn": "A801200005001"})
    assert set(problems) == {"nhs_number", "pnc_id", "upn"}
    # On a change, only the fields changed are judged.
    assert person_problems({"nhs_number": "9434765918", "upn": "B801200005001"}, touched={"upn"}) == {}
