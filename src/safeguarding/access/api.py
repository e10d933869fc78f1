from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from safeguarding.access.declarations import ANY_STAFF, PUBLIC


class DeclaredApiPermission(BasePermission):
    """The API's deny-by-default: the view must declare `required_permission`."""

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
        return permission == ANY_STAFF or user.can(permission)
