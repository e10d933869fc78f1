"""The districts a user may record in: the lowest scope rule, read by the people and cases floors."""

from django.db.models import QuerySet

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.force.models import District


def districts_editable_by(actor: User) -> QuerySet[District]:
    if not actor.can(Permission.EDIT_RECORDS):
        return District.objects.none()
    if actor.scope == Scope.FORCE:
        return District.objects.all()
    if actor.scope == Scope.OWN_DISTRICTS:
        return District.objects.filter(pk__in=actor.district_ids())
    return District.objects.none()
