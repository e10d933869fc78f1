"""Issue 12: a person's district and address, and a flag's person, are checked against the
user's scope on the pages and in the people services every path goes through (pages, API,
import). Out of scope is refused as if missing; nothing is saved; no event claims an edit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.people import services
from safeguarding.people.models import Flag, Person
from tests.scope_scene import build_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, districts):
    return build_scene(cast, districts)


def _writes() -> int:
    return AccessEvent.objects.filter(action__in=[AccessAction.CREATE, AccessAction.UPDATE]).count()


def _new_person(scene, **values):
    return {
        "forename": "Ada",
        "surname": "Lee",
        "date_of_birth": dt.date(2014, 1, 1),
        "is_child": True,
        "district": scene["districts"]["north"],
        **values,
    }


# --- The people services ------------------------------------------------------------------------


def test_cross_district_fk_via_service_person_update_refuses_another_districts_address(scene):
    """The service the API, pages and any caller share refuses the finding's write itself."""
    child = scene["child_north"]
    with pytest.raises(ValidationError) as refused:
        services.person_update(
            actor=scene["cast"]["officer_north"],
            person=child,
            data={"current_address": scene["address_south"]},
        )
    assert list(refused.value.message_dict) == ["current_address"]
    assert "does not exist" in refused.value.message_dict["current_address"][0]
    child.refresh_from_db()
    assert child.current_address == scene["address_north"] and _writes() == 0


@pytest.mark.parametrize(
    ("field", "inside", "outside"),
    [("district", "north", "south"), ("current_address", "address_north", "address_south")],
)
def test_person_create_checks_each_reference(scene, field, inside, outside):
    def obj(key):
        return scene["districts"][key] if key in ("north", "south") else scene[key]

    actor = scene["cast"]["officer_north"]
    with pytest.raises(ValidationError) as refused:
        services.person_create(actor=actor, data=_new_person(scene, **{field: obj(outside)}))
    assert field in refused.value.message_dict
    assert not Person.objects.filter(forename="Ada").exists() and _writes() == 0

    person = services.person_create(actor=actor, data=_new_person(scene, **{field: obj(inside)}))
    assert getattr(person, field) == obj(inside)


def test_person_update_refuses_a_district_out_of_scope(scene):
    adult = scene["adult_north"]
    with pytest.raises(ValidationError) as refused:
        services.person_update(
            actor=scene["cast"]["officer_north"], person=adult, data={"district": scene["districts"]["south"]}
        )
    assert "district" in refused.value.message_dict
    adult.refresh_from_db()
    assert adult.district == scene["districts"]["north"] and _writes() == 0


def test_person_update_of_a_person_out_of_scope_is_refused(scene):
    resident = scene["resident_south"]
    with pytest.raises(ValidationError):
        services.person_update(actor=scene["cast"]["officer_north"], person=resident, data={"surname": "X"})
    resident.refresh_from_db()
    assert resident.surname == "Quarry" and _writes() == 0


def test_the_unit_may_move_a_person_to_any_districts_address(scene):
    child = scene["child_north"]
    services.person_update(
        actor=scene["cast"]["safeguarding_unit"],
        person=child,
        data={"current_address": scene["address_south"]},
    )
    child.refresh_from_db()
    assert child.current_address == scene["address_south"]


def test_flag_create_refuses_a_person_out_of_scope(scene):
    with pytest.raises(ValidationError) as refused:
        services.flag_create(
            actor=scene["cast"]["officer_north"],
            person=scene["child_south"],
            data={"kind": "cse_risk", "starts_on": scene["case_north"].first_reported_at.date()},
        )
    assert "person" in refused.value.message_dict
    assert not Flag.objects.exists() and _writes() == 0


