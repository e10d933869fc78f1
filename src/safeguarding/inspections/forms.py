from django import forms
from django.conf import settings
from django.utils import timezone

from safeguarding import dateinput
from safeguarding.access.models import User
from safeguarding.access.roles import ROLE_PERMISSIONS, Permission
from safeguarding.cases.vocabulary import Stage
from safeguarding.inspections.evidence import EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, validate_evidence_file
from safeguarding.inspections.report_parser import STANDARD_KEYWORDS
from safeguarding.inspections.vocabulary import RecommendationStatus, ReportType
from safeguarding.standards.selectors import standard_name, standard_stage

NO_PERSONAL_DATA = "It appears in the panel paper: no names, case references or other personal details."


def _staff_who_manage_recommendations():
    roles = [
        role
        for role, permissions in ROLE_PERMISSIONS.items()
        if Permission.MANAGE_RECOMMENDATIONS in permissions
    ]
    return User.objects.filter(is_active=True, role__in=roles).order_by("last_name", "first_name", "username")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class ReportUploadForm(forms.Form):
    report = forms.FileField(help_text="The published report as a .txt or .pdf file.")

    def clean_report(self):
        upload = self.cleaned_data["report"]
        if not upload.name.lower().endswith((".txt", ".pdf")):
            raise forms.ValidationError("Give the report as a .txt or .pdf file.")
        cap = settings.INSPECTION_REPORT_MAX_BYTES
        if upload.size > cap:
            raise forms.ValidationError(
                f"That file is too large to be an inspection report: at most {cap // (1024 * 1024)} MB "
                "(INSPECTION_REPORT_MAX_BYTES)."
            )
        return upload


class ImportConfirmForm(forms.Form):
    """The preview's form: the text read (carried back unchanged) and a person's corrections."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    source_file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)
    force = forms.CharField(
        required=False, max_length=200, label="Force", help_text="Correct it if the importer read it wrongly."
    )
    report_type = forms.ChoiceField(
        required=False, choices=[("", "as read")] + [c for c in ReportType.choices if c[0] != "thematic"]
    )
    published = forms.RegexField(
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        label="Published (YYYY-MM)",
        error_messages={"invalid": "Give the month of publication as YYYY-MM."},
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > settings.INSPECTION_REPORT_MAX_CHARACTERS:
            raise forms.ValidationError(
                "The report text is longer than a report can be (INSPECTION_REPORT_MAX_CHARACTERS)."
            )
        return text


class _OwnIds:
    """The recommendation page holds several of these forms at once: each names its elements'
    ids after itself (id_action_owner, id_owner_owner), so no two share an id (WCAG 4.1.1)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ActionForm(_OwnIds, forms.Form):
    id_prefix = "action"

    text = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_PERSONAL_DATA
    )
    due = dateinput.DateField(label="Due by", subject="The due date")
    owner = OwnerChoiceField(queryset=User.objects.none(), required=False, label="Owner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_who_manage_recommendations()


class ActionDoneForm(forms.Form):
    done_at = dateinput.DateField(label="Done on", subject="The date the action was done")

    def clean_done_at(self):
        done_at = self.cleaned_data["done_at"]
        if done_at > timezone.localdate():
            raise forms.ValidationError("The date the action was done must be today or in the past")
        return done_at


class StatusForm(_OwnIds, forms.Form):
    id_prefix = "status"

    status = forms.ChoiceField(choices=RecommendationStatus.choices)
    effective_on = dateinput.DateField(
        label="With effect from", subject="The date the status takes effect", initial=timezone.localdate
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_effective_on(self):
        effective_on = self.cleaned_data["effective_on"]
        if effective_on > timezone.localdate():
            raise forms.ValidationError("The date the status takes effect must be today or in the past")
        return effective_on


class OwnerForm(_OwnIds, forms.Form):
    id_prefix = "assign"

    owner = OwnerChoiceField(queryset=User.objects.none(), required=False, label="Owner")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_who_manage_recommendations()


class EvidenceForm(_OwnIds, forms.Form):
    id_prefix = "evidence"

    file = forms.FileField(
        validators=[validate_evidence_file],
        help_text=(
            f"{', '.join(sorted(s.lstrip('.') for s in EVIDENCE_TYPES))}; at most "
            f"{EVIDENCE_MAX_BYTES // (1024 * 1024)} MB. No personal data."
        ),
    )
    description = forms.CharField(max_length=300, required=False)


class NoteForm(_OwnIds, forms.Form):
    id_prefix = "note"

    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))


class StandardsForm(_OwnIds, forms.Form):
    id_prefix = "standards"

    standards = forms.MultipleChoiceField(
        choices=[(standard, standard_name(standard)) for standard in STANDARD_KEYWORDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Practice standards this recommendation concerns",
    )

    def by_stage(self) -> list[tuple[str, list]]:
        """The 38 boxes in groups, one per stage of the case (issue 25: not one list of 38), each
        group a fieldset named by its stage."""
        groups: dict[str, list] = {stage.value: [] for stage in Stage}
        for choice in self["standards"]:
            groups.setdefault(standard_stage(choice.data["value"]) or "other", []).append(choice)
        labels = {stage.value: str(stage.label) for stage in Stage}
        return [(labels.get(stage, "Other"), choices) for stage, choices in groups.items() if choices]
