import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.models import Device, ThrottlingMixin

from safeguarding.access import chain
from safeguarding.access.labels import record_description
from safeguarding.access.roles import ROLE_PERMISSIONS, ROLE_SCOPE, Permission, Role, Scope


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.OFFICER)
    districts = models.ManyToManyField("force.District", blank=True, related_name="staff")
    team = models.ForeignKey(
        "force.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Set when an administrator gives a temporary password: the next sign-in must change it.
    must_change_password = models.BooleanField(default=False)
    # ...and that temporary password is refused after this time (TEMPORARY_PASSWORD_HOURS).
    temporary_password_expires_at = models.DateTimeField(null=True, blank=True)
    # Single sign-on: the identity provider's `sub` for this user, linked by an administrator
    # (`safeguarding link-sign-on`); a provider's user with no linked subject is refused.
    oidc_subject = models.CharField(max_length=255, null=True, blank=True, unique=True)

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
    TOKEN_ISSUE = "token_issue", "API token issued"
    TOKEN_REVOKE = "token_revoke", "API token revoked"
    NOT_FOUND = "not_found", "Not found (or out of scope)"


class AccessEventQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # Each row gets its digest as save() gives it; the next seal links them into the chain.
        objs = list(objs)
        for event in objs:
            event.prepare_for_chain()
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise PermissionDenied("The access log is append-only.")

    def delete(self):
        raise PermissionDenied("The access log is append-only.")


class AccessEvent(models.Model):
    """One row per consultation, collection, alteration, disclosure or erasure (DPA 2018 s62).

    Actor and object are stored as text, not foreign keys, so that erasing live data never
    erases its trail. Each event carries a digest of its content and, once sealed, its place in a
    hash chain (access/chain.py, ADR 0004), so an altered history shows.
    """

    # Set before the insert (not auto_now_add, which would set it after the digest is taken).
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
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
    salt = models.CharField(
        max_length=32, editable=False, help_text="Random, per event: salts the personal fields' commitments."
    )
    digest = models.CharField(
        max_length=64, editable=False, help_text="sha256 of the content fields (access/chain.py)."
    )
    # Set once, by the sealer; the database refuses any other change (migration 0003).
    seq = models.BigIntegerField(null=True, unique=True, editable=False)
    chain = models.CharField(max_length=64, null=True, editable=False)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # "what happened to this record": the admin's filter by object
            models.Index(fields=["object_type", "object_id"], name="access_event_object_idx"),
            # "what did this user do": the admin's filter by actor
            models.Index(fields=["actor_id", "at"], name="access_event_actor_idx"),
            # the sealer's "unsealed events, oldest first" (chain._HEAD_AND_PENDING)
            models.Index(fields=["id"], condition=models.Q(seq=None), name="access_event_unsealed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outside_own_district=True) | ~models.Q(reason=""),
                name="access_event_outside_district_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(seq=None, chain=None) | models.Q(seq__gte=1, chain__isnull=False),
                name="access_event_sealed_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        self.prepare_for_chain()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The access log is append-only.")

    def prepare_for_chain(self) -> None:
        """Fix the content as the database will give it back and take its digest. The chain
        fields are the sealer's alone."""
        if self.pk is not None:
            raise PermissionDenied("The access log is append-only.")
        if self.at is None:
            self.at = timezone.now()
        for name in chain.TEXT_FIELDS:
            value = getattr(self, name)
            setattr(self, name, "" if value is None else str(value))
        for name in ("actor_id", "district_id"):
            value = getattr(self, name)
            setattr(self, name, None if value is None else int(value))
        self.outside_own_district = bool(self.outside_own_district)
        self.detail = {} if self.detail is None else self.detail
        self.seq = self.chain = None
        self.salt = self.salt or secrets.token_hex(16)
        self.digest = chain.content_digest({name: getattr(self, name) for name in chain.CONTENT_FIELDS})

    @property
    def record_text(self) -> str:
        """The record in words, for the pages (the stored type and id stay as they are)."""
        return record_description(self.object_type, self.object_id, self.object_label)

    @property
    def actor_role_label(self) -> str:
        """The role's name ("Safeguarding unit"), not its code; an old, unknown code as it is."""
        return Role(self.actor_role).label if self.actor_role in Role.values else self.actor_role


class TokenScope(models.TextChoices):
    """What an API token may be used for; its user's role and districts still bound it."""

    READ = "read", "Read (GET, and the first-contact lookup)"
    WRITE = "write", "Write (create and change records)"
    IMPORT = "import", "Import (bulk loads through the API)"


def password_fingerprint(user: User) -> str:
    """A keyed digest of the user's password hash: it changes whenever the password does
    (a change, a reset by an administrator, an unusable password), so a token minted before
    no longer matches. The hash itself is never copied onto the token."""
    return salted_hmac("safeguarding.access.ApiToken.password", user.password, algorithm="sha256").hexdigest()


def token_digest(secret: str) -> str:
    # The secret is 256 random bits: a fast hash is enough (nothing to brute-force), and a
    # lookup costs one indexed read.
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """An API credential. Only its prefix (to find it) and a SHA-256 digest of its secret are
    stored; the token itself is shown once, when it is created.

    A token works while it is not revoked, not expired, its user is active, and its user's
    password is the one it was created under. What it may do is its scopes intersected with its
    user's role permissions and district scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(max_length=100, help_text="What the token is for, e.g. 'CAD integration'.")
    prefix = models.CharField(max_length=16, unique=True, help_text="Public part, to find the token.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the secret part.")
    scopes = models.JSONField(default=list, help_text="TokenScope values.")
    password_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_username = models.CharField(max_length=150)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_username = models.CharField(max_length=150, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason=""),
                name="api_token_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.label})"

    def secret_matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.digest, token_digest(secret))

    def refusal(self, *, now=None) -> str:
        """Why the token does not work now; empty when it does."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return f"revoked: {self.revoked_reason}"
        if self.expires_at <= now:
            return "expired"
        if not self.user.is_active:
            return "user deactivated"
        if not hmac.compare_digest(self.password_fingerprint, password_fingerprint(self.user)):
            return "password changed since it was created"
        return ""

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


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


RECOVERY_LOOKUP_LENGTH = 4
RECOVERY_SECRET_LENGTH = 8  # base32: 40 bits


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """The user's one-time recovery codes (a django-otp device, tried by `match_token`), each kept
    only as a salted password hash (ASVS V6.5.2). A code reads `IIII-SSSSSSSS`: the first part
    finds its row (not secret), the second (40 random bits) is checked against the hash, so a
    wrong code costs one hash at most, and a TOTP code none. Wrong codes are throttled."""

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        code = "".join(str(token).upper().split()).replace("-", "")
        if len(code) != RECOVERY_LOOKUP_LENGTH + RECOVERY_SECRET_LENGTH:
            return False  # a TOTP code, not a recovery code: no hash, no throttle
        lookup, secret = code[:RECOVERY_LOOKUP_LENGTH], code[RECOVERY_LOOKUP_LENGTH:]
        match = self.codes.filter(lookup=lookup).first()
        if match is not None and check_password(secret, match.code_hash):
            match.delete()
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    lookup = models.CharField(max_length=8)
    code_hash = models.CharField(max_length=256)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "lookup"], name="recovery_code_lookup_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.lookup} of device {self.device_id}"
