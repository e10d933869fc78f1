"""Issue 21: the long commands' shared conventions: hyphenated usage lines, --as required for
writes, --json, --dry-run, progress only on a terminal, the documented exit codes (0 ok,
1 refused, 2 usage, 3 partial with --skip-invalid) and a rejects file holding the rows."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding import cli
from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.commandline import EXIT_PARTIAL, EXIT_REFUSED, EXIT_USAGE, LongCommand
from safeguarding.exchange.models import ImportBatch
from safeguarding.people.models import Person
from tests.exchange import extract

BAD_PEOPLE = extract.FILES["people.csv"].replace(
    "P-3,Oliver,,Pennington,2012-09-03", "P-3,Oliver,,Pennington,x"
)


def exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    return stopped.value.code


@pytest.mark.parametrize("typed", ["import", "import-report", "demo-data", "evaluate", "export"])
def test_usage_lines_name_the_command_as_typed(typed, capsys):
    assert exit_code([typed, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"usage: safeguarding {typed} " in out
    for switch in ("--json", "--dry-run", "--no-progress"):
        assert switch in out


def test_help_for_a_command_takes_the_hyphenated_name(capsys):
    cli.main(["help", "import-report"])  # prints the command's help, and returns
    assert "usage: safeguarding import-report" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "somewhere"],  # no --as: a write is never made in an implied name
        ["export", "somewhere"],
        ["import-report", "report.txt"],
        ["import", "somewhere", "--as", "x", "--rejects", "r.csv"],  # --rejects without --skip-invalid
        ["import", "somewhere", "--no-such-switch"],  # argparse
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert exit_code(argv) == EXIT_USAGE
    assert capsys.readouterr().err


def test_progress_only_on_a_terminal():
    command = LongCommand(stdout=io.StringIO(), stderr=io.StringIO())
    assert not command.progress_wanted({"no_progress": False, "json": False})


@pytest.mark.django_db
def test_an_unknown_user_is_refused(cast, tmp_path):
    with pytest.raises(CommandError, match="does not exist") as refused:
        call_command("import_extract", str(extract.write(tmp_path / "x")), "--as=nobody")
    assert refused.value.returncode == EXIT_REFUSED
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_extract", str(extract.write(tmp_path / "y")), "--as=pcc_analyst")


@pytest.mark.django_db
def test_a_good_import_exits_0_with_json(cast, tmp_path):
    out = io.StringIO()
    call_command(
        "import_extract", str(extract.write(tmp_path / "x")), "--as=data_manager", "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    assert report["loaded"] is True and report["errors"] == [] and report["totals"]["inserted"] == 18
    assert Person.objects.exists()


@pytest.mark.django_db
def test_a_refused_import_exits_1_and_saves_nothing(cast, tmp_path):
    directory = extract.write(tmp_path / "x", **{"people.csv": BAD_PEOPLE})
    with pytest.raises(CommandError, match="nothing was loaded") as refused:
        call_command("import_extract", str(directory), "--as=data_manager", stdout=io.StringIO())
    assert refused.value.returncode == EXIT_REFUSED
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_skip_invalid_exits_3_and_the_rejects_hold_the_rows_and_reasons(cast, tmp_path):
    directory = extract.write(tmp_path / "x", **{"people.csv": BAD_PEOPLE})
    rejects = tmp_path / "rejects.csv"
    with pytest.raises(CommandError) as partial:
        call_command(
            "import_extract",
            str(directory),
            "--as=data_manager",
            "--skip-invalid",
            f"--rejects={rejects}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert partial.value.returncode == EXIT_PARTIAL
    rows = list(csv.DictReader(rejects.open(encoding="utf-8")))
    oliver = next(r for r in rows if r["file"] == "people.csv" and r["line"] == "4")
    assert oliver["column"] == "date_of_birth" and "not a date" in oliver["reason"]
    assert oliver["row"].startswith("P-3,Oliver,,Pennington,x")
    assert Person.objects.filter(source_reference="P-1").exists()  # the good rows loaded


@pytest.mark.django_db
def test_a_dry_run_checks_everything_and_saves_nothing(cast, tmp_path):
    out = io.StringIO()
    call_command(
        "import_extract",
        str(extract.write(tmp_path / "x")),
        "--as=data_manager",
        "--dry-run",
        "--json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True and report["loaded"] is False and report["totals"]["inserted"] == 18
    assert not Person.objects.exists() and not ImportBatch.objects.exists()
    assert not AccessEvent.objects.filter(action=AccessAction.IMPORT).exists()


@pytest.mark.django_db
def test_export_needs_as_and_a_dry_run_writes_nothing(cast, tmp_path):
    call_command(
        "import_extract", str(extract.write(tmp_path / "x")), "--as=data_manager", stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("export", str(tmp_path / "out"), "--as=data_manager", "--dry-run", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True and report["rows"]["people"] > 0
    assert not (tmp_path / "out").exists()
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()


@pytest.mark.django_db
def test_evaluate_dry_run_keeps_the_stored_results(cast, districts):
    from safeguarding.standards.models import StandardResult

    out = io.StringIO()
    call_command("evaluate", "--dry-run", "--json", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["dry_run"] is True
    assert not StandardResult.objects.exists()


@pytest.mark.django_db
def test_demo_data_dry_run_generates_nothing(cast):
    out = io.StringIO()
    call_command("demo_data", "--children", "5", "--dry-run", "--json", stdout=out)
    plan = json.loads(out.getvalue())
    assert plan["dry_run"] is True and plan["children"] == 5
    assert not Person.objects.exists()
