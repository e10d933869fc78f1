"""In-app notifications (issue 25) and what each user chooses to be told.

A notification holds ids, never words about a child: the page words it when it is read, and
only for a reader who may still see the case (selectors.py), so a notification outlives
nobody's scope and the table holds no personal data of its own."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    INCIDENT_ON_PLAN = "incident_on_plan", "A new incident on a child with a protection plan"
    ITEM_OVERDUE = "item_overdue", "A worklist item of yours became overdue"
    SIGN_OFF_REQUESTED = "sign_off_requested", "A case is waiting for your sign-off"
    DAILY_DIGEST = "daily_digest", "Your daily summary"


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    # What makes it "the same" notification, so a job run twice tells nobody twice: the entry,
    # the closure request, the worklist item and its due time, or the digest's day.
    key = models.CharField(max_length=120)
    # Derived from the case: it goes when the case goes (not an audit trail; the log is that).
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    standard_id = models.CharField(max_length=32, blank=True)
    # The digest's counts by what they count (no names).
    counts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notification_once_per_key"),
            models.CheckConstraint(
                condition=Q(kind="daily_digest") | Q(case__isnull=False), name="notification_names_its_case"
            ),
        ]
        indexes = [
            # the header's badge and the page: a user's unread notifications, newest first
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for user {self.recipient_id}"


class NotificationPreference(models.Model):
    """Which notifications a user wants; no row means the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    incident_on_plan = models.BooleanField(
        default=True, verbose_name="A new incident on a child with a child protection plan in your team"
    )
    item_overdue = models.BooleanField(default=True, verbose_name="An item on your worklist becomes overdue")
    sign_off_requested = models.BooleanField(
        default=True, verbose_name="An officer asks you to sign off closing a case"
    )
    daily_digest = models.BooleanField(default=True, verbose_name="A summary once a day")
    by_email = models.BooleanField(
        default=False,
        verbose_name="Send them by e-mail as well",
        help_text="The e-mail says only that there is something to read, with a link to sign in.",
    )

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, False))
