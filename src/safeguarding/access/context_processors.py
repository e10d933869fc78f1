from django.conf import settings

from safeguarding.access.navigation import navigation_for
from safeguarding.access.roles import Permission


def viewer(request):
    user = getattr(request, "user", None)
    can: dict[str, bool] = {}
    navigation: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated:
        can = {permission.value: user.can(permission) for permission in Permission}
        navigation = navigation_for(user)
    return {"force_name": settings.FORCE_NAME, "can": can, "navigation": navigation}
