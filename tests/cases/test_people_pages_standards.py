"""Issue 16, through the pages as an officer works: the second child is put on the case from the
people page, each child's demeanour is recorded from the entry form, and the per-child standards
are judged over both children (met only when each is)."""

import pytest
import time_machine
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases import models as m
from safeguarding.cases.vocabulary import IncidentKind
from safeguarding.people.models import Person
from safeguarding.standards.models import StandardResult
from tests.cases.scene import entry
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db
NOW = "2026-03-03T09:00:00+00:00"


def states(case, standard_id):
    return dict(
        StandardResult.objects.filter(case=case, standard_id=standard_id).values_list(
            "child__forename", "state"
        )
    )


@time_machine.travel(NOW, tick=False)
def test_per_child_standards_on_a_case_built_through_the_pages(client_for, districts):
    north = districts["north"]
    ruby = make_person(north, forename="Ruby", surname="Cole")
    case = make_case(north, reported="2026-03-02", children=[ruby])
    entry(m.Incident, case, at("2026-03-02", "22:00"), kind=IncidentKind.DOMESTIC_ABUSE, children_present=2)
    client = client_for("officer_north")

    added = client.post(
        reverse("cases:participant_new", args=[case.pk]),
        {
            "new-role": "child_present",
            "new-forename": "Leo",
            "new-surname": "Cole",
            "new-date_of_birth": "2019-09-09",
            "new-is_child": "on",
            "new-district": north.pk,
            "new-looked_after": "no",
        },
    )
    assert added.status_code == 302
    leo = Person.objects.get(forename="Leo")

    def demeanour(child, seen_alone):
        response = client.post(
            reverse("cases:entry_add", args=[case.pk, "demeanourrecord"]),
            {
                "occurred_at": "2026-03-02T23:00",
                "child": child.pk,
                "demeanour": "fearful",
                "description": f"{child.forename} was quiet.",
                "seen_alone": seen_alone,
                "seen_alone_reason": "" if seen_alone == "yes" else "Mother would not leave the room",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    demeanour(ruby, "yes")
    assert states(case, "DEMEANOUR") == {"Ruby": "met", "Leo": "not_yet_due"}
    assert states(case, "SEEN_ALONE") == {"Ruby": "met", "Leo": "not_yet_due"}

    # Leo was not seen alone, and why is recorded: the answer on his own record is what counts.
    demeanour(leo, "no")
    assert states(case, "DEMEANOUR") == {"Ruby": "met", "Leo": "met"}
    assert states(case, "SEEN_ALONE") == {"Ruby": "met", "Leo": "met"}


def test_an_out_of_district_addition_from_the_page_is_logged_as_outside_access_with_the_reason(
    client_for, districts
):
    north = districts["north"]
    case = make_case(north, children=[make_person(north, forename="Ruby", surname="Cole")])
    suspect = make_person(districts["south"], forename="Darren", is_child=False, date_of_birth="1988-01-01")
    response = client_for("officer_north").post(
        reverse("cases:participant_add", args=[case.pk]),
        {
            "person": suspect.pk,
            "role": "suspect",
            "reason_code": "call_for_service",
            "reason_reference": "INC-2026-0412",
        },
    )
    assert response.status_code == 302
    outside = AccessEvent.objects.get(object_type="person", outside_own_district=True)
    assert outside.actor_username == "officer_north"
    assert outside.detail["reason_code"] == "call_for_service"
    assert outside.detail["reason_reference"] == "INC-2026-0412"
    added = AccessEvent.objects.get(object_type="case_participant")
    assert added.action == AccessAction.CREATE and added.detail["person_id"] == suspect.pk
