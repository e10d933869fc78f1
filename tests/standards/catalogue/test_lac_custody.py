"""LAC_CUSTODY: a looked-after child arrested for behaviour in the children's home is reviewed
(a decision note within 7 days)."""

from safeguarding.cases.models import CaseNote
from safeguarding.cases.vocabulary import CaseNoteKind
from tests.factories import make_entry
from tests.standards.catalogue._custody import detained


def test_met_when_the_decision_is_reviewed(districts, judge):
    case, child, _ = detained(districts, behaviour_in_childrens_home=True)
    make_entry(CaseNote, case, "2026-03-04 10:00", kind=CaseNoteKind.DECISION, text="Reviewed with the home")
    assert judge(case, "LAC_CUSTODY", "2026-03-20 12:00")[child.pk].state == "met"


def test_not_met_without_review_after_7_days(districts, judge):
    case, child, _ = detained(districts, behaviour_in_childrens_home=True)
    result = judge(case, "LAC_CUSTODY", "2026-03-10 12:00")[child.pk]
    assert result.state == "not_met"


def test_not_yet_due_within_7_days(districts, judge):
    case, child, _ = detained(districts, behaviour_in_childrens_home=True)
    assert judge(case, "LAC_CUSTODY", "2026-03-05 12:00")[child.pk].state == "not_yet_due"


def test_not_applicable_to_other_arrests(districts, judge):
    case, _, _ = detained(districts)
    assert judge(case, "LAC_CUSTODY", "2026-03-05 12:00") == {}
