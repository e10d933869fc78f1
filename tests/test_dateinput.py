"""The GOV.UK day / month / year boxes (issue 25): what they accept, what they say when a box is
wrong, and the single ISO value still read as the native inputs sent it."""

import datetime as dt

import pytest
from django import forms
from django.utils import timezone

from safeguarding import dateinput


class SeenForm(forms.Form):
    seen_on = dateinput.DateField(label="Date the child was seen")
    seen_at = dateinput.DateTimeField(label="When the child was seen", required=False)


def _errors(data: dict) -> dict:
    form = SeenForm(data)
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_three_boxes_make_a_date():
    form = SeenForm({"seen_on_day": "27", "seen_on_month": "3", "seen_on_year": "2007"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["seen_on"] == dt.date(2007, 3, 27)


@pytest.mark.parametrize(
    ("parts", "message", "linked"),
    [
        ({"day": "27", "year": "2007"}, "Date the child was seen must include a month", "month"),
        ({"month": "3"}, "Date the child was seen must include a day and year", "day"),
        ({"day": "31", "month": "2", "year": "2007"}, "Date the child was seen must be a real date", "day"),
        ({"day": "27", "month": "3", "year": "07"}, "Date the child was seen must be a real date", "year"),
        ({"day": "x", "month": "3", "year": "2007"}, "Date the child was seen must be a real date", "day"),
    ],
)
def test_a_wrong_box_is_named_and_linked(parts, message, linked):
    form = SeenForm({f"seen_on_{part}": value for part, value in parts.items()})

    assert not form.is_valid()
    assert form.errors["seen_on"] == [message]
    assert form["seen_on"].id_for_label == f"id_seen_on_{linked}"
    assert f'id="id_seen_on_{linked}"' in str(form["seen_on"])
    assert 'aria-invalid="true"' in str(form["seen_on"])


def test_nothing_entered_says_what_to_enter():
    assert _errors({"seen_on_day": "", "seen_on_month": "", "seen_on_year": ""}) == {
        "seen_on": ["Enter date the child was seen"]
    }
    assert _errors({"seen_at_time": "14:30"})["seen_on"] == ["Enter date the child was seen"]


def test_a_date_and_time_reads_the_time_on_the_24_hour_clock():
    base = {"seen_on": "2007-03-27", "seen_at_day": "27", "seen_at_month": "3", "seen_at_year": "2007"}
    form = SeenForm(base | {"seen_at_time": "14:30"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["seen_at"] == timezone.make_aware(dt.datetime(2007, 3, 27, 14, 30))
    assert _errors(base)["seen_at"] == ["The time the child was seen must include a time, like 14:30"]
    assert _errors(base | {"seen_at_time": "25:00"})["seen_at"] == [
        "The time the child was seen must be a real time on the 24-hour clock, like 14:30"
    ]
    assert _errors({"seen_on": "2007-03-27", "seen_at_time": "14:30"})["seen_at"] == [
        "The date the child was seen must include a date"
    ]


def test_one_iso_value_is_still_read_as_the_native_input_sent_it():
    form = SeenForm({"seen_on": "2007-03-27", "seen_at": "2007-03-27T14:30"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["seen_on"] == dt.date(2007, 3, 27)
    # Only ISO: a slashed date is never read month first (or day first) by guesswork.
    assert _errors({"seen_on": "03/27/2007"})["seen_on"] == ["Date the child was seen must be a real date"]


def test_the_boxes_are_a_fieldset_with_the_label_as_legend_and_the_gov_uk_hint():
    html = str(SeenForm(initial={"seen_at": timezone.make_aware(dt.datetime(2007, 3, 27, 9, 5))})["seen_at"])

    assert "<legend>When the child was seen <span" in html
    assert "For example, 27 3 2007" in html
    for part in ("day", "month", "year"):
        assert f'<label for="id_seen_at_{part}">' in html
    assert 'inputmode="numeric"' in html
    assert 'name="seen_at_time" id="id_seen_at_time" value="09:05"' in html
