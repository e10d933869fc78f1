"""GET /api/v1/aggregates/reports/{slug}: every report as published (the small-count rule, one
whole quarter force-wide), for any report reader, with a token as with a session; the same
figures as the PCC analyst's page."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding.access.services import api_token_create
from safeguarding.reports.filters import default_filters, published_filters
from safeguarding.reports.selectors import REPORTS
from safeguarding.reports.views import build_report
from tests.reports.test_no_personal_data import seeded  # noqa: F401 (a fixture)


def _token(user) -> str:
    return api_token_create(
        actor=user, user=user, label="tools", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).plaintext


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(REPORTS))
def test_the_report_api_gives_the_published_figures_to_every_reader(slug, seeded, cast, client):  # noqa: F811
    for reader in ("pcc_analyst", "safeguarding_unit"):
        response = client.get(
            reverse("v1:aggregate-report", args=[slug]), HTTP_AUTHORIZATION=f"Bearer {_token(cast[reader])}"
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["period_from"][5:] in ("01", "04", "07", "10")
        assert "<5" in body["suppression_rule"]
        filters, _ = published_filters(default_filters())
        expected = build_report(slug, filters, published=True)
        assert [t["key"] for t in body["tables"]] == [t.key for t in expected.tables]
        for table, exact in zip(body["tables"], expected.tables, strict=True):
            for row, exact_row in zip(table["rows"], exact.rows, strict=True):
                assert [c["text"] for c in row["cells"]] == [c.text for c in exact_row.cells]
                for cell in row["cells"]:
                    if cell["text"] in ("<5", "[c]"):
                        assert cell["value"] is None
                    elif isinstance(cell["value"], float) and cell["value"].is_integer():
                        assert not 0 < cell["value"] < 5 or "%" in cell["text"] or "." in cell["text"]


@pytest.mark.django_db
def test_an_unknown_report_is_not_found_and_the_schema_lists_the_path(cast, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(cast['pcc_analyst'])}"}
    assert client.get("/api/v1/aggregates/reports/nothing/", **headers).status_code == 404
    schema = client.get(reverse("v1:schema"), {"format": "json"}, **headers).content.decode()
    assert "/api/v1/aggregates/reports/{slug}/" in schema and "consistency" in schema
