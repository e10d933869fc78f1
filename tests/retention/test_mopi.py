"""The MoPI groups and review dates (retention/mopi.py)."""

import datetime as dt

import pytest

from safeguarding.cases.vocabulary import CaseType
from safeguarding.people.vocabulary import FlagKind
from safeguarding.retention import mopi
from safeguarding.retention.mopi import RetentionGroup


def test_every_case_type_and_flag_has_a_group():
    assert set(mopi.CASE_TYPE_GROUP) == set(CaseType)
    assert set(mopi.FLAG_GROUP) == set(FlagKind)


@pytest.mark.parametrize(
    ("case_types", "flags", "group", "years"),
    [
        ({CaseType.CP_ENQUIRY}, set(), RetentionGroup.PUBLIC_PROTECTION, 10),
        ({CaseType.DOMESTIC_ABUSE, CaseType.MISSING}, set(), RetentionGroup.SERIOUS, 10),
        ({CaseType.MISSING}, set(), RetentionGroup.OTHER, 6),
        ({CaseType.MISSING}, {FlagKind.REGISTERED_SEX_OFFENDER}, RetentionGroup.PUBLIC_PROTECTION, 10),
        (set(), set(), RetentionGroup.OTHER, 6),
    ],
)
def test_the_most_serious_group_sets_the_review(case_types, flags, group, years):
    found = mopi.assess(
        case_types=case_types, flag_kinds=flags, clear_from=dt.date(2020, 3, 1), date_of_birth=None
    )
    assert found.group == group
    assert found.review_due == dt.date(2020 + years, 3, 1)


def test_group_1_is_kept_until_the_hundredth_birthday_and_reviewed_every_ten_years():
    found = mopi.assess(
        case_types={CaseType.CSE},
        flag_kinds=(),
        clear_from=dt.date(2024, 2, 29),
        date_of_birth=dt.date(2008, 2, 29),
    )
    assert found.retain_until == dt.date(2108, 2, 29)
    assert found.review_due == dt.date(2034, 2, 28)  # no 29 February in 2034
    assert found.grounds == "case:cse"
