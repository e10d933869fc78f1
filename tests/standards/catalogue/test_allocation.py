"""ALLOCATION: allocated within 2 working days; a sexual offence to a non-specialist is a breach."""

from safeguarding.cases.vocabulary import OffenceCategory
from safeguarding.force.models import Team, TeamKind
from tests.factories import at
from tests.standards.catalogue._investigations import investigation_case

# Opened Friday 6 March 10:00: allocation due Tuesday 10 March 10:00.
OPENED = "2026-03-06 10:00"


def specialist(districts):
    return Team.objects.get(district=districts["north"], kind=TeamKind.CHILD_ABUSE)


def test_met_when_allocated_to_specialists_on_monday(districts, cast, judge):
    case, _ = investigation_case(
        districts,
        cast,
        opened=OPENED,
        category=OffenceCategory.SEXUAL,
        team=specialist(districts),
        allocated_at="2026-03-09 15:00",
    )
    result = judge(case, "ALLOCATION", "2026-03-20 12:00")[None]
    assert (result.state, result.due_at) == ("met", at("2026-03-10", "10:00"))


def test_sexual_offence_to_response_team_is_not_met(districts, cast, judge):
    response = Team.objects.get(district=districts["north"], kind=TeamKind.RESPONSE)
    case, _ = investigation_case(
        districts,
        cast,
        opened=OPENED,
        category=OffenceCategory.SEXUAL,
        team=response,
        allocated_at="2026-03-06 11:00",
    )
    result = judge(case, "ALLOCATION", "2026-03-20 12:00")[None]
    assert (result.state, result.evidence_note) == (
        "not_met",
        "sexual offence allocated to a non-specialist team",
    )


def test_not_met_when_allocated_on_wednesday(districts, cast, judge):
    case, _ = investigation_case(
        districts, cast, opened=OPENED, team=specialist(districts), allocated_at="2026-03-11 09:00"
    )
    assert judge(case, "ALLOCATION", "2026-03-20 12:00")[None].state == "not_met"


def test_not_yet_due_over_the_weekend(districts, cast, judge):
    case, _ = investigation_case(districts, cast, opened=OPENED)
    assert judge(case, "ALLOCATION", "2026-03-08 12:00")[None].state == "not_yet_due"
