"""The objects every row can use: a child and a case in each of north and south."""

from safeguarding.cases.vocabulary import CaseType, ParticipantRole
from tests.factories import make_address, make_case, make_person


def build_world(cast, districts) -> dict:
    north, south = districts["north"], districts["south"]
    child_north = make_person(north, forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    adult_north = make_person(
        north, forename="Darren", surname="Hartley", date_of_birth="1985-01-20", is_child=False
    )
    child_south = make_person(south, forename="Oliver", surname="Pennington", date_of_birth="2012-09-03")
    address_north = make_address(north)
    case_north = make_case(
        north,
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[child_north],
        adults=[(adult_north, ParticipantRole.SUSPECT)],
        officer_in_charge=cast["officer_north"],
        supervisor=cast["supervisor_north"],
    )
    case_south = make_case(
        south, case_type=CaseType.MISSING, children=[child_south], officer_in_charge=cast["officer_south"]
    )
    return {
        "cast": cast,
        "districts": districts,
        "child_north": child_north,
        "adult_north": adult_north,
        "child_south": child_south,
        "address_north": address_north,
        "case_north": case_north,
        "case_south": case_south,
    }
