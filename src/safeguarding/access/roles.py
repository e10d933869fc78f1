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
    DATA_MANAGER = "data_manager", "Data manager"
    ADMIN = "admin", "Administrator"


class Permission(StrEnum):
    # Personal data: names, dates of birth, addresses, case records.
    SEARCH_PEOPLE = "search_people"
    VIEW_CHILD_RECORD = "view_child_record"
    EDIT_RECORDS = "edit_records"
    FIRST_CONTACT_LOOKUP = "first_contact_lookup"
    VIEW_WORKLIST = "view_worklist"
    VIEW_TEAM_WORKLIST = "view_team_worklist"
    # A supervisor's decisions on a case: signing off or returning its closure, reopening it,
    # reassigning its officer in charge and team (issue 17).
    SUPERVISE_CASES = "supervise_cases"
    # Aggregates only: no personal data ever reaches these views.
    VIEW_INDICATORS = "view_indicators"
    VIEW_REPORTS = "view_reports"
    # Audit and inspection workflow.
    MANAGE_AUDITS = "manage_audits"
    # Defining an audit (its period, case types and districts) decides whose records its sample
    # can reach, so it is kept apart from running one: an auditor never chooses their population.
    DEFINE_AUDITS = "define_audits"
    # A case added to an audit by hand (outside the drawn sample) opens only once approved.
    APPROVE_AUDIT_ADDITIONS = "approve_audit_additions"
    GRADE_AS_FORCE = "grade_as_force"
    GRADE_AS_INSPECTOR = "grade_as_inspector"
    MANAGE_RECOMMENDATIONS = "manage_recommendations"
    VIEW_RECOMMENDATIONS = "view_recommendations"
    # Bulk import changes child records wholesale: a permission of its own (the data manager's).
    IMPORT_DATA = "import_data"
    # Deciding whether an imported person is someone already held means reading both records.
    REVIEW_MATCHES = "review_matches"
    # Two records of one person made one (and undone): approved by someone other than the asker.
    APPROVE_MERGES = "approve_merges"
    # Retention under MoPI (issue 23): the review worklist, retain decisions, proposing a
    # disposal and approving another's proposal (never one's own: retention/services.py).
    REVIEW_RETENTION = "review_retention"
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
    # Imports force-wide (IMPORT_DATA is not scoped), but reads no case page: no read scope.
    Role.DATA_MANAGER: Scope.NONE,
    Role.ADMIN: Scope.NONE,
}

P = Permission
_CASEWORK = {P.SEARCH_PEOPLE, P.VIEW_CHILD_RECORD, P.EDIT_RECORDS, P.FIRST_CONTACT_LOOKUP, P.VIEW_WORKLIST}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_CASEWORK),
    Role.SUPERVISOR: frozenset(
        _CASEWORK | {P.VIEW_TEAM_WORKLIST, P.VIEW_INDICATORS, P.VIEW_REPORTS, P.SUPERVISE_CASES}
    ),
    Role.SAFEGUARDING_UNIT: frozenset(
        _CASEWORK
        | {
            P.SUPERVISE_CASES,
            P.VIEW_TEAM_WORKLIST,
            P.VIEW_INDICATORS,
            P.VIEW_REPORTS,
            P.MANAGE_AUDITS,
            P.DEFINE_AUDITS,
            P.APPROVE_AUDIT_ADDITIONS,
            P.GRADE_AS_FORCE,
            P.MANAGE_RECOMMENDATIONS,
            P.VIEW_RECOMMENDATIONS,
            P.REVIEW_MATCHES,
            P.APPROVE_MERGES,
            P.REVIEW_RETENTION,
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
    Role.DATA_MANAGER: frozenset({P.IMPORT_DATA}),
    Role.ADMIN: frozenset({P.VIEW_ACCESS_LOG, P.MANAGE_USERS}),
}

ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.OFFICER: (
        "Records the child's journey in their own district(s); first-contact lookups across the force."
    ),
    Role.SUPERVISOR: "An officer who also sees the team's worklist and the indicators.",
    Role.SAFEGUARDING_UNIT: (
        "Force-wide casework; defines audits and approves cases added to them by hand; recommendation "
        "tracking; decides uncertain import matches; approves merges of duplicate records; "
        "reviews records under MoPI and approves another's proposed disposal."
    ),
    Role.AUDITOR: (
        "Draws the sample of the audits assigned to them and grades as the force; reads those cases; "
        "cases added by hand open once the safeguarding unit approves them."
    ),
    Role.INSPECTOR: (
        "Independent audit (blind to the force's grades until both are in) of the cases assigned to them; "
        "recommendations."
    ),
    Role.PCC_ANALYST: "Aggregates only: never a name, date of birth, address or case reference.",
    Role.DATA_MANAGER: (
        "Runs bulk imports of extracts force-wide and sees their problems; reads no case page, person "
        "or search."
    ),
    Role.ADMIN: "Administers users; reads and exports the access log; no access to case records, no imports.",
}


def role_has(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
