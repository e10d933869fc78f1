"""The reader's notifications, marking them read, and their choices. Every page is the
signed-in user's own: a notification of someone else answers as a missing one does."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguarding.access.declarations import ANY_STAFF, requires
from safeguarding.access.models import AccessAction
from safeguarding.access.services import access_record
from safeguarding.notifications import selectors, services
from safeguarding.notifications.forms import PreferenceForm
from safeguarding.wording import counted


@requires(ANY_STAFF)
def notification_list(request):
    lines = selectors.notifications_for(request.user)
    named = sorted({line.case_id for line in lines if line.case_id})
    if named:
        # The lines name cases and children: a consultation, logged (ids only).
        access_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type="notifications",
            detail={"cases": named, "notifications": [line.pk for line in lines if line.case_id]},
        )
    return render(
        request,
        "notifications/list.html",
        {"lines": lines, "unread": sum(not line.read for line in lines)},
    )


@require_POST
@requires(ANY_STAFF)
def notification_read(request, notification_id: int):
    if not services.notification_mark_read(actor=request.user, notification_id=notification_id):
        raise Http404("No such notification")
    return redirect("notifications:list")


@require_POST
@requires(ANY_STAFF)
def notifications_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, f"{counted(count, 'notification')} marked as read.")
    return redirect("notifications:list")


@requires(ANY_STAFF)
def preferences(request):
    current = selectors.preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(actor=request.user, cleaned_data=form.cleaned_data)
        messages.success(request, "Your choices are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
