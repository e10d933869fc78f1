from safeguarding.audits.models.audit import Audit, AuditAssignment, AuditCase, CaseGrading, StageFinding
from safeguarding.audits.models.programme import AuditProgramme

__all__ = ["Audit", "AuditAssignment", "AuditCase", "AuditProgramme", "CaseGrading", "StageFinding"]
