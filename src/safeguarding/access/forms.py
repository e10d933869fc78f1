from django import forms


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