def test_flag_update_refuses_moving_a_flag_to_a_person_out_of_scope(scene):
    actor = scene["cast"]["officer_north"]
    flag = services.flag_create(
        actor=actor,
        person=scene["child_north"],
        data={"kind": "cse_risk", "starts_on": scene["case_north"].first_reported_at.date()},
    )
    with pytest.raises(ValidationError) as refused:
        services.flag_update(actor=actor, flag=flag, data={"person": scene["child_south"]})
    assert "person" in refused.value.message_dict
    flag.refresh_from_db()
    assert flag.person == scene["child_north"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date_of_birth": "2099-01-01"}, "date_of_birth"),
        ({"date_of_birth": "0001-01-01", "is_child": False}, "date_of_birth"),
        ({"date_of_birth": "2020-01-01", "is_child": False}, "is_child"),
    ],
)
def test_person_create_keeps_the_forms_rules(scene, data, field):
    values = {k: dt.date.fromisoformat(v) if k == "date_of_birth" else v for k, v in data.items()}
    with pytest.raises(ValidationError) as refused:
        services.person_create(actor=scene["cast"]["officer_north"], data=_new_person(scene, **values))
    assert field in refused.value.message_dict
    assert not Person.objects.filter(forename="Ada").exists()


# --- The pages -------------------------------------------------------------------------------------


def _form(scene, **overrides):
    data = {
        "forename": "Amelia",
        "surname": "Hartley",
        "date_of_birth": "2015-04-12",
        "is_child": "on",
        "looked_after": "no",
        "district": scene["districts"]["north"].pk,
    }
    data.update(overrides)
    return data


def test_edit_page_refuses_a_district_out_of_scope(scene, client_for):
    child = scene["child_north"]
    response = client_for("officer_north").post(
        reverse("people:edit", args=[child.pk]), _form(scene, district=scene["districts"]["south"].pk)
    )
    assert response.status_code == 200 and "district" in response.context["form"].errors
    child.refresh_from_db()
    assert child.district == scene["districts"]["north"] and _writes() == 0


def test_edit_page_accepts_references_in_scope(scene, client_for):
    child = scene["child_north"]
    response = client_for("officer_north").post(
        reverse("people:edit", args=[child.pk]), _form(scene, surname="Hartley-Jones")
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.surname == "Hartley-Jones" and child.district == scene["districts"]["north"]


def test_edit_page_moves_a_person_only_to_an_address_of_their_own_district(scene, client_for):
    # The page creates the address it is given, in the person's district: never another's.
    child = scene["child_north"]
    client_for("officer_north").post(
        reverse("people:edit", args=[child.pk]),
        _form(scene, line1="9 Quarry Row", town="Eastfold", postcode="EF2 7QX"),
    )
    child.refresh_from_db()
    assert child.current_address != scene["address_south"]
    assert child.current_address.district == scene["districts"]["north"]


def test_pages_of_a_person_out_of_scope_are_not_found(scene, client_for):
    client = client_for("officer_north")
    south = scene["resident_south"]
    assert client.post(reverse("people:edit", args=[south.pk]), _form(scene)).status_code == 404
    assert (
        client.post(
            reverse("people:flag_add", args=[south.pk]), {"kind": "cse_risk", "starts_on": "2026-01-01"}
        )
    ).status_code == 404
    assert not Flag.objects.exists() and _writes() == 0


def test_flag_page_accepts_a_person_in_scope(scene, client_for):
    child = scene["child_north"]
    response = client_for("officer_north").post(
        reverse("people:flag_add", args=[child.pk]), {"kind": "cse_risk", "starts_on": "2026-01-01"}
    )
    assert response.status_code == 302
    assert Flag.objects.filter(person=child).exists()


def test_a_person_of_another_district_named_in_the_officers_case_is_edited_with_the_case_as_reason(scene):
    """In scope through the case (people_visible_to): the edit is allowed, and the event says
    it was outside the officer's districts and why, rather than failing on the log's rule."""
    from safeguarding.cases.models import CaseParticipant

    south = scene["resident_south"]
    CaseParticipant.objects.create(case=scene["case_north"], person=south, role="other_child")
    services.person_update(actor=scene["cast"]["officer_north"], person=south, data={"school": "Fell School"})
    event = AccessEvent.objects.get(action=AccessAction.UPDATE)
    assert event.outside_own_district
    assert scene["case_north"].reference in event.reason
