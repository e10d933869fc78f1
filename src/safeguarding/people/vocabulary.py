from django.db import models


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    NOT_RECORDED = "", "Not recorded"


class Ethnicity(models.TextChoices):
    """The 2021 census top-level groups; blank means not recorded (DEMOGRAPHICS counts it)."""

    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Chose not to say"
    NOT_RECORDED = "", "Not recorded"


class Disability(models.TextChoices):
    NONE = "none", "No disability"
    YES = "yes", "Disability or special educational need"
    NOT_RECORDED = "", "Not recorded"


class LookedAfter(models.TextChoices):
    NO = "no", "Not looked after"
    FOSTER = "foster", "Looked after: foster care"
    CHILDRENS_HOME = "childrens_home", "Looked after: children's home"
    KINSHIP = "kinship", "Looked after: kinship care"
    OTHER = "other", "Looked after: other placement"


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    SIBLING = "sibling", "Sibling"
    PARTNER = "partner", "Partner"
    SUSPECT = "suspect", "Suspect (against the child)"
    VICTIM = "victim", "Victim"
    ASSOCIATE = "associate", "Associate"


class FlagKind(models.TextChoices):
    CP_PLAN = "cp_plan", "Child protection plan"
    CSE_RISK = "cse_risk", "At risk of sexual exploitation"
    LOOKED_AFTER = "looked_after", "Looked-after child"
    REPEAT_MISSING = "repeat_missing", "Repeat missing"
    REGISTERED_SEX_OFFENDER = "registered_sex_offender", "Registered sex offender"
    RISK_TO_CHILDREN = "risk_to_children", "Poses a risk to children"
    DOMESTIC_ABUSE_PERPETRATOR = "da_perpetrator", "Domestic abuse perpetrator"
    VIOLENT = "violent", "Violent / weapons"


# Flags on an adult that make the adult "a linked adult who poses a risk" on a child's page.
ADULT_RISK_FLAGS = {
    FlagKind.REGISTERED_SEX_OFFENDER,
    FlagKind.RISK_TO_CHILDREN,
    FlagKind.DOMESTIC_ABUSE_PERPETRATOR,
    FlagKind.VIOLENT,
}


class CpPlanCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    MULTIPLE = "multiple", "Multiple"
