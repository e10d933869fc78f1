from django import forms

from safeguarding.firstcontact.services import COMMON_REASONS

OTHER = "other"


class LookupForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth, address, postcode or phone",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
    )
    more = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason_choice = forms.ChoiceField(
        label="Reason",
        choices=[(reason, reason) for reason in COMMON_REASONS] + [(OTHER, "Other (say below)")],
    )
    reason_detail = forms.CharField(
        label="Incident number or other detail",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def reason(self) -> str:
        choice = self.cleaned_data.get("reason_choice", "")
        detail = self.cleaned_data.get("reason_detail", "").strip()
        if choice == OTHER:
            return detail
        return f"{choice}: {detail}" if detail else choice
