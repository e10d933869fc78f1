from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models

from safeguarding.access.roles import ROLE_PERMISSIONS, ROLE_SCOPE, Permission, Role, Scope


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.OFFICER)
    districts = models.ManyToManyField("force.District", blank=True, related_name="staff")
    team = models.ForeignKey(
        "force.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Set when an administrator gives a temporary password: the next sign-in must change it.
    must_change_password = models.BooleanField(default=False)

    def can(self, permission: Permission) -> bool:
        return self.is_active and permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def scope(self) -> Scope:
        return ROLE_SCOPE.get(self.role, Scope.NONE)

    def district_ids(self) -> set[int]:
        # Cached per request object: selectors ask on every query.
        if not hasattr(self, "_district_ids"):
            self._district_ids = set(self.districts.values_list("id", flat=True))
        return self._district_ids

    def covers_district(self, district_id: int | None) -> bool:
        if self.scope == Scope.FORCE:
            return True
        if self.scope == Scope.OWN_DISTRICTS:
            return district_id in self.district_ids()
        return False


class AccessAction(models.TextChoices):
    VIEW = "view", "Consulted"
    SEARCH = "search", "Searched"
    LOOKUP = "lookup", "First-contact lookup"
    CREATE = "create", "Collected (created)"
    UPDATE = "update", "Altered"
    EXPORT = "export", "Disclosed (exported)"
    IMPORT = "import", "Collected (imported)"
    COMBINE = "combine", "Combined (matched)"
    ERASE = "erase", "Erased"
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Sign-in refused"
    LOCKOUT = "lockout", "Locked out"
    LOGOUT = "logout", "Logged out"
    ACCOUNT = "account", "Account security changed"
    DENIED = "denied", "Refused"


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The access log is append-only.")

    def delete(self):
        raise PermissionDenied("The access log is append-only.")


class AccessEvent(models.Model):
    """One row per consultation, collection, alteration, disclosure or erasure (DPA 2018 s62).

    Actor and object are stored as text, not foreign keys, so that erasing live data never
    erases its trail.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=32)
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    district_id = models.BigIntegerField(null=True)
    outside_own_district = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    query = models.TextField(
        blank=True, help_text="Search terms, kept only here (never in application logs)."
    )
    detail = models.JSONField(default=dict, blank=True)
    recipient = models.CharField(max_length=200, blank=True, help_text="Who a disclosure went to.")

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # "what happened to this record": the admin's filter by object
            models.Index(fields=["object_type", "object_id"], name="access_event_object_idx"),
            # "what did this user do": the admin's filter by actor
            models.Index(fields=["actor_id", "at"], name="access_event_actor_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outside_own_district=True) | ~models.Q(reason=""),
                name="access_event_outside_district_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The access log is append-only.")


class SignedInSession(models.Model):
    """One signed-in browser session, so a user can see and end their others and an admin can
    end a user's. Keyed by the session key; deleting the row and the session ends it."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    user_agent = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"session of user {self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"
