"""Signing in and the account: the second factor, enrolment and recovery codes, the user's
sessions, password change, step-up; and the administrator's user pages (issue 13)."""

import datetime as dt
import secrets
from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.access import mfa
from safeguarding.access.declarations import ANY_STAFF, SIGNING_IN, requires
from safeguarding.access.forms import CodeForm, StepUpForm, UserAssignmentForm, UserCreateForm
from safeguarding.access.models import AccessAction, RecoveryCode, RecoveryCodeDevice, SignedInSession, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record, signin_record
from safeguarding.access.sessions import client_ip, session_end_one, session_rekey, sessions_end
from safeguarding.access.stepup import mark_stepped_up
from safeguarding.access.users import Assignment, user_change, user_create, user_deactivate, user_reactivate
from safeguarding.wording import counted

ENROL_SESSION_KEY = "mfa_enrol_device"


def _next_url(request, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@requires(SIGNING_IN)
def mfa_verify(request):
    """The second factor: a TOTP code or a one-time recovery code."""
    user = request.user
    if mfa.is_verified(request):
        return redirect(_next_url(request))
    if not mfa.has_device(user):
        return redirect(f"{reverse('mfa_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        kind = "recovery_code" if isinstance(device, RecoveryCodeDevice) else "totp"
        if device is not None:
            otp_login(request, device)
            signin_record(
                action=AccessAction.LOGIN,
                username=user.get_username(),
                user=user,
                ip_address=client_ip(request),
                detail={"step": "second_factor", "second_factor": kind},
            )
            if kind == "recovery_code":
                left = RecoveryCode.objects.filter(device__user=user).count()
                messages.warning(
                    request, f"You used a recovery code; {left} left. Make new ones on your account page."
                )
            return redirect(_next_url(request))
        signin_record(
            action=AccessAction.LOGIN_FAILED,
            username=user.get_username(),
            user=user,
            ip_address=client_ip(request),
            detail={"step": "second_factor"},
        )
        form.add_error(
            "code", "Code: that code is wrong or already used. Wait for the next code and try again."
        )
    return render(request, "access/mfa_verify.html", {"form": form, "next": _next_url(request)})


@requires(SIGNING_IN)
def mfa_enrol(request):
    """Set up the authenticator app: show the secret, confirm with a code, show recovery codes."""
    user = request.user
    if mfa.has_device(user) and not mfa.is_verified(request):
        # Someone with only the password must not replace the second factor.
        return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROL_SESSION_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        device = mfa.totp_device_start(user)
        request.session[ENROL_SESSION_KEY] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.mfa_enrol_confirm(
            actor=user, device=device, token=form.cleaned_data["code"], request=request
        )
        if codes is not None:
            request.session.pop(ENROL_SESSION_KEY, None)
            return render(request, "access/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error(
            "code", "Code: that code does not match the secret. Check the app's clock and try again."
        )
    context = {
        "form": form,
        "secret": mfa.base32_secret(device),
        "config_url": device.config_url,
        "next": _next_url(request),
    }
    return render(request, "access/mfa_enrol.html", context)


@require_POST
@requires(ANY_STAFF)
def recovery_codes_new(request):
    codes = mfa.recovery_codes_issue(request.user)
    access_record(
        actor=request.user,
        action=AccessAction.ACCOUNT,
        object_type="user",
        object_id=request.user.pk,
        object_label=request.user.get_username(),
        detail={"change": "recovery_codes_issued"},
    )
    return render(request, "access/recovery_codes.html", {"codes": codes, "next": reverse("account")})


@requires(ANY_STAFF)
def account(request):
    """The user's own account: their signed-in sessions (ending the others), password, codes."""
    sessions = SignedInSession.objects.filter(user=request.user)
    return render(
        request,
        "access/account.html",
        {"sessions": sessions, "current_key": request.session.session_key},
    )


@require_POST
@requires(ANY_STAFF)
def account_session_end(request, session_id: int):
    if SignedInSession.objects.filter(pk=session_id, session_key=request.session.session_key).exists():
        return redirect("account")  # this one ends by signing out
    if not session_end_one(actor=request.user, session_id=session_id):
        raise Http404("No such session")
    messages.success(request, "That session has ended.")
    return redirect("account")


@require_POST
@requires(ANY_STAFF)
def account_sessions_end_others(request):
    count = sessions_end(
        actor=request.user, user=request.user, keep_session_key=request.session.session_key, reason="by_user"
    )
    messages.success(request, f"{counted(count, 'other session')} ended.")
    return redirect("account")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; every other session of the user ends."""

    required_permission = ANY_STAFF
    allowed_before_password_change = True
    template_name = "access/password_change.html"

    def get_success_url(self):
        return reverse("account")

    def form_valid(self, form):
        old_key = self.request.session.session_key
        with transaction.atomic():
            response = super().form_valid(form)  # saves, and keeps this session (new key)
            session_rekey(self.request, old_key)
            user = self.request.user
            if user.must_change_password or user.temporary_password_expires_at:
                User.objects.filter(pk=user.pk).update(
                    must_change_password=False, temporary_password_expires_at=None
                )
            access_record(
                actor=user,
                action=AccessAction.ACCOUNT,
                object_type="user",
                object_id=user.pk,
                object_label=user.get_username(),
                detail={"change": "password_changed"},
            )
            sessions_end(
                actor=user, user=user, keep_session_key=self.request.session.session_key, reason="password"
            )
        messages.success(self.request, "Password changed. Your other sessions have ended.")
        return response


@requires(ANY_STAFF)
def step_up(request):
    """Re-enter the password before an export or a record outside one's districts."""
    form = StepUpForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            mark_stepped_up(request.session)
            access_record(
                actor=request.user,
                action=AccessAction.ACCOUNT,
                object_type="user",
                object_id=request.user.pk,
                object_label=request.user.get_username(),
                detail={"change": "stepped_up"},
            )
            return redirect(_next_url(request))
        signin_record(
            action=AccessAction.LOGIN_FAILED,
            username=request.user.get_username(),
            user=request.user,
            ip_address=client_ip(request),
            detail={"step": "step_up"},
        )
    return render(request, "access/step_up.html", {"form": form, "next": _next_url(request)})


# --- The administrator's user pages ----------------------------------------------------------


@requires(Permission.MANAGE_USERS)
def users(request):
    people = list(
        User.objects.order_by("username")
        .only("id", "username", "first_name", "last_name", "role", "is_active")
        .prefetch_related("districts")
    )
    access_record(
        actor=request.user, action=AccessAction.VIEW, object_type="user", detail={"count": len(people)}
    )
    return render(request, "access/users.html", {"people": people})


@requires(Permission.MANAGE_USERS)
def user_detail(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    access_record(
        actor=request.user,
        action=AccessAction.VIEW,
        object_type="user",
        object_id=person.pk,
        object_label=person.username,
        detail={"page": "sessions and sign-in"},
    )
    context = {
        "person": person,
        "sessions": SignedInSession.objects.filter(user=person),
        "has_device": mfa.has_device(person),
    }
    return render(request, "access/user_detail.html", context)


@require_POST
@requires(Permission.MANAGE_USERS)
def user_sessions_end(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    count = sessions_end(actor=request.user, user=person, reason="by_admin")
    messages.success(request, f"{counted(count, 'session')} of {person.username} ended.")
    return redirect("user_detail", user_id=person.pk)


@require_POST
@requires(Permission.MANAGE_USERS)
def user_password_reset(request, user_id: int):
    """Give a one-time temporary password (shown once); the user must change it at next sign-in.
    Their sessions end and any lockout of the account is lifted."""
    person = get_object_or_404(User, pk=user_id)
    temporary = secrets.token_urlsafe(12)
    with transaction.atomic():
        person.set_password(temporary)
        person.must_change_password = True
        person.temporary_password_expires_at = timezone.now() + dt.timedelta(
            hours=settings.TEMPORARY_PASSWORD_HOURS
        )
        person.save(update_fields=["password", "must_change_password", "temporary_password_expires_at"])
        access_record(
            actor=request.user,
            action=AccessAction.ACCOUNT,
            object_type="user",
            object_id=person.pk,
            object_label=person.username,
            detail={"change": "temporary_password_set"},
        )
        sessions_end(actor=request.user, user=person, reason="password_reset")
    axes_reset(username=person.username)
    context = {"person": person, "temporary": temporary}
    return render(request, "access/user_password_reset.html", context)


@require_POST
@requires(Permission.MANAGE_USERS)
def user_mfa_reset(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    mfa.mfa_reset(actor=request.user, user=person)
    sessions_end(actor=request.user, user=person, reason="mfa_reset")
    messages.success(request, f"{person.username} will set up a new authenticator at next sign-in.")
    return redirect("user_detail", user_id=person.pk)


def _assignment(cleaned: dict) -> Assignment:
    return Assignment(role=cleaned["role"], districts=frozenset(cleaned["districts"]), team=cleaned["team"])


def _errors_to_form(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@requires(Permission.MANAGE_USERS)
def user_new(request):
    """A joiner: the account is made with a temporary password, shown here once."""
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, temporary = user_create(
                actor=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                assignment=_assignment(data),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return render(
                request,
                "access/user_password_reset.html",
                {"person": person, "temporary": temporary, "joiner": True},
            )
    return render(request, "access/user_form.html", {"form": form, "person": None})


@requires(Permission.MANAGE_USERS)
def user_edit(request, user_id: int):
    """A mover: role, districts and team."""
    person = get_object_or_404(User, pk=user_id)
    if request.method == "GET":
        access_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type="user",
            object_id=person.pk,
            object_label=person.username,
            detail={"page": "role, districts and team"},
        )
    initial = {"role": person.role, "districts": list(person.districts.all()), "team": person.team}
    form = UserAssignmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = user_change(actor=request.user, user=person, assignment=_assignment(form.cleaned_data))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"{person.username} changed." if changed else "Nothing changed.")
            return redirect("user_detail", user_id=person.pk)
    return render(request, "access/user_form.html", {"form": form, "person": person})


@require_POST
@requires(Permission.MANAGE_USERS)
def user_deactivate_view(request, user_id: int):
    """A leaver: no more sign-in; sessions end and API tokens are revoked."""
    person = get_object_or_404(User, pk=user_id)
    try:
        user_deactivate(actor=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person.username} can no longer sign in.")
    return redirect("user_detail", user_id=person.pk)


@require_POST
@requires(Permission.MANAGE_USERS)
def user_reactivate_view(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    changed, temporary = user_reactivate(actor=request.user, user=person)
    if not changed:
        messages.success(request, f"{person.username} is already active.")
        return redirect("user_detail", user_id=person.pk)
    return render(request, "access/user_password_reset.html", {"person": person, "temporary": temporary})
