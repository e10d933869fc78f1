"""Issue 23: after an approved disposal nothing of the person can be found anywhere (pages,
first contact, history, API, exports, the database itself), others' records on a shared case
stay, and the access log's chain still verifies (ADR 0004 erasure)."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.roles import Role
from safeguarding.access.verify import verify
from safeguarding.cases.attachments import attachment_add, attachment_path
from safeguarding.cases.models import Case, CaseParticipant, DemeanourRecord, Incident
from safeguarding.cases.vocabulary import CaseType, Demeanour, IncidentKind, ParticipantRole
from safeguarding.exchange.exporter import export_to
from safeguarding.exchange.models import ImportBatch, ImportConflict
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Flag, Person, PersonAlias, PersonNameKey, Relationship
from safeguarding.people.vocabulary import FlagKind, RelationshipKind
from safeguarding.records.models import RecordVersion
from safeguarding.retention import services
from safeguarding.retention.models import Disposal, DisposalState
from safeguarding.standards.models import StandardResult
from safeguarding.standards.services import standards_evaluate_force
from tests.factories import at, make_case, make_entry, make_person
from tests.standards.test_engine import counted_from_results, stored_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("access_log_guarded")]

FORENAME, SURNAME = "Zephyrine", "Quillfeather"
REASON = {"reason_code": "call_for_service", "reason_reference": "INC-2026-0123"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def unit_two(districts):
    return User.objects.create_user(
        username="unit_two", password="test-password-123", role=Role.SAFEGUARDING_UNIT
    )


@pytest.fixture
def scene(districts, cast, client_for):
    north = districts["north"]
    child = make_person(north, forename=FORENAME, surname=SURNAME, date_of_birth="2004-05-06")
    PersonAlias.objects.create(person=child, forename="Zeph", surname="Quill-Feather")
    person_keys_refresh([child.pk])
    sibling = make_person(north, forename="Oswin", surname="Tarrant", date_of_birth="2005-07-08")
    parent = make_person(
        north, forename="Dora", surname="Tarrant", date_of_birth="1980-01-01", is_child=False
    )
    Relationship.objects.create(person=parent, kind=RelationshipKind.PARENT, other=child)
    Flag.objects.create(
        person=child,
        kind=FlagKind.REPEAT_MISSING,
        starts_on=dt.date(2014, 1, 1),
        recorded_at=at("2014-01-01"),
    )
    # Hers alone: a missing case, closed long ago (group 3: six years clear, so due now).
    own = make_case(
        north, case_type=CaseType.MISSING, reported="2014-03-02", children=[child], closed_at=at("2014-04-01")
    )
    own_incident = make_entry(
        Incident, own, "2014-03-02 22:00", child=child, kind=IncidentKind.MISSING_REPORT
    )
    attachment = attachment_add(
        actor=cast["officer_north"],
        case=own,
        entry=own_incident,
        upload=SimpleUploadedFile("a.png", PNG),
        title="Photo",
    )
    # Shared with her brother: she leaves it, he and his records stay.
    shared = make_case(
        north,
        case_type=CaseType.GENERAL_CONCERN,
        reported="2015-03-02",
        children=[sibling],
        adults=[(parent, ParticipantRole.PARENT_CARER)],
        closed_at=at("2015-05-01"),
    )
    CaseParticipant.objects.create(case=shared, person=child, role=ParticipantRole.CHILD_PRESENT)
    incident = make_entry(Incident, shared, "2015-03-02 20:00", kind=IncidentKind.CONCERN_FOR_CHILD)
    hers = make_entry(
        DemeanourRecord,
        shared,
        "2015-03-02 21:00",
        child=child,
        incident=incident,
        demeanour=Demeanour.DISTRESSED,
        seen_alone="yes",
    )
    his = make_entry(
        DemeanourRecord,
        shared,
        "2015-03-02 21:05",
        child=sibling,
        incident=incident,
        demeanour=Demeanour.DISTRESSED,
        seen_alone="yes",
    )
    # History holding her values, as an edit leaves it (ADR 0012).
    RecordVersion.objects.create(
        entity="person",
        object_id=child.pk,
        version=1,
        previous={"forename": FORENAME, "surname": SURNAME},
        replaced_at=at("2016-01-01"),
        actor_username="officer_north",
        via="page",
    )
    # An imported change held back for review quotes her values (issue 17).
    batch = ImportBatch.objects.create(actor_username="data_manager", source_system="NICHE", files=[])
    ImportConflict.objects.create(
        batch=batch,
        entity="people",
        record_type="person",
        object_id=child.pk,
        district=north,
        seen_version=1,
        incoming={"forename": FORENAME.upper()},
        held={"forename": FORENAME},
    )
    # The access log names her: a search, a lookup, a consultation.
    officer = client_for("officer_north")
    assert FORENAME in officer.post(reverse("people:search"), {"q": SURNAME}).content.decode()
    assert FORENAME in officer.post(reverse("firstcontact:lookup"), {"q": SURNAME, **REASON}).content.decode()
    officer.post(reverse("people:search"), {"q": f"{FORENAME} {SURNAME}"})
    assert officer.get(reverse("people:child", args=[child.pk])).status_code == 200
    return {
        "child": child,
        "sibling": sibling,
        "parent": parent,
        "own": own,
        "shared": shared,
        "attachment": attachment,
        "his": his,
        "hers": hers,
    }


def _dispose(scene, cast, unit_two) -> Disposal:
    services.reviews_compute()
    disposal = services.disposal_propose(
        actor=cast["safeguarding_unit"], person=scene["child"], reason=f"{FORENAME}: no longer needed"
    )
    return services.disposal_approve(actor=unit_two, disposal=disposal)


def _everything_stored() -> str:
    """Every row of every table, serialised: what a person with the database would find."""
    parts = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        parts.append(serializers.serialize("json", model._base_manager.all()))
    return "\n".join(parts).casefold()


def test_disposal_removes_the_person_everywhere_and_the_chain_verifies(
    scene, cast, unit_two, client_for, tmp_path, django_capture_on_commit_callbacks
):
    child, own, shared = scene["child"], scene["own"], scene["shared"]
    file_path = attachment_path(scene["attachment"].stored_name)
    assert file_path.exists()
    assert FORENAME.casefold() in _everything_stored()

    with pytest.raises(ValidationError):  # the proposer never approves their own proposal
        services.disposal_approve(
            actor=cast["safeguarding_unit"],
            disposal=services.disposal_propose(
                actor=cast["safeguarding_unit"], person=scene["sibling"], reason="x"
            ),
        )
    standards_evaluate_force()
    assert StandardResult.objects.filter(case=own).exists()
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the removal commits
        disposal = _dispose(scene, cast, unit_two)
    # Her cases' results are gone and the indicators count what is left (re-judged, ADR 11).
    assert not StandardResult.objects.filter(case_id=own.pk).exists()
    assert not StandardResult.objects.filter(child_id=child.pk).exists()
    assert stored_counts() == counted_from_results()

    assert disposal.state == DisposalState.DISPOSED and disposal.reason == ""
    assert disposal.log_events_pending == [] and disposal.log_events_erased >= 3
    # The database holds nothing of her: not a name, an alias or a search term.
    stored = _everything_stored()
    for word in (FORENAME, "Quill-Feather"):
        assert word.casefold() not in stored, word
    # A surname alone names a family, not her: only a search for the bare surname keeps it (ADR 0018).
    kept = AccessEvent.objects.filter(query__icontains=SURNAME)
    assert set(kept.values_list("query", flat=True)) == {SURNAME}
    assert stored.count(SURNAME.casefold()) == kept.count()
    assert not Person.objects.filter(pk=child.pk).exists()
    assert not PersonNameKey.objects.filter(person_id=child.pk).exists()
    assert not Case.objects.filter(pk=own.pk).exists()
    assert not file_path.exists()
    assert RecordVersion.objects.get(entity="person", object_id=child.pk).previous == {}
    # Her brother, his parent, their case and his record stay.
    assert Case.objects.filter(pk=shared.pk).exists()
    assert set(shared.participants.values_list("person_id", flat=True)) == {
        scene["sibling"].pk,
        scene["parent"].pk,
    }
    assert DemeanourRecord.objects.filter(pk=scene["his"].pk).exists()
    assert not DemeanourRecord.objects.filter(pk=scene["hers"].pk).exists()
    # The trail stays, without her: the tombstone event, and the chain verifies.
    tombstone = AccessEvent.objects.get(
        action=AccessAction.ERASE, object_type="person", object_id=str(child.pk)
    )
    assert tombstone.detail["disposal"] == disposal.reference
    assert (
        tombstone.detail["approved_by"] == "unit_two"
        and tombstone.detail["proposed_by"] == "safeguarding_unit"
    )
    erased = AccessEvent.objects.filter(object_type="person", object_id=str(child.pk), salt="")
    assert erased.exists() and all(e.object_label == "" and e.detail == {} for e in erased)
    result = verify()
    assert result.ok, result.problems

    # Nor can anyone find her through the application.
    unit = client_for("safeguarding_unit")
    for page in (
        # By surname: the form shows what was typed, so the forename would come only from a result.
        unit.post(reverse("people:search"), {"q": SURNAME}),
        unit.post(reverse("firstcontact:lookup"), {"q": SURNAME, **REASON}),
        unit.get(reverse("cases:history", args=[shared.pk])),
        unit.get(reverse("cases:case", args=[shared.pk])),
    ):
        assert page.status_code == 200
        assert FORENAME not in page.content.decode()
    for url in (
        reverse("people:child", args=[child.pk]),
        reverse("people:history", args=[child.pk]),
        reverse("cases:history", args=[own.pk]),
        reverse("retention:review", args=[child.pk]),
    ):
        assert unit.get(url).status_code == 404, url
    api = APIClient()
    api.force_authenticate(cast["safeguarding_unit"])
    assert api.get(f"/api/v1/people/{child.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{own.pk}/").status_code == 404
    for listing in ("/api/v1/people/", "/api/v1/cases/", "/api/v1/participants/"):
        answer = api.get(listing)
        assert answer.status_code == 200 and FORENAME not in answer.content.decode(), listing
    lookup = api.post(
        "/api/v1/first-contact/lookup/", {"q": f"{FORENAME} {SURNAME}", **REASON}, format="json"
    )
    assert FORENAME not in lookup.content.decode()
    export_to(tmp_path / "export", source_system="TEST")
    for path in (tmp_path / "export").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert FORENAME not in text and SURNAME not in text, path.name
    assert verify().ok


def test_a_disposal_waits_for_the_owner_when_the_log_cannot_be_erased(scene, cast, unit_two, monkeypatch):
    """Under the two-role setup the application's role may not lift the guard: the live data goes
    at approval, the log's fields wait for `retention-review --erase-log` as the owner."""
    from django.db import DatabaseError, connection

    from safeguarding.access import guards

    real = guards.lift_update_guard

    def refused(conn):
        raise DatabaseError("must be owner of table access_accessevent")

    monkeypatch.setattr(guards, "lift_update_guard", refused)
    disposal = _dispose(scene, cast, unit_two)
    assert disposal.log_events_pending and disposal.log_erased_at is None
    assert not Person.objects.filter(pk=scene["child"].pk).exists()
    assert not AccessEvent.objects.filter(action=AccessAction.ERASE, object_type="access_event").exists()
    assert verify().ok
    monkeypatch.setattr(guards, "lift_update_guard", real)
    assert services.disposals_erase_pending_logs(actor=unit_two) == (1, 0)
    disposal.refresh_from_db()
    assert disposal.log_events_pending == [] and disposal.log_events_erased > 0
    assert (
        FORENAME.casefold()
        not in json.dumps(list(AccessEvent.objects.values("query", "object_label", "detail"))).casefold()
    )
    assert verify().ok
    assert connection.vendor in {"sqlite", "postgresql"}
