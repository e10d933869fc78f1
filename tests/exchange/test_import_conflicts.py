"""An import compares against the version it last saw (issue 17): a record someone here changed
since an import last wrote it is not overwritten by the next extract; the difference waits for a
reviewer, who applies the extract's values or keeps those held here, and nothing is lost."""

import pytest

from safeguarding.access.models import AccessEvent
from safeguarding.cases.models import Incident
from safeguarding.cases.services import entry_update
from safeguarding.exchange.conflicts import ConflictDecided, conflict_apply, conflict_keep
from safeguarding.exchange.models import ConflictStatus, ImportConflict
from safeguarding.people.models import Person
from safeguarding.people.services import person_update
from safeguarding.records.history import StaleRecord
from safeguarding.records.models import RecordVersion
from tests.exchange import extract
from tests.exchange.helpers import run_import

pytestmark = pytest.mark.django_db

AMBER = extract.FILES["incidents.jsonl"]
RED = AMBER.replace('"ppn_grade": "amber"', '"ppn_grade": "red"')


def _darren():
    return Person.objects.get(source_reference="P-2")


def _corrected_phone(cast):
    """The officer corrects Darren's phone number on the page after the first import."""
    person_update(actor=cast["officer_north"], person=_darren(), data={"phone": "07700 900123"})


def test_an_officers_correction_is_not_overwritten_by_the_next_extract(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    # The next extract still carries the old number, and changes Oliver (nobody touched him here).
    newer = extract.FILES["people.csv"].replace("P-3,Oliver,,Pennington", "P-3,Oliver,James,Pennington")

    result = run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"people.csv": newer}))

    assert result.loaded, result.errors
    assert result.counts["people"]["review"] == 1
    assert result.counts["people"]["updated"] == 1 and result.counts["people"]["unchanged"] == 1
    assert _darren().phone == "07700 900123"  # the correction stands
    assert Person.objects.get(source_reference="P-3").middle_names == "James"  # the rest loads
    conflict = ImportConflict.objects.get()
    assert conflict.status == ConflictStatus.PENDING and conflict.record_type == "person"
    assert conflict.object_id == _darren().pk and conflict.changed_by_username == "officer_north"
    assert conflict.changed_via == "page" and conflict.seen_version == _darren().version
    assert set(conflict.incoming) == {"phone"}  # only what differs; derived keys never offered
    assert conflict.held["phone"] == "07700 900123" and conflict.incoming["phone"] == "01632 960001"
    assert conflict.district.code == "north"


def test_an_extract_that_agrees_with_the_correction_changes_nothing_and_asks_nothing(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    agreed = extract.FILES["people.csv"].replace("01632 960001", "07700 900123")

    result = run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"people.csv": agreed}))

    assert result.counts["people"]["review"] == 0 and result.counts["people"]["updated"] == 0
    assert not ImportConflict.objects.exists()


def test_an_entry_changed_on_the_page_is_held_back_too(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1", **{"incidents.jsonl": AMBER}))
    incident = Incident.objects.get()
    entry_update(actor=cast["officer_north"], entry=incident, cleaned_data={"ppn_grade": "red"})
    # The source regrades it differently.
    green = AMBER.replace('"ppn_grade": "amber"', '"ppn_grade": "green"')

    result = run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"incidents.jsonl": green}))

    assert result.counts["incidents"]["review"] == 1
    assert Incident.objects.get().ppn_grade == "red"
    assert ImportConflict.objects.get().incoming == {"ppn_grade": "green"}


