"""Forms for cases and every kind of stage entry. One factory builds the entry forms from
ENTRY_MODELS; the rules they check live in `cases/validators.py`, shared with the API and the
services, and their choices come from `cases/scoping.py`."""

from django import forms

from safeguarding.access.models import User
from safeguarding.access.reasons import ReasonForm
from safeguarding.cases.models import (
    Case,
    CaseEntry,
    ChildView,
    CustodyDetention,
    Incident,
    Investigation,
    Meeting,
    MissingEpisode,
    OffenderManagement,
    PoliceProtection,
    Referral,
    RiskAssessment,
    StrategyDiscussion,
)
from safeguarding.cases.scoping import (
    districts_editable_by,
    entry_choices,
    officers_settable_by,
    teams_settable_by,
)
from safeguarding.cases.validators import (
    ENTRY_SYSTEM_FIELDS,
    FREE_TEXT_MAX_LENGTH,
    case_problems,
    entry_problems,
    free_text_fields,
)
from safeguarding.cases.vocabulary import ADDABLE_ROLES, CHILD_ROLES, ViewTheme
from safeguarding.people.forms import PersonForm, add_problems

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

ENTRY_EXCLUDE = list(ENTRY_SYSTEM_FIELDS)

# What "when it happened" means for each kind of entry, in the officer's words.
OCCURRED_LABEL = {
    Incident: "When was it reported?",
    MissingEpisode: "When was the child reported missing?",
    RiskAssessment: "When was the risk assessed?",
    Referral: "When was the referral submitted?",
    StrategyDiscussion: "When was the strategy discussion held?",
    Meeting: "Date and time of the meeting",
    Investigation: "When was the investigation opened?",
    PoliceProtection: "When did police protection begin?",
    CustodyDetention: "When did the child arrive at the custody suite?",
    OffenderManagement: "When did management begin?",
}


def datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def cap_free_text(form: forms.BaseForm) -> None:
    for name in free_text_fields(form._meta.model):
        field = form.fields.get(name)
        if field is not None:
            field.max_length = FREE_TEXT_MAX_LENGTH
            field.widget.attrs["maxlength"] = str(FREE_TEXT_MAX_LENGTH)


def _use_html5_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = datetime_widget()
        elif isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(forms.ModelForm):
    """Base of every entry form: choices limited to this case's people and records."""

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        model = self._meta.model
        _use_html5_widgets(self)
        cap_free_text(self)
        for name, field in self.fields.items():
            queryset = entry_choices(name, case)
            if queryset is not None:
                field.queryset = queryset
        if "child" in self.fields:
            child = self.fields["child"]
            child.required = model.child_required
            child.label = (
                "Which child?"
                if model.child_required
                else "Which child? (leave empty if about the whole case)"
            )
            child.empty_label = "Choose the child" if model.child_required else "The whole case"
            if model.child_required and not self.instance.pk and len(child.queryset) == 1:
                child.initial = child.queryset[0].pk
        if model in OCCURRED_LABEL:
            self.fields["occurred_at"].label = OCCURRED_LABEL[model]
            self.fields["occurred_at"].help_text = ""
        self.order_fields(["occurred_at", "child"])

    def clean(self):
        data = super().clean()
        add_problems(
            self, entry_problems(self._meta.model, data, case=self.case, instance_pk=self.instance.pk)
        )
        return data


class ThemesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=ViewTheme.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="What the child talked about (tick all that apply)",
            **kwargs,
        )


def entry_form_class(model: type[CaseEntry]) -> type[EntryForm]:
    attrs: dict = {
        "Meta": type("Meta", (), {"model": model, "exclude": ENTRY_EXCLUDE}),
    }
    if model is ChildView:
        attrs["themes"] = ThemesField()
    return type(f"{model.__name__}Form", (EntryForm,), attrs)


# --- Cases ----------------------------------------------------------------------------------


class ReassignForm(forms.Form):
    """A supervisor's choice of officer in charge and team: only ones they may set."""

    officer_in_charge = forms.ModelChoiceField(queryset=User.objects.none())
    team = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer_in_charge"].queryset = officers_settable_by(viewer)
        self.fields["team"].queryset = teams_settable_by(viewer)


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "case_type",
            "district",
            "team",
            "first_reported_at",
            "significant_harm_suspected",
            "summary",
        ]
        labels = {
            "case_type": "Type of case",
            "first_reported_at": "When was it first reported?",
            "significant_harm_suspected": "Significant harm is suspected",
        }

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_editable_by(viewer)
        self.fields["team"].queryset = teams_settable_by(viewer)
        cap_free_text(self)
        self.fields["first_reported_at"].widget = datetime_widget()
        districts = list(self.fields["district"].queryset)
        if len(districts) == 1:
            self.fields["district"].initial = districts[0].pk

    def clean(self):
        data = super().clean()
        add_problems(self, case_problems(data))
        return data


# --- People in a case -----------------------------------------------------------------------

ROLE_CHOICES = [(role.value, role.label) for role in ADDABLE_ROLES]


class ParticipantAddForm(ReasonForm):
    """A person found by the search, in a role. The reason fields come with a person of another
    district (the reason given at the whole-force search); the service decides whether one is
    needed, as it alone knows whether the person is outside the actor's districts."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label="Role on this case", choices=ROLE_CHOICES)

    def reason_needed(self, data: dict) -> bool:
        return bool(data.get("reason_code"))


class NewParticipantForm(PersonForm):
    """A person not yet on record, created inline and put on the case."""

    role = forms.ChoiceField(label="Role on this case", choices=ROLE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["role"])

    def clean(self):
        data = super().clean()
        role, is_child = data.get("role"), data.get("is_child")
        if role in CHILD_ROLES and is_child is False:
            self.add_error(
                "role", "A child present must be a child: tick “child”, or choose an adult's role."
            )
        return data
