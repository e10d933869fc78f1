"""Joiners, movers and leavers: the administrator's writes to user accounts (issue 22).

Every change is one transaction with one access-log event holding the account's role,
districts, team and state before and after, so an investigator can answer "who gave this
person access to that district, and when". The pages (account_views) and the bulk CSV
command (`safeguarding users-import`) both come through here.
"""

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.models import AccessAction, ApiToken, User
from safeguarding.access.roles import ROLE_SCOPE, Role, Scope
from safeguarding.access.services import access_record, api_token_revoke
from safeguarding.access.sessions import sessions_end
from safeguarding.force.models import District, Team


@dataclass(frozen=True)
class Assignment:
    """What an account may reach: its role, districts and team."""

    role: str
    districts: frozenset[District]
    team: Team | None = None


def user_snapshot(user: User) -> dict[str, Any]:
    return {
        "role": user.role,
        "districts": sorted(d.code for d in user.districts.all()),
        "team": user.team.name if user.team_id and user.team else None,
        "active": user.is_active,
    }


def assignment_validate(assignment: Assignment) -> None:
    """A district-scoped role needs at least one district; a team belongs to one of them."""
    errors: dict[str, str] = {}
    if assignment.role not in Role.values:
        errors["role"] = f"Unknown role {assignment.role!r}; one of: {', '.join(Role.values)}."
    elif ROLE_SCOPE[assignment.role] == Scope.OWN_DISTRICTS and not assignment.districts:
        errors["districts"] = f"A {Role(assignment.role).label.lower()} works in at least one district."
    if (
        assignment.team is not None
        and ROLE_SCOPE.get(assignment.role) == Scope.OWN_DISTRICTS
        and assignment.team.district not in assignment.districts
    ):
        errors["team"] = f"The team {assignment.team.name} is not in one of the user's districts."
    if errors:
        raise ValidationError(errors)


def _temporary_password(user: User) -> str:
    temporary = secrets.token_urlsafe(12)
    user.set_password(temporary)
    user.must_change_password = True
    user.temporary_password_expires_at = timezone.now() + dt.timedelta(
        hours=settings.TEMPORARY_PASSWORD_HOURS
    )
    return temporary


def user_create(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    assignment: Assignment,
    password: str | None = None,
    password_hash: str | None = None,
) -> tuple[User, str]:
    """A joiner. Returns the account and its one-time temporary password (changed at first
    sign-in; a second factor is enrolled then). `password`, or `password_hash` (already hashed:
    the demo's shared password, hashed once for all its logins), is for the demo force only."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": "A username is required."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username} is taken."})
    assignment_validate(assignment)
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            role=assignment.role,
            team=assignment.team,
        )
        if password_hash is not None:
            user.password = password_hash
            temporary = ""
        elif password is None:
            temporary = _temporary_password(user)
        else:
            user.set_password(password)
            temporary = ""
        user.save()
        user.districts.set(assignment.districts)
        access_record(
            actor=actor,
            action=AccessAction.CREATE,
            object_type="user",
            object_id=user.pk,
            object_label=user.username,
            detail={"change": "user_created", "before": None, "after": user_snapshot(user)},
        )
    return user, temporary


def user_change(*, actor: User, user: User, assignment: Assignment) -> bool:
    """A mover: a new role, districts or team. Returns whether anything changed (nothing is
    logged when nothing did)."""
    assignment_validate(assignment)
    if user.pk == actor.pk and assignment.role != user.role:
        raise ValidationError({"role": "You cannot change your own role; ask another administrator."})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = user_snapshot(locked)
        locked.role = assignment.role
        locked.team = assignment.team
        locked.save(update_fields=["role", "team"])
        locked.districts.set(assignment.districts)
        after = user_snapshot(locked)
        if before == after:
            return False
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="user",
            object_id=locked.pk,
            object_label=locked.username,
            detail={"change": "user_changed", "before": before, "after": after},
        )
    user.refresh_from_db()
    return True


def user_deactivate(*, actor: User, user: User, reason: str = "leaver") -> bool:
    """A leaver: the account can no longer sign in, its sessions end and its API tokens are
    revoked. The account stays, so the access log and the records it wrote still name it.
    Returns whether it was active."""
    if user.pk == actor.pk:
        raise ValidationError({"user": "You cannot deactivate your own account."})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            return False
        before = user_snapshot(locked)
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="user",
            object_id=locked.pk,
            object_label=locked.username,
            reason=reason,
            detail={"change": "user_deactivated", "before": before, "after": user_snapshot(locked)},
        )
        sessions_end(actor=actor, user=locked, reason="deactivated")
        for token in ApiToken.objects.filter(user=locked, revoked_at__isnull=True):
            api_token_revoke(actor=actor, token=token, reason="account deactivated")
    user.refresh_from_db()
    return True


def user_reactivate(*, actor: User, user: User) -> tuple[bool, str]:
    """A returner: active again with a new temporary password. Returns (changed, password)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            return False, ""
        before = user_snapshot(locked)
        locked.is_active = True
        temporary = _temporary_password(locked)
        locked.save(
            update_fields=["is_active", "password", "must_change_password", "temporary_password_expires_at"]
        )
        access_record(
            actor=actor,
            action=AccessAction.UPDATE,
            object_type="user",
            object_id=locked.pk,
            object_label=locked.username,
            detail={"change": "user_reactivated", "before": before, "after": user_snapshot(locked)},
        )
    user.refresh_from_db()
    return True, temporary


def districts_by_code(codes: Iterable[str]) -> frozenset[District]:
    """The districts named by their codes; an unknown code is an error naming it."""
    wanted = {code.strip() for code in codes if code.strip()}
    found = {d.code: d for d in District.objects.filter(code__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError({"districts": f"Unknown district code(s): {', '.join(missing)}."})
    return frozenset(found.values())


def team_named(name: str, districts: Iterable[District]) -> Team | None:
    """The team of that name in one of the districts; blank for none."""
    name = name.strip()
    if not name:
        return None
    teams = list(Team.objects.filter(name=name, district__in=list(districts)).select_related("district"))
    if len(teams) != 1:
        where = "in the user's districts" if not teams else "in more than one of the user's districts"
        raise ValidationError({"team": f"No single team named {name!r} {where}."})
    return teams[0]
