"""Dates as the GOV.UK Design System asks for them (issue 25): day, month and year in three
boxes, and for a date and time a fourth box for the time (24-hour, hh:mm). A native
<input type="date"> follows the browser's locale, so an officer on an en-US browser reads
07/12/2026 as 12 July; three labelled boxes cannot be misread. Below every app, so any form may
use it.

The fields are Django's DateField and DateTimeField with a MultiWidget: the model forms'
validators, `required` and the forms' own clean methods run as before; only the entry changes.
A request that sends one ISO value under the field's own name (`due=2026-12-07`,
`occurred_at=2026-12-07T14:30`) is still read, as the single native input sent it: scripts,
bookmarks and tests written against the old inputs keep working, and what is accepted or
refused is decided by the same field either way."""

import datetime as dt
import re

from django import forms
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PARTS = ("day", "month", "year")
TIME = re.compile(r"^(\d{1,2})\s*[:.]?\s*(\d{2})$")
EXAMPLE = gettext_lazy("For example, 27 3 2007")
TIME_EXAMPLE = gettext_lazy("at 14:30 (time on the 24-hour clock)")
PART_LABELS = {
    "day": gettext_lazy("Day"),
    "month": gettext_lazy("Month"),
    "year": gettext_lazy("Year"),
    "time": gettext_lazy("Time"),
}


def _text_input(width: int, *, numeric: bool = True) -> forms.TextInput:
    attrs = {"class": f"input-width-{width}", "autocomplete": "off", "spellcheck": "false"}
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.TextInput(attrs=attrs)


