"""Deploy checks for signing in: no demo shortcut may reach production (`make check-deploy`)."""

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=True)
def demo_second_factor_refused(app_configs, **kwargs):
    errors = []
    if getattr(settings, "DEMO_MFA_SECRET", ""):
        errors.append(
            Error(
                "DEMO_MFA_SECRET is set: the demo force's known TOTP secret would let anyone pass the "
                "second factor.",
                hint="Unset DEMO_MFA_SECRET in production; users enrol their own authenticator app.",
                id="safeguarding.E001",
            )
        )
    if settings.SESSION_COOKIE_SECURE and not settings.SESSION_COOKIE_NAME.startswith("__Host-"):
        errors.append(
            Error(
                "The session cookie is secure but not __Host- prefixed.",
                hint='Set SESSION_COOKIE_NAME = "__Host-sessionid" with Path=/ and no Domain.',
                id="safeguarding.E002",
            )
        )
    if getattr(settings, "AXES_ENABLED", True) is False:
        errors.append(Error("django-axes is disabled: no brute-force protection.", id="safeguarding.E003"))
    if getattr(settings, "OIDC_ENABLED", False) and not getattr(settings, "OIDC_OP_ISSUER", ""):
        errors.append(
            Error(
                "OIDC_ENABLED without OIDC_OP_ISSUER: every single sign-on would be refused.",
                hint="Set OIDC_OP_ISSUER to the identity provider's issuer (its discovery document's "
                '"issuer").',
                id="safeguarding.E004",
            )
        )
    return errors
