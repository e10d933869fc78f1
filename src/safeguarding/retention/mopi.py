"""The Management of Police Information (MoPI) review rules, as this application applies them.

Source: College of Policing, Authorised Professional Practice, "Information management:
Management of police information", section "Retention, review and disposal" (the national
retention assessment criteria and its three groups), under the Code of Practice on the
Management of Police Information (2005) and Data Protection Act 2018 Part 3:

- Group 1, certain public protection matters (people convicted, charged or suspected of serious
  sexual or violent offences, potentially dangerous people, and in this application child
  protection matters): retained until the subject is deemed to have reached 100 years of age,
  and reviewed every 10 years to make sure the record is still adequate and up to date.
- Group 2, other sexual, violent or serious offences: reviewed after a 10-year clear period.
- Group 3, all other offences (and the application's other records): reviewed after a 6-year
  clear period, "records normally kept at least 6 years" (DOMAIN.md).

The clear period runs from the person's last involvement: the latest of their cases' closing
(an open case counts as today: a person on an open case is never due) or, with no case, from
when their record was made. A review decision to retain sets the next review date itself
(retention/services.py); every decision is recorded (DOMAIN.md, "Rules from law and guidance").

How a case type and a flag fall into a group is this module's table (CASE_TYPE_GROUP,
FLAG_GROUP): a force that reads the APP differently changes it here and nowhere else. A person's
group is the most serious (lowest) of their cases' and flags'.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from safeguarding.cases.vocabulary import CaseType
from safeguarding.people.vocabulary import FlagKind


class RetentionGroup(models.IntegerChoices):
    PUBLIC_PROTECTION = 1, "Group 1: certain public protection matters"
    SERIOUS = 2, "Group 2: other sexual, violent or serious offences"
    OTHER = 3, "Group 3: all other offences and records"


# Years between reviews (group 1: the 10-yearly check; 2 and 3: the clear period).
REVIEW_YEARS: dict[int, int] = {
    RetentionGroup.PUBLIC_PROTECTION: 10,
    RetentionGroup.SERIOUS: 10,
    RetentionGroup.OTHER: 6,
}
# Group 1 is kept until the subject is deemed 100 years old.
GROUP_1_AGE = 100

CASE_TYPE_GROUP: dict[str, RetentionGroup] = {
    # Child protection and sexual harm to children: public protection matters.
    CaseType.CP_ENQUIRY: RetentionGroup.PUBLIC_PROTECTION,
    CaseType.POLICE_PROTECTION: RetentionGroup.PUBLIC_PROTECTION,
    CaseType.SEX_OFFENDER: RetentionGroup.PUBLIC_PROTECTION,
    CaseType.CSE: RetentionGroup.PUBLIC_PROTECTION,
    CaseType.ONLINE_ABUSE: RetentionGroup.PUBLIC_PROTECTION,
    # Violence in the home: a violent matter.
    CaseType.DOMESTIC_ABUSE: RetentionGroup.SERIOUS,
    # Concerns, missing episodes and custody record no sexual or violent offence as such.
    CaseType.GENERAL_CONCERN: RetentionGroup.OTHER,
    CaseType.MISSING: RetentionGroup.OTHER,
    CaseType.CUSTODY: RetentionGroup.OTHER,
}
FLAG_GROUP: dict[str, RetentionGroup] = {
    FlagKind.CP_PLAN: RetentionGroup.PUBLIC_PROTECTION,
    FlagKind.CSE_RISK: RetentionGroup.PUBLIC_PROTECTION,
    FlagKind.REGISTERED_SEX_OFFENDER: RetentionGroup.PUBLIC_PROTECTION,
    FlagKind.RISK_TO_CHILDREN: RetentionGroup.PUBLIC_PROTECTION,
    FlagKind.DOMESTIC_ABUSE_PERPETRATOR: RetentionGroup.SERIOUS,
    FlagKind.VIOLENT: RetentionGroup.SERIOUS,
    FlagKind.LOOKED_AFTER: RetentionGroup.OTHER,
    FlagKind.REPEAT_MISSING: RetentionGroup.OTHER,
}


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Assessment:
    group: RetentionGroup
    grounds: str  # the case types and flags that decided, as codes: never a name
    clear_from: dt.date
    review_due: dt.date
    retain_until: dt.date | None  # group 1: the 100th birthday, when the date of birth is known


def group_of(case_types: Iterable[str], flag_kinds: Iterable[str]) -> tuple[RetentionGroup, str]:
    """The most serious group among a person's cases and flags, and the codes that put them there."""
    found: dict[str, RetentionGroup] = {}
    for case_type in case_types:
        found[f"case:{case_type}"] = CASE_TYPE_GROUP.get(case_type, RetentionGroup.OTHER)
    for kind in flag_kinds:
        found[f"flag:{kind}"] = FLAG_GROUP.get(kind, RetentionGroup.OTHER)
    if not found:
        return RetentionGroup.OTHER, "no case or flag"
    group = RetentionGroup(min(found.values()))
    grounds = sorted(code for code, g in found.items() if g == group)
    return group, ", ".join(grounds)[:200]


def assess(
    *,
    case_types: Iterable[str],
    flag_kinds: Iterable[str],
    clear_from: dt.date,
    date_of_birth: dt.date | None,
) -> Assessment:
    """A person's group and review date under MoPI (the rules in this module's docstring)."""
    group, grounds = group_of(case_types, flag_kinds)
    review_due = add_years(clear_from, REVIEW_YEARS[group])
    retain_until = None
    if group == RetentionGroup.PUBLIC_PROTECTION and date_of_birth is not None:
        retain_until = add_years(date_of_birth, GROUP_1_AGE)
    return Assessment(
        group=group, grounds=grounds, clear_from=clear_from, review_due=review_due, retain_until=retain_until
    )
