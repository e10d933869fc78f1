"""Forms for cases and every kind of stage entry. One factory builds the entry forms from
ENTRY_MODELS; each model's rules live in ENTRY_RULES and name the field they are about."""

import datetime as dt
from collections.abc import Callable

from django import forms
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.reasons import ReasonForm
from safeguarding.cases.models import (
    Case,
    CaseEntry,
    ChildOutcome,
    ChildView,
    CustodyDetention,
    DemeanourRecord,
    Incident,
    Investigation,
    InvestigationStep,
    Meeting,
    MissingEpisode,
    OffenderManagement,
    PoliceProtection,
    ProtectiveOrder,
    Referral,
    RiskAssessment,
    StrategyDiscussion,
)
from safeguarding.cases.selectors import (
    case_addresses,
    case_children,
    case_people,
    districts_for_new_case,
    officers_for_case,
    teams_for_new_case,
)
from safeguarding.cases.vocabulary import (
    ADDABLE_ROLES,
    CHILD_ROLES,
    DASH_HIGH_RISK_YES_ANSWERS,
    DASH_QUESTIONS,
    GRADES_FOR_TOOL,
    InvestigationStepKind,
    OrderDecision,
    RiskGrade,
    RiskTool,
    ViewTheme,
    YesNoNa,
)
from safeguarding.force.models import Team
from safeguarding.people.forms import PersonForm

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# A clock a few minutes fast on a phone must not make "now" look like the future.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)

ENTRY_EXCLUDE = ["case", "recorded_at", "recorded_by", "source_reference"]

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


