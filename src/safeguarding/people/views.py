from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.access.services import record_viewed
from safeguarding.access.stepup import step_up_redirect, stepped_up
from safeguarding.people import services
from safeguarding.people.casework import casework, people_editable_by
from safeguarding.people.duplicates import likely_duplicates
from safeguarding.people.forms import (
    AliasForm,
    ChildSearchForm,
    FlagForm,
    LinkForm,
    PersonForm,
    add_problems,
)
from safeguarding.people.models import Flag, Relationship
from safeguarding.people.selectors import (
    child_record,
    grant_record_access,
    household_history,
    link_candidates,
    live_grants,
    person_for_viewer,
    search_people,
)
from safeguarding.people.validators import IDENTIFIERS
from safeguarding.people.vocabulary import RelationshipKind
from safeguarding.records.history import StaleRecord, history_of, seen_version_of


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
    timeline = casework().child_timeline(request.user, person, include_other_districts=granted)
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


def _duplicates_of(request, form: PersonForm):
    data, address = form.person_data(), form.address_data() or {}
    return likely_duplicates(
        request.user,
        forename=data["forename"],
        surname=data["surname"],
        middle_names=data.get("middle_names") or "",
        date_of_birth=data.get("date_of_birth"),
        line1=address.get("line1", ""),
        postcode=address.get("postcode", ""),
        identifiers={field: data.get(field) or "" for field in IDENTIFIERS},
    )


@requires(Permission.EDIT_RECORDS)
def create(request):
    """A new person, once the likely duplicates are shown: the user opens the one they meant, or
    confirms this is someone new (both kept in the access log)."""
    form = PersonForm(request.POST or None, viewer=request.user)
    duplicates, hidden = [], 0
    if request.method == "POST" and form.is_valid():
        duplicates, hidden = _duplicates_of(request, form)
        offered = [d.person.pk for d in duplicates]
        chosen = request.POST.get("use_existing", "")
        if chosen.isdigit() and int(chosen) in offered:
            services.duplicate_choice_record(
                actor=request.user, chosen=duplicates[offered.index(int(chosen))].person, offered=offered
            )
            messages.info(request, "The record already held is shown; nothing new was added.")
            return redirect("people:child", person_id=int(chosen))
        if not (duplicates or hidden) or request.POST.get("confirm_new") == "yes":
            try:
                person = services.person_create(
                    actor=request.user,
                    data=form.person_data(),
                    address_data=form.address_data(),
                    duplicates_offered=offered,
                )
            except ValidationError as refusal:
                add_problems(form, refusal.message_dict)
            else:
                messages.success(request, f"{person.full_name} added.")
                return redirect("people:child", person_id=person.pk)
        else:
            services.duplicates_shown_record(actor=request.user, offered=offered, hidden=hidden)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": None, "duplicates": duplicates, "hidden_duplicates": hidden},
    )


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
        "records/history.html",
        {
            "title": person.full_name,
            "back": reverse("people:child", args=[person.pk]),
            "versions": history_of(person),
        },
    )


# Records of a person that keep their own history (ADR 12), by the word in the URL.
HISTORY_KINDS = {"flag": Flag, "relationship": Relationship}


