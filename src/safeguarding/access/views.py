from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding import csvsafe
from safeguarding.access.declarations import ANY_STAFF, PUBLIC, requires
from safeguarding.access.forms import SignInForm
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.selectors import access_events_for, api_tokens_of
from safeguarding.access.services import access_record, api_token_revoke
from safeguarding.access.stepup import step_up_required


class LoginView(auth_views.LoginView):
    """The password; the second factor follows (account_views.mfa_verify)."""

    required_permission = PUBLIC
    template_name = "access/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self):
        return f"{reverse('mfa_verify')}?{urlencode({'next': self.get_redirect_url() or reverse('home')})}"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": settings.OIDC_ENABLED}


class LogoutView(auth_views.LogoutView):
    """Sign out; the browser is also told to drop the site's cache, cookies and storage
    (ASVS V14.3.1), in case anything outlived no-store."""

    required_permission = PUBLIC

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response


@requires(Permission.VIEW_ACCESS_LOG)
def access_log(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("actor", "object_type", "object_id")}
    events = access_events_for(request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # Reading the log is itself logged: it names who looked at which child.
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="access_log",
        detail={**filters, "page": page.number},
    )
    return render(request, "access/access_log.html", {"page": page, "filters": filters})


class _Echo:
    def write(self, value):
        return value


@requires(Permission.VIEW_ACCESS_LOG)
@step_up_required
def access_log_export(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("actor", "object_type", "object_id")}
    events = access_events_for(request.user, **filters)
    access_record(actor=request.user, action=AccessAction.EXPORT, object_type="access_log", detail=filters)
    writer = csvsafe.writer(_Echo())
    columns = [
        "at",
        "actor_username",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "district_id",
        "outside_own_district",
        "reason",
        "query",
        "recipient",
    ]

    def rows():
        yield writer.writerow(columns)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow([getattr(event, column) for column in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    return response


@requires(ANY_STAFF)
def api_tokens(request):
    """The signed-in user's own API tokens: what each may do, until when, and whether it still
    works. Tokens are issued by an administrator (`safeguarding api-token create`)."""
    now = timezone.now()
    tokens = [(token, token.refusal(now=now)) for token in api_tokens_of(request.user)]
    return render(request, "access/api_tokens.html", {"tokens": tokens})


@require_POST
@requires(ANY_STAFF)
def api_token_revoke_view(request, pk: int):
    # Another person's token is not found, exactly as a missing one.
    token = get_object_or_404(api_tokens_of(request.user), pk=pk)
    api_token_revoke(actor=request.user, token=token, reason="revoked by its user")
    messages.success(request, f"Token {token.prefix} revoked.")
    return redirect("api_tokens")
