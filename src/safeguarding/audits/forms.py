from django import forms

from safeguarding import dateinput
from safeguarding.access.models import User
from safeguarding.access.roles import ROLE_PERMISSIONS, Permission
from safeguarding.audits.vocabulary import (
    AuditKind,
    AuditTheme,
    CaseScope,
    GradingScale,
    SampleDesign,
    StageJudgement,
    stage_judgements_for,
)
from safeguarding.cases.vocabulary import ANNEX_A_SAMPLE, CaseType, Stage
from safeguarding.force.models import District

BLANK = [("", "—")]


class AuditForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=AuditKind.choices)
    theme = forms.ChoiceField(
        choices=BLANK + AuditTheme.choices, required=False, help_text="For a themed audit only."
    )
    scale = forms.ChoiceField(choices=GradingScale.choices, initial=GradingScale.FOUR_POINT)
    period_start = dateinput.DateField(label="Start of the period", subject="The start of the period")
    period_end = dateinput.DateField(label="End of the period", subject="The end of the period")
    districts = forms.ModelMultipleChoiceField(
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None chosen: the whole force.",
    )
    default_mix = forms.BooleanField(
        required=False,
        initial=True,
        label="Use the default mix (Annex A's 33 cases; a themed audit: 10 cases of the theme's types)",
    )
    design = forms.ChoiceField(
        choices=SampleDesign.choices,
        initial=SampleDesign.QUOTAS,
        required=False,  # none chosen: the quotas as given
        widget=forms.RadioSelect,
        label="Sample design",
        help_text=(
            "Targeted: the quotas give the case types and the number of cases in all; the cases are "
            "then shared over case type and standards-not-met band where the results vary most, "
            "which narrows the force-wide estimate for the same number of cases."
        ),
    )
    seed = forms.IntegerField(
        required=False, min_value=0, help_text="Leave blank for a new random seed; give one to repeat a draw."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for case_type in CaseType:
            self.fields[f"quota_{case_type.value}"] = forms.IntegerField(
                label=case_type.label, min_value=0, max_value=500, initial=ANNEX_A_SAMPLE.get(case_type, 0)
            )

    def quota_fields(self):
        return [self[f"quota_{case_type.value}"] for case_type in CaseType]

    def clean(self):
        data = super().clean()
        themed = data.get("kind") == AuditKind.THEMED
        if themed and not data.get("theme"):
            self.add_error("theme", "A themed audit needs a theme.")
        if not themed and data.get("theme"):
            self.add_error("theme", "Only a themed audit has a theme.")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period ends before it starts.")
        data["design"] = data.get("design") or SampleDesign.QUOTAS
        return data

    def quotas(self) -> dict[str, int] | None:
        if self.cleaned_data.get("default_mix"):
            return None
        return {case_type.value: self.cleaned_data[f"quota_{case_type.value}"] for case_type in CaseType}


def grading_roles() -> list[str]:
    return [
        role
        for role, permissions in ROLE_PERMISSIONS.items()
        if permissions & {Permission.GRADE_AS_FORCE, Permission.GRADE_AS_INSPECTOR}
    ]


class AssignForm(forms.Form):
    auditor = forms.ModelChoiceField(queryset=User.objects.none(), label="Auditor or inspector")

    def __init__(self, *args, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True, role__in=grading_roles()).order_by("username")
        if audit is not None:
            users = users.exclude(pk__in=audit.assignments.values("auditor_id"))
        self.fields["auditor"].queryset = users
        self.fields["auditor"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.get_role_display()})"
        )


class AddCaseForm(forms.Form):
    reference = forms.CharField(max_length=32, label="Case reference")
    scope = forms.ChoiceField(choices=CaseScope.choices)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why this case is added by hand")

    def __init__(self, *args, inspector: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if inspector:
            self.fields["scope"].choices = [(CaseScope.FURTHER, CaseScope.FURTHER.label)]
            self.fields["scope"].initial = CaseScope.FURTHER


class AdditionDecisionForm(forms.Form):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(choices=[(APPROVE, "Approve"), (REFUSE, "Refuse")])
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason (required to refuse)",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REFUSE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the case is refused.")
        return data


class GradingForm(forms.Form):
    overall_grade = forms.ChoiceField(required=False, label="Overall grade")
    overall_finding = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Overall finding"
    )

    def __init__(self, *args, scale: str, **kwargs):
        super().__init__(*args, **kwargs)
        judgements = BLANK + stage_judgements_for(scale)
        for stage in Stage:
            self.fields[f"{stage.value}_judgement"] = forms.ChoiceField(
                choices=judgements, required=False, label=f"{stage.label}: judgement"
            )
            self.fields[f"{stage.value}_finding"] = forms.CharField(
                required=False, widget=forms.Textarea(attrs={"rows": 2}), label=f"{stage.label}: finding"
            )
        grades = [(value, label) for value, label in judgements if value != StageJudgement.NOT_APPLICABLE]
        self.fields["overall_grade"].choices = grades

    def stages(self):
        return [(stage, self[f"{stage.value}_judgement"], self[f"{stage.value}_finding"]) for stage in Stage]

    def stage_findings(self) -> dict[str, tuple[str, str]]:
        return {
            stage.value: (
                self.cleaned_data[f"{stage.value}_judgement"],
                self.cleaned_data[f"{stage.value}_finding"],
            )
            for stage in Stage
        }

    @staticmethod
    def initial_from(grading) -> dict:
        if grading is None:
            return {}
        initial = {"overall_grade": grading.overall_grade, "overall_finding": grading.overall_finding}
        for finding in grading.stage_findings.all():
            initial[f"{finding.stage}_judgement"] = finding.judgement
            initial[f"{finding.stage}_finding"] = finding.finding
        return initial


class ProgrammeForm(forms.Form):
    name = forms.CharField(max_length=200)
    themes = forms.MultipleChoiceField(
        choices=AuditTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Rounds take the themes in this order, in turn.",
    )
    interval_months = forms.IntegerField(min_value=1, max_value=24, initial=6, label="Every N months")
    first_round_on = dateinput.DateField(
        label="Date of the first round", subject="The date of the first round"
    )
    cases_per_round = forms.IntegerField(min_value=1, max_value=200, initial=10)
