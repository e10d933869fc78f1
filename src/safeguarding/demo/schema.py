"""The tables the generator writes and the order of the values in each generated row."""

import datetime as dt
import itertools

from safeguarding.access.models import User
from safeguarding.cases import models as cases
from safeguarding.demo.models import TruePracticeGrade
from safeguarding.demo.tables import Table
from safeguarding.force.models import District, DistrictPopulation, Team
from safeguarding.people.models import Address, Flag, Person, PersonAlias, Relationship, Residence

_ENTRY = "id case child occurred_at recorded_at recorded_by "

# model -> the fields of a generated row, in order.
ROW_FIELDS = {
    District: "id code name local_authority",
    Team: "id district name kind",
    DistrictPopulation: "id district dimension group children",
    User: (
        "id password is_superuser username first_name last_name email is_staff is_active date_joined "
        "role team"
    ),
    User.districts.through: "id user district",
    Address: "id line1 line2 town postcode district",
    Person: (
        "id forename middle_names surname date_of_birth is_child gender ethnicity disability school "
        "looked_after phone district current_address forename_key surname_key"
    ),
    PersonAlias: "id person forename surname forename_key surname_key",
    Residence: "id person address starts_on ends_on",
    Relationship: "id person kind other starts_on",
    Flag: "id person kind cp_category starts_on ends_on details recorded_at recorded_by",
    cases.Case: (
        "id reference case_type district team officer_in_charge supervisor first_reported_at "
        "significant_harm_suspected summary closed_at created_at created_by"
    ),
    cases.CaseParticipant: "id case person role",
    cases.Incident: _ENTRY + "kind address attended_at children_present ppn_grade description",
    cases.DemeanourRecord: _ENTRY + "incident demeanour description seen_alone seen_alone_reason",
    cases.MissingEpisode: _ENTRY
    + (
        "last_seen_at returned_at risk_grade graded_at supervisor_reviewed_at pnc_entered_at "
        "safe_and_well_at return_interview_at info_to_social_care_at seen_alone seen_alone_reason"
    ),
    cases.RiskAssessment: _ENTRY + "tool tool_version grade yes_answers rationale supervisor_reviewed_at",
    cases.Referral: _ENTRY + "concern_at agency outcome outcome_received_at",
    cases.StrategyDiscussion: _ENTRY + "harm_suspected_at decisions decisions_recorded_at agencies",
    cases.Meeting: _ENTRY
    + (
        "kind invited_at attended report_submitted non_attendance_reason history_shared_at "
        "children_count_shared"
    ),
    cases.Investigation: _ENTRY + "offence_category allocated_at team officer closed_at",
    cases.InvestigationStep: _ENTRY
    + (
        "investigation kind details device_priority bail_conditions bail_until protected_person "
        "charging_decision"
    ),
    cases.PoliceProtection: _ENTRY
    + "ended_at designated_officer local_authority_informed_at parents_informed_at wishes_sought wishes",
    cases.CustodyDetention: _ENTRY
    + (
        "offence detention_authorised_at minor_offence_against_family behaviour_in_childrens_home "
        "under_s136 place_of_safety charged_at bail_refused accommodation_likely_at "
        "accommodation_requested_at accommodation_answer secure_requested secure_reason "
        "risk_of_serious_harm_to_public transferred_to_local_authority pace_certificate "
        "appropriate_adult_requested_at appropriate_adult_arrived_at food_and_drink_offered released_at"
    ),
    cases.DetentionReview: _ENTRY + "detention",
    cases.OffenderManagement: _ENTRY + "subject risk_level manager ended_at",
    cases.OffenderVisit: _ENTRY + "management is_review notes",
    cases.ProtectiveOrder: _ENTRY + "kind subject decision reason expires_on",
    cases.ChildView: _ENTRY + "views themes not_able_reason",
    cases.InformedOfDecision: _ENTRY + "decision method",
    cases.ChildOutcome: _ENTRY + "category details",
    cases.CaseNote: _ENTRY + "kind text",
    TruePracticeGrade: "id case grade gaps serious_gaps unseen",
}

# Short names the generator uses for the row lists (also the write order: parents first).
KEYS = {
    District: "district",
    Team: "team",
    DistrictPopulation: "population",
    User: "user",
    User.districts.through: "user_district",
    Address: "address",
    Person: "person",
    PersonAlias: "alias",
    Residence: "residence",
    Relationship: "relationship",
    Flag: "flag",
    cases.Case: "case",
    cases.CaseParticipant: "participant",
    cases.Incident: "incident",
    cases.DemeanourRecord: "demeanour",
    cases.MissingEpisode: "missing",
    cases.RiskAssessment: "risk",
    cases.Referral: "referral",
    cases.StrategyDiscussion: "strategy",
    cases.Meeting: "meeting",
    cases.Investigation: "investigation",
    cases.InvestigationStep: "step",
    cases.PoliceProtection: "protection",
    cases.CustodyDetention: "detention",
    cases.DetentionReview: "review",
    cases.OffenderManagement: "offender",
    cases.OffenderVisit: "visit",
    cases.ProtectiveOrder: "order",
    cases.ChildView: "view",
    cases.InformedOfDecision: "informed",
    cases.ChildOutcome: "outcome",
    cases.CaseNote: "note",
    TruePracticeGrade: "true_grade",
}


def build_tables(constant_time: dt.datetime) -> dict[str, Table]:
    return {
        KEYS[model]: Table(model, fields, constant_time=constant_time) for model, fields in ROW_FIELDS.items()
    }


class Ids:
    """Explicit ids, one counter per table, assigned in generation order (deterministic)."""

    def __init__(self, start: dict[str, int] | None = None):
        start = start or {}
        for key in KEYS.values():
            setattr(self, key, itertools.count(start.get(key, 1)))


class Rows:
    """The rows of one chunk, per table."""

    def __init__(self):
        for key in KEYS.values():
            setattr(self, key, [])

    def items(self):
        for key in KEYS.values():
            yield key, getattr(self, key)
