"""Export then import into an empty database gives the same data."""

import pytest
from django.core.management import call_command

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import ENTRY_MODELS, Case, CaseParticipant
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.people.models import Address, Flag, Person
from tests.exchange import extract
from tests.exchange.helpers import run_import, snapshot
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db


def _empty_case_data():
    for model in reversed(ENTRY_MODELS):
        model.objects.all().delete()
    CaseParticipant.objects.all().delete()
    Case.objects.all().delete()
    Flag.objects.all().delete()
    Person.objects.all().delete()
    Address.objects.all().delete()


@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_export_then_import_into_an_empty_database_gives_the_same_data(
    cast, districts, tmp_path, file_format
):
    run_import(cast["data_manager"], extract.write(tmp_path / "source"))
    # Records made in the app itself (no source reference) travel too.
    child = make_person(districts["south"], forename="Zofia", surname="Nowak", date_of_birth="2013-06-01")
    case = make_case(districts["south"], children=[child], adults=[], summary="Made in the app")
    Case.objects.filter(pk=case.pk).update(closed_at=at("2026-04-01"))
    CaseParticipant.objects.create(
        case=case, person=Person.objects.get(source_reference="P-2"), role=ParticipantRole.OTHER_ADULT
    )
    before = snapshot(people_references=False)

    call_command(
        "export",
        str(tmp_path / "out1"),
        "--format",
        file_format,
        "--source-system",
        "NICHE",
        "--as",
        "data_manager",
    )
    assert AccessEvent.objects.filter(action=AccessAction.EXPORT).count() == 1
    _empty_case_data()
    result = run_import(cast["data_manager"], tmp_path / "out1")
    assert result.loaded, [str(e) for e in result.errors]

    # The same data; people made in the app now carry the export's reference (SG-P<id>).
    assert snapshot(people_references=False) == before
    assert Person.objects.get(forename="Zofia").source_reference.startswith("SG-P")
    call_command(
        "export",
        str(tmp_path / "out2"),
        "--format",
        file_format,
        "--source-system",
        "NICHE",
        "--as",
        "data_manager",
    )
    for first in sorted((tmp_path / "out1").iterdir()):
        assert first.read_text() == (tmp_path / "out2" / first.name).read_text(), first.name
