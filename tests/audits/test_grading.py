"""Two sides grade the same case, blind to each other until both have submitted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding.audits import selectors, services
from safeguarding.audits.models import AuditCase
from safeguarding.audits.vocabulary import CaseScope, GradingScale, Side
from safeguarding.cases.vocabulary import CaseType, Stage
from tests.audits.builders import add_by_hand, grade, make_audit, make_pool, stage_findings
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled(cast, districts):
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 2})
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 2})
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    return audit


def test_each_side_sees_the_other_only_once_both_have_submitted(cast, sampled):
    audit_case = sampled.audit_cases.first()
    auditor, inspector = cast["auditor"], cast["inspector"]
    grade(auditor, audit_case, "good")
    assert (audit_case.pk, Side.FORCE) not in selectors.visible_gradings(inspector, sampled)

    grade(inspector, audit_case, "inadequate", submit=False)  # a draft reveals nothing
    assert (audit_case.pk, Side.FORCE) not in selectors.visible_gradings(inspector, sampled)
    assert (audit_case.pk, Side.INSPECTOR) not in selectors.visible_gradings(auditor, sampled)

    grade(inspector, audit_case, "inadequate")
    assert selectors.visible_gradings(inspector, sampled)[(audit_case.pk, Side.FORCE)].overall_grade == "good"
    assert selectors.visible_gradings(auditor, sampled)[(audit_case.pk, Side.INSPECTOR)].overall_grade == (
        "inadequate"
    )


def test_the_comparison_counts_only_cases_both_have_submitted(cast, sampled):
    first, second = sampled.audit_cases.all()
    grade(cast["auditor"], first, "good")
    grade(cast["auditor"], second, "good")
    grade(cast["inspector"], first, "inadequate")
    comparison = selectors.comparison_for(cast["inspector"], sampled)
    assert comparison.pairs == 1
    assert comparison.matrix[0][3] == 1
    assert comparison.mean_difference == 3
    assert [d.audit_case.pk for d in comparison.differences] == [first.pk]


def test_a_submitted_grading_is_locked(cast, sampled):
    audit_case = sampled.audit_cases.first()
    grade(cast["auditor"], audit_case, "adequate")
    with pytest.raises(ValidationError):
        grade(cast["auditor"], audit_case, "good")


def test_submitting_needs_every_stage_and_an_overall_grade(cast, sampled):
    audit_case = sampled.audit_cases.first()
    partial = stage_findings("good")
    del partial[Stage.DETENTION]
    with pytest.raises(ValidationError):
        services.grading_save(
            actor=cast["auditor"],
            audit_case=audit_case,
            stage_findings=partial,
            overall_grade="good",
            submit=True,
        )
    with pytest.raises(ValidationError):
        services.grading_save(
            actor=cast["auditor"],
            audit_case=audit_case,
            stage_findings=stage_findings("good"),
            overall_grade="",
            submit=True,
        )
    # A draft may be partial.
    draft = services.grading_save(
        actor=cast["auditor"], audit_case=audit_case, stage_findings=partial, overall_grade="", submit=False
    )
    assert not draft.is_submitted


def test_a_three_point_audit_keeps_its_scale(cast, districts):
    make_pool(districts["north"], {CaseType.CSE: 1})
    audit = make_audit(cast["auditor"], quotas={CaseType.CSE: 1}, scale=GradingScale.THREE_POINT)
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    audit_case = audit.audit_cases.get()
    with pytest.raises(ValidationError):
        grade(cast["auditor"], audit_case, "adequate")
    assert grade(cast["auditor"], audit_case, "requires_improvement").is_submitted


def test_only_the_inspectors_grade_further_cases(cast, sampled, districts):
    further_case = make_case(districts["south"], case_type=CaseType.DOMESTIC_ABUSE)
    audit_case = add_by_hand(
        cast["inspector"], sampled, further_case, scope=CaseScope.FURTHER, reason="Child held overnight"
    )
    assert audit_case.added_by_hand
    with pytest.raises(PermissionDenied):
        grade(cast["auditor"], audit_case, "good")
    assert grade(cast["inspector"], audit_case, "inadequate").is_submitted
    # The force side does not see the inspectors' further cases at all.
    assert audit_case not in selectors.audit_cases_for(cast["auditor"], sampled)


def test_adding_by_hand_needs_a_reason_and_inspectors_add_only_further_cases(cast, sampled, districts):
    case = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE)
    with pytest.raises(ValidationError):
        services.audit_addition_request(
            actor=cast["auditor"], audit=sampled, case=case, scope=CaseScope.SAMPLE, reason=" "
        )
    with pytest.raises(PermissionDenied):
        services.audit_addition_request(
            actor=cast["inspector"], audit=sampled, case=case, scope=CaseScope.SAMPLE, reason="want it"
        )
    added = add_by_hand(cast["auditor"], sampled, case, reason="Repeat missing child")
    assert AuditCase.objects.get(pk=added.pk).reason == "Repeat missing child"


def test_only_assigned_auditors_grade(cast, sampled):
    audit_case = sampled.audit_cases.first()
    with pytest.raises(PermissionDenied):
        grade(cast["safeguarding_unit"], audit_case, "good")
    with pytest.raises(PermissionDenied):
        grade(cast["officer_north"], audit_case, "good")


def test_the_comparison_page_shows_kappa_with_its_interval_and_method(cast, sampled, client_for):
    from django.urls import reverse

    first, second = sampled.audit_cases.all()
    grade(cast["auditor"], first, "good")
    grade(cast["auditor"], second, "inadequate")
    grade(cast["inspector"], first, "good")
    grade(cast["inspector"], second, "inadequate")
    comparison = selectors.comparison_for(cast["inspector"], sampled)
    assert comparison.kappa_linear_ci is not None
    page = client_for("inspector").get(reverse("audits:comparison", args=[sampled.pk])).content.decode()
    assert 'id="cmp-kappa-linear-ci"' in page and "95%" in page
    assert "percentile bootstrap" in page
