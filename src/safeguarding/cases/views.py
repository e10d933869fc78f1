import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import TextField
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.access.declarations import requires
from safeguarding.access.models import User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.roles import Permission, Scope
from safeguarding.access.services import record_viewed
from safeguarding.cases import closure, services
from safeguarding.cases.attachments import attachments_of
from safeguarding.cases.forms import (
    CaseForm,
    NewParticipantForm,
    ParticipantAddForm,
    ReassignForm,
    add_problems,
    entry_form_class,
)
from safeguarding.cases.scoping import people_editable_by, people_visible_to
from safeguarding.cases.selectors import (
    case_children_count,
    case_closure_blockers,
    case_for_editor,
    case_for_viewer,
    case_participants,
    entry_for_editor,
    entry_for_viewer,
)
from safeguarding.cases.timeline import ENTRY_KINDS, case_timeline
from safeguarding.cases.vocabulary import Stage, ViewTheme
from safeguarding.people import services as people_services
from safeguarding.people.forms import ChildSearchForm, LinkForm
from safeguarding.people.models import Person
from safeguarding.people.selectors import relationships_among, search_people
from safeguarding.people.services import search_record
from safeguarding.people.vocabulary import RelationshipKind
from safeguarding.records.history import StaleRecord, history_of, seen_version_of


def _entry_model(kind: str):
    model = ENTRY_KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    return model


def _entry_choices(case) -> list[tuple[str, list[tuple[str, str]]]]:
    """The "add a record" buttons, grouped by stage of the child's journey (on a closed case, only
    the kinds the standards allow after closure)."""
    groups: dict[str, list[tuple[str, str]]] = {stage.label: [] for stage in Stage}
    for kind, model in ENTRY_KINDS.items():
        if services.closed_problems(case, model):
            continue
        groups[model.stage.label].append((kind, str(model._meta.verbose_name).capitalize()))
    return [(stage, kinds) for stage, kinds in groups.items() if kinds]


@requires(Permission.VIEW_CHILD_RECORD)
def case_page(request, case_id: int):
    case = case_for_viewer(request.user, case_id)
    record_viewed(actor=request.user, record=case, district_id=case.district_id, object_label=case.reference)
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "participants": case_participants(case),
            "timeline": case_timeline(request.user, case),
            "entry_kinds": _entry_choices(case),
            "can_edit": request.user.can(Permission.EDIT_RECORDS),
            "closure_blockers": case_closure_blockers(case),
            "pending_closure": closure.pending_closure(case),
            "last_closure": case.closure_requests.select_related("decided_by").first(),
            "can_supervise": request.user.can(Permission.SUPERVISE_CASES),
            "reassign_form": ReassignForm(
                viewer=request.user,
                initial={"officer_in_charge": case.officer_in_charge_id, "team": case.team_id},
            ),
            "children_count": case_children_count(case),
            "attachments": attachments_of(case),
            "attach_url": reverse("cases:attachment_new", args=[case.pk]),
        },
    )


@requires(Permission.EDIT_RECORDS)
def case_create(request, child_id: int):
    child = get_object_or_404(people_editable_by(request.user), pk=child_id)
    form = CaseForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, child=child, cleaned_data=form.cleaned_data)
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, f"Case {case.reference} opened for {child.full_name}.")
            return redirect("cases:case", case_id=case.pk)
    # The new-case form names the child.
    record_viewed(
        actor=request.user, record=child, district_id=child.district_id, detail={"page": "case_create"}
    )
    return render(request, "cases/case_form.html", {"form": form, "child": child})


