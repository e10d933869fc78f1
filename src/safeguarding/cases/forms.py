"""Forms for cases and every kind of stage entry. One factory builds the entry forms from
ENTRY_MODELS; the rules they check live in `cases/validators.py`, shared with the API and the
services, and their choices come from `cases/scoping.py`."""

from django import forms

from safeguarding import dateinput
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

# Plain labels for fields whose model gives only a name (issue 25): the GOV.UK voice, never
# "Ppn grade" or "Kind". Keyed by field name; a model's own verbose_name wins when it has one.
FIELD_LABELS = {
    "occurred_at": "When it happened",
    "kind": "What kind of incident",
    "address": "Where it happened",
    "attended_at": "When officers arrived",
    "ppn_grade": "PPN grade (red, amber or green)",
    "description": "What happened",
    "incident": "Which incident",
    "demeanour": "How the child seemed",
    "seen_alone": "Was the child seen alone?",
    "seen_alone_reason": "Why the child was not seen alone",
    "last_seen_at": "When the child was last seen",
    "returned_at": "When the child came back",
    "risk_grade": "Risk grade",
    "graded_at": "When the risk was graded",
    "supervisor_reviewed_at": "When a supervisor reviewed the grade",
    "pnc_entered_at": "When the child was entered on the Police National Computer",
    "safe_and_well_at": "When the safe and well check was done",
    "return_interview_at": "When the return interview was done",
    "info_to_social_care_at": "When information went to children's social care",
    "tool": "Risk assessment tool",
    "tool_version": "Version of the tool",
    "grade": "Risk grade",
    "yes_answers": "Number of 'yes' answers",
    "rationale": "Why this grade",
    "concern_at": "When the concern arose",
    "agency": "Which agency",
    "outcome": "What social care decided",
    "outcome_received_at": "When social care's decision arrived",
    "harm_suspected_at": "When significant harm was first suspected",
    "decisions": "Decisions made",
    "decisions_recorded_at": "When the decisions were recorded",
    "agencies": "Agencies taking part",
    "invited_at": "When police were invited",
    "attended": "Did police attend?",
    "report_submitted": "Police report submitted",
    "non_attendance_reason": "Why police did not attend",
    "history_shared_at": "When the history of abuse was shared",
    "children_count_shared": "Number of children shared",
    "offence_category": "Offence category",
    "allocated_at": "When it was allocated",
    "team": "Team",
    "officer": "Officer",
    "closed_at": "When it was closed",
    "investigation": "Which investigation",
    "details": "Details",
    "device_priority": "Priority of the device analysis",
    "bail_conditions": "Bail conditions",
    "bail_until": "Bail until",
    "protected_person": "Person protected",
    "charging_decision": "Charging decision",
    "ended_at": "When police protection ended",
    "designated_officer": "Designated officer",
    "local_authority_informed_at": "When the local authority was told",
    "parents_informed_at": "When the parents were told",
    "wishes_sought": "The child's wishes and feelings were asked for",
    "wishes": "The child's wishes and feelings",
    "offence": "Offence",
    "detention_authorised_at": "When detention was authorised",
    "minor_offence_against_family": "A minor offence against a family member",
    "behaviour_in_childrens_home": "Arrested for behaviour in their children's home",
    "under_s136": "Detained under section 136 of the Mental Health Act",
    "place_of_safety": "Place of safety",
    "charged_at": "When the child was charged",
    "bail_refused": "Bail refused",
    "accommodation_likely_at": "When accommodation was first likely to be needed",
    "accommodation_requested_at": "When the local authority was asked for accommodation",
    "accommodation_answer": "The local authority's answer",
    "secure_requested": "Secure accommodation asked for",
    "secure_reason": "Why secure accommodation was asked for",
    "risk_of_serious_harm_to_public": "Risk of serious harm to the public",
    "transferred_to_local_authority": "Moved to local authority accommodation",
    "pace_certificate": "PACE section 38(6) certificate completed",
    "appropriate_adult_requested_at": "When an appropriate adult was asked for",
    "appropriate_adult_arrived_at": "When the appropriate adult arrived",
    "food_and_drink_offered": "Food and drink offered",
    "released_at": "When the child was released",
    "detention": "Which detention",
    "subject": "Who is managed",
    "risk_level": "Risk level",
    "manager": "Offender manager",
    "management": "Which offender management",
    "is_review": "This visit is a review",
    "notes": "Notes",
    "decision": "Decision",
    "reason": "Reason",
    "expires_on": "Expires on",
    "views": "What the child said",
    "not_able_reason": "Why the child could not give their views",
    "method": "How the child was told",
    "category": "Outcome for the child",
    "text": "Note",
}