class DayMonthYearWidget(forms.MultiWidget):
    """Three boxes named <field>_day, <field>_month, <field>_year."""

    def __init__(self, attrs=None):
        super().__init__({part: _text_input(4 if part == "year" else 2) for part in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if not any(f"{name}_{part}" in data for part in self.widgets_names_plain()) and name in data:
            return data.get(name)  # one ISO value, as the native input sent it
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def widgets_names_plain(self) -> list[str]:
        return [widget_name.lstrip("_") for widget_name in self.widgets_names]

    def id_for_label(self, id_):
        # The error summary links to the day box (GOV.UK: the first box when the whole date is wrong).
        return f"{id_}_day" if id_ else ""

    def format_value(self, value):
        return value


class DayMonthYearTimeWidget(DayMonthYearWidget):
    """The date's three boxes and a time box, <field>_time (hh:mm, 24-hour)."""

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(
            self,
            {
                **{part: _text_input(4 if part == "year" else 2) for part in PARTS},
                "time": _text_input(5, numeric=False),
            },
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [*super().decompress(local), local.strftime("%H:%M")]
        return [None, None, None, None]


def _subject(label: str, *, of: str = "date") -> str:
    """What the messages call the field: "When officers arrived" -> "The date officers arrived";
    a question or a bare label keeps the label, or says "The date" when the label is a question."""
    label = re.sub(r"\s*\(.*?\)", "", str(label or "")).strip()
    if label.startswith("When ") and not label.endswith("?"):
        return f"The {of} {label[5:]}"
    if not label or label.endswith("?"):
        return f"The {of}"
    return label


class _PartsMixin:
    """Reads the boxes into a date, naming in the message the box to fix, and remembers which box
    that is so the error summary links to it."""

    subject: str | None = None
    bad_parts: tuple[str, ...] = ()

    def date_subject(self) -> str:
        return self.subject or _subject(self.label)

    def _date_from_parts(self, day, month, year) -> dt.date | None:
        given = {"day": (day or "").strip(), "month": (month or "").strip(), "year": (year or "").strip()}
        missing = [part for part in PARTS if not given[part]]
        if len(missing) == 3:
            return None
        subject = self.date_subject()
        if missing:
            self.bad_parts = tuple(missing)
            names = [str(PART_LABELS[part]).lower() for part in missing]
            raise forms.ValidationError(
                _("%(subject)s must include a %(parts)s")
                % {"subject": subject, "parts": " and ".join(names) if len(names) < 3 else names[0]},
                code="incomplete",
            )
        not_numbers = [part for part in PARTS if not given[part].isdigit()]
        if not_numbers or len(given["year"]) != 4:
            self.bad_parts = tuple(not_numbers) or ("year",)
            raise forms.ValidationError(
                _("%(subject)s must be a real date") % {"subject": subject}, code="invalid"
            )
        try:
            return dt.date(int(given["year"]), int(given["month"]), int(given["day"]))
        except ValueError as error:
            self.bad_parts = PARTS
            raise forms.ValidationError(
                _("%(subject)s must be a real date") % {"subject": subject}, code="invalid"
            ) from error

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def validate(self, value):
        # Nothing entered: say what to enter ("Enter the due date"), unless the form set its own.
        if value in self.empty_values and self.required:
            message = self.error_messages["required"]
            if str(message) == str(forms.Field.default_error_messages["required"]):
                subject = self.date_subject()
                message = _("Enter %(subject)s") % {
                    "subject": subject[:1].lower() + subject[1:]
                    if subject[:2] != subject[:2].upper()
                    else subject
                }
            raise forms.ValidationError(message, code="required")
        super().validate(value)


class DateField(_PartsMixin, forms.DateField):
    """A date in three boxes: day, month, year."""

    widget = DayMonthYearWidget
    input_formats = ["%Y-%m-%d"]  # the single-value fallback: ISO only, never month first

    def __init__(self, *, subject: str | None = None, **kwargs):
        kwargs.pop("widget", None)
        super().__init__(**kwargs)
        self.subject = subject

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return self._date_from_parts(*value[:3])
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            self.bad_parts = PARTS
            raise forms.ValidationError(
                _("%(subject)s must be a real date") % {"subject": self.date_subject()}, code="invalid"
            ) from error


class DateTimeField(_PartsMixin, forms.DateTimeField):
    """A date in three boxes and a time in a fourth (24-hour hh:mm), in the force's time zone."""

    widget = DayMonthYearTimeWidget

    def __init__(self, *, subject: str | None = None, **kwargs):
        kwargs.pop("widget", None)
        super().__init__(**kwargs)
        self.subject = subject

    def date_subject(self) -> str:
        return self.subject or _subject(self.label)

    def time_subject(self) -> str:
        return self.subject or _subject(self.label, of="time")

    def to_python(self, value):
        if not isinstance(value, (list, tuple)):
            try:
                return super().to_python(value)
            except forms.ValidationError as error:
                self.bad_parts = PARTS
                raise forms.ValidationError(
                    _("%(subject)s must be a real date and time, like 27 3 2007 at 14:30")
                    % {"subject": self.date_subject()},
                    code="invalid",
                ) from error
        day, month, year, time = (list(value) + [None] * 4)[:4]
        time = (time or "").strip()
        date = self._date_from_parts(day, month, year)
        if date is None:
            if time:
                self.bad_parts = PARTS
                raise forms.ValidationError(
                    _("%(subject)s must include a date") % {"subject": self.date_subject()}, code="incomplete"
                )
            return None
        if not time:
            self.bad_parts = ("time",)
            raise forms.ValidationError(
                _("%(subject)s must include a time, like 14:30") % {"subject": self.time_subject()},
                code="incomplete",
            )
        match = TIME.match(time)
        hour, minute = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
        if hour > 23 or minute > 59:
            self.bad_parts = ("time",)
            raise forms.ValidationError(
                _("%(subject)s must be a real time on the 24-hour clock, like 14:30")
                % {"subject": self.time_subject()},
                code="invalid",
            )
        return super().to_python(dt.datetime.combine(date, dt.time(hour, minute)))


class DateBoundField(BoundField):
    """Renders the GOV.UK date input: a fieldset whose legend is the label, the hint, the error
    message and one labelled box per part. `{{ field }}` gives the whole group, so a template
    needs no <label> of its own for it."""

    def __str__(self):
        return self.as_field_group()

    @property
    def id_for_label(self):
        bad = getattr(self.field, "bad_parts", ())
        if self.errors and bad and self.auto_id:
            return f"{self.auto_id}_{bad[0]}"
        return super().id_for_label

    def as_field_group(self):
        widget = self.field.widget
        base_id = self.auto_id or ""
        value = self.value()
        if isinstance(value, str):  # one ISO value (the fallback, or an initial from a query string)
            value = widget.decompress(self._parsed(value))
        values = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        names = widget.widgets_names_plain()
        bad = set(getattr(self.field, "bad_parts", ()) if self.errors else ())
        hint_id, error_id = f"{base_id}-hint", f"{base_id}-error"
        parts = []
        for name, subwidget, part_value in zip(names, widget.widgets, values, strict=False):
            parts.append(
                {
                    "name": f"{self.html_name}_{name}",
                    "id": f"{base_id}_{name}" if base_id else "",
                    "label": PART_LABELS[name],
                    "value": "" if part_value is None else part_value,
                    "attrs": subwidget.attrs,
                    "invalid": name in bad,
                    "is_time": name == "time",
                }
            )
        return render_to_string(
            "forms/date_input.html",
            {
                "field": self,
                "fieldset_id": base_id,
                "hint_id": hint_id,
                "error_id": error_id,
                "example": EXAMPLE,
                "time_example": TIME_EXAMPLE if isinstance(widget, DayMonthYearTimeWidget) else "",
                "parts": parts,
                "optional": not self.field.required,
                "errors": self.errors,
            },
        )

    def _parsed(self, value: str):
        try:
            return (
                forms.DateTimeField().to_python(value) if "T" in value else forms.DateField().to_python(value)
            )
        except forms.ValidationError:
            return None


def formfield(model_field, **kwargs):
    """A model form's `Meta.formfield_callback`: its date and date-time fields become the boxes."""
    from django.db import models

    if isinstance(model_field, models.DateTimeField):
        kwargs.pop("widget", None)
        return model_field.formfield(form_class=DateTimeField, **kwargs)
    if isinstance(model_field, models.DateField):
        kwargs.pop("widget", None)
        return model_field.formfield(form_class=DateField, **kwargs)
    return model_field.formfield(**kwargs)
