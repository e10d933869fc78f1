"""The stratified sample: reproducible from its stored seed, honours quotas and scope."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safeguarding.audits import services
from safeguarding.audits.models import AuditCase
from safeguarding.audits.sampling import draw_stratified
from safeguarding.audits.vocabulary import AuditKind, AuditTheme, CaseScope
from safeguarding.cases.vocabulary import ANNEX_A_SAMPLE, CaseType
from tests.audits.builders import make_audit, make_pool

pytestmark = pytest.mark.django_db


def _double_pool(districts):
    double = {case_type: 2 * count for case_type, count in ANNEX_A_SAMPLE.items()}
    return make_pool(districts["north"], double) + make_pool(districts["south"], double)


def _sampled_ids(audit) -> set[int]:
    return set(AuditCase.objects.filter(audit=audit, added_by_hand=False).values_list("case_id", flat=True))


def test_same_seed_gives_the_same_sample_and_the_draw_can_be_repeated(cast, districts):
    _double_pool(districts)
    auditor = cast["auditor"]
    first = make_audit(auditor, seed=424242)
    second = make_audit(auditor, seed=424242, title="Repeat of the draw")
    other = make_audit(auditor, seed=7, title="Another seed")
    for audit in (first, second, other):
        services.audit_draw_sample(actor=auditor, audit=audit)

    assert len(_sampled_ids(first)) == 33
    assert _sampled_ids(first) == _sampled_ids(second)
    assert _sampled_ids(first) != _sampled_ids(other)
    # The stored seed replays the draw.
    replay = services.sample_for_seed(auditor, first)
    assert {case_id for ids in replay.values() for case_id in ids} == _sampled_ids(first)


def test_each_case_type_gets_its_annex_a_quota(cast, districts):
    _double_pool(districts)
    audit = make_audit(cast["auditor"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    drawn = {}
    for audit_case in AuditCase.objects.filter(audit=audit).select_related("case"):
        drawn[audit_case.case.case_type] = drawn.get(audit_case.case.case_type, 0) + 1
    assert drawn == {str(case_type): count for case_type, count in ANNEX_A_SAMPLE.items()}


def test_a_short_stratum_gives_what_it_has():
    drawn = draw_stratified({"missing": [5, 3], "cse": [1, 2, 4, 9]}, {"missing": 3, "cse": 2}, seed=1)
    assert sorted(drawn["missing"]) == [3, 5]
    assert len(drawn["cse"]) == 2 and set(drawn["cse"]) <= {1, 2, 4, 9}


def test_a_stratum_draw_does_not_depend_on_other_strata():
    alone = draw_stratified({"cse": list(range(50))}, {"cse": 3}, seed=99)
    with_others = draw_stratified(
        {"cse": list(range(50)), "missing": [1, 2]}, {"missing": 1, "cse": 3}, seed=99
    )
    assert alone["cse"] == with_others["cse"]


def test_scope_limits_the_draw_to_districts_and_period(cast, districts):
    make_pool(districts["north"], {CaseType.MISSING: 4})
    make_pool(districts["south"], {CaseType.MISSING: 4})
    make_pool(districts["north"], {CaseType.MISSING: 4}, reported="2025-11-02")  # before the period
    audit = make_audit(cast["auditor"], quotas={CaseType.MISSING: 10}, districts=[districts["north"]])
    created = services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    assert len(created) == 4
    cases = [audit_case.case for audit_case in created]
    assert {case.district_id for case in cases} == {districts["north"].pk}
    assert all(case.first_reported_at.date() >= dt.date(2026, 1, 1) for case in cases)


def test_the_sample_is_drawn_once(cast, districts):
    make_pool(districts["north"], {CaseType.CSE: 3})
    audit = make_audit(cast["auditor"], quotas={CaseType.CSE: 2})
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    with pytest.raises(ValidationError):
        services.audit_draw_sample(actor=cast["auditor"], audit=audit)


def test_a_themed_audit_samples_its_themes_case_types(cast, districts):
    make_pool(districts["north"], {CaseType.MISSING: 12, CaseType.DOMESTIC_ABUSE: 12})
    audit = make_audit(cast["auditor"], kind=AuditKind.THEMED, theme=AuditTheme.MISSING)
    assert audit.quotas == {CaseType.MISSING: 10}
    created = services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    assert len(created) == 10
    assert {audit_case.case.case_type for audit_case in created} == {CaseType.MISSING}
    assert {audit_case.scope for audit_case in created} == {CaseScope.SAMPLE}


def test_a_theme_only_on_a_themed_audit(cast, districts):
    with pytest.raises(ValidationError):
        make_audit(cast["auditor"], kind=AuditKind.INSPECTION, theme=AuditTheme.CSE)
    with pytest.raises(ValidationError):
        make_audit(cast["auditor"], kind=AuditKind.THEMED)
