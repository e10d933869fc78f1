from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from safeguarding.access.declarations import ANY_STAFF, PUBLIC
from safeguarding.access.models import ApiToken, TokenScope


def token_scope_needed(request, view) -> str:
    """The token scope a request needs: the view's `token_scope` when it declares one (a POST
    that only reads, such as the first-contact lookup, declares READ), else READ for safe
    methods and WRITE for the rest."""
    declared = getattr(view, "token_scope", None)
    if declared:
        return declared
    return TokenScope.READ if request.method in SAFE_METHODS else TokenScope.WRITE


class DeclaredApiPermission(BasePermission):
    """The API's deny-by-default: the view must declare `required_permission`. A request made
    with a token may do only what both the token's scopes and its user's role allow."""

    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        permission = getattr(view, "required_permission", None)
        if permission is None:
            return False
        if permission == PUBLIC:
            return True
        user = request.user
        if user is None or not user.is_authenticated:
            return False
        if isinstance(request.successful_authenticator, SessionAuthentication):
            # A browser session counts only once it has passed the second factor, as for pages.
            from safeguarding.access.mfa import is_verified

            if not is_verified(request._request) or user.must_change_password:
                return False
        token = request.auth
        if isinstance(token, ApiToken):
            needed = token_scope_needed(request, view)
            if not token.allows(needed):
                self.message = f"This token's scopes ({', '.join(token.scopes)}) do not include {needed}."
                return False
        return permission == ANY_STAFF or user.can(permission)
