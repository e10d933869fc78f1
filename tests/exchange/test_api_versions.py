"""No lost updates through the API (issue 17, ADR 0012): single records are read with an ETag,
writes need If-Match (428 without, 412 when stale, nothing written), and the history of a record
shows its versions from the import, the pages and the API alike."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import Incident
from safeguarding.records.models import RecordVersion
from tests.exchange import extract
from tests.exchange.helpers import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(cast):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(cast[username])
        return client

    return make


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


def test_a_read_gives_the_version_as_etag_and_a_write_moves_it_on(api_for, world):
    api = api_for("officer_north")
    url = f"/api/v1/people/{world['child_north'].pk}/"
    read = api.get(url)
    assert read["ETag"] == '"1"' and read.json()["version"] == 1

    written = api.patch(url, {"school": "Beck Row Primary"}, format="json", HTTP_IF_MATCH=read["ETag"])

    assert written.status_code == 200, written.content
    assert written["ETag"] == '"2"' and written.json()["version"] == 2
    assert api.get(url)["ETag"] == '"2"'


def test_a_write_without_if_match_is_refused_with_428_and_writes_nothing(api_for, world):
    child = world["child_north"]
    response = api_for("officer_north").patch(
        f"/api/v1/people/{child.pk}/", {"school": "Beck Row Primary"}, format="json"
    )
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    child.refresh_from_db()
    assert child.school == "" and child.version == 1
    assert not AccessEvent.objects.filter(action=AccessAction.UPDATE).exists()


def test_a_stale_write_is_refused_with_412_naming_the_other_change_and_nothing_is_lost(api_for, world):
    child = world["child_north"]
    url = f"/api/v1/people/{child.pk}/"
    first, second = api_for("officer_north"), api_for("supervisor_north")
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag
    assert (
        first.patch(url, {"school": "Beck Row Primary"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )

    refused = second.patch(url, {"phone": "07700 900123"}, format="json", HTTP_IF_MATCH=etag)

    assert refused.status_code == 412
    assert "School: (empty) → Beck Row Primary (by officer_north" in refused.json()["detail"]
    child.refresh_from_db()
    assert child.school == "Beck Row Primary" and child.phone == "" and child.version == 2
    assert AccessEvent.objects.filter(action=AccessAction.UPDATE).count() == 1


@pytest.mark.parametrize("header", ['"x"', "*", '"1", "2"'])
def test_an_if_match_naming_no_single_version_is_refused(api_for, world, header):
    response = api_for("officer_north").patch(
        f"/api/v1/cases/{world['case_north'].pk}/", {"summary": "new"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 412


def test_the_schema_documents_if_match_and_the_412_and_428_answers(api_for, world):
    schema = api_for("officer_north").get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/entries/incidents/{id}/"]["patch"]
    assert any(
        p["name"] == "If-Match" and p["in"] == "header" and p["required"] for p in operation["parameters"]
    )
    assert {"412", "428"} <= set(operation["responses"])


def test_history_shows_the_versions_from_import_page_and_api(cast, tmp_path, client_for):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    newer = extract.FILES["incidents.jsonl"].replace('"ppn_grade": "amber"', '"ppn_grade": "red"')
    run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"incidents.jsonl": newer}))
    incident = Incident.objects.get()
    assert incident.version == 2
    kind_url = reverse("cases:entry_edit", args=[incident.case_id, "incident", incident.pk])

    page = client_for("safeguarding_unit").post(
        kind_url,
        {
            "occurred_at": "2026-03-02T09:30",
            "kind": incident.kind,
            "children_present": 2,
            "ppn_grade": "red",
            "version": 2,
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    api = APIClient()
    api.force_authenticate(cast["safeguarding_unit"])
    written = api.patch(
        f"/api/v1/entries/incidents/{incident.pk}/",
        {"description": "Neighbour called"},
        format="json",
        HTTP_IF_MATCH='"3"',
    )
    assert written.status_code == 200, written.content

    doors = list(
        RecordVersion.objects.filter(entity="incident", object_id=incident.pk)
        .order_by("version")
        .values_list("version", "via")
    )
    assert doors == [(1, "import"), (2, "page"), (3, "api")]
    history = client_for("safeguarding_unit").get(
        reverse("cases:entry_history", args=[incident.case_id, "incident", incident.pk])
    )
    text = history.content.decode()
    for version in (1, 2, 3, 4):
        assert f"Version {version}</h2>" in text
    assert "via import" in text and "via page" in text and "via api" in text
    assert "<td>Amber</td><td>Red</td>" in text and "Neighbour called" in text
