from django.db.models import QuerySet

from safeguarding.access.models import AccessEvent, ApiToken, User
from safeguarding.access.roles import Permission


def access_events_for(
    viewer: User, *, actor: str = "", object_type: str = "", object_id: str = ""
) -> QuerySet:
    if not viewer.can(Permission.VIEW_ACCESS_LOG):
        return AccessEvent.objects.none()
    events = AccessEvent.objects.all()
    if actor:
        events = events.filter(actor_username=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    return events


def api_tokens_of(viewer: User) -> QuerySet:
    """The viewer's own API tokens: nobody sees another person's tokens on a page."""
    return ApiToken.objects.filter(user=viewer).select_related("user")
