"""One case reference format per force (issue 16): the demo's NM26-0000222 by default."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from safeguarding.cases import services
from safeguarding.cases.models import Case
from safeguarding.cases.references import next_reference
from safeguarding.cases.vocabulary import CaseType
from tests.factories import at, make_case, make_person

pytestmark = pytest.mark.django_db


def test_new_case_takes_the_force_format_and_follows_the_highest_number(cast, districts):
    # Loaded from another system in the same format: the next number follows the highest.
    for loaded, reference in (("2026-01-05", "NM26-0000222"), ("2026-01-06", "NM26-0000017")):
        Case.objects.filter(pk=make_case(districts["north"], reported=loaded).pk).update(reference=reference)
    case = services.case_create(
        actor=cast["officer_north"],
        child=make_person(districts["north"]),
        cleaned_data={
            "case_type": CaseType.CP_ENQUIRY,
            "district": districts["north"],
            "first_reported_at": at("2026-03-02"),
        },
    )
    assert case.reference == "NM26-0000223"


def test_the_format_is_a_force_setting(settings, districts):
    settings.FORCE_CODE = "WY"
    settings.CASE_REFERENCE_FORMAT = "{force}/{district}/{yyyy}/{number:05d}"
    case = make_case(districts["north"], reported="2026-03-02")
    assert next_reference(case) == "WY/NORTH/2026/00001"


@pytest.mark.parametrize("fmt", ["{force}{yy}", "{number}-{yy}", "{force}{colour}{number}"])
def test_a_format_without_a_final_number_or_with_unknown_fields_is_refused(districts, fmt):
    case = make_case(districts["north"], reported="2026-03-02")
    with pytest.raises(ImproperlyConfigured, match="CASE_REFERENCE_FORMAT"):
        next_reference(case, fmt)
