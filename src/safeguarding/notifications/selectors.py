"""Notifications read by their recipient. The words are made here, at reading time, and name a
case or a child only if the reader may still see that case (cases.scoping): someone moved to
another district keeps the notification but not what it said."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from safeguarding.access.models import User
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.notifications.models import Notification, NotificationKind, NotificationPreference
from safeguarding.standards.selectors import standard_name
from safeguarding.wording import counted

PAGE_SIZE = 50
OUT_OF_SCOPE = "About a case you can no longer open."


@dataclass(frozen=True)
class NotificationLine:
    pk: int
    kind: str
    title: str
    text: str
    url: str
    created_at: dt.datetime
    read: bool
    # Names a case or a child: the page that shows it is logged (a consultation).
    case_id: int | None = None


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_for(user: User) -> NotificationPreference:
    """The user's choices, or the defaults (unsaved) if they never chose."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def _digest_text(counts: dict) -> str:
    parts = []
    words = {
        NotificationKind.INCIDENT_ON_PLAN: (
            "new incident on a child with a plan",
            "new incidents on children with a plan",
        ),
        NotificationKind.ITEM_OVERDUE: ("worklist item of yours overdue", "worklist items of yours overdue"),
        NotificationKind.SIGN_OFF_REQUESTED: ("case waiting for sign-off", "cases waiting for sign-off"),
        "team_overdue": ("item on your team's worklist overdue", "items on your team's worklist overdue"),
    }
    for key, (one, many) in words.items():
        if counts.get(key):
            parts.append(counted(counts[key], one, many))
    return "In the last day, still unread or new: " + "; ".join(parts) + "." if parts else "Nothing new."


def _words(notification: Notification, visible: set[int]) -> tuple[str, str, int | None]:
    """What the line says, where it links and the case it names (None: it names none)."""
    kind = notification.kind
    if kind == NotificationKind.DAILY_DIGEST:
        return _digest_text(notification.counts), "", None
    case = notification.case
    if case is None or case.pk not in visible:
        return OUT_OF_SCOPE, "", None
    child = notification.child
    if kind == NotificationKind.INCIDENT_ON_PLAN:
        about = f"{child.full_name}, on a child protection plan" if child else "a child on a protection plan"
        text = f"An incident was recorded on case {case.reference} about {about}."
    elif kind == NotificationKind.ITEM_OVERDUE:
        who = f" for {child.full_name}" if child else ""
        text = f"{standard_name(notification.standard_id)} on case {case.reference}{who} is now overdue."
    else:
        text = f"Closing case {case.reference} is waiting for a supervisor's sign-off."
    return text, reverse("cases:case", args=[case.pk]), case.pk


def _line(notification: Notification, visible: set[int]) -> NotificationLine:
    text, url, case_id = _words(notification, visible)
    return NotificationLine(
        pk=notification.pk,
        kind=notification.kind,
        title=NotificationKind(notification.kind).label,
        text=text,
        url=url,
        created_at=notification.created_at,
        read=notification.read_at is not None,
        case_id=case_id,
    )


def notifications_for(
    viewer: User, *, unread_only: bool = False, limit: int = PAGE_SIZE
) -> list[NotificationLine]:
    """The viewer's own notifications, newest first, worded for what the viewer may see now."""
    rows = Notification.objects.filter(recipient=viewer).select_related("case", "child")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    found = list(rows[:limit])
    case_ids = {row.case_id for row in found if row.case_id}
    visible = set(cases_visible_to(viewer).filter(pk__in=case_ids).values_list("pk", flat=True))
    return [_line(row, visible) for row in found]
