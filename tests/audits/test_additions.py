"""Issue 12, finding 2: an auditor could give themselves any case (create an audit, then add any
case reference by hand, and the case page, the people on it and the API record opened).

Now: the safeguarding unit defines an audit's population; a case added by hand must be in it
(period, case types, districts); and, being outside the drawn sample, it waits for the unit's
approval, every step logged, its record closed to the requester until approved."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.audits import services
from safeguarding.audits.models import Audit, AuditAddition, AuditCase
from safeguarding.audits.vocabulary import AdditionStatus, AuditKind, CaseScope
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import make_audit
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, districts):
    north, south = districts["north"], districts["south"]
    drawn = make_case(north, case_type=CaseType.DOMESTIC_ABUSE)
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 1}, districts=[north])
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    assert list(audit.audit_cases.values_list("case_id", flat=True)) == [drawn.pk]
    child = make_person(north, forename="Wanted", surname="Child", date_of_birth="2013-05-05")
    return {
        "audit": audit,
        # In the population (north, domestic abuse, first half of 2026), not drawn.
        "in_population": make_case(north, case_type=CaseType.DOMESTIC_ABUSE, children=[child]),
        "child": child,
        "other_district": make_case(south, case_type=CaseType.DOMESTIC_ABUSE),
        "other_type": make_case(north, case_type=CaseType.CSE),
        "other_period": make_case(north, case_type=CaseType.DOMESTIC_ABUSE, reported="2025-11-30"),
    }


def _add(client, audit, case, scope=CaseScope.SAMPLE, reason="Repeat victim"):
    return client.post(
        reverse("audits:case_add", args=[audit.pk]),
        {"reference": case.reference, "scope": scope, "reason": reason},
        follow=True,
    )


def _opens(client, case, person=None) -> bool:
    """Whether the case page, the API record and (if given) the person's page open."""
    statuses = [
        client.get(reverse("cases:case", args=[case.pk])).status_code,
        client.get(reverse("v1:cases-detail", args=[case.pk])).status_code,
    ]
    if person is not None:
        statuses.append(client.get(reverse("people:child", args=[person.pk])).status_code)
    assert set(statuses) <= {200, 404}, statuses
    return set(statuses) == {200}


@pytest.mark.parametrize("outside", ["other_district", "other_type", "other_period"])
def test_auditor_cannot_add_case_outside_population(client_for, cast, scene, outside):
    audit, case = scene["audit"], scene[outside]
    client = client_for("auditor")
    page = _add(client, audit, case).content.decode()
    assert "No case with that reference in this audit&#x27;s population" in page
    assert "case types: Domestic abuse; districts: North District" in page
    assert not AuditCase.objects.filter(case=case).exists()
    assert not AuditAddition.objects.filter(case=case).exists()
    assert not _opens(client, case)
    # The service refuses it too, with the field named.
    with pytest.raises(ValidationError) as refused:
        services.audit_addition_request(
            actor=cast["auditor"], audit=audit, case=case, scope=CaseScope.SAMPLE, reason="Curious"
        )
    assert "reference" in refused.value.message_dict


def test_a_missing_reference_reads_as_outside_the_population(client_for, scene):
    page = client_for("auditor").post(
        reverse("audits:case_add", args=[scene["audit"].pk]),
        {"reference": "NO-SUCH-CASE", "scope": CaseScope.SAMPLE, "reason": "Curious"},
        follow=True,
    )
    assert "No case with that reference in this audit&#x27;s population" in page.content.decode()


def test_a_case_in_the_population_waits_for_approval_and_stays_closed(client_for, cast, scene):
    audit, case, child = scene["audit"], scene["in_population"], scene["child"]
    client = client_for("auditor")
    page = _add(client, audit, case).content.decode()
    assert "awaits the safeguarding unit" in page
    addition = AuditAddition.objects.get(audit=audit, case=case)
    assert addition.status == AdditionStatus.PENDING and addition.requested_by == cast["auditor"]
    assert not AuditCase.objects.filter(case=case).exists()
    assert not _opens(client, case, child)
    requested = AccessEvent.objects.get(object_type="audit_addition", object_id=str(addition.pk))
    assert requested.action == AccessAction.CREATE and requested.actor_username == "auditor"
    assert requested.reason == "Repeat victim" and requested.detail["status"] == "pending"

    unit = client_for("safeguarding_unit")
    queue = unit.get(reverse("audits:additions")).content.decode()
    assert case.reference in queue and "Repeat victim" in queue
    assert AccessEvent.objects.filter(
        object_type="audit_addition list", actor_username="safeguarding_unit"
    ).exists()
    unit.post(reverse("audits:addition_decide", args=[addition.pk]), {"decision": "approve", "reason": ""})

    addition.refresh_from_db()
    assert addition.status == AdditionStatus.APPROVED and addition.decided_by == cast["safeguarding_unit"]
    audit_case = AuditCase.objects.get(audit=audit, case=case)
    assert audit_case.added_by_hand and audit_case.added_by == cast["auditor"]
    assert _opens(client, case, child)
    decided = AccessEvent.objects.filter(object_type="audit_addition", object_id=str(addition.pk))
    assert decided.count() == 2
    approval = decided.get(action=AccessAction.UPDATE)
    assert approval.actor_username == "safeguarding_unit" and approval.detail["status"] == "approved"


