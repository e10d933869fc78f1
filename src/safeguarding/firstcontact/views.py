from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safeguarding.access.declarations import requires
from safeguarding.access.reasons import AccessReason, GivenReason
from safeguarding.access.roles import Permission
from safeguarding.firstcontact.forms import LookupForm, OpenRecordForm
from safeguarding.firstcontact.query import BadQuery
from safeguarding.firstcontact.services import lookup_run
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
                reason=form.given_reason,
                more=bool(form.cleaned_data.get("more")),
            )
        except BadQuery as error:
            problem = str(error)
        else:
            # Offered again (not assumed) on the open-record forms of the results.
            request.session["firstcontact_reason"] = form.given_reason.detail()
            # The focus goes to the results' heading, not back to the search box (keyboard users).
            form.fields["q"].widget.attrs.pop("autofocus", None)
    elif request.method == "POST":
        # Each field shows its own message; the summary names them (nothing was searched or logged).
        problem = (
            _("Nothing was searched.")
            + " "
            + " ".join(message for messages in form.errors.values() for message in messages)
        )
    template = "firstcontact/_results.html" if request.htmx else "firstcontact/lookup.html"
    return render(request, template, _context(request, form=form, result=result, problem=problem))


def _context(request, **context) -> dict:
    last = request.session.get("firstcontact_reason") or {}
    try:
        last_reason = GivenReason.from_detail(last) if last else None
    except (KeyError, ValueError):
        last_reason = None
    return {**context, "reason": last_reason, "reason_choices": AccessReason.choices}


@require_POST
@requires(Permission.FIRST_CONTACT_LOOKUP)
def open_record(request, person_id: int):
    """Open a full record outside the viewer's districts: only with a reason, which is logged
    and held as a short-lived grant the child's page honours (people app)."""
    person = Person.objects.filter(pk=person_id).only("pk", "district_id").first()
    if person is None:
        raise Http404("No such person")
    form = OpenRecordForm(request.POST)
    if not form.is_valid():
        problems = " ".join(message for messages in form.errors.values() for message in messages)
        return render(
            request,
            "firstcontact/lookup.html",
            _context(
                request,
                form=LookupForm(),
                problem=f"{_('Give the reason for opening this record.')} {problems}",
            ),
            status=400,
        )
    # The child's page writes the consultation (with this reason) to the access log when it opens.
    grant_record_access(request.session, [person.pk], form.given_reason)
    return redirect("people:child", person.pk)
