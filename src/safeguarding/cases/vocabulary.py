from django.db import models


class CaseType(models.TextChoices):
    """The nine case types of the inspection method (Annex A), with the usual sample of 33."""

    CP_ENQUIRY = "cp_enquiry", "Child protection enquiry (s47)"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    GENERAL_CONCERN = "general_concern", "General concern with referral to children's social care"
    SEX_OFFENDER = "sex_offender", "Sex offender enquiry"
    MISSING = "missing", "Missing children"
    POLICE_PROTECTION = "police_protection", "Police protection (s46)"
    CSE = "cse", "At risk of sexual exploitation"
    ONLINE_ABUSE = "online_abuse", "Online sexual abuse"
    CUSTODY = "custody", "Child in custody"


ANNEX_A_SAMPLE = {
    CaseType.CP_ENQUIRY: 5,
    CaseType.DOMESTIC_ABUSE: 5,
    CaseType.GENERAL_CONCERN: 5,
    CaseType.SEX_OFFENDER: 3,
    CaseType.MISSING: 3,
    CaseType.POLICE_PROTECTION: 3,
    CaseType.CSE: 3,
    CaseType.ONLINE_ABUSE: 3,
    CaseType.CUSTODY: 3,
}


class Stage(models.TextChoices):
    """The stages of the child's journey every case is judged on."""

    INITIAL_CONTACT = "initial_contact", "Initial contact"
    ASSESSMENT = "assessment", "Assessment and help"
    INVESTIGATION = "investigation", "Investigation"
    DECISION_MAKING = "decision_making", "Decision making"
    TRUSTED_ADULT = "trusted_adult", "Trusted adult"
    MANAGING_RISK = "managing_risk", "Managing those posing a risk"
    DETENTION = "detention", "Police detention"


class ParticipantRole(models.TextChoices):
    SUBJECT_CHILD = "subject_child", "Child (subject)"
    CHILD_PRESENT = "child_present", "Child present"
    VICTIM = "victim", "Victim"
    SUSPECT = "suspect", "Suspect"
    PARENT_CARER = "parent_carer", "Parent or carer"
    OTHER_ADULT = "other_adult", "Other adult"


CHILD_ROLES = {ParticipantRole.SUBJECT_CHILD, ParticipantRole.CHILD_PRESENT}


