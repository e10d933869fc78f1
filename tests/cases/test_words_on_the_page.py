"""The child's words on the page (issue 16): the timeline, the read-only entry page and the
auditor's grading page show what was said and seen, not only that something was recorded."""

import datetime as dt

import pytest
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.audits import services as audit_services
from safeguarding.audits.vocabulary import AuditKind
from safeguarding.cases import models as m
from safeguarding.cases.vocabulary import CaseNoteKind, CaseType, Demeanour, IncidentKind
from tests.audits.builders import make_audit
from tests.cases.scene import entry
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db
LONG = "I hide under the bed when they shout. " * 20


@pytest.fixture
def case(districts):
    ruby = make_person(districts["north"], forename="Ruby", surname="Cole")
    made = make_case(districts["north"], reported="2026-03-02", children=[ruby])
    incident = entry(
        m.Incident,
        made,
        at("2026-03-02", "22:00"),
        kind=IncidentKind.DOMESTIC_ABUSE,
        children_present=1,
        description="Neighbour called: shouting and breaking glass.",
    )
    made.view = entry(m.ChildView, made, at("2026-03-02", "23:00"), child=ruby, views="I want it to stop.")
    entry(
        m.DemeanourRecord,
        made,
        at("2026-03-02", "22:30"),
        child=ruby,
        incident=incident,
        demeanour=Demeanour.FEARFUL,
        description="Shaking, would not let go of her mother.",
        seen_alone="yes",
    )
    entry(m.CaseNote, made, at("2026-03-03", "09:00"), kind=CaseNoteKind.GENERAL, text=LONG)
    return made


WORDS = (
    "I want it to stop.",
    "Shaking, would not let go of her mother.",
    "Neighbour called: shouting and breaking glass.",
    "I hide under the bed when they shout.",
)


def test_case_timeline_shows_the_words_and_folds_long_text(client_for, case):
    body = client_for("officer_north").get(reverse("cases:case", args=[case.pk])).content.decode()
    for words in WORDS:
        assert words in body
    # The long note: its opening in the summary, the whole of it in the fold.
    assert "<details><summary>I hide under the bed" in body
    assert LONG.strip() in body.replace("<br>", " ")


def test_child_timeline_shows_the_words(client_for, case):
    ruby = case.participants.get().person
    body = client_for("officer_north").get(reverse("people:child", args=[ruby.pk])).content.decode()
    assert "I want it to stop." in body
    assert "Shaking, would not let go of her mother." in body


def test_entry_page_is_read_only_and_logged(client_for, cast, case):
    url = reverse("cases:entry", args=[case.pk, "childview", case.view.pk])
    response = client_for("supervisor_north").get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "I want it to stop." in body and "Ruby Cole" in body
    assert "<textarea" not in body and 'name="views"' not in body  # read-only: no form fields
    assert reverse("cases:entry_edit", args=[case.pk, "childview", case.view.pk]) in body
    event = AccessEvent.objects.filter(action=AccessAction.VIEW, object_type="child_view").get()
    assert event.object_id == str(case.view.pk)


def test_entry_page_of_another_district_is_not_found(client_for, case):
    url = reverse("cases:entry", args=[case.pk, "childview", case.view.pk])
    assert client_for("officer_south").get(url).status_code == 404
    assert (
        client_for("officer_north")
        .get(reverse("cases:entry", args=[case.pk, "childview", 99999]))
        .status_code
        == 404
    )
    assert (
        client_for("officer_north").get(reverse("cases:entry", args=[case.pk, "nope", 1])).status_code == 404
    )


def test_auditors_grading_page_shows_the_words(client_for, cast, case):
    auditor = cast["auditor"]
    audit = make_audit(
        auditor,
        title="Voice of the child",
        kind=AuditKind.INSPECTION,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        quotas={CaseType.DOMESTIC_ABUSE: 1},
        seed=1,
    )
    audit_services.audit_draw_sample(actor=auditor, audit=audit)
    audit_case = audit.audit_cases.get(case=case)
    body = client_for("auditor").get(reverse("audits:case", args=[audit.pk, audit_case.pk])).content.decode()
    for words in WORDS:
        assert words in body
    assert "Ruby Cole" in body
