"""The safeguarding unit's retention pages: the review worklist, a person's review (retain or
propose disposal), the disposals and their approval by a second person."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguarding.access.declarations import requires
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record, record_viewed
from safeguarding.people.forms import add_problems
from safeguarding.retention import selectors, services
from safeguarding.retention.forms import ProposeDisposalForm, RetainForm
from safeguarding.retention.models import DisposalState, RetentionReview


@requires(Permission.REVIEW_RETENTION)
def worklist(request):
    today = timezone.localdate()
    reviews = selectors.reviews_due(request.user, on=today)
    access_record(
        actor=request.user,
        action=AccessAction.SEARCH,
        object_type="person",
        detail={"page": "retention worklist", "results": len(reviews)},
    )
    return render(request, "retention/worklist.html", {"reviews": reviews, "today": today})


@requires(Permission.REVIEW_RETENTION)
def review(request, person_id: int):
    person = selectors.person_for_review(request.user, person_id)
    if person is None:
        raise Http404
    retain_form = RetainForm(
        request.POST if request.POST.get("decision") == "retain" else None, prefix="retain"
    )
    propose_form = ProposeDisposalForm(
        request.POST if request.POST.get("decision") == "propose" else None, prefix="propose"
    )
    if request.method == "POST":
        form = retain_form if request.POST.get("decision") == "retain" else propose_form
        if request.POST.get("decision") not in {"retain", "propose"}:
            messages.error(request, "Decision: choose retain or propose disposal.")
        elif form.is_valid():
            try:
                if form is retain_form:
                    services.review_retain(actor=request.user, person=person, **form.cleaned_data)
                    messages.success(request, "Retained; the next review is set.")
                    return redirect("retention:worklist")
                disposal = services.disposal_propose(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as refusal:
                add_problems(form, refusal.message_dict)
            else:
                messages.success(request, "Disposal proposed: someone else in the unit approves it.")
                return redirect("retention:disposal", disposal_id=disposal.pk)
    services.reviews_compute([person.pk])
    current = RetentionReview.objects.get(person_id=person.pk)
    record_viewed(
        actor=request.user, record=person, district_id=person.district_id, detail={"page": "retention"}
    )
    return render(
        request,
        "retention/review.html",
        {
            "person": person,
            "review": current,
            "decisions": current.decisions.select_related("decided_by"),
            "cases": selectors.case_groups(person),
            "retain_form": retain_form,
            "propose_form": propose_form,
        },
    )


@requires(Permission.REVIEW_RETENTION)
def disposals(request):
    shown = list(selectors.disposals_for(request.user)[:200])
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="disposal",
        detail={"page": "disposals", "results": len(shown)},
    )
    return render(request, "retention/disposals.html", {"disposals": shown})


@requires(Permission.REVIEW_RETENTION)
def disposal(request, disposal_id: int):
    found = selectors.disposal_for(request.user, disposal_id)
    if found is None:
        raise Http404
    if request.method == "POST":
        decide = {"approve": services.disposal_approve, "refuse": services.disposal_refuse}
        action = decide.get(request.POST.get("decision", ""))
        if action is None:
            messages.error(request, "Decision: choose approve or refuse.")
        else:
            try:
                action(actor=request.user, disposal=found)
            except ValidationError as refusal:
                for problems in refusal.message_dict.values():
                    for problem in problems:
                        messages.error(request, problem)
            else:
                messages.success(request, f"Disposal {found.reference}: {found.get_state_display().lower()}.")
        return redirect("retention:disposal", disposal_id=found.pk)
    person = None
    if found.state == DisposalState.PROPOSED:
        person = selectors.person_for_review(request.user, found.person_id)
        if person is not None:
            record_viewed(
                actor=request.user, record=person, district_id=person.district_id, detail={"page": "disposal"}
            )
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="disposal",
        object_id=found.pk,
        district_id=found.district_id,
        detail={"page": "disposal"},
    )
    return render(
        request,
        "retention/disposal.html",
        {
            "disposal": found,
            "person": person,
            "may_approve": found.state == DisposalState.PROPOSED and found.proposed_by_id != request.user.pk,
        },
    )
