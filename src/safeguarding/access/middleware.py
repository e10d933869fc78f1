from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden

from safeguarding.access.declarations import ANY_STAFF, PUBLIC, declared_permission, is_api_view


class DeclaredPermissionMiddleware:
    """Deny by default: a view that does not declare who may use it is refused for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        permission = declared_permission(view_func)
        if permission is None:
            return HttpResponseForbidden("This page declares no permission and is refused.")
        if permission == PUBLIC:
            return None
        if is_api_view(view_func):
            # The API authenticates by token as well as session; its permission class decides.
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if permission == ANY_STAFF:
            return None
        if not user.can(permission):
            return HttpResponseForbidden("Your role does not allow this.")
        return None
