from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguarding.access.declarations import requires
from safeguarding.access.roles import Permission
from safeguarding.firstcontact.forms import LookupForm
from safeguarding.firstcontact.query import BadQuery
from safeguarding.firstcontact.services import REASON_MIN_LENGTH, lookup_run
from safeguarding.people.models import Person
from safeguarding.people.selectors import grant_record_access


@requires(Permission.FIRST_CONTACT_LOOKUP)
def lookup_page(request):
    """The search box. Searches are POSTed so names never appear in a URL or a server log."""
    result = problem = None
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = lookup_run(
                actor=request.user,
                text=form.cleaned_data["q"],
                reason=form.reason(),
                more=bool(form.cleaned_data.get("more")),
            )
        except BadQuery as error:
            problem = str(error)
        else:
            request.session["firstcontact_reason"] = form.reason()
    template = "firstcontact/_results.html" if request.htmx else "firstcontact/lookup.html"
    return render(
        request,
        template,
        {
            "form": form,
            "result": result,
            "problem": problem,
            "reason": request.session.get("firstcontact_reason", ""),
        },
    )


@require_POST
@requires(Permission.FIRST_CONTACT_LOOKUP)
def open_record(request, person_id: int):
    """Open a full record outside the viewer's districts: only with a reason, which is logged
    and held as a short-lived grant the child's page honours (people app)."""
    person = Person.objects.filter(pk=person_id).only("pk", "district_id").first()
    if person is None:
        raise Http404("No such person")
    reason = " ".join(request.POST.get("reason", "").split())
    if len(reason) < REASON_MIN_LENGTH:
        return render(
            request,
            "firstcontact/lookup.html",
            {"form": LookupForm(), "problem": "Give the reason for opening this record."},
            status=400,
        )
    # The child's page writes the consultation (with this reason) to the access log when it opens.
    grant_record_access(request.session, [person.pk], reason)
    return redirect("people:child", person.pk)
