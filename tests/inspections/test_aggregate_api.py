"""The read-only aggregate API for the tracker and the audits: with a token, published texts,
statuses and counts only; the audits' force-wide estimate in words."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding.access.services import api_token_create
from safeguarding.audits import services
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import grade, make_audit, make_pool
from tests.inspections.test_views import report  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _headers(user) -> dict:
    token = api_token_create(
        actor=user, user=user, label="tools", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).plaintext
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_tracker_api_lists_every_recommendation_without_owners(cast, client, report):  # noqa: F811
    response = client.get(reverse("v1:aggregate-recommendations"), **_headers(cast["pcc_analyst"]))
    assert response.status_code == 200, response.content
    rows = response.json()["recommendations"]
    assert [row["number"] for row in rows] == sorted(report.recommendations.values_list("number", flat=True))
    assert set(rows[0]) == {
        "report",
        "report_published",
        "number",
        "text",
        "timescale",
        "due_date",
        "status",
        "tracker_status",
        "overdue",
        "actions_total",
        "actions_done",
    }


def test_the_audits_api_gives_the_force_wide_estimate(cast, client, districts):
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 10})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 4})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    for i, audit_case in enumerate(audit.audit_cases.all()):
        grade(cast["auditor"], audit_case, "inadequate" if i == 0 else "good")
    response = client.get(reverse("v1:aggregate-audits"), **_headers(cast["pcc_analyst"]))
    assert response.status_code == 200, response.content
    (row,) = response.json()["audits"]
    assert row["sampled_cases_graded"] == "<5"
    assert row["estimate"].startswith("We estimate 25% of the 10 cases")
    assert "stratified" in response.json()["method"]
