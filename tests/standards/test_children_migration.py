"""Issue 16: the data migration that re-judges existing cases by the children on them, not the
number the caller reported (standards/migrations/0005). The migration's function is run directly
on the current schema, as the project has no migration-test dependency."""

import importlib

import pytest
import time_machine
from django.apps import apps

from safeguarding.cases.models import CaseParticipant, Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind
from safeguarding.standards.models import IndicatorCount, StandardResult, State
from tests.factories import make_address, make_case, make_entry, make_person, make_standard_result

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "safeguarding.standards.migrations.0005_rejudge_cases_by_the_children_on_them"
)

INCIDENT = "2026-03-02 22:00"
NOW = "2026-03-10 12:00"


def _da_case(districts, *, children, reported, address=None):
    case = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE, children=children)
    make_entry(
        Incident, case, INCIDENT, kind=IncidentKind.DOMESTIC_ABUSE, children_present=reported, address=address
    )
    return case


def _demeanour(case) -> dict[int | None, str]:
    return dict(
        StandardResult.objects.filter(case=case, standard_id="DEMEANOUR").values_list("child", "state")
    )


def test_a_child_on_a_case_whose_caller_reported_none_is_now_judged(districts):
    child = make_person(districts["north"])
    case = _da_case(districts, children=[child], reported=0)
    # As judged on the integer: nothing for DEMEANOUR (not applicable), another standard stored.
    make_standard_result(case, "ALLOCATION", State.MET)
    assert _demeanour(case) == {}
    with time_machine.travel(NOW, tick=False):
        migration.rejudge(apps, None)
    assert _demeanour(case) == {child.pk: State.NOT_MET}
    assert IndicatorCount.objects.filter(standard_id="DEMEANOUR", state=State.NOT_MET).get().n == 1


def test_a_larger_reported_number_is_kept_and_nobody_is_invented(districts):
    child = make_person(districts["north"])
    case = _da_case(districts, children=[child], reported=3)
    make_standard_result(case, "DEMEANOUR", State.MET, child=child)  # a stale row, to be replaced
    with time_machine.travel(NOW, tick=False):
        migration.rejudge(apps, None)
    assert Incident.objects.get(case=case).children_present == 3
    assert list(CaseParticipant.objects.filter(case=case).values_list("person", flat=True)) == [child.pk]
    assert _demeanour(case) == {child.pk: State.NOT_MET}


def test_cases_that_agree_are_left_alone_but_their_household_is_rejudged(districts):
    home = make_address(districts["north"])
    agreeing = _da_case(districts, children=[make_person(districts["north"], forename="Ada")], reported=1)
    neighbour = _da_case(
        districts, children=[make_person(districts["north"], forename="Ben")], reported=1, address=home
    )
    differing = _da_case(districts, children=[], reported=2, address=home)
    assert migration.cases_whose_children_differ(apps) == sorted([neighbour.pk, differing.pk])
    # The agreeing case keeps what was stored (here a deliberately stale row); it is not re-judged.
    make_standard_result(agreeing, "ALLOCATION", State.NOT_MET)
    with time_machine.travel(NOW, tick=False):
        migration.rejudge(apps, None)
    assert StandardResult.objects.filter(case=agreeing).count() == 1
    assert StandardResult.objects.filter(case=neighbour, standard_id="DEMEANOUR").exists()


def test_a_new_installation_with_nothing_judged_is_left_to_the_first_evaluation(districts):
    _da_case(districts, children=[make_person(districts["north"])], reported=0)
    migration.rejudge(apps, None)
    assert not StandardResult.objects.exists()


def test_when_the_evaluator_cannot_run_the_migration_says_to_run_the_full_evaluation(
    districts, monkeypatch, capsys
):
    from django.db import DatabaseError

    from safeguarding.standards import services

    child = make_person(districts["north"])
    case = _da_case(districts, children=[child], reported=0)
    make_standard_result(case, "ALLOCATION", State.MET)

    def unable(case_ids):
        raise DatabaseError("no such column")

    monkeypatch.setattr(services, "cases_reevaluate", unable)
    migration.rejudge(apps, None)
    assert "1 case(s) to re-judge by their children: run `safeguarding evaluate`" in capsys.readouterr().out
    assert list(StandardResult.objects.values_list("standard_id", flat=True)) == ["ALLOCATION"]