@requires(Permission.EDIT_RECORDS)
@require_POST
def case_close(request, case_id: int):
    """Ask to close the case, with its outcome: a supervisor signs it off (cases/closure.py)."""
    case = case_for_editor(request.user, case_id)
    try:
        closure.closure_request(actor=request.user, case=case, outcome=request.POST.get("outcome", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Closing {case.reference} is now waiting for a supervisor's sign-off.")
    return redirect("cases:case", case_id=case.pk)


def _supervised(request, case_id: int, act) -> Any:
    case = case_for_editor(request.user, case_id)
    try:
        done = act(case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("cases:case", case_id=case.pk)


@requires(Permission.SUPERVISE_CASES)
@require_POST
def closure_decide(request, case_id: int):
    """Sign off the pending request to close, or return it with a reason."""

    def act(case):
        pending = closure.pending_closure(case)
        if pending is None:
            raise ValidationError("No request to close this case is waiting.")
        if request.POST.get("decision") == "approve":
            closure.closure_approve(actor=request.user, request=pending)
            return f"Case {case.reference} signed off and closed."
        closure.closure_return(actor=request.user, request=pending, reason=request.POST.get("reason", ""))
        return "The request to close was returned to the officer with your reason."

    return _supervised(request, case_id, act)


@requires(Permission.SUPERVISE_CASES)
@require_POST
def case_reopen(request, case_id: int):
    def act(case):
        closure.case_reopen(actor=request.user, case=case, reason=request.POST.get("reason", ""))
        return f"Case {case.reference} reopened."

    return _supervised(request, case_id, act)


@requires(Permission.SUPERVISE_CASES)
@require_POST
def case_reassign(request, case_id: int):
    """Give the case to another officer in charge and team (ones the supervisor may set)."""

    def act(case):
        form = ReassignForm(request.POST, viewer=request.user)
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        changed = closure.case_reassign(
            actor=request.user,
            case=case,
            officer_in_charge=form.cleaned_data["officer_in_charge"],
            team=form.cleaned_data["team"],
            seen_version=seen_version_of(request, case),
        )
        return f"Case {case.reference} reassigned." if changed else "Nothing was changed."

    return _supervised(request, case_id, act)


def _entry_page(request, case, model, entry=None):
    form_class = entry_form_class(model)
    form = form_class(request.POST or None, instance=entry, case=case)
    # The version the form was filled from goes back with it: a save against a later one is refused.
    seen_version = seen_version_of(request, entry)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                services.entry_create(
                    actor=request.user, case=case, model=model, cleaned_data=form.cleaned_data
                )
                done = f"{str(model._meta.verbose_name).capitalize()} added to {case.reference}."
            else:
                # The form has already written the new values onto its instance; compare with the stored row.
                stored = model.objects.select_related("case").get(pk=entry.pk)
                changed = services.entry_update(
                    actor=request.user,
                    entry=stored,
                    cleaned_data=form.cleaned_data,
                    seen_version=seen_version,
                )
                done = (
                    f"{str(model._meta.verbose_name).capitalize()} updated."
                    if changed
                    else "Nothing was changed."
                )
        except StaleRecord as stale:
            # The user's values stay in the form; saving again applies them over the other change.
            form.add_error(None, stale.message)
            seen_version = stale.current_version
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(request, done)
            return redirect(reverse("cases:case", args=[case.pk]) + "#timeline")
    # The form shows the case (and, editing, the entry): a consultation of what it shows.
    if entry is None:
        record_viewed(
            actor=request.user,
            record=case,
            district_id=case.district_id,
            object_label=case.reference,
            detail={"page": "entry_add", "kind": model.__name__},
        )
    else:
        record_viewed(
            actor=request.user,
            record=entry,
            district_id=case.district_id,
            detail={"page": "entry_edit", "case_id": case.pk},
        )
    return render(
        request,
        "cases/entry_form.html",
        {
            "form": form,
            "case": case,
            "entry": entry,
            "kind_label": str(model._meta.verbose_name).capitalize(),
            "stage": model.stage.label,
            "seen_version": seen_version,
        },
    )


def _shown(entry, field) -> str:
    """One field of an entry as the reader sees it."""
    value = getattr(entry, field.name)
    if value is None or value == "" or value == []:
        return "—"
    if field.choices:
        return getattr(entry, f"get_{field.name}_display")()
    if field.name == "themes":
        labels = dict(ViewTheme.choices)
        return "; ".join(labels.get(theme, theme) for theme in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return date_filter(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, dt.date):
        return date_filter(value, "j M Y")
    if isinstance(value, User):
        return value.get_full_name() or value.get_username()
    if isinstance(value, Person):
        return value.full_name
    return str(value)


@requires(Permission.VIEW_CHILD_RECORD)
def entry_page(request, case_id: int, kind: str, entry_id: int):
    """One record, read-only, every field in words; changing it is the separate edit action."""
    model = _entry_model(kind)
    case = case_for_viewer(request.user, case_id)
    entry = entry_for_viewer(request.user, case, model, entry_id)
    record_viewed(actor=request.user, record=entry, district_id=case.district_id, detail={"case_id": case.pk})
    hidden = {"id", "case", "source_reference"}
    fields = [
        (str(field.verbose_name).capitalize(), _shown(entry, field), isinstance(field, TextField))
        for field in model._meta.concrete_fields
        if field.name not in hidden
    ]
    return render(
        request,
        "cases/entry.html",
        {
            "case": case,
            "entry": entry,
            "kind": kind,
            "fields": fields,
            "kind_label": str(model._meta.verbose_name).capitalize(),
            "can_edit": request.user.can(Permission.EDIT_RECORDS)
            and not services.closed_problems(case, model),
            "attachments": attachments_of(case, entry),
            "attach_url": reverse("cases:attachment_new", args=[case.pk]) + f"?kind={kind}&entry={entry.pk}",
        },
    )


@requires(Permission.VIEW_CHILD_RECORD)
def case_history(request, case_id: int):
    """Every version of the case and what each changed; found and logged like the case page."""
    case = case_for_viewer(request.user, case_id)
    record_viewed(
        actor=request.user,
        record=case,
        district_id=case.district_id,
        object_label=case.reference,
        detail={"page": "history"},
    )
    return render(
        request,
        "records/history.html",
        {
            "case": case,
            "title": f"Case {case.reference}",
            "back": reverse("cases:case", args=[case.pk]),
            "versions": history_of(case),
        },
    )


@requires(Permission.VIEW_CHILD_RECORD)
def participant_history(request, case_id: int, participant_id: int):
    """Every version of one person's part in the case (their role); found and logged like the case."""
    case = case_for_viewer(request.user, case_id)
    participant = get_object_or_404(case.participants.select_related("person"), pk=participant_id)
    record_viewed(
        actor=request.user,
        record=participant,
        district_id=case.district_id,
        detail={"page": "history", "case_id": case.pk},
    )
    return render(
        request,
        "records/history.html",
        {
            "case": case,
            "title": (
                f"{participant.person.full_name} ({participant.get_role_display()}) · case {case.reference}"
            ),
            "back": reverse("cases:people", args=[case.pk]),
            "versions": history_of(participant),
        },
    )


@requires(Permission.VIEW_CHILD_RECORD)
def entry_history(request, case_id: int, kind: str, entry_id: int):
    """Every version of one entry and what each changed; found and logged like the entry page."""
    model = _entry_model(kind)
    case = case_for_viewer(request.user, case_id)
    entry = entry_for_viewer(request.user, case, model, entry_id)
    record_viewed(
        actor=request.user,
        record=entry,
        district_id=case.district_id,
        detail={"page": "history", "case_id": case.pk},
    )
    return render(
        request,
        "records/history.html",
        {
            "case": case,
            "title": f"{entry.timeline_title()} · case {case.reference}",
            "back": reverse("cases:entry", args=[case.pk, kind, entry.pk]),
            "versions": history_of(entry),
        },
    )


@requires(Permission.EDIT_RECORDS)
def entry_add(request, case_id: int, kind: str):
    model = _entry_model(kind)
    case = case_for_editor(request.user, case_id)
    return _entry_page(request, case, model)


@requires(Permission.EDIT_RECORDS)
def entry_edit(request, case_id: int, kind: str, entry_id: int):
    model = _entry_model(kind)
    case = case_for_editor(request.user, case_id)
    entry = entry_for_editor(request.user, case, model, entry_id)
    return _entry_page(request, case, model, entry)


# --- People in a case -------------------------------------------------------------------------


def _people_on(case) -> list[Person]:
    """Each person on the case once (a mother can be parent and victim)."""
    people = {participant.person.pk: participant.person for participant in case_participants(case)}
    return list(people.values())


def _people_page(request, case, *, search_form=None, results=None, new_form=None, link_form=None, status=200):
    record_viewed(
        actor=request.user,
        record=case,
        district_id=case.district_id,
        object_label=case.reference,
        detail={"page": "case_people"},
    )
    reason = search_form.given_reason if search_form is not None and results else None
    return render(
        request,
        "cases/case_people.html",
        {
            "case": case,
            "participants": case_participants(case),
            "search_form": search_form or ChildSearchForm(viewer=request.user),
            "results": results,
            "add_form": ParticipantAddForm(),
            "reason": reason,
            "new_form": new_form or NewParticipantForm(viewer=request.user, prefix="new"),
            "link_form": link_form or LinkForm(people=_people_on(case), prefix="link"),
            "relationships": relationships_among(_people_on(case)),
        },
        status=status,
    )


@requires(Permission.EDIT_RECORDS)
def case_people(request, case_id: int):
    """Who is in the case: add children present, victims, suspects, parents and other adults,
    found by the people search (POSTed, so names stay out of URLs) or created here."""
    case = case_for_editor(request.user, case_id)
    if request.method != "POST":
        return _people_page(request, case)
    form = ChildSearchForm(request.POST, viewer=request.user)
    if not form.is_valid() or not form.terms.text:
        if form.is_bound and not form.errors:
            form.add_error("q", "Give a name or a date of birth.")
        return _people_page(request, case, search_form=form, status=400)
    whole_force = bool(form.cleaned_data.get("whole_force"))
    results = search_people(request.user, form.terms, whole_force=whole_force)
    search_record(
        actor=request.user,
        query=form.terms.text,
        whole_force=whole_force,
        reason=form.given_reason if whole_force else None,
        result_count=len(results),
    )
    return _people_page(request, case, search_form=form, results=results)


@requires(Permission.EDIT_RECORDS)
@require_POST
def link_people(request, case_id: int):
    """Link two people on the case (the mother is the parent of the child present; the children
    are siblings) through the people service, which checks both are the actor's to change."""
    case = case_for_editor(request.user, case_id)
    form = LinkForm(request.POST, people=_people_on(case), prefix="link")
    if form.is_valid():
        data = form.link_data()
        try:
            people_services.relationship_add(actor=request.user, **data)
        except ValidationError as refusal:
            add_problems(form, refusal.message_dict)
        else:
            messages.success(
                request,
                f"Recorded: {data['person'].full_name} is the "
                f"{RelationshipKind(data['kind']).label.lower()} of {data['other'].full_name}.",
            )
            return redirect("cases:people", case_id=case.pk)
    return _people_page(request, case, link_form=form, status=400)


def _person_to_add(user, person_id: int, reason: GivenReason | None) -> Person:
    """A person in the user's scope; another district's only with a checked reason (the service
    logs it). Without one, a person out of scope answers as missing."""
    person = people_visible_to(user).filter(pk=person_id).first()
    if person is None and reason is not None and user.scope == Scope.OWN_DISTRICTS:
        person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


@requires(Permission.EDIT_RECORDS)
@require_POST
def participant_add(request, case_id: int):
    case = case_for_editor(request.user, case_id)
    form = ParticipantAddForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("cases:people", case_id=case.pk)
    data = form.cleaned_data
    person = _person_to_add(request.user, data["person"], form.given_reason)
    try:
        participant = services.participant_add(
            actor=request.user, case=case, person=person, role=data["role"], reason=form.given_reason
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:people", case_id=case.pk)
    messages.success(
        request, f"{person.full_name} added to {case.reference} as {participant.get_role_display().lower()}."
    )
    return redirect("cases:people", case_id=case.pk)


@requires(Permission.EDIT_RECORDS)
@require_POST
def participant_new(request, case_id: int):
    case = case_for_editor(request.user, case_id)
    form = NewParticipantForm(request.POST, viewer=request.user, prefix="new")
    if not form.is_valid():
        return _people_page(request, case, new_form=form, status=400)
    try:
        participant = services.participant_add_new(
            actor=request.user,
            case=case,
            role=form.cleaned_data["role"],
            person_data=form.person_data(),
            address_data=form.address_data(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _people_page(request, case, new_form=form, status=400)
    messages.success(
        request,
        f"{participant.person.full_name} added to {case.reference} as "
        f"{participant.get_role_display().lower()}.",
    )
    return redirect("cases:people", case_id=case.pk)


@requires(Permission.EDIT_RECORDS)
@require_POST
def participant_remove(request, case_id: int, participant_id: int):
    case = case_for_editor(request.user, case_id)
    participant = get_object_or_404(case.participants.select_related("person", "case"), pk=participant_id)
    try:
        services.participant_remove(actor=request.user, participant=participant)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{participant.person.full_name} taken off {case.reference}.")
    return redirect("cases:people", case_id=case.pk)
