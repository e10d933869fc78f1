"""One label per record type in the access log, whichever path wrote the event (issue 12)."""

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import DemeanourRecord, Incident
from safeguarding.people.models import Flag, Person
from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


def test_labels_are_the_model_name_in_snake_case():
    assert [record_type(m) for m in (Incident, DemeanourRecord, Person, Flag)] == [
        "incident",
        "demeanour_record",
        "person",
        "flag",
    ]
    assert record_type(Person(pk=1)) == "person"


def test_an_incident_written_by_the_page_and_by_the_api_has_one_label(world, cast):
    case = world["case_north"]
    page = verified_client(cast["officer_north"], stepped_up=True)  # both factors (tests/signin.py)
    api = APIClient()
    api.force_authenticate(cast["officer_north"])

    with time_machine.travel("2026-04-01T10:00:00+01:00", tick=False):
        by_page = page.post(
            reverse("cases:entry_add", args=[case.pk, "incident"]),
            {"occurred_at": "2026-03-02T21:00", "kind": "domestic_abuse", "children_present": 1},
        )
        by_api = api.post(
            "/api/v1/entries/incidents/",
            {
                "case": case.pk,
                "occurred_at": "2026-03-02T09:30:00Z",
                "kind": "domestic_abuse",
                "children_present": 2,
            },
            format="json",
        )

    assert by_page.status_code == 302 and by_api.status_code == 201, by_api.content
    created = AccessEvent.objects.filter(action=AccessAction.CREATE).order_by("id")
    assert [e.detail.get("via", "page") for e in created] == ["page", "api"]
    assert {e.object_type for e in created} == {"incident"}
    assert set(created.values_list("object_id", flat=True)) == {str(i.pk) for i in Incident.objects.all()}


def test_a_person_read_on_the_page_and_through_the_api_has_one_label(world, cast):
    child = world["child_north"]
    page = verified_client(cast["officer_north"], stepped_up=True)  # both factors (tests/signin.py)
    api = APIClient()
    api.force_authenticate(cast["officer_north"])

    page.get(reverse("people:child", args=[child.pk]))
    page.get(reverse("people:edit", args=[child.pk]))
    api.get(f"/api/v1/people/{child.pk}/")

    views = AccessEvent.objects.filter(action=AccessAction.VIEW)
    assert views.count() == 3
    assert set(views.values_list("object_type", "object_id")) == {("person", str(child.pk))}