def _use_html5_widgets(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = datetime_widget()
        elif isinstance(field, forms.DateField):
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(form: forms.BaseForm, data: dict, *, skip: set[str] = frozenset()) -> None:
    limit = timezone.now() + FUTURE_TOLERANCE
    for name, field in form.fields.items():
        if name in skip or not isinstance(field, forms.DateTimeField):
            continue
        value = data.get(name)
        if value is not None and value > limit:
            form.add_error(name, "This time is in the future: record only what has already happened.")


def _after(form, data, later: str, earlier: str, message: str) -> None:
    if data.get(later) is not None and data.get(earlier) is not None and data[later] < data[earlier]:
        form.add_error(later, message)


def _seen_alone_reason(form, data) -> None:
    seen = data.get("seen_alone")
    if seen and seen != YesNoNa.YES and not (data.get("seen_alone_reason") or "").strip():
        form.add_error("seen_alone_reason", "Say why the child was not seen alone.")


# --- Rules per kind of entry ------------------------------------------------------------------


def _incident(form, data):
    _after(form, data, "attended_at", "occurred_at", "Attendance cannot be before the report.")


def _risk_assessment(form, data):
    tool, grade, yes = data.get("tool"), data.get("grade"), data.get("yes_answers")
    if tool and grade and grade not in GRADES_FOR_TOOL[RiskTool(tool)]:
        allowed = ", ".join(RiskGrade(g).label for g in sorted(GRADES_FOR_TOOL[RiskTool(tool)]))
        form.add_error("grade", f"{RiskGrade(grade).label} is not a grade of this tool: use {allowed}.")
    if tool == RiskTool.DASH and yes is not None:
        if yes > DASH_QUESTIONS:
            form.add_error("yes_answers", f"DASH has {DASH_QUESTIONS} questions.")
        elif yes >= DASH_HIGH_RISK_YES_ANSWERS and grade and grade != RiskGrade.HIGH:
            form.add_error(
                "grade", f"{yes} yes answers on DASH means high risk ({DASH_HIGH_RISK_YES_ANSWERS} or more)."
            )


def _referral(form, data):
    if data.get("outcome") and data.get("outcome_received_at") is None:
        form.add_error("outcome_received_at", "Give the date the outcome was received from social care.")
    _after(
        form, data, "occurred_at", "concern_at", "The referral cannot be submitted before the concern arose."
    )
    _after(form, data, "outcome_received_at", "occurred_at", "The outcome cannot come before the referral.")


def _strategy(form, data):
    _after(
        form, data, "occurred_at", "harm_suspected_at", "The discussion cannot be before harm was suspected."
    )
    _after(
        form,
        data,
        "decisions_recorded_at",
        "occurred_at",
        "Decisions cannot be recorded before the discussion.",
    )


def _meeting(form, data):
    if data.get("attended") is False and not (data.get("non_attendance_reason") or "").strip():
        form.add_error("non_attendance_reason", "Say why police did not attend.")
    _after(form, data, "occurred_at", "invited_at", "The meeting cannot be before the invitation.")


def _investigation(form, data):
    _after(form, data, "closed_at", "occurred_at", "The investigation cannot close before it opened.")
    _after(form, data, "allocated_at", "occurred_at", "Allocation cannot be before the investigation opened.")


def _investigation_step(form, data):
    kind = data.get("kind")
    if kind == InvestigationStepKind.DEVICE_SUBMITTED and not data.get("device_priority"):
        form.add_error("device_priority", "Say whether the device analysis is priority or routine.")
    if kind == InvestigationStepKind.CPS_DECISION and not data.get("charging_decision"):
        form.add_error("charging_decision", "Record the CPS charging decision.")
    if kind == InvestigationStepKind.BAIL and data.get("bail_until") is None:
        form.add_error("bail_until", "Give the date bail runs to.")
    investigation = data.get("investigation")
    if investigation and data.get("occurred_at") and data["occurred_at"] < investigation.occurred_at:
        form.add_error("occurred_at", "This step cannot be before the investigation opened.")


def _police_protection(form, data):
    _after(form, data, "ended_at", "occurred_at", "Police protection cannot end before it began.")


def _custody(form, data):
    _after(form, data, "released_at", "occurred_at", "Release cannot be before arrival at custody.")
    _after(form, data, "charged_at", "occurred_at", "Charge cannot be before arrival at custody.")
    if (
        data.get("appropriate_adult_arrived_at") is not None
        and data.get("appropriate_adult_requested_at") is None
    ):
        form.add_error("appropriate_adult_requested_at", "Give the time the appropriate adult was requested.")
    _after(
        form,
        data,
        "appropriate_adult_arrived_at",
        "appropriate_adult_requested_at",
        "The appropriate adult cannot arrive before being requested.",
    )
    if data.get("secure_requested") and not (data.get("secure_reason") or "").strip():
        form.add_error("secure_reason", "Give the reason secure accommodation was requested.")
    if data.get("under_s136") and not data.get("place_of_safety"):
        form.add_error("place_of_safety", "Say where the child was taken as a place of safety.")


def _missing(form, data):
    _after(form, data, "returned_at", "occurred_at", "The child cannot return before being reported missing.")
    _after(form, data, "occurred_at", "last_seen_at", "The report cannot be before the child was last seen.")
    if data.get("risk_grade") and data.get("graded_at") is None:
        form.add_error("graded_at", "Give the time the risk was graded.")
    _seen_alone_reason(form, data)


def _offender_management(form, data):
    _after(form, data, "ended_at", "occurred_at", "Management cannot end before it began.")


def _order(form, data):
    if data.get("decision") == OrderDecision.CONSIDERED_NOT_USED and not (data.get("reason") or "").strip():
        form.add_error("reason", "Give the reason the order was not used.")


def _demeanour(form, data):
    _seen_alone_reason(form, data)


def _child_view(form, data):
    if not (data.get("views") or "").strip() and not data.get("not_able_reason"):
        form.add_error(
            "views", "Record the child's views in their words, or say why they could not give them."
        )


def _outcome(form, data):
    child = data.get("child")
    if child is not None:
        others = ChildOutcome.objects.filter(case=form.case, child=child)
        if form.instance.pk:
            others = others.exclude(pk=form.instance.pk)
        if others.exists():
            form.add_error("child", "This child already has an outcome on this case: edit that one.")


ENTRY_RULES: dict[type[CaseEntry], Callable[[forms.BaseForm, dict], None]] = {
    Incident: _incident,
    RiskAssessment: _risk_assessment,
    Referral: _referral,
    StrategyDiscussion: _strategy,
    Meeting: _meeting,
    Investigation: _investigation,
    InvestigationStep: _investigation_step,
    PoliceProtection: _police_protection,
    CustodyDetention: _custody,
    MissingEpisode: _missing,
    OffenderManagement: _offender_management,
    ProtectiveOrder: _order,
    DemeanourRecord: _demeanour,
    ChildView: _child_view,
    ChildOutcome: _outcome,
}


class EntryForm(forms.ModelForm):
    """Base of every entry form: choices limited to this case's people and records."""

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        model = self._meta.model
        _use_html5_widgets(self)
        for name, field in self.fields.items():
            queryset = self._limited_queryset(name, model)
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

    def _limited_queryset(self, name: str, model: type[CaseEntry]):
        case = self.case
        related = {
            "investigation": Investigation,
            "detention": CustodyDetention,
            "incident": Incident,
            "management": OffenderManagement,
        }
        if name == "child":
            return case_children(case)
        if name in related:
            return related[name].objects.filter(case=case).order_by("-occurred_at")
        if name in {"subject", "protected_person"}:
            return case_people(case)
        if name == "address":
            return case_addresses(case)
        if name == "team":
            return Team.objects.filter(district_id=case.district_id)
        if name in {"officer", "manager"}:
            return officers_for_case(case)
        return None

    def clean(self):
        data = super().clean()
        model = self._meta.model
        # A meeting may be booked ahead; every other entry records something that has happened.
        _not_in_future(self, data, skip={"occurred_at"} if model is Meeting else set())
        rule = ENTRY_RULES.get(model)
        if rule is not None:
            rule(self, data)
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
        self.fields["district"].queryset = districts_for_new_case(viewer)
        self.fields["team"].queryset = teams_for_new_case(viewer)
        self.fields["first_reported_at"].widget = datetime_widget()
        districts = list(self.fields["district"].queryset)
        if len(districts) == 1:
            self.fields["district"].initial = districts[0].pk

    def clean(self):
        data = super().clean()
        _not_in_future(self, data)
        team, district = data.get("team"), data.get("district")
        if team is not None and district is not None and team.district_id != district.pk:
            self.add_error("team", f"{team.name} is not a team of {district.name}.")
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
