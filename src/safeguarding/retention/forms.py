from django import forms

from safeguarding import dateinput


class RetainForm(forms.Form):
    reason = forms.CharField(label="Why the records are retained", max_length=2000, widget=forms.Textarea)
    next_review_on = dateinput.DateField(
        label="Next review", subject="The next review date", help_text="A date after today."
    )


class ProposeDisposalForm(forms.Form):
    reason = forms.CharField(
        label="Why the records are no longer needed",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Seen by the approver; cleared when the disposal is carried out.",
    )
