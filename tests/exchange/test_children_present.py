"""Issue 16: in the exchange format the incident's `children_present` is the number the caller
reported; the children present are the participants in a child role, and the standards judge
those whatever the number says."""

import json

import pytest
import time_machine
from django.core.management import call_command

from safeguarding.cases.models import Case, Incident
from safeguarding.standards.models import StandardResult
from tests.exchange import extract
from tests.exchange.helpers import run_import
from tests.factories import at

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.urls")]

NOW = at("2026-03-10", "12:00")


def _import(cast, tmp_path, *, reported: int, participants: str):
    incident = json.loads(extract.FILES["incidents.jsonl"])
    incident["children_present"] = reported
    files = {
        **extract.FILES,
        "incidents.jsonl": json.dumps(incident) + "\n",
        "participants.csv": "case_reference,person_reference,role\n" + participants,
    }
    with time_machine.travel(NOW, tick=False):
        result = run_import(cast["data_manager"], extract.write(tmp_path / "in", files))
    assert result.loaded, result.errors
    return Case.objects.get(source_reference="C-1")


def _demeanour(case) -> dict[str, str]:
    rows = StandardResult.objects.filter(case=case, standard_id="DEMEANOUR").select_related("child")
    return {row.child.forename: row.state for row in rows}


def test_a_reported_number_larger_than_the_children_on_the_case_invents_nobody(cast, tmp_path):
    case = _import(cast, tmp_path, reported=3, participants="C-1,P-1,subject_child\nC-1,P-2,suspect\n")
    assert Incident.objects.get(case=case).children_present == 3
    # One child on the case, one result: the two the caller mentioned are not invented.
    assert _demeanour(case) == {"Amelia": "met"}


def test_a_child_present_in_the_participants_is_judged_though_the_caller_reported_none(cast, tmp_path):
    case = _import(
        cast,
        tmp_path,
        reported=0,
        participants="C-1,P-1,subject_child\nC-1,P-2,suspect\nC-1,P-3,child_present\n",
    )
    # Oliver has no demeanour record: DEMEANOUR is not met for him, met for Amelia.
    assert _demeanour(case) == {"Amelia": "met", "Oliver": "not_met"}


def test_the_export_carries_the_reported_number_and_the_children_as_participants(cast, tmp_path):
    _import(
        cast,
        tmp_path,
        reported=3,
        participants="C-1,P-1,subject_child\nC-1,P-2,suspect\nC-1,P-3,child_present\n",
    )
    call_command(
        "export",
        str(tmp_path / "out"),
        "--format",
        "jsonl",
        "--source-system",
        "NICHE",
        "--as",
        "data_manager",
    )
    incidents = [json.loads(line) for line in (tmp_path / "out" / "incidents.jsonl").read_text().splitlines()]
    assert [row["children_present"] for row in incidents] == [3]
    participants = [
        json.loads(line) for line in (tmp_path / "out" / "participants.jsonl").read_text().splitlines()
    ]
    roles = sorted((row["person_reference"], row["role"]) for row in participants)
    assert ("P-3", "child_present") in roles and ("P-1", "subject_child") in roles
