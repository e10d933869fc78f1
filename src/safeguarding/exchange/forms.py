from django import forms

from safeguarding.exchange.loader import SUFFIXES


class UploadForm(forms.Form):
    extract = forms.FileField(
        help_text="A .zip of the extract's files, or one <entity>.csv / <entity>.jsonl file."
    )
    source_system = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{1,32}$",
        initial="NICHE",
        help_text="The system the extract came from, e.g. NICHE.",
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label="Load the good rows and report the bad ones (otherwise one bad row loads nothing)",
    )

    def clean_extract(self):
        upload = self.cleaned_data["extract"]
        name = upload.name.lower()
        if not (name.endswith(".zip") or any(name.endswith(s) for s in SUFFIXES)):
            raise forms.ValidationError("Upload a .zip, .csv or .jsonl file.")
        return upload


class ReviewDecisionForm(forms.Form):
    review = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("confirm", "Same person"), ("create", "New person")])
