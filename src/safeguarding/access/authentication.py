"""The API's token authentication: `Authorization: Bearer sg_<prefix>_<secret>`.

First in DRF's list, so a request with no credentials answers 401 with
`WWW-Authenticate: Bearer realm="api"` (DRF takes the header from the first class). A request
without an Authorization header falls through to the session, so the API stays usable from a
signed-in browser."""

import datetime as dt

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from safeguarding.access.models import ApiToken
from safeguarding.access.services import TOKEN_PREFIX

KEYWORD = "Bearer"
# last_used_at is for people reviewing their tokens, not an audit trail (the access log is):
# writing it once a minute spares a write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Bearer <token>'.")
        try:
            presented = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        return self.authenticate_token(presented)

    def authenticate_token(self, presented: str):
        # One message for every refusal: a caller learns nothing about which tokens exist.
        invalid = exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            raise invalid
        _, prefix, secret = parts
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None or not token.secret_matches(secret):
            raise invalid
        now = timezone.now()
        if token.refusal(now=now):
            raise invalid
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema, so generated clients send it (ADR 5)."""

    target_class = "safeguarding.access.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "sg_<prefix>_<secret>",
            "description": "An API token from the account page, sent as `Authorization: Bearer ...`.",
        }
