"""Closing a case with a supervisor's sign-off, reopening it, and reassigning it (issue 17).

An officer asks to close with the case's outcome; a supervisor of the case's districts signs it
off (the case closes, keeping case_close's rules) or returns it with a reason. Reopening and
reassigning the officer in charge and team are a supervisor's decisions, scope-checked like
every write and logged with their reason. Each change of the case keeps its previous version
(records/history.py)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.cases import services
from safeguarding.cases.hooks import cases_changed, closure_requested
from safeguarding.cases.models import Case, ClosureRequest, ClosureStatus
from safeguarding.cases.scoping import NOT_FOUND, cases_editable_by, reference_problems
from safeguarding.records.history import snapshot, stale_check, version_kept, with_updated_at

SUPERVISORS_ONLY = "Only a supervisor can {what}."


def _in_scope(actor: User, case: Case) -> None:
    if not cases_editable_by(actor).filter(pk=case.pk).exists():
        raise ValidationError({"case": [NOT_FOUND.format(pk=case.pk)]})


def _supervisor(actor: User, what: str) -> None:
    if not actor.can(Permission.SUPERVISE_CASES):
        raise ValidationError(SUPERVISORS_ONLY.format(what=what))


def _log(actor: User, case: Case, action: AccessAction, reason: str = "", **detail: Any) -> None:
    access_record(
        actor=actor,
        action=action,
        object_type=record_type(Case),
        object_id=case.pk,
        object_label=case.reference,
        district_id=case.district_id,
        reason=reason,
        detail=detail,
    )


def pending_closure(case: Case) -> ClosureRequest | None:
    return case.closure_requests.filter(status=ClosureStatus.PENDING).select_related("requested_by").first()


def closure_request(*, actor: User, case: Case, outcome: str) -> ClosureRequest:
    """Ask to close: the outcome stated, every subject child's outcome recorded (OUTCOME)."""
    _in_scope(actor, case)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": ["State the outcome of the case to ask for it to close."]})
    if not case.is_open:
        raise ValidationError("This case is already closed.")
    if pending_closure(case) is not None:
        raise ValidationError("This case is already waiting for a supervisor's sign-off.")
    problems = services._closing_problems(case, timezone.now())
    if problems:
        raise ValidationError(problems[0])
    with transaction.atomic():
        request = ClosureRequest.objects.create(
            case=case, requested_by=actor, requested_at=timezone.now(), outcome=outcome
        )
        _log(actor, case, AccessAction.UPDATE, fields=["closure_request"], closure_request_id=request.pk)
        closure_requested(request)
    return request


def closure_approve(*, actor: User, request: ClosureRequest) -> Case:
    """Sign off: the case closes now. Nobody signs off their own request."""
    _supervisor(actor, "sign off closing a case")
    case = request.case
    _in_scope(actor, case)
    if request.status != ClosureStatus.PENDING:
        raise ValidationError("This request has already been decided.")
    if request.requested_by_id == actor.pk:
        raise ValidationError("Another supervisor must sign off a closure you asked for.")
    with transaction.atomic():
        request.status = ClosureStatus.APPROVED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        services.case_close(actor=actor, case=case, closed_at=request.decided_at)
    return case


def closure_return(*, actor: User, request: ClosureRequest, reason: str) -> ClosureRequest:
    """Return the request to the officer with the reason; the case stays open."""
    _supervisor(actor, "return a request to close a case")
    _in_scope(actor, request.case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the case is not ready to close."]})
    if request.status != ClosureStatus.PENDING:
        raise ValidationError("This request has already been decided.")
    with transaction.atomic():
        request.status = ClosureStatus.RETURNED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.return_reason = reason
        request.save(update_fields=["status", "decided_by", "decided_at", "return_reason"])
        _log(
            actor,
            request.case,
            AccessAction.UPDATE,
            fields=["closure_returned"],
            closure_request_id=request.pk,
        )
    return request


def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    """A supervisor reopens a closed case, giving the reason (kept in the access log)."""
    _supervisor(actor, "reopen a case")
    _in_scope(actor, case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the case is reopened."]})
    if case.is_open:
        raise ValidationError("This case is open.")
    with transaction.atomic():
        before = snapshot(case)
        version_kept(actor=actor, record=case, before=before)
        case.closed_at = None
        case.save(update_fields=with_updated_at(case, ["closed_at"]))
        _log(actor, case, AccessAction.UPDATE, reason=reason, fields=["closed_at"], reopened=True)
        cases_changed([case.pk])
    return case


def case_reassign(
    *, actor: User, case: Case, officer_in_charge: User | None, team, seen_version: int | None = None
) -> list[str]:
    """A supervisor gives the case to another officer and team, both ones they may set."""
    _supervisor(actor, "reassign a case")
    _in_scope(actor, case)
    before = snapshot(case)
    stale_check(case, seen_version)
    values = {"officer_in_charge": officer_in_charge, "team": team}
    problems = reference_problems(actor, Case, values)
    if problems:
        raise ValidationError(problems)
    changed = [name for name, value in values.items() if getattr(case, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        version_kept(actor=actor, record=case, before=before, seen_version=seen_version)
        for name in changed:
            setattr(case, name, values[name])
        case.save(update_fields=with_updated_at(case, changed))
        _log(actor, case, AccessAction.UPDATE, fields=sorted(changed), reassigned=True)
        cases_changed([case.pk])
    return sorted(changed)
