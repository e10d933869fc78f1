"""The words of the case-audit method (seed 000/003 Annex A, seed 002 Chapter 3, seed 004)."""

from django.db import models

from safeguarding.cases.vocabulary import CaseType


class AuditKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment round"
    INSPECTION = "inspection", "Inspection"
    THEMED = "themed", "Themed audit"


class AuditTheme(models.TextChoices):
    """The themes of the force's rolling audit programme (seed 004)."""

    MISSING = "missing", "Missing"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CSE = "cse", "Child sexual exploitation"
    SERIOUS_SEXUAL_OFFENCES = "serious_sexual_offences", "Serious sexual offences"
    ONLINE_ABUSE = "online_abuse", "Online sexual abuse"
    CUSTODY = "custody", "Children in custody"
    POLICE_PROTECTION = "police_protection", "Police protection"


# The case types a themed audit samples from. Serious sexual offences cut across the s47 and
# online case types: the case type is the only sampling key the case record gives us.
THEME_CASE_TYPES: dict[str, tuple[str, ...]] = {
    AuditTheme.MISSING: (CaseType.MISSING,),
    AuditTheme.DOMESTIC_ABUSE: (CaseType.DOMESTIC_ABUSE,),
    AuditTheme.CSE: (CaseType.CSE,),
    AuditTheme.SERIOUS_SEXUAL_OFFENCES: (CaseType.CP_ENQUIRY, CaseType.ONLINE_ABUSE),
    AuditTheme.ONLINE_ABUSE: (CaseType.ONLINE_ABUSE,),
    AuditTheme.CUSTODY: (CaseType.CUSTODY,),
    AuditTheme.POLICE_PROTECTION: (CaseType.POLICE_PROTECTION,),
}


class GradingScale(models.TextChoices):
    """Audits keep the scale they were made on (DOMAIN.md: grading scales change over time)."""

    FOUR_POINT = "four_point", "Good / adequate / requires improvement / inadequate (2014-15)"
    THREE_POINT = "three_point", "Good / requires improvement / inadequate (2016 on)"


class Grade(models.TextChoices):
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# Best first: the order of the confusion table and of every report column.
SCALE_GRADES: dict[str, tuple[str, ...]] = {
    GradingScale.FOUR_POINT: (Grade.GOOD, Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE),
    GradingScale.THREE_POINT: (Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE),
}


class StageJudgement(models.TextChoices):
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


def stage_judgements_for(scale: str) -> list[tuple[str, str]]:
    grades = SCALE_GRADES[scale]
    return [
        (value, label)
        for value, label in StageJudgement.choices
        if value in grades or value == "not_applicable"
    ]


class Side(models.TextChoices):
    """Who graded: the force's own auditors (self-assessment) or the independent inspectors."""

    FORCE = "force", "Force (self-assessment)"
    INSPECTOR = "inspector", "Inspector"


class SampleDesign(models.TextChoices):
    """How the sample is shared out: by the case-type quotas as given, or targeted (strata of case
    type x standards-not-met band, Neyman allocation of the same number of cases: audits/targeting.py)."""

    QUOTAS = "quotas", "Case-type quotas as given"
    TARGETED = "targeted", "Targeted: the same number of cases, shared where the standards' results vary most"


class CaseScope(models.TextChoices):
    """A case in the self-assessed sample is graded by both sides; further cases by inspectors only."""

    SAMPLE = "sample", "Self-assessed sample"
    FURTHER = "further", "Further case (inspectors only)"


# The thematic report (seed 002 Table 2) folds grades into three: requires improvement counts
# as inadequate.
class Fold(models.TextChoices):
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate (incl. requires improvement)"


FOLD_OF_GRADE = {
    Grade.GOOD: Fold.GOOD,
    Grade.ADEQUATE: Fold.ADEQUATE,
    Grade.REQUIRES_IMPROVEMENT: Fold.INADEQUATE,
    Grade.INADEQUATE: Fold.INADEQUATE,
}


class AdditionStatus(models.TextChoices):
    """A case added to an audit by hand, outside the drawn sample, waits for the safeguarding
    unit: its record opens to the auditor only once approved."""

    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
