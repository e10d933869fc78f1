"""The hand-written statements (statements.py) give what the ORM reference gives, on both
databases: the same summaries, households, residents, labels and scope; and the API's direct
JSON equals what its serializers would give."""

from dataclasses import asdict

import pytest
import time_machine
from django.utils import timezone

from safeguarding.cases.vocabulary import CaseType, ParticipantRole
from safeguarding.firstcontact.api import LookupResponseSerializer, lookup_json
from safeguarding.firstcontact.query import parse_lookup
from safeguarding.firstcontact.selectors import _PERSON_FIELDS, _summarise, lookup
from safeguarding.people.models import Person
from safeguarding.people.vocabulary import CpPlanCategory, FlagKind, LookedAfter, RelationshipKind
from tests.factories import make_address, make_case, make_person
from tests.firstcontact.builders import (
    TODAY,
    bail,
    da_incident,
    days_ago,
    flag,
    investigation,
    live_at,
    missing,
    relate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(f"{TODAY} 12:00:00+01:00", tick=False):
        yield


@pytest.fixture
def scene(districts):
    """Two households, one in each district, with every kind of fact a summary joins up."""
    north, south = districts["north"], districts["south"]
    home = make_address(north, line1="3 Tanner Row", postcode="NM2 7QT")
    flat = make_address(south, line1="8 Quarry Hill", postcode="SM4 1XY")
    keira = make_person(north, forename="Keira", surname="Walsh", date_of_birth="2012-05-01")
    sam = make_person(north, forename="Sam", surname="Walsh", date_of_birth="2014-07-09")
    live_at(keira, home)
    live_at(sam, home)
    keira.looked_after = LookedAfter.FOSTER
    keira.save()
    flag(keira, FlagKind.CP_PLAN, cp_category=CpPlanCategory.NEGLECT, since="2026-02-01")
    flag(keira, FlagKind.CSE_RISK, since="2026-03-01")
    flag(keira, FlagKind.REPEAT_MISSING, since="2025-01-01", ends_on="2025-06-01")  # ended
    flag(keira, FlagKind.REPEAT_MISSING, since="2026-07-01")  # not started yet

    lodger = make_person(north, forename="Gary", surname="Pike", date_of_birth="1970-03-03", is_child=False)
    live_at(lodger, home)
    flag(lodger, FlagKind.REGISTERED_SEX_OFFENDER)
    father = make_person(south, forename="Lee", surname="Walsh", date_of_birth="1980-01-01", is_child=False)
    live_at(father, flat)
    relate(father, RelationshipKind.PARENT, keira)
    other_child = make_person(south, forename="Jo", surname="Bell", date_of_birth="2013-01-01")
    make_case(
        south, case_type=CaseType.CSE, children=[other_child], adults=[(father, ParticipantRole.SUSPECT)]
    )
    make_case(south, case_type=CaseType.DOMESTIC_ABUSE, adults=[(father, ParticipantRole.SUSPECT)])

    missing_case = make_case(south, case_type=CaseType.MISSING, children=[keira])
    for days, grade in ((400, "high"), (120, "low"), (80, "no_apparent_risk"), (5, "medium")):
        missing(missing_case, keira, days_ago(days), grade)
    da_case = make_case(north, case_type=CaseType.DOMESTIC_ABUSE, children=[keira, sam])
    # Children present are the children on the case: the 50-day incident's case has none.
    for days in (10, 100, 300, 400):
        da_incident(da_case, home, days_ago(days), 1)
    da_incident(make_case(north, case_type=CaseType.DOMESTIC_ABUSE), home, days_ago(50), 2)
    da_incident(da_case, flat, days_ago(20), 2)

    cp_case = make_case(south, case_type=CaseType.CP_ENQUIRY, children=[keira])
    inv = investigation(cp_case, keira)
    bail(inv, keira, until="2026-07-01")
    bail(inv, keira, until="2026-06-14", conditions="Expired yesterday")
    closed_case = make_case(north, case_type=CaseType.CP_ENQUIRY, children=[sam])
    investigation(closed_case, sam, opened=days_ago(60), closed=days_ago(5))
    return {"home": home, "flat": flat, "keira": keira, "sam": sam, "father": father, "lodger": lodger}


def _both(viewer, people, address_ids):
    rows = {row["id"]: row for row in Person.objects.filter(pk__in=people).values(*_PERSON_FIELDS)}
    today = timezone.localdate()
    by_sql = _summarise(viewer, rows, address_ids, today, facts_from="sql")
    by_orm = _summarise(viewer, rows, address_ids, today, facts_from="orm")
    return by_sql, by_orm


@pytest.mark.parametrize("viewer", ["officer_north", "officer_south", "safeguarding_unit", "pcc_analyst"])
def test_sql_facts_give_the_orm_summaries_households_and_scope(cast, scene, viewer):
    people = [scene["keira"].pk, scene["sam"].pk, scene["father"].pk]
    addresses = [scene["home"].pk, scene["flat"].pk]
    by_sql, by_orm = _both(cast[viewer], people, addresses)
    summaries, residents, labels, scope = by_sql
    assert summaries == by_orm[0]
    assert residents == by_orm[1]
    assert labels == by_orm[2]
    assert scope == by_orm[3]
    # Not vacuous: the scene's facts are all there.
    keira = summaries[scene["keira"].pk]
    assert keira.cp_plan_category == CpPlanCategory.NEGLECT and keira.cse_risk and keira.looked_after
    assert (keira.missing_total, keira.missing_last_90_days, keira.missing_last_grade) == (4, 2, "medium")
    assert keira.da_incidents_with_children_12_months == 3 and keira.cumulative_risk
    assert {adult.person_id for adult in keira.risk_adults} == {scene["lodger"].pk, scene["father"].pk}
    assert (keira.open_investigations, keira.protective_bail) == (1, 1)
    assert [member.person_id for member in residents[scene["flat"].pk]] == [scene["father"].pk]


def test_sql_and_orm_agree_on_an_empty_page(cast, scene):
    by_sql, by_orm = _both(cast["officer_north"], [], [])
    assert by_sql[0] == by_orm[0] == {}
    assert by_sql[3] == by_orm[3]


def test_scope_from_sql_follows_district_and_case_participation(cast, scene):
    """officer_north: Keira (north) and the lodger in scope; the father (south, only in south
    cases) not; officer_south sees the father and Keira (she is in south cases)."""
    people = [scene["keira"].pk, scene["father"].pk]
    north_scope = _both(cast["officer_north"], people, [])[0][3]
    assert north_scope.person(scene["keira"].pk) and not north_scope.person(scene["father"].pk)
    south_scope = _both(cast["officer_south"], people, [])[0][3]
    assert south_scope.person(scene["father"].pk) and south_scope.person(scene["keira"].pk)
    assert not south_scope.person(scene["lodger"].pk)


@pytest.mark.parametrize(
    "text", ["Keira Walsh", "Walsh Keira", "NM2 7QT", "3 Tanner Row", "NM2", "Walsh 2012"]
)
def test_api_json_equals_the_serializers_output(cast, scene, text):
    result = lookup(cast["officer_north"], parse_lookup(text))
    assert result.people or result.addresses
    assert lookup_json(result) == LookupResponseSerializer(asdict(result)).data


def test_outward_code_and_address_line_candidates(cast, scene, districts):
    make_address(districts["north"], line1="3 Tanner Row", postcode="NM27 1AA")  # NM27: not NM2
    result = lookup(cast["officer_north"], parse_lookup("NM2"))
    assert [address.address_id for address in result.addresses] == [scene["home"].pk]
    assert {person.person_id for person in result.people} == {
        scene["keira"].pk,
        scene["sam"].pk,
        scene["lodger"].pk,
    }
    by_line = lookup(cast["officer_north"], parse_lookup("3 Tanner Row"))
    assert len(by_line.addresses) == 2
