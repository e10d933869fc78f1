from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.access.services import record_viewed
from safeguarding.cases import services
from safeguarding.cases.forms import CaseForm, add_problems, entry_form_class
from safeguarding.cases.scoping import people_editable_by
from safeguarding.cases.selectors import (
    case_closure_blockers,
    case_for_editor,
    case_for_viewer,
    case_participants,
    entry_for_editor,
)
from safeguarding.cases.timeline import ENTRY_KINDS, case_timeline
from safeguarding.cases.vocabulary import Stage


def _entry_model(kind: str):
    model = ENTRY_KINDS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    return model


def _entry_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The "add a record" buttons, grouped by stage of the child's journey."""
    groups: dict[str, list[tuple[str, str]]] = {stage.label: [] for stage in Stage}
    for kind, model in ENTRY_KINDS.items():
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
            "entry_kinds": _entry_choices(),
            "can_edit": request.user.can(Permission.EDIT_RECORDS),
            "closure_blockers": case_closure_blockers(case),
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
    case = case_for_editor(request.user, case_id)
    try:
        services.case_close(actor=request.user, case=case)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Case {case.reference} closed.")
    return redirect("cases:case", case_id=case.pk)


def _entry_page(request, case, model, entry=None):
    form_class = entry_form_class(model)
    form = form_class(request.POST or None, instance=entry, case=case)
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
                    actor=request.user, entry=stored, cleaned_data=form.cleaned_data
                )
                done = (
                    f"{str(model._meta.verbose_name).capitalize()} updated."
                    if changed
                    else "Nothing was changed."
                )
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
