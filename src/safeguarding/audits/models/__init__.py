from safeguarding.audits.models.addition import AuditAddition
from safeguarding.audits.models.audit import Audit, AuditAssignment, AuditCase, CaseGrading, StageFinding
from safeguarding.audits.models.programme import AuditProgramme

__all__ = [
    "Audit",
    "AuditAddition",
    "AuditAssignment",
    "AuditCase",
    "AuditProgramme",
    "CaseGrading",
    "StageFinding",
]
