from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.access.services import record_viewed
from safeguarding.access.stepup import step_up_redirect, stepped_up
from safeguarding.cases.forms import add_problems
from safeguarding.cases.history import StaleRecord, history_of, seen_version_of
from safeguarding.cases.scoping import people_editable_by
from safeguarding.cases.timeline import child_timeline
from safeguarding.people import services
from safeguarding.people.forms import ChildSearchForm, FlagForm, PersonForm
from safeguarding.people.selectors import (
    child_record,
    grant_record_access,
    live_grants,
    person_for_viewer,
    search_people,
)


@requires(Permission.SEARCH_PEOPLE)
def search(request):
    """Find a child. POSTed, so names never travel in a URL or a server log."""
    results = None
    if request.method == "POST":
        form = ChildSearchForm(request.POST, viewer=request.user)
        if form.is_valid():
            whole_force = bool(form.cleaned_data.get("whole_force"))
            reason = form.given_reason if whole_force else None
            results = search_people(request.user, form.terms, whole_force=whole_force)
            services.search_record(
                actor=request.user,
                query=form.terms.text,
                whole_force=whole_force,
                reason=reason,
                result_count=len(results),
            )
            outside = [result.person.pk for result in results if result.outside_district]
            if outside:
                grant_record_access(request.session, outside, reason)
    else:
        form = ChildSearchForm(viewer=request.user)
    context = {"form": form, "results": results, "can_edit": request.user.can(Permission.EDIT_RECORDS)}
    if request.htmx:
        return render(request, "people/_search_results.html", context)
    return render(request, "people/search.html", context)


@requires(Permission.VIEW_CHILD_RECORD)
def child(request, person_id: int):
    grants = live_grants(request.session)
    person, reason, granted = person_for_viewer(request.user, person_id, grants)
    if granted and not stepped_up(request):
        # A record outside one's districts: the password again first (issue 13). The first-contact
        # summary itself never asks for it.
        return step_up_redirect(request)
    reason_detail = grants.get(str(person.pk), {}).get("detail") if granted else None
    services.person_view_record(actor=request.user, person=person, reason=reason, reason_detail=reason_detail)
    record = child_record(request.user, person, granted=granted, access_reason=reason)
    timeline = child_timeline(request.user, person, include_other_districts=granted)
    return render(
        request,
        "people/child.html",
        {
            "record": record,
            "person": person,
            "timeline": timeline,
            "can_edit": request.user.can(Permission.EDIT_RECORDS) and not granted,
        },
    )


@requires(Permission.EDIT_RECORDS)
def create(request):
    form = PersonForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user, data=form.person_data(), address_data=form.address_data()
            )
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, f"{person.full_name} added.")
            return redirect("people:child", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@requires(Permission.VIEW_CHILD_RECORD)
def history(request, person_id: int):
    """Every version of the person's details and what each changed: found, stepped up and logged
    as the child's page is."""
    grants = live_grants(request.session)
    person, reason, granted = person_for_viewer(request.user, person_id, grants)
    if granted and not stepped_up(request):
        return step_up_redirect(request)
    reason_detail = grants.get(str(person.pk), {}).get("detail") if granted else None
    services.person_view_record(
        actor=request.user,
        person=person,
        reason=reason,
        reason_detail={**(reason_detail or {}), "page": "history"},
    )
    return render(
        request,
        "cases/history.html",
        {
            "title": person.full_name,
            "back": reverse("people:child", args=[person.pk]),
            "versions": history_of(person),
        },
    )


@requires(Permission.EDIT_RECORDS)
def edit(request, person_id: int):
    person = get_object_or_404(
        people_editable_by(request.user).select_related("current_address"), pk=person_id
    )
    form = PersonForm(request.POST or None, instance=person, viewer=request.user)
    seen_version = seen_version_of(request, person)
    if request.method == "POST" and form.is_valid():
        # The form's instance already carries the new values; the service compares with the stored row.
        stored = people_editable_by(request.user).select_related("current_address").get(pk=person_id)
        try:
            changed = services.person_update(
                actor=request.user,
                person=stored,
                data=form.person_data(),
                address_data=form.address_data(),
                seen_version=seen_version,
            )
        except StaleRecord as stale:
            # The user's values stay in the form; saving again applies them over the other change.
            form.add_error(None, stale.message)
            seen_version = stale.current_version
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, "Details updated." if changed else "Nothing was changed.")
            return redirect("people:child", person_id=person_id)
    # The edit form shows the person's details: a consultation like the child's page.
    record_viewed(actor=request.user, record=person, district_id=person.district_id, detail={"page": "edit"})
    return render(
        request, "people/person_form.html", {"form": form, "person": person, "seen_version": seen_version}
    )


@requires(Permission.EDIT_RECORDS)
def flag_add(request, person_id: int):
    person = get_object_or_404(people_editable_by(request.user), pk=person_id)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flag = services.flag_create(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, f"Flag added: {flag.get_kind_display()}.")
            return redirect("people:child", person_id=person.pk)
    record_viewed(
        actor=request.user, record=person, district_id=person.district_id, detail={"page": "flag_add"}
    )
    return render(request, "people/flag_form.html", {"form": form, "person": person})
