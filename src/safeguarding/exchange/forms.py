import zipfile

from django import forms
from django.conf import settings

from safeguarding.exchange.loader import SUFFIXES
from safeguarding.uploads import ArchiveLimits, ArchiveRefused, checked_members

MB = 1024 * 1024


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
        cap = settings.EXCHANGE_UPLOAD_MAX_BYTES
        if upload.size > cap:
            raise forms.ValidationError(
                f"The file is {upload.size / MB:.1f} MB; at most {cap / MB:g} MB is accepted "
                "(EXCHANGE_UPLOAD_MAX_BYTES)."
            )
        if name.endswith(".zip"):
            # The central directory only: nothing is inflated until the caps are met.
            try:
                with zipfile.ZipFile(upload) as archive:
                    checked_members(archive, ArchiveLimits.from_settings())
            except zipfile.BadZipFile as error:
                raise forms.ValidationError("The file is not a readable .zip archive.") from error
            except ArchiveRefused as error:
                raise forms.ValidationError(str(error)) from error
            finally:
                upload.seek(0)
        return upload


class ReviewDecisionForm(forms.Form):
    review = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(choices=[("confirm", "Same person"), ("create", "New person")])


class ConflictDecisionForm(forms.Form):
    conflict = forms.IntegerField(min_value=1)
    decision = forms.ChoiceField(
        choices=[("apply", "Use the extract's values"), ("keep", "Keep the values held here")]
    )
    version = forms.IntegerField(min_value=1)