class IncidentKind(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    MISSING_REPORT = "missing_report", "Missing report"
    CONCERN_FOR_CHILD = "concern_for_child", "Concern for a child"
    SEXUAL_OFFENCE = "sexual_offence", "Sexual offence"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    NEGLECT = "neglect", "Neglect"
    ONLINE = "online", "Online abuse"
    CSE_CONCERN = "cse_concern", "Sexual exploitation concern"
    ARREST = "arrest", "Arrest of a child"
    MENTAL_HEALTH = "mental_health", "Mental health (s136)"
    OTHER = "other", "Other"


class PpnGrade(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NONE = "", "Not graded"


class RiskTool(models.TextChoices):
    DASH = "dash", "DASH (domestic abuse)"
    DARA = "dara", "DARA (domestic abuse)"
    MISSING = "missing", "Missing person risk assessment"
    CSE = "cse", "CSE risk assessment"


class RiskGrade(models.TextChoices):
    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk (absent)"
    STANDARD = "standard", "Standard"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


GRADES_FOR_TOOL = {
    RiskTool.DASH: {RiskGrade.STANDARD, RiskGrade.MEDIUM, RiskGrade.HIGH},
    RiskTool.DARA: {RiskGrade.STANDARD, RiskGrade.MEDIUM, RiskGrade.HIGH},
    RiskTool.MISSING: {RiskGrade.NO_APPARENT_RISK, RiskGrade.LOW, RiskGrade.MEDIUM, RiskGrade.HIGH},
    RiskTool.CSE: {RiskGrade.LOW, RiskGrade.MEDIUM, RiskGrade.HIGH},
}
DASH_HIGH_RISK_YES_ANSWERS = 14
DASH_QUESTIONS = 27


class ReferralAgency(models.TextChoices):
    CSC = "csc", "Children's social care"
    EARLY_HELP = "early_help", "Early help"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"


class ReferralOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment (s17)"
    S47_ENQUIRY = "s47", "Child protection enquiry (s47)"
    ALREADY_OPEN = "already_open", "Already open to social care"


class MeetingKind(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference"
    REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
    MARAC = "marac", "MARAC"


class InvestigationStepKind(models.TextChoices):
    UPDATE = "update", "Update"
    SUPERVISOR_REVIEW = "supervisor_review", "Supervisor review"
    LONG_RUNNING_REVIEW = "long_running_review", "Long-running investigation review"
    VICTIM_INTERVIEW = "victim_interview", "Interview of the child (ABE)"
    SUSPECT_INTERVIEW = "suspect_interview", "Interview of the suspect"
    ARREST = "arrest", "Arrest"
    BAIL = "bail", "Bail with conditions"
    MEDICAL_EXAMINATION = "medical_examination", "Medical examination"
    PHOTOGRAPHS = "photographs", "Injuries photographed"
    DEVICE_SUBMITTED = "device_submitted", "Device submitted to the high-tech crime unit"
    DEVICE_RETURNED = "device_returned", "Device analysis returned"
    CPS_SUBMITTED = "cps_submitted", "File submitted to the CPS"
    CPS_DECISION = "cps_decision", "CPS charging decision"


class DevicePriority(models.TextChoices):
    PRIORITY = "priority", "Priority"
    ROUTINE = "routine", "Routine"


class ChargingDecision(models.TextChoices):
    CHARGE = "charge", "Charge"
    CAUTION = "caution", "Caution"
    NO_FURTHER_ACTION = "nfa", "No further action"
    FURTHER_EVIDENCE = "further_evidence", "Further evidence requested"


class OffenceCategory(models.TextChoices):
    SEXUAL = "sexual", "Sexual offence"
    PHYSICAL = "physical", "Physical abuse"
    NEGLECT = "neglect", "Neglect"
    ONLINE = "online", "Online sexual abuse"
    EXPLOITATION = "exploitation", "Sexual exploitation"
    DOMESTIC = "domestic", "Domestic abuse offence"
    OTHER = "other", "Other"


class AccommodationAnswer(models.TextChoices):
    PROVIDED = "provided", "Provided"
    REFUSED = "refused", "Refused by the local authority"
    NONE_AVAILABLE = "none_available", "None available"
    AWAITING = "awaiting", "Awaiting answer"


class PlaceOfSafety(models.TextChoices):
    HEALTH = "health", "Health-based place of safety"
    POLICE_STATION = "police_station", "Police station"
    OTHER = "other", "Other"


class OffenderRisk(models.TextChoices):
    VERY_HIGH = "very_high", "Very high"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class OrderKind(models.TextChoices):
    CAWN = "cawn", "Child abduction warning notice"
    SHPO = "shpo", "Sexual harm prevention order"
    SRO = "sro", "Sexual risk order"
    DVPN = "dvpn", "Domestic violence protection notice/order"
    NON_MOLESTATION = "non_molestation", "Non-molestation order"


class OrderDecision(models.TextChoices):
    CONSIDERED_NOT_USED = "considered_not_used", "Considered, not used (reason recorded)"
    SERVED = "served", "Served / applied for"
    GRANTED = "granted", "Granted"


class YesNoNa(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Demeanour(models.TextChoices):
    CALM = "calm", "Calm"
    WITHDRAWN = "withdrawn", "Quiet or withdrawn"
    DISTRESSED = "distressed", "Distressed or crying"
    FEARFUL = "fearful", "Fearful"
    ANGRY = "angry", "Angry or agitated"
    INJURED = "injured", "Visibly injured"
    ASLEEP = "asleep", "Asleep"
    NOT_SEEN = "not_seen", "Not seen"


class ViewTheme(models.TextChoices):
    """Structured themes of what children said (aggregated for the PCC)."""

    FELT_LISTENED_TO = "felt_listened_to", "Felt listened to"
    NOT_LISTENED_TO = "not_listened_to", "Did not feel listened to"
    WANTS_TO_STAY_HOME = "wants_to_stay_home", "Wants to stay at home"
    WANTS_TO_LEAVE_HOME = "wants_to_leave_home", "Wants to leave home"
    SCARED_OF_PERSON = "scared_of_person", "Scared of a person"
    WANTS_POLICE_CONTACT_TO_STOP = "wants_police_contact_to_stop", "Wants contact with the police to stop"
    WANTS_HELP = "wants_help", "Wants help"
    WORRIED_ABOUT_SIBLING = "worried_about_sibling", "Worried about a sibling or parent"


class NotAbleReason(models.TextChoices):
    ABLE = "", "Views given"
    TOO_YOUNG = "too_young", "Not able: too young (demeanour recorded instead)"
    DISABILITY = "disability", "Not able: communication needs"
    DECLINED = "declined", "Child declined to speak"


class OutcomeCategory(models.TextChoices):
    PROTECTED_BY_PLAN = "protected_by_plan", "Protected by a child protection plan"
    REMOVED_FROM_HARM = "removed_from_harm", "Removed from harm"
    OFFENDER_CHARGED = "offender_charged", "Offender charged"
    OFFENDER_CAUTIONED = "offender_cautioned", "Offender cautioned"
    OFFENDER_DISRUPTED = "offender_disrupted", "Offender disrupted"
    NFA_SAFEGUARDING = "nfa_safeguarding", "No further action, safeguarding in place"
    NFA_NO_SAFEGUARDING = "nfa_no_safeguarding", "No further action, no safeguarding in place"
    SUPPORTED_BY_CSC = "supported_by_csc", "Supported by social care (child in need)"
    RETURNED_HOME_SAFE = "returned_home_safe", "Returned home safe"


class CaseNoteKind(models.TextChoices):
    DECISION = "decision", "Decision and reasons"
    WIDER_RISK = "wider_risk", "Wider risk to other children considered"
    GENERAL = "general", "Note"


# Roles a user may give a person on a case; the subject child is set when the case is opened.
ADDABLE_ROLES = [role for role in ParticipantRole if role != ParticipantRole.SUBJECT_CHILD]
