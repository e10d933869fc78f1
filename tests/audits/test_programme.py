"""The rolling themed programme (seed 004): themes in turn every N months, grades trended by round."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safeguarding.audits import services
from safeguarding.audits.models.programme import add_months
from safeguarding.audits.vocabulary import AuditKind, AuditTheme
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import grade, make_pool

pytestmark = pytest.mark.django_db

SEED_004_THEMES = [
    AuditTheme.MISSING,
    AuditTheme.DOMESTIC_ABUSE,
    AuditTheme.CSE,
    AuditTheme.SERIOUS_SEXUAL_OFFENCES,
]


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 7, 1), 6) == dt.date(2027, 1, 1)
    assert add_months(dt.date(2026, 7, 1), -6) == dt.date(2026, 1, 1)


@pytest.fixture
def programme(cast):
    return services.programme_create(
        actor=cast["safeguarding_unit"],
        name="Safeguarding governance unit rolling audit",
        themes=SEED_004_THEMES,
        interval_months=6,
        first_round_on=dt.date(2026, 7, 1),
        cases_per_round=4,
    )


def test_rounds_take_the_themes_in_turn_every_n_months(cast, programme):
    unit = cast["safeguarding_unit"]
    rounds = [services.programme_schedule_round(actor=unit, programme=programme) for _ in range(5)]
    assert [r.round_number for r in rounds] == [1, 2, 3, 4, 5]
    assert [r.theme for r in rounds] == [*SEED_004_THEMES, AuditTheme.MISSING]
    assert {r.kind for r in rounds} == {AuditKind.THEMED}
    assert rounds[0].period_start == dt.date(2026, 1, 1) and rounds[0].period_end == dt.date(2026, 6, 30)
    assert rounds[1].period_start == dt.date(2026, 7, 1) and rounds[1].period_end == dt.date(2026, 12, 31)
    # Serious sexual offences share the round's cases over the s47 and online case types.
    assert rounds[3].quotas == {CaseType.CP_ENQUIRY: 2, CaseType.ONLINE_ABUSE: 2}


def test_the_programme_page_shows_the_trend_of_grades_across_rounds(cast, districts, client_for, programme):
    auditor = cast["auditor"]
    make_pool(districts["north"], {CaseType.MISSING: 4}, reported="2026-03-02")
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 4}, reported="2026-09-02")
    unit = cast["safeguarding_unit"]
    first = services.programme_schedule_round(actor=unit, programme=programme)
    second = services.programme_schedule_round(actor=unit, programme=programme)
    for audit, grades in (
        (first, ["inadequate", "inadequate", "requires_improvement", "good"]),
        (second, ["good"] * 3 + ["adequate"]),
    ):
        services.audit_assign(actor=unit, audit=audit, auditor=auditor)
        services.audit_draw_sample(actor=auditor, audit=audit)
        for audit_case, overall in zip(audit.audit_cases.order_by("id"), grades, strict=True):
            grade(auditor, audit_case, overall)

    html = client_for("auditor").get(reverse("audits:programme", args=[programme.pk])).content.decode()

    def cell(name):
        return re.search(rf'data-cell="{name}">([^<]*)<', html).group(1)

    assert cell("trend:1:inadequate") == "2" and cell("trend:1:good") == "1"
    assert cell("trend:2:good") == "3" and cell("trend:2:inadequate") == "0"
    # the chart is drawn on the server (reports/svg.py): no script, its figures in its alternative
    assert 'id="trend-chart"' in html and "chart.umd" not in html and "<canvas" not in html
    assert "Round 1: Good 25.0%" in html and "Inadequate 50.0%" in html
    # The schedule shows the next round: CSE.
    assert "Child sexual exploitation" in html


def test_an_inspector_has_no_programme_pages(client_for, programme):
    assert client_for("inspector").get(reverse("audits:programme", args=[programme.pk])).status_code == 403


def test_an_auditor_neither_defines_a_programme_nor_schedules_its_rounds(cast, client_for, programme):
    """A round is an audit: its population is the safeguarding unit's to define."""
    with pytest.raises(PermissionDenied):
        services.programme_schedule_round(actor=cast["auditor"], programme=programme)
    with pytest.raises(PermissionDenied):
        services.programme_create(
            actor=cast["auditor"],
            name="Mine",
            themes=[AuditTheme.CSE],
            interval_months=1,
            first_round_on=dt.date(2026, 7, 1),
        )
    client = client_for("auditor")
    assert client.post(reverse("audits:programme_schedule", args=[programme.pk])).status_code == 403
    assert client.post(reverse("audits:programmes"), {"name": "Mine"}).status_code == 403
    assert not programme.rounds.exists()
