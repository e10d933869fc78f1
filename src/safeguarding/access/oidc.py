"""Optional single sign-on by OpenID Connect (as forces use Microsoft Entra ID), off unless
OIDC_ENABLED. mozilla-django-oidc does the code flow; this module decides who may come in.

- Only existing users sign in (OIDC_CREATE_USER is off): matched by email, active only; the role
  and districts stay the administrator's to set.
- The identity provider is trusted to have done multi-factor authentication when its ID token's
  `amr` claim (RFC 8176 values) holds one of OIDC_REQUIRED_AMR (default "mfa"; Entra ID sends
  "mfa" after MFA). Then the session counts as verified; otherwise the user passes our own TOTP
  second factor as after a password.
"""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from safeguarding.access.declarations import PUBLIC


class ForceOIDCBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None or not user.is_active:
            return None
        amr = payload.get("amr") or []
        user.mfa_by_identity_provider = bool(set(settings.OIDC_REQUIRED_AMR) & set(amr))
        return user


class SignOnStart(OIDCAuthenticationRequestView):
    required_permission = PUBLIC


class SignOnCallback(OIDCAuthenticationCallbackView):
    required_permission = PUBLIC
