"""Builders shared by the investigation standards' tests."""

from safeguarding.cases.models import Investigation, InvestigationStep
from safeguarding.cases.vocabulary import CaseType, OffenceCategory
from tests.factories import make_case, make_entry, make_person


def investigation_case(
    districts, cast, *, opened="2026-03-02 10:00", category=OffenceCategory.PHYSICAL, **fields
):
    child = make_person(districts["north"])
    case = make_case(
        districts["north"],
        case_type=CaseType.CP_ENQUIRY,
        children=[child],
        officer_in_charge=cast["officer_north"],
    )
    investigation = make_entry(
        Investigation, case, opened, offence_category=category, officer=cast["supervisor_north"], **fields
    )
    return case, investigation


def step(investigation, kind, when, **fields):
    return make_entry(
        InvestigationStep, investigation.case, when, investigation=investigation, kind=kind, **fields
    )
