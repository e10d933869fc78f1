"""Who is told of what (ADR: notifications). Decided from the role model (access/roles.py), not
from role names: a role is "casework in its own districts" if its reads are limited to its
districts and it may open a child's record; a signer if it may also supervise cases."""

from django.db.models import Q, QuerySet

from safeguarding.access.models import User
from safeguarding.access.roles import ROLE_PERMISSIONS, ROLE_SCOPE, Permission, Scope
from safeguarding.cases.models import Case


def _roles(scope: Scope, *permissions: Permission) -> list[str]:
    return [
        role
        for role, role_scope in ROLE_SCOPE.items()
        if role_scope == scope and all(p in ROLE_PERMISSIONS.get(role, ()) for p in permissions)
    ]


def _staff_of(case: Case, roles: list[str]) -> QuerySet[User]:
    """Active users of these roles who work in the case's district (so they may open the case)."""
    return User.objects.filter(is_active=True, role__in=roles, districts=case.district_id)


def told_of_incident(case: Case, *, recorded_by_id: int | None) -> QuerySet[User]:
    """A new incident on a child with a protection plan: the district's caseworkers (officers and
    supervisors) of the case's team, and its officer in charge and supervisor; a case with no
    team tells its district's supervisors instead. Never the one who recorded it. The
    force-wide unit is not told: it would hear of every incident in the force."""
    caseworkers = _staff_of(case, _roles(Scope.OWN_DISTRICTS, Permission.VIEW_CHILD_RECORD))
    named = [pk for pk in (case.officer_in_charge_id, case.supervisor_id) if pk]
    if case.team_id:
        who = Q(team_id=case.team_id) | Q(pk__in=named)
    else:
        who = Q(role__in=_roles(Scope.OWN_DISTRICTS, Permission.SUPERVISE_CASES)) | Q(pk__in=named)
    return caseworkers.filter(who).exclude(pk__in=[recorded_by_id] if recorded_by_id else []).distinct()


def told_of_sign_off(case: Case, *, requested_by_id: int | None) -> QuerySet[User]:
    """A closure waiting for sign-off: everyone who may sign it off (closure.closure_approve:
    SUPERVISE_CASES, the case in their scope, not the one who asked). The district's supervisors;
    only if it has none, the force-wide unit, so a request is never left unheard."""
    local = (
        _staff_of(case, _roles(Scope.OWN_DISTRICTS, Permission.SUPERVISE_CASES, Permission.EDIT_RECORDS))
        .exclude(pk__in=[requested_by_id] if requested_by_id else [])
        .distinct()
    )
    if local.exists():
        return local
    return User.objects.filter(
        is_active=True, role__in=_roles(Scope.FORCE, Permission.SUPERVISE_CASES, Permission.EDIT_RECORDS)
    ).exclude(pk__in=[requested_by_id] if requested_by_id else [])
