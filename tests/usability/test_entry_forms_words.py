"""Entry forms in plain words (issue 25): labels a person reads, errors that say what to do,
earlier records named by what and when (never "Incident object (3125)")."""

import pytest
from django.urls import reverse

from safeguarding.cases.forms import entry_form_class
from safeguarding.cases.models import DemeanourRecord, Incident
from tests.factories import make_case, make_entry, make_person
from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_with_incident(cast, districts):
    north = districts["north"]
    child = make_person(north, forename="Lily", surname="Words", date_of_birth="2016-02-02")
    case = make_case(north, children=[child], officer_in_charge=cast["officer_north"])
    incident = make_entry(Incident, case, "2026-03-02 22:00", children_present=1)
    return case, incident


def test_the_incident_form_speaks_plainly(case_with_incident):
    case, _ = case_with_incident
    form = entry_form_class(Incident)(case=case)

    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels["ppn_grade"].startswith("PPN grade")
    assert labels["kind"] == "What kind of incident"
    assert "Occurred at" not in labels.values() and "Kind" not in labels.values()
    assert "(leave empty" not in labels.get("child", "")


def test_a_missing_answer_says_what_to_do(case_with_incident):
    case, _ = case_with_incident
    form = entry_form_class(Incident)(data={}, case=case)

    assert not form.is_valid()
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    assert errors and "This field is required." not in errors
    assert all(error.startswith(("Enter", "Select")) or "." in error for error in errors)


def test_the_demeanour_form_names_the_incident_by_what_and_when(case_with_incident, cast):
    case, incident = case_with_incident

    page = (
        verified_client(cast["officer_north"])
        .get(reverse("cases:entry_add", args=[case.pk, "demeanourrecord"]))
        .content.decode()
    )

    at = page.find("object (")
    assert at == -1, page[at - 300 : at + 50]
    assert "02/03/2026 22:00" in page
    assert DemeanourRecord  # the form exists for the entry kind
