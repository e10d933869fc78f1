"""Issue 14: every door re-judges the cases it writes to, in the same transaction, as the pages
do (ADR 2, ADR 11). The bulk import re-judges the cases a batch touched in one set-based pass;
the API hands off to the owning services, which announce the cases they changed."""

from collections import Counter

import pytest
import time_machine
from django.db.models import Sum
from rest_framework.test import APIClient

from safeguarding.cases.models import Case, Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind
from safeguarding.standards import services as standards_services
from safeguarding.standards.models import IndicatorCount, StandardResult
from safeguarding.standards.services import case_reevaluate, standards_evaluate_force
from tests.exchange import extract
from tests.exchange.helpers import run_import
from tests.factories import at, make_case, make_entry, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.exchange.urls")]

NOW = at("2026-03-10", "12:00")


def _counts() -> dict:
    return {
        tuple(key): n
        for *key, n in IndicatorCount.objects.values_list(
            "standard_id", "district_id", "team_id", "case_type", "period", "state", "n"
        )
        if n
    }


def _results() -> Counter:
    return Counter(StandardResult.objects.values_list("case_id", "standard_id", "child_id", "state"))


@pytest.fixture(params=["one by one", "set-based"])
def rejudging(request, monkeypatch):
    """The standards app judges a few cases one by one and many in one pass: try both."""
    if request.param == "set-based":
        monkeypatch.setattr(standards_services, "ONE_BY_ONE", 0)
    return request.param


def test_an_imported_case_has_its_results_and_indicator_counts(cast, tmp_path, rejudging):
    with time_machine.travel(NOW, tick=False):
        result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    assert result.loaded, result.errors

    case = Case.objects.get(source_reference="C-1")
    demeanour = StandardResult.objects.get(case=case, standard_id="DEMEANOUR")
    assert demeanour.state == "met"
    assert StandardResult.objects.filter(case__source_reference="C-2").exists()
    total = IndicatorCount.objects.aggregate(n=Sum("n"))["n"]
    assert total == StandardResult.objects.count() > 0
    # The same results and counts a full run would give, without running `safeguarding evaluate`.
    imported, counted = _results(), _counts()
    standards_evaluate_force(now=NOW)
    assert _results() == imported
    assert _counts() == counted


def test_a_later_extract_rejudges_the_cases_its_new_records_sit_on(cast, tmp_path, rejudging):
    files = {k: v for k, v in extract.FILES.items() if k != "demeanour_records.csv"}
    with time_machine.travel(NOW, tick=False):
        run_import(cast["data_manager"], extract.write(tmp_path / "v1", files))
        first = StandardResult.objects.get(case__source_reference="C-1", standard_id="DEMEANOUR")
        assert first.state != "met"
        run_import(cast["data_manager"], extract.write(tmp_path / "v2"))
    assert StandardResult.objects.get(case__source_reference="C-1", standard_id="DEMEANOUR").state == "met"
    counted = _counts()
    standards_evaluate_force(now=NOW)
    assert _counts() == counted


def test_a_changed_person_rejudges_their_open_cases(cast, tmp_path):
    with time_machine.travel(NOW, tick=False):
        run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
        results = StandardResult.objects.filter(case__source_reference="C-1", standard_id="DEMOGRAPHICS")
        before = sorted(results.values_list("state", flat=True))
        # Amelia's ethnicity is no longer known: the demographics standard is judged again.
        people = extract.FILES["people.csv"].replace(
            "P-1,Amelia,Rose,Hartley,2015-04-12,true,female,white,",
            "P-1,Amelia,Rose,Hartley,2015-04-12,true,female,,",
        )
        result = run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"people.csv": people}))
        assert result.totals()["updated"] == 1
        after = sorted(results.values_list("state", flat=True))
    assert before != after
    counted = _counts()
    standards_evaluate_force(now=NOW)
    assert _counts() == counted


def test_a_demeanour_record_through_the_api_turns_the_result_met(cast, districts):
    child = make_person(districts["north"])
    case = make_case(
        districts["north"],
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[child],
        officer_in_charge=cast["officer_north"],
    )
    make_entry(Incident, case, "2026-03-02 22:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
    client = APIClient()
    client.force_authenticate(cast["officer_north"])
    with time_machine.travel(at("2026-03-03", "08:00"), tick=False):
        case_reevaluate(case_id=case.pk)
        before = StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child)
        assert before.state == "not_yet_due"
        response = client.post(
            "/api/v1/entries/demeanour-records/",
            {
                "case": case.pk,
                "child": child.pk,
                "occurred_at": "2026-03-02T22:30:00Z",
                "demeanour": "fearful",
                "seen_alone": "yes",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    after = StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child)
    assert after.state == "met"
    assert after.evidence_type == "cases.demeanourrecord"


@pytest.fixture
def announced(monkeypatch):
    """The case ids each write announces to the floor above (cases.hooks.cases_changed)."""
    from safeguarding.cases import hooks

    calls: list[set[int]] = []
    monkeypatch.setattr(hooks, "_subscribers", [*hooks._subscribers, lambda ids: calls.append(set(ids))])
    return calls


def test_reimporting_an_unchanged_extract_rejudges_nothing(cast, tmp_path, announced):
    directory = extract.write(tmp_path / "x")
    with time_machine.travel(NOW, tick=False):
        run_import(cast["data_manager"], directory)
        assert announced == [set(Case.objects.values_list("pk", flat=True))]
        announced.clear()
        again = run_import(cast["data_manager"], directory)
    assert again.totals()["unchanged"] == 18
    assert announced == []


def test_a_refused_batch_leaves_no_results(cast, tmp_path):
    people = extract.FILES["people.csv"].replace("2015-04-12", "2099-04-12")
    with time_machine.travel(NOW, tick=False):
        result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"people.csv": people}))
    assert not result.loaded
    # The import keeps the rules the form and the API keep, in the same words (people/validators).
    assert [(e.column, e.reason) for e in result.errors] == [
        ("date_of_birth", "Date of birth cannot be in the future.")
    ]
    assert not StandardResult.objects.exists() and not IndicatorCount.objects.filter(n__gt=0).exists()


@pytest.mark.parametrize(
    ("replace", "by", "column", "reason"),
    [
        ("1985-01-20,false", "1885-01-20,false", "date_of_birth", "more than 120 years ago"),
    ],
)
def test_the_import_refuses_what_the_person_form_refuses(cast, tmp_path, replace, by, column, reason):
    people = extract.FILES["people.csv"].replace(replace, by)
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"people.csv": people}))
    assert not result.loaded
    assert [(e.column, reason in e.reason) for e in result.errors] == [(column, True)]


def test_the_import_refuses_what_the_flag_form_refuses(cast, tmp_path):
    flags = extract.FILES["flags.csv"].replace(
        "P-3,repeat_missing,,2026-02-01", "P-3,repeat_missing,,2099-02-01"
    )
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"flags.csv": flags}))
    assert not result.loaded
    assert [(e.column, e.reason) for e in result.errors] == [
        ("starts_on", "The start date cannot be in the future.")
    ]
