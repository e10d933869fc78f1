"""S136_PLACE: a child detained under s136 Mental Health Act is taken to a health-based place of
safety; a police station is never a place of safety for under-18s (the law since December 2017).

Per child's latest s136 detention on the case. Met when the place of safety was health-based;
not met for a police station, another place, or none recorded. "Not yet due" cannot arise: the
place is decided when the child is detained; without an s136 detention the standard does not
apply (no row).
"""

from django.db.models import Case, CharField, F, When

from safeguarding.cases.vocabulary import PlaceOfSafety, Stage
from safeguarding.standards.catalogue._sql import (
    NO_DUE,
    NO_OWNER,
    latest_detentions,
    note,
    same_evidence,
    text,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard
from safeguarding.standards.models import State


def rule(cases, now, t):
    rows = latest_detentions(cases, under_s136=True)
    return [
        rows.annotate(
            r_due=NO_DUE,
            r_state=Case(
                When(place_of_safety=PlaceOfSafety.HEALTH, then=text(State.MET)),
                default=text(State.NOT_MET),
                output_field=CharField(),
            ),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(place_of_safety=PlaceOfSafety.HEALTH, then=note("health-based place of safety")),
                When(place_of_safety=PlaceOfSafety.POLICE_STATION, then=note("police station used")),
                When(place_of_safety="", then=note("place of safety not recorded")),
                default=note("not a health-based place of safety"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="S136_PLACE",
    name="Health-based place of safety under section 136",
    description="A child detained under s136 taken to a health-based place of safety, never a cell.",
    source="000, 002",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    acknowledged_when_late=True,
    rule=rule,
)
