"""Builders for audit tests: pools of cases and gradings entered through the services."""

import datetime as dt

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Role
from safeguarding.audits import services
from safeguarding.audits.vocabulary import AuditKind, CaseScope, StageJudgement
from safeguarding.cases.vocabulary import ANNEX_A_SAMPLE, Stage
from tests.factories import make_case

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def make_pool(district, per_type: dict | None = None, reported: str = "2026-03-02") -> list:
    """Cases of each type in a district: {case_type: how many}; default the Annex A mix."""
    cases = []
    for case_type, count in (per_type or ANNEX_A_SAMPLE).items():
        cases.extend(make_case(district, case_type=case_type, reported=reported) for _ in range(count))
    return cases


def audit_definer():
    """A safeguarding-unit member who defines audits, kept apart from the fixed cast so that the
    cast's `safeguarding_unit` stays unassigned (and sees 404) unless a test assigns them."""
    definer, _ = User.objects.get_or_create(
        username="unit_definer", defaults={"role": Role.SAFEGUARDING_UNIT, "last_name": "Definer"}
    )
    return definer


def make_audit(actor, *, seed: int = 2014, quotas=None, districts=(), **fields):
    """An audit defined by the safeguarding unit (an auditor may not define one) and assigned to
    `actor`; `actor` may be the definer themselves."""
    defaults = {
        "title": "Self-assessment 2026",
        "kind": AuditKind.SELF_ASSESSMENT,
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
    }
    defaults.update(fields)
    definer = actor if actor.can(Permission.DEFINE_AUDITS) else audit_definer()
    audit = services.audit_create(actor=definer, seed=seed, quotas=quotas, districts=districts, **defaults)
    if definer != actor:
        services.audit_assign(actor=definer, audit=audit, auditor=actor)
    return audit


def add_by_hand(requester, audit, case, *, scope=CaseScope.SAMPLE, reason="Added by hand", approver=None):
    """Request a case by hand and have the safeguarding unit approve it: the AuditCase."""
    addition = services.audit_addition_request(
        actor=requester, audit=audit, case=case, scope=scope, reason=reason
    )
    return services.audit_addition_decide(
        actor=approver or audit_definer(), addition=addition, approve=True, reason="Agreed"
    )


def stage_findings(grade: str, finding: str = "") -> dict[str, tuple[str, str]]:
    """Initial contact judged at the overall grade (with the finding); every other stage n/a."""
    findings = {stage: (StageJudgement.NOT_APPLICABLE.value, "") for stage in Stage.values}
    findings[Stage.INITIAL_CONTACT] = (grade, finding)
    return findings


def grade(actor, audit_case, overall: str, *, finding: str = "", submit: bool = True):
    return services.grading_save(
        actor=actor,
        audit_case=audit_case,
        stage_findings=stage_findings(overall, finding),
        overall_grade=overall,
        submit=submit,
    )
