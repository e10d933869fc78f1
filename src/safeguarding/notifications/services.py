"""Notifications written (issue 25): from the case services' hooks (a new incident on a child
with a plan, a closure asked for) and from the scheduler (worklist items overdue, the daily
digest). Each is idempotent: a (recipient, kind, key) is told once, however often it runs.

No personal data leaves the database here: the rows hold ids, the e-mail says only that there
is something to read and links to the page, which words it for a reader still in scope."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.cases.models import Case, ClosureRequest, Incident
from safeguarding.notifications.models import Notification, NotificationKind, NotificationPreference
from safeguarding.notifications.recipients import told_of_incident, told_of_sign_off
from safeguarding.people.models import Flag, Person
from safeguarding.people.vocabulary import FlagKind
from safeguarding.standards.models import StandardResult, State, WorklistAcknowledgement
from safeguarding.standards.selectors import NOT_ON_WORKLIST

# An item is "newly overdue" if its due time passed within this window: the hourly job catches
# it on its next run even after a day's outage, and an old backlog does not flood anyone's list
# the day notifications are switched on.
OVERDUE_LOOKBACK = dt.timedelta(days=2)
DIGEST_PERIOD = dt.timedelta(days=1)


def _wanting(user_ids: Iterable[int], kind: str) -> set[int]:
    """The users among these who want this kind (no preference row: the defaults, all on)."""
    ids = set(user_ids)
    refused = NotificationPreference.objects.filter(user_id__in=ids, **{kind: False}).values_list(
        "user_id", flat=True
    )
    return ids - set(refused)


def _notify(
    user_ids: Iterable[int],
    *,
    kind: str,
    key: str,
    now: dt.datetime,
    case_id: int | None = None,
    child_id: int | None = None,
    standard_id: str = "",
    counts: dict | None = None,
) -> int:
    """One notification each to those who want it and have not had it; returns how many."""
    wanting = _wanting(user_ids, kind)
    if not wanting:
        return 0
    told = set(
        Notification.objects.filter(recipient_id__in=wanting, kind=kind, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            key=key,
            case_id=case_id,
            child_id=child_id,
            standard_id=standard_id,
            counts=counts or {},
            created_at=now,
        )
        for pk in sorted(wanting - told)
    ]
    # ignore_conflicts: a second scheduler run at the same moment is harmless, not an error.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        _email_after_commit(kind, [row.recipient_id for row in rows], now)
    return len(rows)


def _email_after_commit(kind: str, user_ids: list[int], now: dt.datetime) -> None:
    """E-mail those who asked for it, once the write that told them has committed (a refused
    write sends nothing). Off unless NOTIFICATION_EMAILS is on (it is off in the demo)."""
    if not settings.NOTIFICATION_EMAILS:
        return
    wanting = set(
        NotificationPreference.objects.filter(user_id__in=user_ids, by_email=True).values_list(
            "user_id", flat=True
        )
    )
    if not wanting:
        return

    def send() -> None:
        recipients = User.objects.filter(pk__in=wanting, is_active=True).exclude(email="")
        link = settings.SITE_URL.rstrip("/") + reverse("notifications:list")
        # No personal data in the subject or the body: what kind of news, and where to read it.
        subject = f"{settings.FORCE_NAME} safeguarding: {NotificationKind(kind).label.lower()}"
        body = (
            "There is something new for you in the safeguarding system.\n\n"
            f"Sign in to read it: {link}\n\n"
            "You can choose which notifications you get on the same page."
        )
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in recipients]
        send_mass_mail(messages, fail_silently=False)
        Notification.objects.filter(
            recipient__in=recipients, kind=kind, created_at=now, emailed_at__isnull=True
        ).update(emailed_at=timezone.now())

    transaction.on_commit(send)


# --- From the case services' hooks -----------------------------------------------------------


def children_on_plan(incident: Incident, day: dt.date) -> list[int]:
    """The children of the incident (its child, or every child of the case when it names none)
    who are on a child protection plan on that day."""
    if incident.child_id:
        children: Any = [incident.child_id]
    else:
        children = Person.objects.filter(case_roles__case_id=incident.case_id, is_child=True).values("pk")
    return list(
        Flag.objects.filter(person_id__in=children, kind=FlagKind.CP_PLAN, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )


def notify_entry_recorded(entry: object) -> int:
    """Subscribed to cases.hooks.entry_recorded: an incident on a child with a plan tells the
    case's team (recipients.told_of_incident)."""
    if not isinstance(entry, Incident):
        return 0
    now = timezone.now()
    children = children_on_plan(entry, timezone.localdate(now))
    if not children:
        return 0
    case = Case.objects.get(pk=entry.case_id)
    told = told_of_incident(case, recorded_by_id=entry.recorded_by_id).values_list("pk", flat=True)
    return _notify(
        told,
        kind=NotificationKind.INCIDENT_ON_PLAN,
        key=f"incident:{entry.pk}",
        now=now,
        case_id=case.pk,
        child_id=children[0],
    )


def notify_closure_requested(request: object) -> int:
    """Subscribed to cases.hooks.closure_requested: those who may sign it off are told."""
    if not isinstance(request, ClosureRequest):
        return 0
    told = told_of_sign_off(request.case, requested_by_id=request.requested_by_id).values_list(
        "pk", flat=True
    )
    return _notify(
        told,
        kind=NotificationKind.SIGN_OFF_REQUESTED,
        key=f"closure:{request.pk}",
        now=timezone.now(),
        case_id=request.case_id,
    )