def _plain_labels(form: forms.BaseForm) -> None:
    """Plain labels, and error messages that say what to do (not "This field is required.")."""
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - a form-only field keeps its own label
            model_field = None
        # Only a label Django made from the field's name (a label set above, or a model's own
        # verbose_name, is kept).
        named_only = model_field is not None and str(model_field.verbose_name) == name.replace("_", " ")
        if named_only and str(field.label) == name.replace("_", " ").capitalize() and name in FIELD_LABELS:
            field.label = FIELD_LABELS[name]
        label = str(field.label or "").rstrip("?")
        subject = label[:1].lower() + label[1:] if label[:2] != label[:2].upper() else label
        if isinstance(field, (forms.ModelChoiceField, forms.ChoiceField)):
            required = f"Select {subject}"
        elif isinstance(field, forms.DateTimeField):
            plain = str(field.label or "")
            # "When officers arrived" -> "Enter the date and time officers arrived"
            if plain.startswith("When ") and not plain.endswith("?"):
                required = f"Enter the date and time {plain[5:]}"
            else:
                required = f"Enter the date and time for “{plain.rstrip('?')}”"
        elif isinstance(field, forms.DateField):
            required = f"Enter {subject}"
        elif isinstance(field, forms.IntegerField):
            required = f"Enter {subject}"
            field.error_messages["invalid"] = f"Enter {subject} as a whole number, like 3"
        else:
            required = f"Enter {subject}"
        field.error_messages["required"] = required
        if isinstance(field, forms.ModelChoiceField) and issubclass(field.queryset.model, CaseEntry):
            field.label_from_instance = _entry_choice_label
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
            field.empty_label = "Choose one" if field.required else "None"


def _entry_choice_label(entry) -> str:
    """An earlier record offered in a list: what and when, never "Incident object (3125)"."""
    title = getattr(entry, "timeline_title", None)
    title = (title() if callable(title) else title) or entry._meta.verbose_name.capitalize()
    return f"{title} · {entry.occurred_at:%d/%m/%Y %H:%M}" if entry.occurred_at else str(title)


def cap_free_text(form: forms.BaseForm) -> None:
    for name in free_text_fields(form._meta.model):
        field = form.fields.get(name)
        if field is not None:
            field.max_length = FREE_TEXT_MAX_LENGTH
            field.widget.attrs["maxlength"] = str(FREE_TEXT_MAX_LENGTH)


class EntryForm(forms.ModelForm):
    """Base of every entry form: choices limited to this case's people and records."""

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        model = self._meta.model
        cap_free_text(self)
        for name, field in self.fields.items():
            queryset = entry_choices(name, case)
            if queryset is not None:
                field.queryset = queryset
        if "child" in self.fields:
            child = self.fields["child"]
            child.required = model.child_required
            child.label = "Which child?"
            if not model.child_required:
                child.help_text = "Leave this empty if it is about the whole case."
            child.empty_label = "Choose the child" if model.child_required else "The whole case"
            if model.child_required and not self.instance.pk and len(child.queryset) == 1:
                child.initial = child.queryset[0].pk
        if model in OCCURRED_LABEL:
            self.fields["occurred_at"].label = OCCURRED_LABEL[model]
            self.fields["occurred_at"].help_text = ""
        _plain_labels(self)
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
        "Meta": type(
            "Meta",
            (),
            {"model": model, "exclude": ENTRY_EXCLUDE, "formfield_callback": dateinput.formfield},
        ),
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
        formfield_callback = dateinput.formfield

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_editable_by(viewer)
        self.fields["team"].queryset = teams_settable_by(viewer)
        cap_free_text(self)
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
