"""Issue 21: foreign files read through a map file (exchange/adapters): the shipped SSDA903 and
CIN Census maps load invented returns through the one loader (records made, standards
re-judged), a bad value is named by the foreign file's line and column, a dry run writes
nothing, and a map that is wrong is refused naming its key."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding.cases.models import Case, MissingEpisode
from safeguarding.commandline import EXIT_PARTIAL, EXIT_REFUSED, EXIT_USAGE
from safeguarding.exchange.adapters import mapfile
from safeguarding.exchange.models import ImportBatch
from safeguarding.people.models import Flag, Person
from safeguarding.standards.models import StandardResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SSDA903 = FIXTURES / "ssda903"
CIN = FIXTURES / "cin_census" / "cin_census.xml"


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("import_extract", *args, "--as=data_manager", "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def refused(*args: str) -> tuple[CommandError, dict]:
    out = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("import_extract", *args, "--as=data_manager", "--json", stdout=out, stderr=io.StringIO())
    return stopped.value, json.loads(out.getvalue()) if out.getvalue() else {}


@pytest.mark.parametrize("name", ["ssda903", "cin_census", "police_records_template"])
def test_the_shipped_maps_are_valid(name):
    column_map = mapfile.load(name)
    assert column_map.files


@pytest.mark.django_db
def test_an_ssda903_missing_table_loads_through_its_map(cast):
    report = run(
        str(SSDA903 / "header.csv"), str(SSDA903 / "missing.csv"), "--map=ssda903", "--set=district=north"
    )
    assert report["loaded"] and report["errors"] == []
    child = Person.objects.get(source_system="LA-CSC", source_reference="LA:C1001")
    assert (child.forename, child.surname, str(child.date_of_birth)) == (
        "Not known",
        "Not known",
        "2015-04-12",
    )
    assert (child.gender, child.ethnicity, child.district.code) == ("male", "white", "north")
    assert Person.objects.get(source_reference="LA:C1002").ethnicity == "asian"
    assert Person.objects.get(source_reference="LA:C1003").ethnicity == ""  # NOBT: not recorded
    episodes = MissingEpisode.objects.filter(child=child).order_by("occurred_at")
    assert [e.occurred_at.date().isoformat() for e in episodes] == ["2025-02-03", "2025-03-20"]
    assert episodes[0].returned_at.date().isoformat() == "2025-02-04"
    assert episodes[1].returned_at is None  # MIS_END empty
    case = episodes[0].case
    assert (case.case_type, case.district.code, case.reference) == (
        "missing",
        "north",
        "LA-C1001-M-03/02/2025",
    )
    assert list(case.participants.values_list("person__source_reference", "role")) == [
        ("LA:C1001", "subject_child")
    ]
    # Judged as any imported case is: the missing standards have a result for it.
    assert StandardResult.objects.filter(case=case, standard_id="MISSING_RISK").exists()
    # Idempotent: the same return again changes nothing.
    again = run(
        str(SSDA903 / "header.csv"), str(SSDA903 / "missing.csv"), "--map=ssda903", "--set=district=north"
    )
    assert again["totals"]["inserted"] == again["totals"]["updated"] == 0


@pytest.mark.django_db
def test_a_missing_table_alone_needs_its_children_known(cast):
    run(str(SSDA903 / "header.csv"), "--map=ssda903", "--set=district=north")
    report = run(str(SSDA903 / "missing.csv"), "--map=ssda903", "--set=district=north")
    assert report["totals"]["inserted"] == 9  # 3 cases, 3 participants, 3 episodes
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_episodes_become_looked_after_flags(cast):
    run(*(str(SSDA903 / n) for n in ("header.csv", "episodes.csv")), "--map=ssda903", "--set=district=north")
    flags = Flag.objects.filter(kind="looked_after").order_by("starts_on")
    assert [(f.person.source_reference, str(f.starts_on), str(f.ends_on)) for f in flags] == [
        ("LA:C1002", "2023-06-15", "2025-01-20"),
        ("LA:C1001", "2024-05-01", "None"),
    ]


@pytest.mark.django_db
def test_a_cin_census_file_loads_through_its_map(cast):
    report = run(str(CIN), "--map=cin_census", "--set=district=north")
    assert report["loaded"], report["errors"]
    first = Person.objects.get(source_reference="LA:D2001")
    assert (str(first.date_of_birth), first.gender, first.ethnicity) == ("2014-07-09", "female", "mixed")
    assert Person.objects.get(source_reference="LA:D2002").ethnicity == "black"
    assert first.upn == "A123456789012" and Person.objects.get(source_reference="LA:D2002").upn == ""
    plan = Flag.objects.get(person=first)
    assert (plan.kind, plan.cp_category, str(plan.starts_on), plan.ends_on) == (
        "cp_plan",
        "neglect",
        "2024-10-02",
        None,
    )


@pytest.mark.django_db
def test_a_bad_value_names_the_foreign_file_line_and_column(cast, tmp_path):
    shutil.copy(SSDA903 / "header.csv", tmp_path / "header.csv")
    (tmp_path / "missing.csv").write_text(
        "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
        "C1001,12/04/2015,M,03/02/2025,04/02/2025\n"
        "C1002,03/11/2012,M,31/02/2025,\n"  # no 31 February
        "C9999,01/01/2014,M,01/03/2025,\n",  # a child the return's header does not hold
        encoding="utf-8",
    )
    error, report = refused(str(tmp_path), "--map=ssda903", "--set=district=north")
    assert error.returncode == EXIT_REFUSED
    where = {(e["file"], e["line"], e["column"]) for e in report["errors"]}
    assert ("missing.csv", 3, "MIS_START") in where
    assert ("missing.csv", 4, "CHILD") in where
    # One foreign cell feeds several exchange columns: its problem is told once.
    assert len(report["errors"]) == len({tuple(e.values()) for e in report["errors"]}) == 2
    assert Person.objects.count() == 0  # nothing half-saved


@pytest.mark.django_db
def test_an_unknown_code_names_the_code_table(cast, tmp_path):
    (tmp_path / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,12/04/2015,XXXX,,,\n", encoding="utf-8"
    )
    _error, report = refused(str(tmp_path / "header.csv"), "--map=ssda903", "--set=district=north")
    (only,) = report["errors"]
    assert (only["file"], only["line"], only["column"]) == ("header.csv", 2, "ETHNIC")
    assert "[codes.dfe_ethnicity]" in only["reason"]
    # In a required column too, an unknown code is told once (not also as an empty value).
    (tmp_path / "occurrences.csv").write_text(
        "OCC_ID,OCC_REF,OCC_TYPE,SECTOR,REPORTED_DATE,REPORTED_TIME,SUMMARY\n"
        "O-1,NM/1,BURGLARY,N1,02/03/2026,09:30,\n",
        encoding="utf-8",
    )
    _error, report = refused(str(tmp_path / "occurrences.csv"), "--map=police_records_template")
    assert [(e["line"], e["column"]) for e in report["errors"]] == [(2, "OCC_TYPE")]


@pytest.mark.django_db
def test_a_cin_census_error_names_the_xml_line(cast, tmp_path):
    bad = CIN.read_text(encoding="utf-8").replace(
        "<PersonBirthDate>2011-01-30<", "<PersonBirthDate>2011-13-30<"
    )
    (tmp_path / "cin.xml").write_text(bad, encoding="utf-8")
    _error, report = refused(str(tmp_path / "cin.xml"), "--map=cin_census", "--set=district=north")
    line = next(n for n, text in enumerate(bad.splitlines(), start=1) if "2011-13-30" in text)
    assert [(e["file"], e["line"], e["column"]) for e in report["errors"]] == [
        ("cin.xml", line, "ChildIdentifiers/PersonBirthDate")
    ]


@pytest.mark.django_db
def test_a_cin_census_upn_with_a_wrong_check_letter_is_refused_at_its_line(cast, tmp_path):
    bad = CIN.read_text(encoding="utf-8").replace("<UPN>A123456789012<", "<UPN>B123456789012<")
    (tmp_path / "cin.xml").write_text(bad, encoding="utf-8")
    _error, report = refused(str(tmp_path / "cin.xml"), "--map=cin_census", "--set=district=north")
    line = next(n for n, text in enumerate(bad.splitlines(), start=1) if "B123456789012" in text)
    assert [(e["file"], e["line"], e["column"]) for e in report["errors"]] == [
        ("cin.xml", line, "ChildIdentifiers/UPN")
    ]
    assert "check letter" in report["errors"][0]["reason"]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(cast):
    batches = ImportBatch.objects.count()
    report = run(str(CIN), "--map=cin_census", "--set=district=north", "--dry-run")
    assert report["dry_run"] and report["totals"]["inserted"] == 3
    assert Person.objects.count() == 0 and Flag.objects.count() == 0 and Case.objects.count() == 0
    assert ImportBatch.objects.count() == batches


@pytest.mark.django_db
def test_an_unset_district_is_refused_naming_the_constant(cast):
    error, _report = refused(str(CIN), "--map=cin_census")
    assert error.returncode == EXIT_REFUSED
    assert "--set district=VALUE" in str(error)


@pytest.mark.django_db
def test_set_without_map_is_a_usage_error(cast):
    error, _report = refused(str(CIN), "--set=district=north")
    assert error.returncode == EXIT_USAGE


@pytest.mark.django_db
def test_a_file_the_map_does_not_know_is_refused(cast, tmp_path):
    (tmp_path / "placements.csv").write_text("CHILD\nC1\n", encoding="utf-8")
    _error, report = refused(str(tmp_path / "placements.csv"), "--map=ssda903", "--set=district=north")
    assert "not a file of this map" in report["errors"][0]["reason"]


@pytest.mark.django_db
def test_people_without_names_are_never_matched_by_date_of_birth(cast):
    """Two unnamed children born the same day are two people (ADR 0020)."""
    run(str(CIN), "--map=cin_census", "--set=district=north")
    run(str(CIN), "--map=cin_census", "--set=district=north", "--source-system=LA999-CSC")
    assert Person.objects.filter(date_of_birth="2014-07-09").count() == 2


def test_a_map_error_names_the_key(tmp_path):
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[[file]]\nmatch = "*.csv"\nentity = "people"\n[file.columns]\nforname = "X"\n')
    with pytest.raises(mapfile.MapError, match="people has no column 'forname'"):
        mapfile.load(str(wrong))
    wrong.write_text('[[file]]\nmatch = "*.csv"\nentity = "flags"\n[file.columns]\nkind = "K"\n')
    with pytest.raises(mapfile.MapError, match="needs column"):
        mapfile.load(str(wrong))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("xml", "line", "reason"),
    [
        ("<Other>\n<Children/>\n</Other>\n", 1, "holds no Message/Children/Child"),
        ("<Message>\n<Children>\n<Child>\n</Message>\n", 4, "malformed XML"),
        ('<!DOCTYPE m [<!ENTITY a "aaaa">]>\n<Message/>\n', 1, "DOCTYPE"),
    ],
)
def test_an_xml_file_that_is_not_a_cin_census_is_refused(cast, tmp_path, xml, line, reason):
    (tmp_path / "cin.xml").write_text(xml, encoding="utf-8")
    _error, report = refused(str(tmp_path / "cin.xml"), "--map=cin_census", "--set=district=north")
    (only,) = report["errors"]
    assert (only["file"], only["line"]) == ("cin.xml", line)
    assert reason in only["reason"]


@pytest.mark.django_db
def test_the_police_records_template_reads_an_export_in_its_own_column_names(cast):
    report = run(str(FIXTURES / "police_rms"), "--map=police_records_template")
    assert report["loaded"], report["errors"]
    amelia = Person.objects.get(source_system="RMS", source_reference="N-501")
    assert (amelia.surname, amelia.gender, amelia.ethnicity, amelia.district.code) == (
        "Hartley",
        "female",
        "white",
        "north",
    )
    assert Person.objects.get(source_reference="N-502").district.code == "north"  # the default sector
    assert Person.objects.get(source_reference="N-503").surname == "Ó Briain"
    case = Case.objects.get(source_system="RMS", source_reference="O-9001")
    assert (case.case_type, case.first_reported_at.isoformat()) == (
        "domestic_abuse",
        "2026-03-02T09:30:00+00:00",
    )
    assert sorted(case.participants.values_list("person__source_reference", "role")) == [
        ("N-501", "subject_child"),
        ("N-502", "suspect"),
    ]


@pytest.mark.django_db
def test_skip_invalid_through_a_map_rejects_the_foreign_rows(cast, tmp_path):
    shutil.copy(SSDA903 / "header.csv", tmp_path / "header.csv")
    (tmp_path / "missing.csv").write_text(
        "CHILD,DOB,MISSING,MIS_START,MIS_END\nC1001,12/04/2015,M,03/02/2025,04/02/2025\nC1002,03/11/2012,M,31/02/2025,\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    error, report = refused(
        str(tmp_path), "--map=ssda903", "--set=district=north", "--skip-invalid", f"--rejects={rejects}"
    )
    assert error.returncode == EXIT_PARTIAL
    assert MissingEpisode.objects.count() == 1
    text = rejects.read_text(encoding="utf-8")
    assert "missing.csv,3,MIS_START" in text and "C1002,03/11/2012,M,31/02/2025," in text