@requires(Permission.VIEW_CHILD_RECORD)
def record_history(request, person_id: int, kind: str, record_id: int):
    """Every version of one of the person's flags or relationships: found through the person,
    stepped up and logged as the person's own history is."""
    model = HISTORY_KINDS.get(kind)
    if model is None:
        raise Http404
    grants = live_grants(request.session)
    person, _reason, granted = person_for_viewer(request.user, person_id, grants)
    if granted and not stepped_up(request):
        return step_up_redirect(request)
    if model is Flag:
        record = get_object_or_404(Flag, pk=record_id, person=person)
        label = f"{record.get_kind_display()} flag"
    else:
        record = get_object_or_404(
            Relationship.objects.filter(Q(person=person) | Q(other=person)).select_related("person", "other"),
            pk=record_id,
        )
        label = f"{record.get_kind_display()}: {record.person.full_name} and {record.other.full_name}"
    record_viewed(
        actor=request.user,
        record=record,
        district_id=person.district_id,
        detail={"page": "history", "person_id": person.pk},
    )
    return render(
        request,
        "records/history.html",
        {
            "title": f"{label} · {person.full_name}",
            "back": reverse("people:child", args=[person.pk]),
            "versions": history_of(record),
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


# --- Relationships, households and aliases ----------------------------------------------------


def _links_page(request, person, *, link_form=None, alias_form=None, status=200):
    record_viewed(actor=request.user, record=person, district_id=person.district_id, detail={"page": "links"})
    candidates = link_candidates(request.user, person)
    relationships = (
        Relationship.objects.filter(Q(person=person) | Q(other=person))
        .select_related("person", "other")
        .order_by("kind", "id")
    )
    return render(
        request,
        "people/links.html",
        {
            "person": person,
            "relationships": relationships,
            "households": household_history(request.user, person),
            "aliases": person.aliases.order_by("surname", "forename", "id"),
            "link_form": link_form
            or LinkForm(
                people=[person, *candidates],
                initial={"person": candidates[0].pk if candidates else person.pk, "other": person.pk},
            ),
            "alias_form": alias_form or AliasForm(),
            "has_candidates": bool(candidates),
        },
        status=status,
    )


@requires(Permission.EDIT_RECORDS)
def links(request, person_id: int):
    """Link the person to a sibling, parent, carer or partner among the people on their cases and
    at their addresses; see the households they lived in over time; edit their other names."""
    person = get_object_or_404(people_editable_by(request.user), pk=person_id)
    if request.method != "POST":
        return _links_page(request, person)
    form = LinkForm(request.POST, people=[person, *link_candidates(request.user, person)])
    if form.is_valid():
        data = form.link_data()
        if person.pk not in (data["person"].pk, data["other"].pk):
            form.add_error("person", f"One of the two must be {person.full_name}.")
        else:
            try:
                services.relationship_add(actor=request.user, **data)
            except ValidationError as refusal:
                add_problems(form, refusal.message_dict)
            else:
                messages.success(
                    request,
                    f"Recorded: {data['person'].full_name} is the "
                    f"{RelationshipKind(data['kind']).label.lower()} of {data['other'].full_name}.",
                )
                return redirect("people:links", person_id=person.pk)
    return _links_page(request, person, link_form=form, status=400)


@requires(Permission.EDIT_RECORDS)
@require_POST
def relationship_remove(request, person_id: int, relationship_id: int):
    person = get_object_or_404(people_editable_by(request.user), pk=person_id)
    relationship = (
        Relationship.objects.filter(Q(person=person) | Q(other=person))
        .select_related("person", "other")
        .filter(pk=relationship_id)
        .first()
    )
    if relationship is None:  # taken off already (a second click): say so, change nothing
        messages.info(request, "That relationship is no longer on the record.")
        return redirect("people:links", person_id=person.pk)
    try:
        services.relationship_remove(actor=request.user, relationship=relationship)
    except ValidationError as refusal:
        messages.error(request, "; ".join(m for ms in refusal.message_dict.values() for m in ms))
    else:
        messages.success(request, "Relationship taken off the record.")
    return redirect("people:links", person_id=person.pk)


@requires(Permission.EDIT_RECORDS)
@require_POST
def alias_add(request, person_id: int):
    person = get_object_or_404(people_editable_by(request.user), pk=person_id)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            alias = services.alias_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, f"{person.full_name} is also known as {alias.full_name}.")
            return redirect("people:links", person_id=person.pk)
    return _links_page(request, person, alias_form=form, status=400)


@requires(Permission.EDIT_RECORDS)
@require_POST
def alias_remove(request, person_id: int, alias_id: int):
    person = get_object_or_404(people_editable_by(request.user), pk=person_id)
    alias = person.aliases.filter(pk=alias_id).first()
    if alias is None:  # taken off already (a second click): say so, change nothing
        messages.info(request, "That name is no longer on the record.")
        return redirect("people:links", person_id=person.pk)
    services.alias_remove(actor=request.user, alias=alias)
    messages.success(request, f"{alias.full_name} taken off {person.full_name}'s other names.")
    return redirect("people:links", person_id=person.pk)
