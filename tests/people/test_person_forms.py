import json

import pytest
import time_machine
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.people.models import Flag, Person, Residence
from safeguarding.people.names import phonetic_key
from tests.factories import make_person

pytestmark = pytest.mark.django_db
NOW = "2026-04-01T10:00:00+01:00"


def valid(districts, **overrides):
    data = {
        "forename": "Maisie",
        "surname": "Crowther",
        "date_of_birth": "2016-08-14",
        "is_child": "on",
        "looked_after": "no",
        "district": districts["north"].pk,
        "line1": "4 Beck Row",
        "town": "Northmoor",
        "postcode": "nm2 7qd",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date_of_birth": "2027-01-01"}, "date_of_birth"),
        ({"date_of_birth": "1890-01-01", "is_child": None}, "date_of_birth"),
        ({"date_of_birth": "1990-01-01"}, "is_child"),  # ticked as a child but 36
        ({"is_child": None}, "is_child"),  # unticked but 9
        ({"postcode": "NOT A CODE"}, "postcode"),
        ({"town": ""}, "town"),
        ({"forename": ""}, "forename"),
        ({"district": None}, "district"),
    ],
)
def test_person_form_rejects_bad_input_and_saves_nothing(client_for, districts, overrides, field):
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:create"), valid(districts, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Nothing has been saved" in response.content.decode()
    assert not Person.objects.exists()
    assert not AccessEvent.objects.exists()


def test_officer_cannot_put_a_person_in_another_district(client_for, districts):
    response = client_for("officer_north").post(
        reverse("people:create"), valid(districts, district=districts["south"].pk)
    )
    assert "district" in response.context["form"].errors
    assert not Person.objects.exists()


def test_create_saves_keys_address_and_logs_field_names_only(client_for, districts):
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:create"), valid(districts))
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:child", args=[person.pk])
    assert person.surname_key == phonetic_key("Crowther") != ""  # derived, never typed
    assert person.current_address.postcode == "NM27QD"
    assert Residence.objects.filter(person=person, address=person.current_address, ends_on=None).exists()
    event = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert (event.object_type, event.object_id, event.district_id) == (
        "person",
        str(person.pk),
        districts["north"].pk,
    )
    assert "surname" in event.detail["fields"] and "address" in event.detail["fields"]
    logged = json.dumps(event.detail)
    assert "Crowther" not in logged and "Beck Row" not in logged


def test_edit_logs_the_changed_fields(client_for, districts):
    person = make_person(
        districts["north"], forename="Maisie", surname="Crowther", date_of_birth="2016-08-14"
    )
    data = valid(districts, surname="Crowthers", line1="", town="", postcode="")
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.surname == "Crowthers"
    event = AccessEvent.objects.get(action=AccessAction.UPDATE)
    assert event.detail == {"fields": ["surname"]}


def test_south_officer_cannot_edit_a_north_child(client_for, districts):
    person = make_person(districts["north"])
    response = client_for("officer_south").post(reverse("people:edit", args=[person.pk]), valid(districts))
    assert response.status_code == 404
    # Nothing changed: the one event is the not-found itself.
    assert list(AccessEvent.objects.values_list("action", flat=True)) == [AccessAction.NOT_FOUND]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "cp_plan", "starts_on": "2026-03-01"}, "cp_category"),
        ({"kind": "cse_risk", "cp_category": "neglect", "starts_on": "2026-03-01"}, "cp_category"),
        ({"kind": "cse_risk", "starts_on": "2026-03-01", "ends_on": "2026-02-01"}, "ends_on"),
        ({"kind": "cse_risk", "starts_on": "2026-06-01"}, "starts_on"),
        ({"kind": "cse_risk"}, "starts_on"),
        ({"kind": "nonsense", "starts_on": "2026-03-01"}, "kind"),
    ],
)
def test_flag_form_rejects_bad_input(client_for, districts, data, field):
    child = make_person(districts["north"])
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:flag_add", args=[child.pk]), data)
    assert field in response.context["form"].errors
    assert not Flag.objects.exists()
    # Nothing written; the form shown again with the child's name is a consultation.
    assert list(AccessEvent.objects.values_list("action", flat=True)) == [AccessAction.VIEW]


def test_cp_plan_flag_is_added_and_logged(client_for, cast, districts):
    child = make_person(districts["north"])
    data = {"kind": "cp_plan", "cp_category": "neglect", "starts_on": "2026-03-01"}
    with time_machine.travel(NOW, tick=False):
        response = client_for("officer_north").post(reverse("people:flag_add", args=[child.pk]), data)
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.person, flag.cp_category, flag.recorded_by) == (child, "neglect", cast["officer_north"])
    event = AccessEvent.objects.get(action=AccessAction.CREATE)
    assert event.object_type == "flag" and event.detail["person_id"] == child.pk
