"""People in a case over the API (issue 16): the same service as the pages, so a second child
added through the API is judged by the per-child standards, and another district's person goes on
only with a reason."""

import pytest
import time_machine
from rest_framework.test import APIClient

from safeguarding.access.models import AccessEvent
from safeguarding.cases import models as m
from safeguarding.cases.vocabulary import IncidentKind
from safeguarding.standards.models import StandardResult
from safeguarding.standards.services import case_reevaluate
from tests.cases.scene import entry
from tests.factories import at, make_case, make_person
from tests.problems import refused_fields

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.urls")]
URL = "/api/v1/participants/"
REASON = {"reason_code": "call_for_service", "reason_reference": "INC-2026-0412"}


@pytest.fixture
def api_for(cast):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(cast[username])
        return client

    return make


@pytest.fixture
def case(districts):
    ruby = make_person(districts["north"], forename="Ruby", surname="Cole")
    made = make_case(districts["north"], reported="2026-03-02", children=[ruby])
    entry(m.Incident, made, at("2026-03-02", "22:00"), kind=IncidentKind.DOMESTIC_ABUSE, children_present=2)
    return made


def demeanour(api, case, child):
    response = api.post(
        "/api/v1/entries/demeanour-records/",
        {
            "case": case.pk,
            "child": child.pk,
            "occurred_at": "2026-03-02T22:30:00Z",
            "demeanour": "fearful",
            "seen_alone": "yes",
        },
        format="json",
    )
    # The API's entry writes do not re-judge the case on main yet (wave2/scope hands them to the
    # cases services, which do): judge here so the test is about the children on the case.
    case_reevaluate(case_id=case.pk)
    return response


@time_machine.travel("2026-03-03T09:00:00+00:00", tick=False)
def test_a_child_added_through_the_api_is_judged_and_demeanour_met_only_when_both_are(
    api_for, case, districts
):
    api = api_for("officer_north")
    ruby = case.participants.get().person
    leo = make_person(districts["north"], forename="Leo", surname="Cole")
    response = api.post(URL, {"case": case.pk, "person": leo.pk, "role": "child_present"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["role"] == "child_present"

    assert demeanour(api, case, ruby).status_code == 201
    states = dict(
        StandardResult.objects.filter(case=case, standard_id="DEMEANOUR").values_list("child_id", "state")
    )
    assert states == {ruby.pk: "met", leo.pk: "not_yet_due"}
    assert demeanour(api, case, leo).status_code == 201
    states = dict(
        StandardResult.objects.filter(case=case, standard_id="DEMEANOUR").values_list("child_id", "state")
    )
    assert states == {ruby.pk: "met", leo.pk: "met"}


def test_bad_role_and_adult_as_child_are_400_naming_the_field(api_for, case, districts):
    api = api_for("officer_north")
    adult = make_person(districts["north"], forename="Jade", is_child=False, date_of_birth="1990-01-01")
    bad = api.post(URL, {"case": case.pk, "person": adult.pk, "role": "subject_child"}, format="json")
    assert bad.status_code == 400 and "role" in refused_fields(bad)
    adult_child = api.post(URL, {"case": case.pk, "person": adult.pk, "role": "child_present"}, format="json")
    assert adult_child.status_code == 400 and "role" in refused_fields(adult_child)
    assert case.participants.count() == 1


def test_another_districts_person_needs_a_reason_and_is_logged_outside(api_for, case, districts):
    api = api_for("officer_north")
    suspect = make_person(districts["south"], forename="Darren", is_child=False, date_of_birth="1988-01-01")
    payload = {"case": case.pk, "person": suspect.pk, "role": "suspect"}
    assert api.post(URL, payload, format="json").status_code == 404
    half = api.post(URL, {**payload, "reason_code": "call_for_service"}, format="json")
    assert half.status_code == 400 and "reason_reference" in refused_fields(half)
    assert api.post(URL, {**payload, **REASON}, format="json").status_code == 201
    outside = AccessEvent.objects.get(object_type="person", outside_own_district=True)
    assert outside.detail["reason_reference"] == "INC-2026-0412"


def test_other_district_cannot_see_or_write_the_case(api_for, case, districts):
    api = api_for("officer_south")
    other = make_person(districts["south"])
    assert (
        api.post(URL, {"case": case.pk, "person": other.pk, "role": "victim"}, format="json").status_code
        == 404
    )
    subject = case.participants.get()
    assert api.get(f"{URL}{subject.pk}/").status_code == 404
    assert api.delete(f"{URL}{subject.pk}/").status_code == 404


def test_removal_through_the_api_keeps_the_subject_child(api_for, case, districts):
    api = api_for("officer_north")
    subject = case.participants.get()
    refused = api.delete(f"{URL}{subject.pk}/")
    assert refused.status_code == 400 and "person" in refused_fields(refused)
    mother = make_person(districts["north"], forename="Jade", is_child=False, date_of_birth="1990-01-01")
    added = api.post(
        URL, {"case": case.pk, "person": mother.pk, "role": "parent_carer"}, format="json"
    ).json()
    assert api.delete(f"{URL}{added['id']}/").status_code == 204
    assert not case.participants.filter(person=mother).exists()
    assert api_for("auditor").delete(f"{URL}{subject.pk}/").status_code == 403
