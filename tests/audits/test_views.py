"""The audit pages over HTTP: blind marking, who sees what, and the access log."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.audits import services
from safeguarding.audits.models import Audit
from safeguarding.audits.vocabulary import CaseScope
from safeguarding.cases.vocabulary import CaseType, Stage
from tests.audits.builders import add_by_hand, grade, make_audit, make_pool
from tests.factories import make_case
from tests.queue import queued_export

pytestmark = pytest.mark.django_db

FORCE_FINDING = "Demeanour of both children recorded promptly by the attending officer"


@pytest.fixture
def audit(cast, districts):
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 2})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 2})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    return audit


def _case_url(audit, audit_case):
    return reverse("audits:case", args=[audit.pk, audit_case.pk])


def _grading_post(overall: str, finding: str = "", submit: bool = True) -> dict:
    data = {"overall_grade": overall, "overall_finding": ""}
    for stage in Stage.values:
        data[f"{stage}_judgement"] = "not_applicable"
        data[f"{stage}_finding"] = ""
    data["initial_contact_judgement"] = overall
    data["initial_contact_finding"] = finding
    data["submit" if submit else "save"] = "1"
    return data


def test_an_inspector_cannot_see_the_force_grade_until_both_are_submitted(client_for, audit):
    audit_case = audit.audit_cases.first()
    force = client_for("auditor")
    inspector = client_for("inspector")
    response = force.post(_case_url(audit, audit_case), _grading_post("good", FORCE_FINDING))
    assert response.status_code == 302

    before = inspector.get(_case_url(audit, audit_case)).content.decode()
    assert FORCE_FINDING not in before
    assert "Hidden until both sides have submitted" in before
    # Nor through the audit page, the comparison, the report or the CSV.
    for page in ("audits:detail", "audits:comparison", "audits:report", "audits:report_csv"):
        assert FORCE_FINDING not in inspector.get(reverse(page, args=[audit.pk])).content.decode()
    detail = inspector.get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert "submitted (hidden until yours is in)" in detail
    report = inspector.get(reverse("audits:report", args=[audit.pk])).content.decode()
    assert 'data-cell="headline:all:self_force:good">0<' in report

    response = inspector.post(_case_url(audit, audit_case), _grading_post("inadequate", "No referral made"))
    assert response.status_code == 302
    after = inspector.get(_case_url(audit, audit_case)).content.decode()
    assert FORCE_FINDING in after
    assert "Hidden until both sides have submitted" not in after
    report = inspector.get(reverse("audits:report", args=[audit.pk])).content.decode()
    assert 'data-cell="headline:all:self_force:good">1<' in report
    assert FORCE_FINDING in report


def test_the_force_side_is_blind_to_the_inspectors_too(client_for, cast, audit):
    audit_case = audit.audit_cases.first()
    grade(cast["inspector"], audit_case, "inadequate", finding="Inspector-only observation")
    page = client_for("auditor").get(_case_url(audit, audit_case)).content.decode()
    assert "Inspector-only observation" not in page


def test_an_auditor_not_assigned_gets_not_found(client_for, audit):
    audit_case = audit.audit_cases.first()
    unit = client_for("safeguarding_unit")  # may audit, but not assigned to this one
    assert unit.get(reverse("audits:detail", args=[audit.pk])).status_code == 404
    assert unit.get(_case_url(audit, audit_case)).status_code == 404
    assert unit.get(reverse("audits:report", args=[audit.pk])).status_code == 404
    assert audit.title not in unit.get(reverse("audits:index")).content.decode()


def test_casework_roles_are_refused(client_for, audit):
    assert client_for("officer_north").get(reverse("audits:index")).status_code == 403
    assert client_for("pcc_analyst").get(reverse("audits:detail", args=[audit.pk])).status_code == 403


def test_a_further_case_is_not_found_for_the_force_side(client_for, cast, audit, districts):
    further = add_by_hand(
        cast["inspector"],
        audit,
        make_case(districts["south"], case_type=CaseType.DOMESTIC_ABUSE),
        scope=CaseScope.FURTHER,
        reason="Detained overnight",
    )
    assert client_for("auditor").get(_case_url(audit, further)).status_code == 404
    assert client_for("inspector").get(_case_url(audit, further)).status_code == 200


def test_viewing_and_grading_an_audit_case_are_logged(client_for, audit):
    audit_case = audit.audit_cases.first()
    client = client_for("auditor")
    client.get(_case_url(audit, audit_case))
    client.post(_case_url(audit, audit_case), _grading_post("good"))
    events = AccessEvent.objects.filter(object_type="audit_case", object_id=str(audit_case.pk))
    assert set(events.values_list("action", flat=True)) == {AccessAction.VIEW, AccessAction.UPDATE}
    assert events.filter(actor_username="auditor", district_id=audit_case.case.district_id).count() == 2


def test_the_evidence_beside_the_form_is_the_standard_results(client_for, audit):
    from safeguarding.standards.models import StandardResult

    audit_case = audit.audit_cases.first()
    case = audit_case.case
    StandardResult.objects.create(
        case=case,
        standard_id="DEMEANOUR",
        state="not_met",
        district=case.district,
        case_type=case.case_type,
        period=case.first_reported_at.date().replace(day=1),
        evaluated_at=case.first_reported_at,
        evidence_note="No demeanour within 24h",
    )
    page = client_for("auditor").get(_case_url(audit, audit_case)).content.decode()
    assert "demeanour recorded" in page and "No demeanour within 24h" in page


def test_creating_an_audit_and_drawing_its_sample_through_the_pages(client_for, districts):
    make_pool(districts["south"], {CaseType.MISSING: 5})
    client = client_for("safeguarding_unit")
    data = {
        "title": "Missing children, spring",
        "kind": "themed",
        "theme": "missing",
        "scale": "four_point",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "seed": "31",
    }
    data.update({f"quota_{case_type}": "0" for case_type in CaseType.values})
    data["quota_missing"] = "3"
    response = client.post(reverse("audits:new"), data)
    audit = Audit.objects.get(title="Missing children, spring")
    assert response.status_code == 302 and audit.sample_seed == 31 and audit.quotas == {"missing": 3}
    client.post(reverse("audits:sample", args=[audit.pk]))
    assert audit.audit_cases.count() == 3


def test_the_report_exports_as_pdf_and_csv_and_each_export_is_logged(client_for, cast, audit):
    for audit_case in audit.audit_cases.all():
        grade(cast["auditor"], audit_case, "good", finding="Prompt attendance")
        grade(cast["inspector"], audit_case, "adequate")
    client = client_for("inspector")
    pdf = queued_export(client, reverse("audits:report_pdf", args=[audit.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Case audit report" in text and "Prompt attendance" in text
    csv_text = client.get(reverse("audits:report_csv", args=[audit.pk])).content.decode()
    assert "headline,,Self-assessed cases: force,good,2" in csv_text
    assert "headline,,Self-assessed cases: inspectors,adequate,2" in csv_text
    exports = AccessEvent.objects.filter(
        object_type="audit", action=AccessAction.EXPORT, actor_username="inspector"
    )
    assert sorted(exports.values_list("detail__format", flat=True)) == ["csv", "pdf"]


def test_the_report_estimates_the_whole_population_from_the_drawn_sample(client_for, cast, districts):
    # 10 domestic abuse cases in the population, 4 drawn; 1 of the 4 graded inadequate by the force
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 10})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 4})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    for i, audit_case in enumerate(audit.audit_cases.all()):
        grade(cast["auditor"], audit_case, "inadequate" if i == 0 else "good")
    page = client_for("auditor").get(reverse("audits:report", args=[audit.pk])).content.decode()
    assert 'id="force-estimate"' in page
    assert "We estimate 25% of the 10 cases in this audit&#x27;s population were inadequate, between" in page
    assert "stratified variance" in page
    pdf = queued_export(client_for("auditor"), reverse("audits:report_pdf", args=[audit.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "We estimate 25% of the 10 cases" in " ".join(text.split())
    csv_text = client_for("auditor").get(reverse("audits:report_csv", args=[audit.pk])).content.decode()
    assert "population_estimate,share,,inadequate,0.2500" in csv_text
