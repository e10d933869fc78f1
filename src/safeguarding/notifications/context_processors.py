from django.utils.functional import SimpleLazyObject

from safeguarding.access.mfa import is_verified
from safeguarding.notifications.selectors import unread_count


def unread(request):
    """The header's badge: the count is asked only when a page shows it (lazily), and nothing
    shows before the second factor, like the menu."""
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or not hasattr(request, "session")
        or not is_verified(request)
    ):
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
