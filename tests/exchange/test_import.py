"""Importing an extract: all-or-nothing batches with precise errors, idempotence, updates with
history, skipped rows with --skip-invalid, and the access log."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import Case, Incident, InvestigationStep
from safeguarding.exchange.models import BatchStatus, ImportBatch
from safeguarding.people.models import Flag, Person
from safeguarding.records.models import RecordVersion
from tests.exchange import extract
from tests.exchange.helpers import run_import, snapshot

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = extract.FILES["people.csv"].splitlines()[0]


def people(*lines: str) -> str:
    return "\n".join([PEOPLE_HEADER, *lines]) + "\n"


def test_a_valid_extract_loads_every_entity_and_resolves_references(cast, tmp_path):
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))

    assert result.loaded, result.errors
    assert result.totals()["inserted"] == 18
    amelia = Person.objects.get(source_system="NICHE", source_reference="P-1")
    assert amelia.surname_key and amelia.current_address.postcode == "NM14AB"
    case = Case.objects.get(source_reference="C-1")
    assert case.team.name == "North Child Abuse Team" and case.officer_in_charge == cast["officer_north"]
    step = InvestigationStep.objects.get()
    assert step.investigation.case == case and step.protected_person == amelia
    assert step.bail_until == dt.date(2026, 4, 1)
    assert Flag.objects.get(person=amelia).cp_category == "emotional"
    # An extract time without an offset is the force's local time (GMT in March).
    assert case.missingepisode_entries.count() == 0
    episode = Case.objects.get(source_reference="C-2").missingepisode_entries.get()
    assert episode.occurred_at == dt.datetime(2026, 3, 5, 22, 10, tzinfo=dt.UTC)


def test_reimporting_the_same_extract_changes_nothing(cast, tmp_path):
    directory = extract.write(tmp_path / "x")
    run_import(cast["data_manager"], directory)
    before = snapshot()

    again = run_import(cast["data_manager"], directory)

    assert again.loaded
    assert again.totals()["inserted"] == 0 and again.totals()["updated"] == 0
    assert again.totals()["unchanged"] == 18
    assert snapshot() == before
    assert not RecordVersion.objects.exists()


def test_a_newer_extract_updates_by_source_reference_and_keeps_the_previous_version(cast, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    newer = extract.FILES["people.csv"].replace("P-3,Oliver,,Pennington", "P-3,Oliver,James,Pennington")
    newer_incident = extract.FILES["incidents.jsonl"].replace('"ppn_grade": "amber"', '"ppn_grade": "red"')

    result = run_import(
        cast["data_manager"],
        extract.write(tmp_path / "v2", **{"people.csv": newer, "incidents.jsonl": newer_incident}),
    )

    assert result.counts["people"]["updated"] == 1 and result.counts["people"]["unchanged"] == 2
    assert result.counts["incidents"]["updated"] == 1
    oliver = Person.objects.get(source_reference="P-3")
    assert oliver.middle_names == "James"
    assert Person.objects.filter(forename="Oliver").count() == 1
    history = RecordVersion.objects.get(entity="person")
    assert history.object_id == oliver.pk and history.previous["middle_names"] == ""
    assert history.batch_id == result.batch.pk and history.via == "import"
    assert history.version == 1 and oliver.version == 2
    assert Incident.objects.get().ppn_grade == "red"
    assert Incident.objects.get().version == 2
    assert RecordVersion.objects.get(entity="incident").previous["ppn_grade"] == "amber"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"people.csv": people("P-9,Maisie,,Holt,2016-02-30,true,female,,,,no,,north,")},
            ("people.csv", 2, "date_of_birth", "not a real date: '2016-02-30'"),
            id="wrong-date",
        ),
        pytest.param(
            {"people.csv": people("P-9,Maisie,,Holt,2016-02-03,true,girl,,,,no,,north,")},
            ("people.csv", 2, "gender", "unknown code 'girl' (expected one of: female, male, other)"),
            id="unknown-code",
        ),
        pytest.param(
            {
                "people.csv": people(
                    "P-9,Maisie,,Holt,2016-02-03,true,female,,,,no,,north,",
                    "P-9,Mason,,Holt,2014-02-03,true,male,,,,no,,north,",
                )
            },
            ("people.csv", 3, "source_reference", "duplicate source_reference: also on line 2"),
            id="duplicate-reference",
        ),
        pytest.param(
            {"people.csv": "source_reference,forename,date_of_birth,district\nP-9,Maisie,2016-02-03,north\n"},
            ("people.csv", 1, "surname", "required column is missing from the header"),
            id="missing-required-column",
        ),
        pytest.param(
            {
                "people.csv": people(
                    "P-9,Maisie,,Holt,2016-02-03,true,female,,,,no,,north,", "P-10,Mason,,Ho"
                ).rstrip()
            },
            (
                "people.csv",
                3,
                "",
                "has 4 fields, the header has 14 (last line without a line end: the file looks truncated)",
            ),
            id="truncated-last-line",
        ),
        pytest.param(
            {"incidents.jsonl": extract.FILES["incidents.jsonl"] + '{"source_reference": "E-7", "case_ref'},
            ("incidents.jsonl", 2, "", "invalid JSON"),
            id="truncated-jsonl",
        ),
    ],
)
def test_a_bad_file_gives_a_precise_error_and_loads_nothing(cast, tmp_path, files, expected):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    before = snapshot()
    events_before = AccessEvent.objects.count()

    result = run_import(cast["data_manager"], extract.write(tmp_path / "v2", **files))

    assert not result.loaded
    file, line, column, reason = expected
    matching = [e for e in result.errors if (e.file, e.line, e.column) == (file, line, column)]
    assert matching, [str(e) for e in result.errors]
    assert matching[0].reason.startswith(reason)
    assert snapshot() == before
    assert result.batch.status == BatchStatus.REJECTED
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == events_before + 1
    assert event.action == AccessAction.IMPORT and event.detail["loaded"] is False
    assert "Maisie" not in str(event.detail) and "2016" not in str(event.detail)


def test_every_bad_row_is_reported_not_only_the_first(cast, tmp_path):
    bad = people(
        "P-9,Maisie,,Holt,2016-13-01,true,female,,,,no,,north,",
        "P-10,,,Holt,2016-01-01,maybe,female,,,,no,,east,",
    )
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"people.csv": bad}))

    found = {(e.line, e.column) for e in result.errors if e.file == "people.csv"}
    assert found == {(2, "date_of_birth"), (3, "forename"), (3, "is_child"), (3, "district")}
    assert not Person.objects.exists()


def test_model_rules_and_references_are_checked_before_anything_is_written(cast, tmp_path):
    flags = extract.FILES["flags.csv"] + "P-2,cp_plan,,2026-01-10,,,2026-01-11T10:00:00+00:00,\n"
    steps = extract.FILES["investigation_steps.csv"].replace(",E-3,bail", ",E-99,bail")
    result = run_import(
        cast["data_manager"],
        extract.write(tmp_path / "x", **{"flags.csv": flags, "investigation_steps.csv": steps}),
    )

    reasons = {(e.file, e.column): e.reason for e in result.errors}
    assert "flag_cp_plan_has_category" in reasons[("flags.csv", "cp_category")]
    assert reasons[("investigation_steps.csv", "investigation_reference")] == (
        "no investigations with source reference 'E-99' in the same case in this extract or the database"
    )
    assert not Person.objects.exists() and not Case.objects.exists()


def test_skip_invalid_loads_the_good_rows_and_rejects_dependants_of_bad_ones(cast, tmp_path):
    bad_people = extract.FILES["people.csv"].replace(
        "P-3,Oliver,,Pennington,2012-09-03", "P-3,Oliver,,Pennington,2012-09-31"
    )
    result = run_import(
        cast["data_manager"],
        extract.write(tmp_path / "x", **{"people.csv": bad_people}),
        skip_invalid=True,
    )

    assert result.loaded
    assert set(Person.objects.values_list("source_reference", flat=True)) == {"P-1", "P-2"}
    rejected = {(e.file, e.column) for e in result.errors}
    # Oliver's row, and every row that needed him.
    assert ("people.csv", "date_of_birth") in rejected
    assert ("participants.csv", "person_reference") in rejected
    assert ("flags.csv", "person_reference") in rejected
    assert ("missing_episodes.csv", "child_reference") in rejected
    assert result.totals()["rejected"] == 4


def test_the_command_prints_errors_writes_rejects_and_summary(cast, tmp_path, capsys):
    bad_people = extract.FILES["people.csv"].replace(
        "P-3,Oliver,,Pennington,2012-09-03", "P-3,Oliver,,Pennington,03/09/2012"
    )
    directory = extract.write(tmp_path / "x", **{"people.csv": bad_people})

    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command(
            "import_extract",
            str(directory),
            "--source-system",
            "NICHE",
            "--no-progress",
            "--as",
            "data_manager",
        )
    assert "people.csv:4: date_of_birth: ambiguous date '03/09/2012'" in capsys.readouterr().err
    assert not Person.objects.exists()

    rejects = tmp_path / "rejects.csv"
    with pytest.raises(CommandError, match="rejected, the rest loaded") as partial:
        call_command(
            "import_extract",
            str(directory),
            "--source-system",
            "NICHE",
            "--skip-invalid",
            "--rejects",
            str(rejects),
            "--no-progress",
            "--as",
            "data_manager",
        )
    assert partial.value.returncode == 3
    out = capsys.readouterr().out
    assert "Batch loaded: inserted 14" in out and "rejected 4" in out
    assert "people.csv,4,date_of_birth" in rejects.read_text()
    assert ImportBatch.objects.filter(status=BatchStatus.LOADED).count() == 1


def test_an_unknown_file_name_is_refused(cast, tmp_path):
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"persons.csv": "a,b\n"}))
    assert not result.loaded
    assert result.errors[0].file == "persons.csv"


def test_each_batch_writes_one_access_event_with_counts_only(cast, tmp_path):
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    events = AccessEvent.objects.filter(action=AccessAction.IMPORT)
    assert events.count() == 1
    event = events.get()
    assert event.object_id == str(result.batch.pk) and event.actor_username == "data_manager"
    assert event.detail["inserted"] == 18
    assert "Amelia" not in str(event.detail) and "P-1" not in str(event.detail)
