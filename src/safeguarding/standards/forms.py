import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeguarding.cases.vocabulary import CaseType
from safeguarding.force.models import District, Team
from safeguarding.standards.selectors import (
    DEFAULT_DUE_SOON_DAYS,
    IndicatorFilters,
    WorklistDue,
    WorklistFilters,
    WorklistSort,
    worklist_filter_choices,
)

DEFAULT_MONTHS = 12


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


class MonthField(forms.DateField):
    """An <input type="month"> (YYYY-MM), cleaned to the first day of that month."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return _first_of_month(day) if day else None


class IndicatorFilterForm(forms.Form):
    period_from = MonthField(label="From (month reported)", required=False)
    period_to = MonthField(label="To", required=False)
    district = forms.ModelChoiceField(
        queryset=District.objects.order_by("name"), required=False, empty_label="All districts"
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.select_related("district").order_by("district__name", "name"),
        required=False,
        empty_label="All teams",
    )
    case_type = forms.ChoiceField(choices=[("", "All case types"), *CaseType.choices], required=False)
    standard = forms.CharField(label="Trend for", required=False, max_length=32)

    @classmethod
    def from_query(cls, query) -> "IndicatorFilterForm":
        """Bound to the query string, with the last 12 months as the default period."""
        data = query.copy()
        if not data.get("period_from") and not data.get("period_to"):
            this_month = _first_of_month(timezone.localdate())
            data["period_from"] = _months_before(this_month, DEFAULT_MONTHS - 1).strftime("%Y-%m")
            data["period_to"] = this_month.strftime("%Y-%m")
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            raise forms.ValidationError("The period must start before it ends.")
        return cleaned

    def filters(self) -> IndicatorFilters:
        cleaned = self.cleaned_data
        return IndicatorFilters(
            period_from=cleaned.get("period_from"),
            period_to=cleaned.get("period_to"),
            district_id=cleaned["district"].pk if cleaned.get("district") else None,
            team_id=cleaned["team"].pk if cleaned.get("team") else None,
            case_type=cleaned.get("case_type") or "",
        )


class WorklistForm(forms.Form):
    """The worklist's tab, filters, order and page, from the query string. A value that does not
    fit (an officer of another district, a page past the end) is ignored, not an error page."""

    scope = forms.ChoiceField(choices=[("mine", _("Mine")), ("team", _("My team"))], required=False)
    days = forms.IntegerField(
        label=_("Due within (days)"),
        min_value=0,
        max_value=60,
        required=False,
        initial=DEFAULT_DUE_SOON_DAYS,
        error_messages={
            "invalid": _("Enter the number of days as a whole number, like 7"),
            "min_value": _("Enter a number of days from 0 to 60"),
            "max_value": _("Enter a number of days from 0 to 60"),
        },
    )
    officer = forms.TypedChoiceField(label=_("Officer"), coerce=int, required=False, empty_value=None)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    standard = forms.ChoiceField(label=_("What is needed"), required=False)
    case_type = forms.ChoiceField(
        label=_("Case type"), choices=[("", _("All case types")), *CaseType.choices], required=False
    )
    due = forms.ChoiceField(label=_("Due"), choices=WorklistDue.CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Order"), choices=WorklistSort.CHOICES, required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, data=None, *, viewer=None, **kwargs):
        super().__init__(data, **kwargs)
        choices = worklist_filter_choices(viewer) if viewer is not None else {}
        self.fields["officer"].choices = [("", _("All officers")), *choices.get("officers", [])]
        self.fields["team"].choices = [("", _("All teams")), *choices.get("teams", [])]
        self.fields["standard"].choices = [("", _("Everything")), *choices.get("standards", [])]

    def _value(self, name: str):
        if not self.is_bound:
            return None
        field = self.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
        except forms.ValidationError:
            return None

    def due_soon_days(self) -> int:
        days = self._value("days")
        return DEFAULT_DUE_SOON_DAYS if days is None else days

    def scope_value(self) -> str:
        return self._value("scope") or "mine"

    def filters(self) -> WorklistFilters:
        return WorklistFilters(
            officer_id=self._value("officer"),
            team_id=self._value("team"),
            standard_id=self._value("standard") or "",
            case_type=self._value("case_type") or "",
            due=self._value("due") or WorklistDue.ALL,
        )

    def sort_value(self) -> str:
        return self._value("sort") or WorklistSort.URGENCY

    def page_number(self) -> int:
        return self._value("page") or 1
