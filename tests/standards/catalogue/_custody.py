"""Builder shared by the detention standards' tests."""

from safeguarding.cases.models import CustodyDetention
from safeguarding.cases.vocabulary import CaseType
from tests.factories import make_case, make_entry, make_person


def detained(districts, arrived="2026-03-02 16:00", *, date_of_birth="2010-06-01", **fields):
    child = make_person(districts["north"], date_of_birth=date_of_birth)
    case = make_case(districts["north"], case_type=CaseType.CUSTODY, children=[child])
    detention = make_entry(
        CustodyDetention, case, arrived, child=child, offence=fields.pop("offence", "Theft"), **fields
    )
    return case, child, detention
