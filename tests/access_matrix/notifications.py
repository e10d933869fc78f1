"""Notifications (issue 25): every signed-in user has their own. Another user's notification
answers 404 (tests/notifications/test_views.py)."""

from django.urls import reverse

from safeguarding.notifications.models import Notification
from tests.access_matrix.table import ALLOW, HIDDEN, Row, everyone


def build(world):
    world["notification_north"] = Notification.objects.create(
        recipient=world["cast"]["supervisor_north"],
        kind="sign_off_requested",
        key="matrix",
        case=world["case_north"],
        created_at=world["case_north"].first_reported_at,
    )


ROWS = [
    Row("notifications:list", lambda w: reverse("notifications:list"), everyone(ALLOW)),
    Row("notifications:preferences", lambda w: reverse("notifications:preferences"), everyone(ALLOW)),
    Row(
        "notifications:read",
        lambda w: reverse("notifications:read", args=[w["notification_north"].pk]),
        everyone(HIDDEN, supervisor_north=ALLOW),
        method="post",
    ),
    Row(
        "notifications:read_all", lambda w: reverse("notifications:read_all"), everyone(ALLOW), method="post"
    ),
]
