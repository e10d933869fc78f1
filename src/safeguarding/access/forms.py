from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from safeguarding.access.models import AccessAction
from safeguarding.access.services import signin_record
from safeguarding.access.sessions import client_ip

TEMPORARY_PASSWORD_EXPIRED = "Your temporary password has expired; ask an administrator for a new one."  # noqa: S105 - a message, not a password


class SignInForm(AuthenticationForm):
    """The password step; an administrator's temporary password is refused once it has expired."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        expires = user.temporary_password_expires_at
        if user.must_change_password and expires is not None and timezone.now() >= expires:
            signin_record(
                action=AccessAction.LOGIN_FAILED,
                username=user.get_username(),
                user=user,
                ip_address=client_ip(self.request) if self.request is not None else None,
                detail={"step": "temporary_password_expired"},
            )
            raise forms.ValidationError(TEMPORARY_PASSWORD_EXPIRED, code="temporary_password_expired")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class StepUpForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput(attrs={"autofocus": True}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Password: that is not your password.")
        return password


class UserAssignmentForm(forms.Form):
    """Role, districts and team: what an account may reach (the administrator's user pages)."""

    role = forms.ChoiceField()
    districts = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="(no team)")

    def __init__(self, *args, **kwargs):
        from safeguarding.access.roles import Role
        from safeguarding.force.models import District, Team

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        self.fields["districts"].queryset = District.objects.order_by("name")
        self.fields["team"].queryset = Team.objects.select_related("district")


class UserCreateForm(UserAssignmentForm):
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    field_order = ["username", "first_name", "last_name", "email", "role", "districts", "team"]
