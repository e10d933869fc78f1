"""The read-only aggregate API gives the indicators as published: suppressed, one quarter,
force-wide; with a Bearer token (the PCC analyst's tools) as with a session."""

import datetime as dt

from django.urls import reverse

from safeguarding.access.services import api_token_create


def test_aggregate_indicators_are_suppressed_and_reachable_by_token(cast, districts, client):
    analyst = cast["pcc_analyst"]
    token = api_token_create(
        actor=analyst,
        user=analyst,
        label="pcc tools",
        scopes=["read"],
        expires_in=dt.timedelta(days=1),
    ).plaintext
    response = client.get(reverse("v1:aggregate-indicators"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period_from"][5:] in ("01", "04", "07", "10")
    assert "<5" in body["suppression_rule"]
    for standard in body["standards"]:
        for figure in standard["figures"]:
            for name in ("met", "not_met", "total"):
                value = figure[name]
                assert value is None or value == 0 or value >= 5
                if value is None:
                    assert figure[f"{name}_shown"] in ("<5", "[c]")
                    assert figure["rate_percent"] is None
    schema = client.get(reverse("v1:schema"), {"format": "json"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert "/api/v1/aggregates/indicators/" in schema.content.decode()