def test_a_refusal_needs_a_reason_keeps_the_case_closed_and_is_logged(client_for, cast, scene):
    audit, case = scene["audit"], scene["in_population"]
    addition = services.audit_addition_request(
        actor=cast["auditor"], audit=audit, case=case, scope=CaseScope.SAMPLE, reason="Repeat victim"
    )
    unit = client_for("safeguarding_unit")
    url = reverse("audits:addition_decide", args=[addition.pk])
    unit.post(url, {"decision": "refuse", "reason": "  "})
    addition.refresh_from_db()
    assert addition.status == AdditionStatus.PENDING
    with pytest.raises(ValidationError):
        services.audit_addition_decide(actor=cast["safeguarding_unit"], addition=addition, approve=False)

    unit.post(url, {"decision": "refuse", "reason": "Not what this audit is for"})
    addition.refresh_from_db()
    assert addition.status == AdditionStatus.REFUSED
    assert addition.decision_reason == "Not what this audit is for"
    assert not AuditCase.objects.filter(case=case).exists()
    assert not _opens(client_for("auditor"), case)
    event = AccessEvent.objects.get(object_type="audit_addition", action=AccessAction.UPDATE)
    assert event.reason == "Not what this audit is for" and event.detail["status"] == "refused"
    # A decided request is not decided again.
    with pytest.raises(ValidationError):
        services.audit_addition_decide(actor=cast["safeguarding_unit"], addition=addition, approve=True)
    # The auditor sees the refusal and its reason on the audit's page.
    page = client_for("auditor").get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "Refused: Not what this audit is for" in page


def test_the_inspector_path_has_the_same_guard(client_for, cast, scene):
    audit = scene["audit"]
    client = client_for("inspector")
    for outside in ("other_district", "other_type", "other_period"):
        page = _add(client, audit, scene[outside], scope=CaseScope.FURTHER).content.decode()
        assert "No case with that reference in this audit&#x27;s population" in page
        assert not _opens(client, scene[outside])
    case = scene["in_population"]
    _add(client, audit, case, scope=CaseScope.FURTHER)
    addition = AuditAddition.objects.get(case=case)
    assert addition.scope == CaseScope.FURTHER and addition.status == AdditionStatus.PENDING
    assert not _opens(client, case, scene["child"])
    services.audit_addition_decide(actor=cast["safeguarding_unit"], addition=addition, approve=True)
    assert _opens(client, case, scene["child"])
    # The force side does not audit further cases: still closed to the auditor.
    assert not _opens(client_for("auditor"), case)


@pytest.mark.parametrize("username", ["auditor", "inspector", "officer_north", "admin", "data_manager"])
def test_only_the_safeguarding_unit_approves(client_for, cast, scene, username):
    addition = services.audit_addition_request(
        actor=cast["auditor"], audit=scene["audit"], case=scene["in_population"], scope="sample", reason="Why"
    )
    response = client_for(username).post(
        reverse("audits:addition_decide", args=[addition.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert client_for(username).get(reverse("audits:additions")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.audit_addition_decide(actor=cast[username], addition=addition, approve=True)
    addition.refresh_from_db()
    assert addition.status == AdditionStatus.PENDING


def test_nobody_approves_their_own_request(client_for, cast, scene):
    unit = cast["safeguarding_unit"]
    services.audit_assign(actor=cast["auditor"], audit=scene["audit"], auditor=unit)
    addition = services.audit_addition_request(
        actor=unit, audit=scene["audit"], case=scene["in_population"], scope=CaseScope.SAMPLE, reason="Mine"
    )
    with pytest.raises(PermissionDenied):
        services.audit_addition_decide(actor=unit, addition=addition, approve=True)
    client_for("safeguarding_unit").post(
        reverse("audits:addition_decide", args=[addition.pk]), {"decision": "approve"}
    )
    addition.refresh_from_db()
    assert addition.status == AdditionStatus.PENDING
    # The database says so too.
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditAddition.objects.filter(pk=addition.pk).update(
            status=AdditionStatus.APPROVED, decided_by=unit, decided_at=dt.datetime.now(dt.UTC)
        )


def test_a_case_is_asked_for_once(cast, scene):
    kwargs = {"audit": scene["audit"], "case": scene["in_population"], "scope": CaseScope.SAMPLE}
    services.audit_addition_request(actor=cast["auditor"], reason="First", **kwargs)
    with pytest.raises(ValidationError):
        services.audit_addition_request(actor=cast["auditor"], reason="Again", **kwargs)


def test_no_case_is_added_by_hand_before_the_sample_is_drawn(cast, districts):
    case = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE)
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 1}, title="Undrawn")
    with pytest.raises(ValidationError):
        services.audit_addition_request(
            actor=cast["auditor"], audit=audit, case=case, scope=CaseScope.SAMPLE, reason="Early"
        )


def test_an_auditor_cannot_define_an_audit(client_for, cast, districts):
    """Else a population of one day, one district and one case type would draw the case wanted."""
    target = make_case(districts["north"], case_type=CaseType.CSE, reported="2026-03-02")
    with pytest.raises(PermissionDenied):
        services.audit_create(
            actor=cast["auditor"],
            title="Just this one",
            kind=AuditKind.SELF_ASSESSMENT,
            period_start=dt.date(2026, 3, 2),
            period_end=dt.date(2026, 3, 2),
            districts=[districts["north"]],
            quotas={CaseType.CSE: 1},
        )
    data = {
        "title": "Just this one",
        "kind": "self_assessment",
        "scale": "four_point",
        "period_start": "2026-03-02",
        "period_end": "2026-03-02",
        "districts": [districts["north"].pk],
    }
    data.update({f"quota_{case_type}": "0" for case_type in CaseType.values})
    data["quota_cse"] = "1"
    assert client_for("auditor").post(reverse("audits:new"), data).status_code == 403
    assert client_for("inspector").post(reverse("audits:new"), data).status_code == 403
    assert not Audit.objects.exists()
    assert not _opens(client_for("auditor"), target)
