"""Audit pages: the safeguarding unit defines audits and approves cases added by hand; auditors and
the unit manage and grade as the force, inspectors grade independently; anyone not assigned to an
audit gets 404 (it looks like it does not exist)."""

import datetime as dt

from django.urls import reverse

from safeguarding.audits import services
from safeguarding.audits.vocabulary import AuditKind, AuditTheme, CaseScope
from safeguarding.cases.vocabulary import CaseType
from tests.access_matrix.table import ALLOW, DENY, HIDDEN, Row
from tests.audits.builders import add_by_hand, make_audit
from tests.factories import make_case


def build(world):
    cast = world["cast"]
    auditor, inspector, unit = cast["auditor"], cast["inspector"], cast["safeguarding_unit"]
    # Defined by a unit member outside the cast, so the cast's safeguarding unit is unassigned.
    audit = make_audit(
        auditor,
        title="Matrix audit",
        kind=AuditKind.INSPECTION,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        quotas={CaseType.DOMESTIC_ABUSE: 1},
        seed=1,
    )
    services.audit_assign(actor=auditor, audit=audit, auditor=inspector)
    services.audit_draw_sample(actor=auditor, audit=audit)
    world["audit"] = audit
    world["audit_case"] = audit.audit_cases.get(case=world["case_north"])
    # In the audit's population but outside the drawn sample: added by hand, approved by the unit.
    further = make_case(world["districts"]["south"], case_type=CaseType.DOMESTIC_ABUSE)
    world["audit_further_case"] = add_by_hand(
        inspector, audit, further, scope=CaseScope.FURTHER, reason="Matrix", approver=unit
    )
    waiting = make_case(world["districts"]["south"], case_type=CaseType.DOMESTIC_ABUSE)
    world["audit_addition"] = services.audit_addition_request(
        actor=auditor, audit=audit, case=waiting, scope=CaseScope.SAMPLE, reason="Matrix pending"
    )
    world["case_addable"] = make_case(world["districts"]["north"], case_type=CaseType.DOMESTIC_ABUSE)
    world["programme"] = services.programme_create(
        actor=unit,
        name="Matrix programme",
        themes=[AuditTheme.MISSING, AuditTheme.CSE],
        interval_months=6,
        first_round_on=dt.date(2026, 7, 1),
    )


MANAGERS = {"auditor": ALLOW, "safeguarding_unit": ALLOW}
# Defining an audit or a programme round (its population) and approving cases added by hand.
UNIT = {"safeguarding_unit": ALLOW}
# On an audit: the two assigned (auditor, inspector) see it; the unassigned safeguarding unit gets 404.
ON_AUDIT = {"auditor": ALLOW, "inspector": ALLOW, "safeguarding_unit": HIDDEN}
# Writes that need MANAGE_AUDITS: the inspector is refused before the audit is looked up.
MANAGE_ON_AUDIT = {"auditor": ALLOW, "inspector": DENY, "safeguarding_unit": HIDDEN}


def _audit(name):
    return lambda w: reverse(name, args=[w["audit"].pk])


ROWS = [
    Row("audits:index", lambda w: reverse("audits:index"), {**MANAGERS, "inspector": ALLOW}),
    Row("audits:new", lambda w: reverse("audits:new"), UNIT),
    Row("audits:detail", _audit("audits:detail"), ON_AUDIT),
    Row("audits:sample", _audit("audits:sample"), MANAGE_ON_AUDIT, method="post"),
    Row(
        "audits:assign",
        _audit("audits:assign"),
        MANAGE_ON_AUDIT,
        method="post",
        data=lambda w: {"auditor": w["cast"]["inspector"].pk},
    ),
    Row(
        "audits:case_add",
        _audit("audits:case_add"),
        ON_AUDIT,
        method="post",
        data=lambda w: {"reference": w["case_addable"].reference, "scope": "further", "reason": "Matrix"},
    ),
    Row(
        "audits:case",
        lambda w: reverse("audits:case", args=[w["audit"].pk, w["audit_case"].pk]),
        ON_AUDIT,
    ),
    Row("audits:comparison", _audit("audits:comparison"), ON_AUDIT),
    Row("audits:report", _audit("audits:report"), ON_AUDIT),
    Row("audits:report_pdf", _audit("audits:report_pdf"), ON_AUDIT),
    # POST queues the PDF for the worker (audits/exports.py) and redirects to the job's page.
    Row("audits:report_pdf", _audit("audits:report_pdf"), ON_AUDIT, method="post"),
    Row("audits:report_csv", _audit("audits:report_csv"), ON_AUDIT),
    Row("audits:programmes", lambda w: reverse("audits:programmes"), MANAGERS),
    Row("audits:programme", lambda w: reverse("audits:programme", args=[w["programme"].pk]), MANAGERS),
    Row(
        "audits:programme_schedule",
        lambda w: reverse("audits:programme_schedule", args=[w["programme"].pk]),
        UNIT,
        method="post",
    ),
    Row("audits:additions", lambda w: reverse("audits:additions"), UNIT),
    Row(
        "audits:addition_decide",
        lambda w: reverse("audits:addition_decide", args=[w["audit_addition"].pk]),
        UNIT,
        method="post",
        data={"decision": "refuse", "reason": "Outside the audit's purpose"},
    ),
]
