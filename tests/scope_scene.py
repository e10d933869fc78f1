"""Records on both sides of the district line, for probing every reference a caller can set:
north is officer_north's district, south is not."""

from safeguarding.cases import models as m
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.force.models import Team
from tests.access_matrix.world import build_world
from tests.factories import at, make_address, make_person


def build_scene(cast, districts) -> dict:
    w = build_world(cast, districts)
    north, south = districts["north"], districts["south"]
    case_n, case_s = w["case_north"], w["case_south"]
    w["address_south"] = make_address(south, line1="9 Quarry Row", town="Eastfold", postcode="EF2 7QX")
    # A household at the south address: what a cross-district address would show.
    w["resident_south"] = make_person(
        south,
        forename="Bethany",
        surname="Quarry",
        date_of_birth="2011-02-02",
        current_address=w["address_south"],
    )
    w["child_north"].current_address = w["address_north"]
    w["child_north"].save()
    w["team_north"] = Team.objects.get(district=north, name="North Child Abuse Team")
    w["team_south"] = Team.objects.get(district=south, name="South Child Abuse Team")
    m.CaseParticipant.objects.create(
        case=case_s,
        person=make_person(
            south, forename="Gary", surname="Stone", date_of_birth="1980-05-05", is_child=False
        ),
        role=ParticipantRole.SUSPECT,
    )
    w["adult_south"] = case_s.participants.get(role=ParticipantRole.SUSPECT).person
    for case, side in ((case_n, "north"), (case_s, "south")):
        child = w[f"child_{side}"]
        adult = w["adult_north"] if side == "north" else w["adult_south"]
        w[f"investigation_{side}"] = m.Investigation.objects.create(
            case=case, occurred_at=at("2026-03-03"), offence_category="physical"
        )
        w[f"detention_{side}"] = m.CustodyDetention.objects.create(
            case=case, child=child, occurred_at=at("2026-03-03"), offence="Criminal damage"
        )
        w[f"management_{side}"] = m.OffenderManagement.objects.create(
            case=case, subject=adult, occurred_at=at("2026-03-03"), risk_level="medium"
        )
        w[f"incident_{side}"] = m.Incident.objects.create(
            case=case, occurred_at=at("2026-03-03"), kind="domestic_abuse"
        )
    return w
