"""Rebuild section 5 of the West Yorkshire report (seed 000) from entered audits.

"practice was viewed as good by the force assessors in 17 of the cases, adequate in 7,
inadequate in 3 and the remaining 5 were assessed as requiring improvement. Inspectors reviewed
all 33 cases ... They found 9 cases to be good, 7 adequate, 7 requiring improvement and 10
inadequate. ... Inspectors selected and examined a further 64 cases ... Seventeen were assessed
as good, 20 adequate, 12 requiring improvement and 15 inadequate."

The force's figures add up to 32, not 33 ("the force was not asked to rate each of the 33
self-assessed cases individually"): one self-assessed case has no force grade, and the report
must say so rather than invent one.
"""

import re

import pytest
from django.urls import reverse

from safeguarding.audits import services
from safeguarding.audits.vocabulary import CaseScope
from safeguarding.cases.vocabulary import ANNEX_A_SAMPLE, CaseType
from tests.audits.builders import add_by_hand, grade, make_audit, make_pool

pytestmark = pytest.mark.django_db

GRADES = ("good", "adequate", "requires_improvement", "inadequate")
FORCE = {"good": 17, "adequate": 7, "requires_improvement": 5, "inadequate": 3}
INSPECTORS = {"good": 9, "adequate": 7, "requires_improvement": 7, "inadequate": 10}
FURTHER = {"good": 17, "adequate": 20, "requires_improvement": 12, "inadequate": 15}


def _spread(counts: dict[str, int]) -> list[str]:
    return [grade for grade in GRADES for _ in range(counts[grade])]


def _cell(html: str, name: str) -> str:
    match = re.search(rf'data-cell="{re.escape(name)}">([^<]*)<', html)
    assert match, f"no cell {name}"
    return match.group(1).strip()


@pytest.fixture
def west_yorkshire(cast, districts):
    auditor, inspector = cast["auditor"], cast["inspector"]
    # The Annex A pool: exactly the 33 self-assessed cases, across both districts.
    make_pool(districts["north"], {t: n - n // 2 for t, n in ANNEX_A_SAMPLE.items()})
    make_pool(districts["south"], {t: n // 2 for t, n in ANNEX_A_SAMPLE.items()})
    audit = make_audit(auditor, title="National Child Protection Inspection", kind="inspection")
    services.audit_assign(actor=auditor, audit=audit, auditor=inspector)
    sample = services.audit_draw_sample(actor=auditor, audit=audit)
    assert len(sample) == 33

    sample = sorted(sample, key=lambda audit_case: audit_case.case_id)
    force_grades = _spread(FORCE) + [None]  # the 33rd case: no force grade given
    for audit_case, force_grade, inspector_grade in zip(
        sample, force_grades, _spread(INSPECTORS), strict=True
    ):
        if force_grade:
            grade(auditor, audit_case, force_grade, finding=f"Force: {force_grade}")
        grade(inspector, audit_case, inspector_grade)

    further_pool = make_pool(
        districts["south"], {CaseType.DOMESTIC_ABUSE: 32, CaseType.MISSING: 32}, reported="2026-04-01"
    )
    for case, further_grade in zip(further_pool, _spread(FURTHER), strict=True):
        audit_case = add_by_hand(
            inspector, audit, case, scope=CaseScope.FURTHER, reason="Child identified at risk"
        )
        grade(inspector, audit_case, further_grade)
    return audit


def test_the_report_states_the_west_yorkshire_figures(client_for, west_yorkshire):
    html = client_for("inspector").get(reverse("audits:report", args=[west_yorkshire.pk])).content.decode()
    for key, expected in (
        ("self_force", FORCE),
        ("self_inspector", INSPECTORS),
        ("further_inspector", FURTHER),
    ):
        for grade_value in GRADES:
            assert _cell(html, f"headline:all:{key}:{grade_value}") == str(expected[grade_value]), (
                key,
                grade_value,
            )
    assert _cell(html, "headline:all:self_force:total") == "32"
    assert _cell(html, "headline:all:self_force:not_graded") == "1"
    assert _cell(html, "headline:all:self_inspector:total") == "33"
    assert _cell(html, "headline:all:further_inspector:total") == "64"

    # The thematic report's fold: requires improvement counts as inadequate.
    assert _cell(html, "fold:self_inspector:good") == "9 (27%)"
    assert _cell(html, "fold:self_inspector:inadequate") == "17 (52%)"
    assert _cell(html, "fold:further_inspector:adequate") == "20 (31%)"
    assert _cell(html, "fold:further_inspector:inadequate") == "27 (42%)"

    # 32 cases have both grades; the inspectors' grade of the unrated case was "inadequate"
    # (the last in best-first order). Positions best first: force 7*1 + 5*2 + 3*3 = 26 over 32;
    # inspectors on the same 32: 7*1 + 7*2 + 9*3 = 48. Mean difference (48 - 26) / 32 = 0.6875.
    # Bias in this direction does not depend on how the cases pair up.
    assert re.search(r'id="cmp-pairs">([^<]*)<', html).group(1) == "32"
    bias = re.search(r'id="cmp-bias">([^<]*)<', html).group(1)
    assert bias.startswith("0.69") and "force graded higher" in bias

    # By case type: each Annex A type appears with its number of self-assessed cases.
    for case_type, count in ANNEX_A_SAMPLE.items():
        total = _cell(html, f"case_type:{case_type}:self_inspector:total")
        assert total == str(count), case_type
    assert "Child protection enquiry (s47)" in html
    # By district: the two districts share the 33 (and the further cases are all south).
    north = int(_cell(html, "district:north:self_inspector:total"))
    south = int(_cell(html, "district:south:self_inspector:total"))
    assert north + south == 33 and _cell(html, "district:south:further_inspector:total") == "64"
    # Findings grouped by stage.
    assert "Initial contact" in html and "Force: good" in html


def test_the_force_side_sees_its_own_and_the_inspectors_self_assessed_figures(client_for, west_yorkshire):
    html = client_for("auditor").get(reverse("audits:report", args=[west_yorkshire.pk])).content.decode()
    assert _cell(html, "headline:all:self_force:good") == "17"
    # Blind marking holds: the case the force never graded keeps the inspectors' grade from it.
    assert _cell(html, "headline:all:self_inspector:inadequate") == "9"
    assert _cell(html, "headline:all:self_inspector:not_graded") == "1"
    assert 'data-cell="headline:all:further_inspector' not in html
