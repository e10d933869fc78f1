"""Roles and permissions are code (job-server's habit): one table says who may do what."""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor"
    SAFEGUARDING_UNIT = "safeguarding_unit", "Safeguarding unit"
    AUDITOR = "auditor", "Auditor"
    INSPECTOR = "inspector", "Inspector"
    PCC_ANALYST = "pcc_analyst", "PCC analyst"
    ADMIN = "admin", "Administrator"


class Permission(StrEnum):
    # Personal data: names, dates of birth, addresses, case records.
    SEARCH_PEOPLE = "search_people"
    VIEW_CHILD_RECORD = "view_child_record"
    EDIT_RECORDS = "edit_records"
    FIRST_CONTACT_LOOKUP = "first_contact_lookup"
    VIEW_WORKLIST = "view_worklist"
    VIEW_TEAM_WORKLIST = "view_team_worklist"
    # Aggregates only: no personal data ever reaches these views.
    VIEW_INDICATORS = "view_indicators"
    VIEW_REPORTS = "view_reports"
    # Audit and inspection workflow.
    MANAGE_AUDITS = "manage_audits"
    GRADE_AS_FORCE = "grade_as_force"
    GRADE_AS_INSPECTOR = "grade_as_inspector"
    MANAGE_RECOMMENDATIONS = "manage_recommendations"
    VIEW_RECOMMENDATIONS = "view_recommendations"
    IMPORT_DATA = "import_data"
    # Administration.
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_USERS = "manage_users"  # end a user's sessions, give a temporary password, reset MFA


# Which districts a role's case reads are limited to.
class Scope(StrEnum):
    OWN_DISTRICTS = "own_districts"
    FORCE = "force"
    # The cases of the audits the person is assigned to, and the people on them: an auditor or
    # inspector reads the case files they audit, not the force's records at large.
    AUDIT_CASES = "audit_cases"
    NONE = "none"  # aggregates only


ROLE_SCOPE: dict[str, Scope] = {
    Role.OFFICER: Scope.OWN_DISTRICTS,
    Role.SUPERVISOR: Scope.OWN_DISTRICTS,
    Role.SAFEGUARDING_UNIT: Scope.FORCE,
    Role.AUDITOR: Scope.AUDIT_CASES,
    Role.INSPECTOR: Scope.AUDIT_CASES,
    Role.PCC_ANALYST: Scope.NONE,
    Role.ADMIN: Scope.NONE,
}

P = Permission
_CASEWORK = {P.SEARCH_PEOPLE, P.VIEW_CHILD_RECORD, P.EDIT_RECORDS, P.FIRST_CONTACT_LOOKUP, P.VIEW_WORKLIST}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_CASEWORK),
    Role.SUPERVISOR: frozenset(_CASEWORK | {P.VIEW_TEAM_WORKLIST, P.VIEW_INDICATORS, P.VIEW_REPORTS}),
    Role.SAFEGUARDING_UNIT: frozenset(
        _CASEWORK
        | {
            P.VIEW_TEAM_WORKLIST,
            P.VIEW_INDICATORS,
            P.VIEW_REPORTS,
            P.MANAGE_AUDITS,
            P.GRADE_AS_FORCE,
            P.MANAGE_RECOMMENDATIONS,
            P.VIEW_RECOMMENDATIONS,
            P.IMPORT_DATA,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            P.SEARCH_PEOPLE,
            P.VIEW_CHILD_RECORD,
            P.VIEW_INDICATORS,
            P.VIEW_REPORTS,
            P.MANAGE_AUDITS,
            P.GRADE_AS_FORCE,
        }
    ),
    Role.INSPECTOR: frozenset(
        {
            P.SEARCH_PEOPLE,
            P.VIEW_CHILD_RECORD,
            P.VIEW_INDICATORS,
            P.VIEW_REPORTS,
            P.GRADE_AS_INSPECTOR,
            P.VIEW_RECOMMENDATIONS,
            P.MANAGE_RECOMMENDATIONS,
        }
    ),
    Role.PCC_ANALYST: frozenset({P.VIEW_INDICATORS, P.VIEW_REPORTS, P.VIEW_RECOMMENDATIONS}),
    Role.ADMIN: frozenset({P.VIEW_ACCESS_LOG, P.IMPORT_DATA, P.MANAGE_USERS}),
}

ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.OFFICER: (
        "Records the child's journey in their own district(s); first-contact lookups across the force."
    ),
    Role.SUPERVISOR: "An officer who also sees the team's worklist and the indicators.",
    Role.SAFEGUARDING_UNIT: "Force-wide casework, self-assessment audits, recommendation tracking, imports.",
    Role.AUDITOR: "Runs case audits and grades as the force; reads the cases of the audits assigned to them.",
    Role.INSPECTOR: (
        "Independent audit (blind to the force's grades until both are in) of the cases assigned to them; "
        "recommendations."
    ),
    Role.PCC_ANALYST: "Aggregates only: never a name, date of birth, address or case reference.",
    Role.ADMIN: "Reads and exports the access log; no access to case records.",
}


def role_has(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
