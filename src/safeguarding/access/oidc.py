"""Optional single sign-on by OpenID Connect (as forces use Microsoft Entra ID), off unless
OIDC_ENABLED. mozilla-django-oidc does the code flow (with PKCE, `OIDC_USE_PKCE`, and its random
`state` and `nonce`); this module decides which tokens to accept and who may come in.

- The ID token must come from the configured issuer (`iss` == OIDC_OP_ISSUER) and be meant for
  us (`aud` holds OIDC_RP_CLIENT_ID; with several audiences, `azp` is our client id):
  mozilla-django-oidc checks the signature and the nonce but decodes with `verify_aud` off and
  never looks at `iss`. A refused token signs no one in.
- Only existing users sign in (OIDC_CREATE_USER is off), matched by the ID token's `sub` against
  the subject an administrator linked to the user (`User.oidc_subject`, set with `safeguarding
  link_sign_on`), never by e-mail, which a provider can reassign; active users only; the role
  and districts stay the administrator's to set.
- The identity provider is trusted to have done multi-factor authentication when its ID token's
  `amr` claim (RFC 8176 values) holds one of OIDC_REQUIRED_AMR (default "mfa"; Entra ID sends
  "mfa" after MFA). Then the session counts as verified; otherwise the user passes our own TOTP
  second factor as after a password.
"""

import logging

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from safeguarding.access.declarations import PUBLIC
from safeguarding.access.models import User

logger = logging.getLogger(__name__)


def id_token_meant_for_us(payload: dict) -> str | None:
    """Why the (signature-checked) ID token is refused, or None if its issuer and audience are ours."""
    issuer = settings.OIDC_OP_ISSUER
    if not issuer or payload.get("iss") != issuer:
        return "issuer"
    client_id = settings.OIDC_RP_CLIENT_ID
    audience = payload.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if not client_id or client_id not in audiences:
        return "audience"
    if len(audiences) > 1 and payload.get("azp") != client_id:
        return "authorized party"
    return None


class ForceOIDCBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if not payload:
            return None
        problem = id_token_meant_for_us(payload)
        if problem:
            logger.warning("Single sign-on refused: the ID token's %s is not ours.", problem)
            return None
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        subject = payload.get("sub")
        if not subject:
            return None
        user = User.objects.filter(oidc_subject=subject).first()
        if user is None or not user.is_active:
            logger.info("Single sign-on refused: no active user is linked to that subject.")
            return None
        amr = payload.get("amr") or []
        user.mfa_by_identity_provider = bool(set(settings.OIDC_REQUIRED_AMR) & set(amr))
        return user


class SignOnStart(OIDCAuthenticationRequestView):
    required_permission = PUBLIC


class SignOnCallback(OIDCAuthenticationCallbackView):
    required_permission = PUBLIC
