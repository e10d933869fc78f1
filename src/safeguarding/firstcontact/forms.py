from django import forms
from django.utils.translation import gettext_lazy as _

from safeguarding.access.reasons import ReasonForm


class LookupForm(ReasonForm):
    """The lookup and its reason (always needed: a first-contact lookup searches the whole force)."""

    q = forms.CharField(
        label=_("Name, date of birth, address, postcode, phone, NHS number, PNC ID or UPN"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "spellcheck": "false"}),
    )
    more = forms.BooleanField(required=False, widget=forms.HiddenInput)
    field_order = ["q", "reason_code", "reason_reference", "reason_description"]


class OpenRecordForm(ReasonForm):
    """The reason to open a full record outside the viewer's districts."""
