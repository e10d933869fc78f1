"""Record history and no lost updates through the pages and services (issue 17, ADR 0012): a
stale form is refused showing the other person's change and nothing is lost; every change keeps
the previous values; a closed case is read-only except what the standards allow after closure."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases import services
from safeguarding.cases.models import ChildOutcome, Incident, InformedOfDecision
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.people import services as people_services
from safeguarding.records.history import StaleRecord
from safeguarding.records.models import RecordVersion
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db

INCIDENT_FORM = {"occurred_at": "2026-03-02T21:00", "kind": "domestic_abuse", "children_present": 1}


@pytest.fixture
def case(districts):
    child = make_person(districts["north"], forename="Amelia", surname="Hartley")
    return make_case(districts["north"], reported="2026-03-01", children=[child])


@pytest.fixture
def incident(case, cast):
    return Incident.objects.create(
        case=case,
        occurred_at=at("2026-03-02", "21:00"),
        kind="domestic_abuse",
        children_present=1,
        ppn_grade="amber",
        recorded_by=cast["officer_north"],
    )


def _edit(client, incident, version, **values):
    url = reverse("cases:entry_edit", args=[incident.case_id, "incident", incident.pk])
    return client.post(url, {**INCIDENT_FORM, "version": version, **values})


def test_the_edit_form_carries_the_version_it_was_filled_from(client_for, incident):
    page = client_for("officer_north").get(
        reverse("cases:entry_edit", args=[incident.case_id, "incident", incident.pk])
    )
    assert '<input type="hidden" name="version" value="1">' in page.content.decode()


def test_a_stale_entry_form_is_refused_showing_the_other_change_and_nothing_is_lost(client_for, incident):
    first, second = client_for("officer_north"), client_for("supervisor_north")
    # Both opened the form at version 1; the first saves a new grade.
    assert _edit(first, incident, 1, ppn_grade="red").status_code == 302

    refused = _edit(second, incident, 1, ppn_grade="amber", description="Door kicked in")

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "someone else changed this record" in page
    assert "grade: Amber → Red (by officer_north" in page
    # The second user's values are still in the form, and the form now names version 2.
    assert "Door kicked in" in page
    assert '<input type="hidden" name="version" value="2">' in page
    incident.refresh_from_db()
    assert incident.ppn_grade == "red" and incident.description == "" and incident.version == 2
    assert AccessEvent.objects.filter(action=AccessAction.UPDATE).count() == 1

    # Saving again from the re-shown form applies the second user's values on top, knowingly.
    assert _edit(second, incident, 2, ppn_grade="red", description="Door kicked in").status_code == 302
    incident.refresh_from_db()
    assert incident.ppn_grade == "red" and incident.description == "Door kicked in"
    assert incident.version == 3
    assert list(
        RecordVersion.objects.filter(entity="incident", object_id=incident.pk)
        .order_by("version")
        .values_list("version", "actor_username", "via")
    ) == [(1, "officer_north", "page"), (2, "supervisor_north", "page")]


def test_a_stale_person_form_keeps_both_the_school_and_the_phone(client_for, districts):
    child = make_person(districts["north"], forename="Maisie", surname="Crowther", looked_after="no")
    form = {
        "forename": "Maisie",
        "surname": "Crowther",
        "date_of_birth": "2015-04-12",
        "is_child": "on",
        "looked_after": "no",
        "district": districts["north"].pk,
        "version": 1,
    }
    url = reverse("people:edit", args=[child.pk])
    assert client_for("officer_north").post(url, {**form, "school": "Beck Row Primary"}).status_code == 302

    refused = client_for("supervisor_north").post(url, {**form, "phone": "07700 900123"})

    assert refused.status_code == 200
    assert "School: (empty) → Beck Row Primary" in refused.content.decode()
    child.refresh_from_db()
    assert child.school == "Beck Row Primary" and child.phone == ""


def test_the_service_refuses_a_stale_version_and_keeps_previous_values(cast, incident):
    officer = cast["officer_north"]
    assert services.entry_update(actor=officer, entry=incident, cleaned_data={"ppn_grade": "red"}) == [
        "ppn_grade"
    ]
    stale = Incident.objects.get(pk=incident.pk)
    with pytest.raises(StaleRecord) as refusal:
        services.entry_update(actor=officer, entry=stale, cleaned_data={"ppn_grade": "green"}, seen_version=1)
    assert refusal.value.current_version == 2
    kept = RecordVersion.objects.get(entity="incident", object_id=incident.pk)
    assert kept.version == 1 and kept.previous["ppn_grade"] == "amber"
    assert Incident.objects.get(pk=incident.pk).ppn_grade == "red"


def test_two_saves_from_the_same_read_cannot_both_win(cast, incident):
    """The version moves on in one conditional UPDATE: a writer holding an old copy (read before
    the other saved) is refused even without a form's version."""
    officer = cast["officer_north"]
    mine, theirs = Incident.objects.get(pk=incident.pk), Incident.objects.get(pk=incident.pk)
    services.entry_update(actor=officer, entry=theirs, cleaned_data={"ppn_grade": "red"})
    with pytest.raises(StaleRecord):
        services.entry_update(actor=officer, entry=mine, cleaned_data={"description": "late"})
    assert Incident.objects.get(pk=incident.pk).description == ""