# --- From the scheduler ------------------------------------------------------------------------


def overdue_items_notify(now: dt.datetime | None = None) -> int:
    """Tell each owner of a worklist item whose due time passed lately (OVERDUE_LOOKBACK) that it
    is overdue; an item already told of is not told again. Returns notifications written."""
    now = now or timezone.now()
    acknowledged = WorklistAcknowledgement.objects.filter(
        case_id=OuterRef("case_id"),
        standard_id=OuterRef("standard_id"),
        evidence_type=OuterRef("evidence_type"),
        evidence_id=OuterRef("evidence_id"),
    )
    items = (
        StandardResult.objects.filter(
            actionable=True,
            state=State.NOT_MET,
            due_at__lte=now,
            due_at__gt=now - OVERDUE_LOOKBACK,
            owner__isnull=False,
            owner__is_active=True,
        )
        .exclude(standard_id__in=NOT_ON_WORKLIST)
        .exclude(Exists(acknowledged))
        .values_list("owner_id", "case_id", "child_id", "standard_id", "due_at")
    )
    # The item, not the result row (the evaluator replaces rows): case, standard, child and the due
    # time it missed. A new due time is a new item.
    found = {
        (owner_id, f"item:{case_id}:{standard_id}:{child_id or '-'}:{due_at:%Y%m%dT%H%M}"): (
            case_id,
            child_id,
            standard_id,
        )
        for owner_id, case_id, child_id, standard_id, due_at in items.iterator()
    }
    kind = NotificationKind.ITEM_OVERDUE
    wanting = _wanting({owner_id for owner_id, _ in found}, kind)
    told = set(
        Notification.objects.filter(
            kind=kind, recipient_id__in=wanting, created_at__gte=now - 2 * OVERDUE_LOOKBACK
        ).values_list("recipient_id", "key")
    )
    rows = [
        Notification(
            recipient_id=owner_id,
            kind=kind,
            key=key,
            case_id=case_id,
            child_id=child_id,
            standard_id=standard_id,
            created_at=now,
        )
        for (owner_id, key), (case_id, child_id, standard_id) in sorted(found.items())
        if owner_id in wanting and (owner_id, key) not in told
    ]
    with transaction.atomic():
        # In one statement, whatever the number (ignore_conflicts: a told item is never told twice).
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        if rows:
            _email_after_commit(kind, sorted({row.recipient_id for row in rows}), now)
    return len(rows)


def _team_overdue(user: User, since: dt.datetime) -> int:
    """For a supervisor: items on their team's cases (their districts', or the cases they
    supervise) that became overdue since then, told to their owners."""
    if not user.can(Permission.VIEW_TEAM_WORKLIST) or user.scope != Scope.OWN_DISTRICTS:
        return 0
    return (
        Notification.objects.filter(kind=NotificationKind.ITEM_OVERDUE, created_at__gte=since)
        .filter(Q(case__district_id__in=user.district_ids()) | Q(case__supervisor=user))
        .exclude(recipient=user)
        .count()
    )


def daily_digests_send(now: dt.datetime | None = None) -> int:
    """Once a day, each user who wants one gets a summary (counts only) of what came for them in
    the last day and is still unread, and a supervisor also the team's newly overdue items.
    One digest a user a day (keyed by the day). Returns digests written."""
    now = now or timezone.now()
    since = now - DIGEST_PERIOD
    day = timezone.localdate(now).isoformat()
    unread: dict[int, Counter] = {}
    for recipient_id, kind in (
        Notification.objects.filter(created_at__gte=since, read_at__isnull=True)
        .exclude(kind=NotificationKind.DAILY_DIGEST)
        .values_list("recipient_id", "kind")
    ):
        unread.setdefault(recipient_id, Counter())[kind] += 1
    users = User.objects.filter(
        pk__in=_wanting(User.objects.filter(is_active=True).values_list("pk", flat=True), "daily_digest")
    )
    written = 0
    with transaction.atomic():
        for user in users.iterator():
            counts = dict(unread.get(user.pk, {}))
            team = _team_overdue(user, since)
            if team:
                counts["team_overdue"] = team
            if counts:
                written += _notify(
                    [user.pk], kind=NotificationKind.DAILY_DIGEST, key=f"digest:{day}", now=now, counts=counts
                )
    return written


# --- The reader's own choices ------------------------------------------------------------------


def notification_mark_read(*, actor: User, notification_id: int) -> bool:
    """Mark one of the actor's own notifications read; False if it is not theirs (or gone)."""
    return bool(
        Notification.objects.filter(pk=notification_id, recipient=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        or Notification.objects.filter(pk=notification_id, recipient=actor).exists()
    )


def notifications_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


PREFERENCE_FIELDS = ("incident_on_plan", "item_overdue", "sign_off_requested", "daily_digest", "by_email")


def preferences_update(*, actor: User, cleaned_data: dict[str, Any]) -> NotificationPreference:
    """The actor's own choices (nobody sets another's)."""
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
        for name in PREFERENCE_FIELDS:
            setattr(preference, name, bool(cleaned_data.get(name)))
        preference.save()
    return preference
