"""Issue 12: the bulk import sets references too; the districts it may write into come from the
same scope helper as the pages and the API (cases/scoping.districts_importable_by). A district
out of the importer's scope answers as an unknown one and nothing is loaded."""

import pytest
from django.core.exceptions import PermissionDenied

from safeguarding.cases.models import Case
from safeguarding.people.models import Address, Person
from tests.exchange import extract
from tests.exchange.helpers import run_import

pytestmark = pytest.mark.django_db


def test_an_importer_loads_into_the_districts_it_may_write(cast, tmp_path):
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    assert result.loaded, result.errors
    assert Case.objects.exists()


def test_an_actor_without_import_rights_loads_nothing(cast, tmp_path):
    with pytest.raises(PermissionDenied):
        run_import(cast["officer_north"], extract.write(tmp_path / "x"))

    assert not Person.objects.exists() and not Case.objects.exists() and not Address.objects.exists()


def test_a_cases_officer_must_work_in_its_district(cast, tmp_path):
    cases = extract.FILES["cases.csv"].replace("officer_south,,2026-03-05", "officer_north,,2026-03-05")
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"cases.csv": cases}))

    assert not result.loaded
    assert [(e.column, e.reason) for e in result.errors] == [
        ("officer_in_charge", "'officer_north' does not work in district 'south'")
    ]
    assert not Case.objects.exists()