def test_the_timeline_marks_an_edited_entry_and_its_history_page_shows_each_version(
    client_for, cast, incident
):
    services.entry_update(actor=cast["officer_north"], entry=incident, cleaned_data={"ppn_grade": "red"})
    client = client_for("supervisor_north")
    case_page = client.get(reverse("cases:case", args=[incident.case_id])).content.decode()
    history_url = reverse("cases:entry_history", args=[incident.case_id, "incident", incident.pk])
    assert f'href="{history_url}">edited</a>' in case_page

    before = AccessEvent.objects.count()
    page = client.get(history_url)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Version 2" in text and "Version 1" in text
    assert "Changed by officer_north" in text
    assert "<td>Amber</td><td>Red</td>" in text
    viewed = AccessEvent.objects.filter(action=AccessAction.VIEW).order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert viewed.object_type == "incident" and viewed.detail["page"] == "history"


def test_history_is_hidden_outside_the_viewers_districts(client_for, incident):
    url = reverse("cases:entry_history", args=[incident.case_id, "incident", incident.pk])
    assert client_for("officer_south").get(url).status_code == 404
    assert (
        client_for("officer_south").get(reverse("cases:history", args=[incident.case_id])).status_code == 404
    )


def test_person_and_flag_changes_keep_their_previous_values(cast, districts):
    child = make_person(districts["north"], forename="Maisie", surname="Crowther")
    officer = cast["officer_north"]
    people_services.person_update(actor=officer, person=child, data={"school": "Beck Row Primary"})
    flag = people_services.flag_create(
        actor=officer, person=child, data={"kind": "cse_risk", "starts_on": at("2026-01-01").date()}
    )
    people_services.flag_update(actor=officer, flag=flag, data={"details": "seen with older men"})

    assert child.version == 2 and flag.version == 2
    assert RecordVersion.objects.get(entity="person").previous["school"] == ""
    assert RecordVersion.objects.get(entity="flag").previous["details"] == ""


# --- Closed cases -------------------------------------------------------------------------------


@pytest.fixture
def closed_case(case, cast):
    child = case.participants.get(role=ParticipantRole.SUBJECT_CHILD).person
    services.entry_create(
        actor=cast["officer_north"],
        case=case,
        model=ChildOutcome,
        cleaned_data={"child": child, "occurred_at": at("2026-03-10"), "category": "removed_from_harm"},
    )
    services.case_close(actor=cast["supervisor_north"], case=case, closed_at=at("2026-03-11"))
    return case


def test_a_closed_case_refuses_new_and_changed_records(cast, closed_case):
    with pytest.raises(ValidationError, match="is closed"):
        services.entry_create(
            actor=cast["officer_north"],
            case=closed_case,
            model=Incident,
            cleaned_data={"occurred_at": at("2026-03-12"), "kind": "other"},
        )
    with pytest.raises(ValidationError, match="is closed"):
        services.case_update(actor=cast["officer_north"], case=closed_case, data={"summary": "more"})
    assert not Incident.objects.filter(case=closed_case).exists()


def test_a_closed_case_still_takes_what_the_standards_allow_after_closure(cast, closed_case):
    child = closed_case.participants.get(role=ParticipantRole.SUBJECT_CHILD).person
    informed = services.entry_create(
        actor=cast["officer_north"],
        case=closed_case,
        model=InformedOfDecision,
        cleaned_data={"child": child, "occurred_at": at("2026-03-12"), "decision": "No further action"},
    )
    outcome = ChildOutcome.objects.get(case=closed_case)
    services.entry_update(actor=cast["officer_north"], entry=outcome, cleaned_data={"details": "reviewed"})
    assert informed.pk and ChildOutcome.objects.get(pk=outcome.pk).version == 2


def test_a_closed_case_page_offers_only_the_allowed_records(client_for, closed_case):
    page = client_for("officer_north").get(reverse("cases:case", args=[closed_case.pk])).content.decode()
    assert "This case is closed" in page
    assert reverse("cases:entry_add", args=[closed_case.pk, "incident"]) not in page
    assert reverse("cases:entry_add", args=[closed_case.pk, "childoutcome"]) in page
    assert reverse("cases:participant_add", args=[closed_case.pk]) not in page