def test_applying_the_extracts_values_writes_them_as_an_import_and_later_imports_flow(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    conflict = ImportConflict.objects.get()

    conflict_apply(actor=cast["safeguarding_unit"], conflict_id=conflict.pk, seen_version=_darren().version)

    darren = _darren()
    assert darren.phone == "01632 960001"
    newest = RecordVersion.objects.filter(entity="person", object_id=darren.pk).order_by("-version").first()
    assert newest.previous["phone"] == "07700 900123"  # the correction is kept in the history
    assert newest.via == "import" and newest.actor_username == "safeguarding_unit"
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.APPLIED and conflict.decided_by_username == "safeguarding_unit"
    assert AccessEvent.objects.filter(
        object_type="person", object_id=str(darren.pk), action="update"
    ).exists()
    # The import wrote last now: a newer extract updates it without asking.
    newer = extract.FILES["people.csv"].replace("01632 960001", "01632 960999")
    again = run_import(cast["data_manager"], extract.write(tmp_path / "v3", **{"people.csv": newer}))
    assert again.counts["people"]["review"] == 0 and _darren().phone == "01632 960999"


def test_keeping_the_held_values_is_remembered_until_the_extract_says_something_new(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    conflict_keep(actor=cast["safeguarding_unit"], conflict_id=ImportConflict.objects.get().pk)

    same = run_import(cast["data_manager"], extract.write(tmp_path / "v3"))
    assert same.counts["people"]["review"] == 0
    assert not ImportConflict.objects.filter(status=ConflictStatus.PENDING).exists()
    assert _darren().phone == "07700 900123"

    newer = extract.FILES["people.csv"].replace("01632 960001", "01632 960555")
    different = run_import(cast["data_manager"], extract.write(tmp_path / "v4", **{"people.csv": newer}))
    assert different.counts["people"]["review"] == 1
    assert ImportConflict.objects.get(status=ConflictStatus.PENDING).incoming == {"phone": "01632 960555"}


def test_a_newer_extract_replaces_the_pending_question(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    newer = extract.FILES["people.csv"].replace("01632 960001", "01632 960555")
    run_import(cast["data_manager"], extract.write(tmp_path / "v3", **{"people.csv": newer}))

    assert ImportConflict.objects.get().incoming == {"phone": "01632 960555"}


def test_applying_against_a_record_changed_since_the_page_was_read_is_refused(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    conflict = ImportConflict.objects.get()
    seen = _darren().version
    person_update(actor=cast["officer_north"], person=_darren(), data={"school": "Northmoor High"})

    with pytest.raises(StaleRecord):
        conflict_apply(actor=cast["safeguarding_unit"], conflict_id=conflict.pk, seen_version=seen)

    assert _darren().phone == "07700 900123" and _darren().school == "Northmoor High"
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.PENDING


def test_only_a_reviewer_of_the_records_district_decides(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    conflict = ImportConflict.objects.get()

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        conflict_keep(actor=cast["officer_north"], conflict_id=conflict.pk)
    with pytest.raises(PermissionDenied):
        conflict_keep(actor=cast["data_manager"], conflict_id=conflict.pk)
    conflict_keep(actor=cast["safeguarding_unit"], conflict_id=conflict.pk)
    with pytest.raises(ConflictDecided):
        conflict_keep(actor=cast["safeguarding_unit"], conflict_id=conflict.pk)


def test_the_conflicts_page_shows_both_values_and_decides(cast, client_for, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    conflict = ImportConflict.objects.get()
    unit = client_for("safeguarding_unit")

    page = unit.get("/exchange/conflicts/")

    assert page.status_code == 200
    body = page.content.decode()
    assert "07700 900123" in body and "01632 960001" in body and "officer_north" in body
    assert AccessEvent.objects.filter(
        object_type="import_conflict list", actor_id=cast["safeguarding_unit"].pk
    ).exists()
    assert client_for("officer_north").get("/exchange/conflicts/").status_code == 403
    assert client_for("data_manager").get("/exchange/conflicts/").status_code == 403

    response = unit.post(
        "/exchange/conflicts/", {"conflict": conflict.pk, "decision": "apply", "version": _darren().version}
    )
    assert response.status_code == 302
    assert _darren().phone == "01632 960001"
    assert "No imported change waits" in unit.get("/exchange/conflicts/").content.decode()


def test_a_held_back_name_offers_the_name_not_its_search_keys(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    _corrected_phone(cast)
    renamed = extract.FILES["people.csv"].replace("P-2,Darren,,Hartley", "P-2,Warren,,Hartley")

    run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"people.csv": renamed}))

    conflict = ImportConflict.objects.get()
    assert set(conflict.incoming) == {"forename", "phone"}
    conflict_apply(actor=cast["safeguarding_unit"], conflict_id=conflict.pk, seen_version=_darren().version)
    darren = _darren()
    expected = Person(forename="Warren", surname="Hartley")
    expected.set_name_keys()
    assert darren.forename == "Warren" and darren.forename_key == expected.forename_key
