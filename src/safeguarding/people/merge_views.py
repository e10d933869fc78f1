"""Pages of the duplicate list and of merging two records of one person (people/merging.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from safeguarding.access.declarations import requires
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record, record_viewed
from safeguarding.people import merging
from safeguarding.people.casework import people_editable_by, people_visible_to
from safeguarding.people.duplicates import duplicate_pairs
from safeguarding.people.forms import add_problems
from safeguarding.people.models import MergeState, PersonMerge


class MergeRequestForm(forms.Form):
    merged = forms.IntegerField(
        label="Record number of the duplicate",
        min_value=1,
        help_text="The record to fold into this one; its names are kept as aliases.",
    )
    reason = forms.CharField(
        label="Why these records are the same person", max_length=500, widget=forms.Textarea
    )


@requires(Permission.APPROVE_MERGES)
def duplicates(request):
    """The likely duplicates among the people the unit may see, the most likely first."""
    pairs = duplicate_pairs(request.user)
    access_record(
        actor=request.user,
        action=AccessAction.SEARCH,
        object_type="person",
        detail={"page": "duplicates", "results": len(pairs)},
    )
    return render(request, "people/duplicates.html", {"pairs": pairs})


@requires(Permission.EDIT_RECORDS)
def merge_request(request, person_id: int):
    survivor = get_object_or_404(people_editable_by(request.user), pk=person_id)
    initial = {"merged": request.GET.get("merged")} if (request.GET.get("merged") or "").isdigit() else {}
    form = MergeRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        merged = people_editable_by(request.user).filter(pk=form.cleaned_data["merged"]).first()
        if merged is None:
            form.add_error("merged", "No such person.")
        else:
            try:
                merge = merging.merge_request(
                    actor=request.user, survivor=survivor, merged=merged, reason=form.cleaned_data["reason"]
                )
            except ValidationError as refusal:
                add_problems(form, refusal.message_dict)
            else:
                messages.success(
                    request, "Merge asked for: someone else in the safeguarding unit approves it."
                )
                if request.user.can(Permission.APPROVE_MERGES):
                    return redirect("people:merge", merge_id=merge.pk)
                return redirect("people:child", person_id=survivor.pk)
    record_viewed(
        actor=request.user, record=survivor, district_id=survivor.district_id, detail={"page": "merge"}
    )
    return render(request, "people/merge_request.html", {"form": form, "person": survivor})


@requires(Permission.APPROVE_MERGES)
def merges(request):
    """Merges awaiting approval, and those done (which may be undone)."""
    visible = people_visible_to(request.user).values("pk")
    shown = PersonMerge.objects.filter(survivor_id__in=visible).select_related("requested_by", "decided_by")[
        :200
    ]
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="person_merge",
        detail={"page": "merges", "results": len(shown)},
    )
    return render(request, "people/merges.html", {"merges": shown})


def _merge_for(request, merge_id: int) -> PersonMerge:
    merge = get_object_or_404(PersonMerge.objects.select_related("requested_by", "decided_by"), pk=merge_id)
    if not people_visible_to(request.user).filter(pk=merge.survivor_id).exists():
        raise Http404
    return merge


@requires(Permission.APPROVE_MERGES)
def merge(request, merge_id: int):
    merge = _merge_for(request, merge_id)
    if request.method == "POST":
        decide = {
            "approve": merging.merge_approve,
            "refuse": merging.merge_refuse,
            "undo": merging.merge_undo,
        }
        action = decide.get(request.POST.get("decision", ""))
        if action is None:
            messages.error(request, "Decision: choose approve, refuse or undo.")
        else:
            try:
                action(actor=request.user, merge=merge)
            except ValidationError as refusal:
                for problems in refusal.message_dict.values():
                    for problem in problems:
                        messages.error(request, problem)
            else:
                messages.success(request, f"Merge {merge.get_state_display().lower()}.")
        return redirect("people:merge", merge_id=merge.pk)
    people = {
        p.pk: p for p in people_visible_to(request.user).filter(pk__in=[merge.survivor_id, merge.merged_id])
    }
    for person in people.values():
        record_viewed(
            actor=request.user,
            record=person,
            district_id=person.district_id,
            detail={"page": "merge", "merge_id": merge.pk},
        )
    return render(
        request,
        "people/merge.html",
        {
            "merge": merge,
            "survivor": people.get(merge.survivor_id),
            "merged": people.get(merge.merged_id),
            "may_approve": merge.state == MergeState.REQUESTED and merge.requested_by_id != request.user.pk,
            "moved": sum(len(m["ids"]) for m in merge.journal.get("moved", [])),
        },
    )
