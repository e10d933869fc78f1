from django.conf import settings

from safeguarding.access.mfa import is_verified
from safeguarding.access.navigation import navigation_for
from safeguarding.access.roles import Permission


def viewer(request):
    user = getattr(request, "user", None)
    can: dict[str, bool] = {}
    navigation: list[tuple[str, str]] = []
    # Nothing of the role's menu shows before the second factor (access/mfa.py).
    if user is not None and user.is_authenticated and hasattr(request, "session") and is_verified(request):
        can = {permission.value: user.can(permission) for permission in Permission}
        navigation = navigation_for(user)
    return {"force_name": settings.FORCE_NAME, "can": can, "navigation": navigation}
