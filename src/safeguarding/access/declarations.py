"""How a view declares who may use it. The middleware refuses any view that declares nothing."""

from collections.abc import Callable
from typing import Any

from safeguarding.access.roles import Permission

PUBLIC = "public"  # the login page and nothing else that shows data
ANY_STAFF = "any_staff"  # any signed-in user, e.g. the home page that routes by role
# Signed in by password but perhaps not yet by the second factor: the second-factor page,
# enrolment, sign-out. Every other non-public view needs both factors.
SIGNING_IN = "signing_in"


def requires(permission: Permission | str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the permission a function view needs."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.required_permission = permission  # type: ignore[attr-defined]
        return view

    return mark


def declared_permission(view_func: Callable[..., Any]) -> str | None:
    for holder in (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        if holder is not None and getattr(holder, "required_permission", None):
            return holder.required_permission
    return None


def is_api_view(view_func: Callable[..., Any]) -> bool:
    return getattr(view_func, "cls", None) is not None
