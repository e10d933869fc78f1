import zipfile
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding.access.declarations import ANY_STAFF, requires
from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.exchange import selectors
from safeguarding.exchange.conflicts import ConflictDecided, conflict_apply, conflict_keep
from safeguarding.exchange.forms import ConflictDecisionForm, ReviewDecisionForm, UploadForm
from safeguarding.exchange.loader import sources_from_bytes
from safeguarding.exchange.models import ImportConflict, MatchReview
from safeguarding.exchange.services import AlreadyDecided, extract_import, match_confirm, match_create_person
from safeguarding.uploads import ArchiveRefused

ERRORS_SHOWN = 200


def importer_or_reviewer(view):
    """The review queue: the importer sees what waits (no personal data); the reviewer decides.
    Declared ANY_STAFF for the middleware (signed in), then checked here before the view runs."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not (request.user.can(Permission.IMPORT_DATA) or request.user.can(Permission.REVIEW_MATCHES)):
            raise PermissionDenied("Your role does not allow this.")
        return view(request, *args, **kwargs)

    checked.required_permission = ANY_STAFF  # type: ignore[attr-defined]
    return checked


@requires(Permission.IMPORT_DATA)
@require_http_methods(["GET", "POST"])
def index(request):
    result = None
    form = UploadForm(request.POST or None, request.FILES or None)
    # The error table quotes the extract's values (names, dates of birth): it is built only here,
    # for the importer who sent the file, and is never stored on a page anyone else can open.
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["extract"]
        try:
            sources = sources_from_bytes(upload.name, upload.read())
        except (ArchiveRefused, zipfile.BadZipFile) as error:
            # The directory passed the form's check but a member inflated past it (it lied).
            message = str(error) if isinstance(error, ArchiveRefused) else "Not a readable .zip archive."
            form.add_error("extract", message)
        else:
            result = extract_import(
                actor=request.user,
                sources=sources,
                source_system=form.cleaned_data["source_system"],
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
    return render(
        request,
        "exchange/index.html",
        {
            "form": form,
            "result": result,
            "errors": result.errors[:ERRORS_SHOWN] if result else [],
            "more_errors": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
            "batches": selectors.recent_batches(),
            "pending": selectors.pending_reviews().count(),
            "conflicts": selectors.pending_conflict_count(),
        },
        status=400 if form.errors else 200 if result is None or result.loaded else 422,
    )


@importer_or_reviewer
@require_http_methods(["GET", "POST"])
def review(request):
    # Deciding means reading names and dates of birth: only the reviewer, who may read child records.
    may_decide = request.user.can(Permission.REVIEW_MATCHES) and request.user.can(
        Permission.VIEW_CHILD_RECORD
    )
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("Deciding a match needs access to child records.")
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid() or not MatchReview.objects.filter(pk=form.cleaned_data["review"]).exists():
            raise Http404("No such review.")
        decide = match_confirm if form.cleaned_data["decision"] == "confirm" else match_create_person
        try:
            decide(actor=request.user, review_id=form.cleaned_data["review"])
            messages.success(
                request, "Decision recorded. Re-import the extract to load the rows that waited for it."
            )
        except AlreadyDecided:
            messages.info(request, "That match was already decided.")
        return redirect("exchange:review")
    reviews = list(selectors.pending_reviews()[:100])
    # Logged whether or not names are shown: the queue shows source references and person ids.
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type=f"{record_type(MatchReview)} list",
        detail={"ids": [r.pk for r in reviews], "names_shown": may_decide},
    )
    return render(request, "exchange/review.html", {"reviews": reviews, "may_decide": may_decide})


@requires(Permission.REVIEW_MATCHES)
@require_http_methods(["GET", "POST"])
def conflicts(request):
    """Imported changes held back because someone here changed the record since an import last
    wrote it: the reviewer decides which values stand (exchange/conflicts.py)."""
    if not request.user.can(Permission.VIEW_CHILD_RECORD):
        raise PermissionDenied("Deciding an imported change needs access to child records.")
    if request.method == "POST":
        form = ConflictDecisionForm(request.POST)
        if not form.is_valid():
            raise Http404("No such imported change.")
        conflict_id = form.cleaned_data["conflict"]
        try:
            if form.cleaned_data["decision"] == "apply":
                conflict_apply(
                    actor=request.user, conflict_id=conflict_id, seen_version=form.cleaned_data["version"]
                )
                messages.success(
                    request,
                    "The extract's values were applied; the record's history keeps what they replaced.",
                )
            else:
                conflict_keep(actor=request.user, conflict_id=conflict_id)
                messages.success(
                    request,
                    "The values held here were kept. The same extract values will not be asked about again.",
                )
        except ImportConflict.DoesNotExist as missing:
            raise Http404("No such imported change.") from missing
        except ConflictDecided:
            messages.info(request, "That imported change was already decided.")
        except ValidationError as refused:
            messages.error(request, "Not applied: " + " ".join(refused.messages))
        return redirect("exchange:conflicts")
    shown = selectors.conflicts_shown(request.user)
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type=f"{record_type(ImportConflict)} list",
        detail={"ids": [item.conflict.pk for item in shown]},
    )
    return render(request, "exchange/conflicts.html", {"shown": shown})
