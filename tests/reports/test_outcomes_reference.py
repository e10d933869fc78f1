"""The outcomes grouping (one statement of common table expressions and hash joins) against a
plain count made child by child on a generated demo force: the same figures, force-wide and
filtered to one district and case type."""

import datetime as dt

import pytest

from safeguarding.cases.models import ChildOutcome, Incident, MissingEpisode, Referral
from safeguarding.cases.vocabulary import CaseType, IncidentKind, OutcomeCategory
from safeguarding.demo.generator import generate_demo_force
from safeguarding.force.models import District
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors import outcomes

AS_OF = dt.date(2026, 6, 15)


def _one_by_one(filters: ReportFilters) -> dict[int, dict[str, int]]:
    """Each child on a closed case in turn, with a query per fact: slow and plainly right."""
    sums: dict[int, dict[str, int]] = {}
    for row in outcomes.closed_children(filters).select_related("case"):
        case, child = row.case, row.person_id
        total = sums.setdefault(
            case.district_id,
            {"n": 0, "with_outcome": 0, "nfa_no_safeguarding": 0, **dict.fromkeys(outcomes.AFTER, 0)},
        )
        total["n"] += 1
        category = ChildOutcome.objects.filter(case=case, child_id=child).values_list("category", flat=True)
        total["with_outcome"] += bool(category)
        total["nfa_no_safeguarding"] += list(category) == [OutcomeCategory.NFA_NO_SAFEGUARDING]
        window = {"occurred_at__gt": case.closed_at, "occurred_at__lte": case.closed_at + outcomes.FOLLOW_UP}
        total["rereferred"] += Referral.objects.filter(child_id=child, **window).exists()
        total["missing_after"] += MissingEpisode.objects.filter(child_id=child, **window).exists()
        total["da_after"] += Incident.objects.filter(
            kind=IncidentKind.DOMESTIC_ABUSE, case__participants__person_id=child, **window
        ).exists()
    return sums


def _cases_one_by_one(filters: ReportFilters) -> dict[tuple, set]:
    behind: dict[tuple, set] = {}
    for row in outcomes.closed_children(filters).select_related("case"):
        case, child = row.case, row.person_id
        window = {"occurred_at__gt": case.closed_at, "occurred_at__lte": case.closed_at + outcomes.FOLLOW_UP}
        category = (
            ChildOutcome.objects.filter(case=case, child_id=child).values_list("category", flat=True).first()
        )
        district = (("district", str(case.district_id)),)
        facts = {
            (("category", category or outcomes.NO_OUTCOME),): True,
            (("measure", "rereferred"),): Referral.objects.filter(child_id=child, **window).exists(),
            (("measure", "missing_after"),): MissingEpisode.objects.filter(child_id=child, **window).exists(),
            (("measure", "da_after"),): Incident.objects.filter(
                kind=IncidentKind.DOMESTIC_ABUSE, case__participants__person_id=child, **window
            ).exists(),
        }
        for figure, applies in facts.items():
            behind.setdefault(figure, set())
            behind.setdefault(district + figure, set())
            if applies:
                behind[figure].add(case)
                behind[district + figure].add(case)
    return behind


@pytest.mark.slow
@pytest.mark.django_db
def test_grouping_matches_a_child_by_child_count_on_a_demo_force():
    generate_demo_force(children=400, seed=5, as_of=AS_OF)
    force_wide = ReportFilters(dt.date(2025, 7, 1), dt.date(2026, 6, 1))
    expected = _one_by_one(force_wide)
    # the demo force exercises every measure, so an equal answer means something
    for measure in ("n", "with_outcome", "nfa_no_safeguarding", *outcomes.AFTER):
        assert sum(total[measure] for total in expected.values()) > 0, measure
    assert outcomes.by_district(outcomes.grouped(force_wide)) == expected
    # the drill-down reads the same joined children: the cases behind each figure, one by one
    for figure, expected_cases in _cases_one_by_one(force_wide).items():
        assert set(outcomes.cases(force_wide, dict(figure))) == expected_cases, figure

    district = District.objects.order_by("name").first()
    narrow = ReportFilters(force_wide.period_from, force_wide.period_to, district.pk, CaseType.DOMESTIC_ABUSE)
    expected = _one_by_one(narrow)
    assert list(expected) == [district.pk]
    assert outcomes.by_district(outcomes.grouped(narrow)) == expected


@pytest.mark.slow
@pytest.mark.django_db
def test_asking_for_fewer_follow_ups_leaves_the_others_at_zero_and_the_rest_the_same():
    generate_demo_force(children=200, seed=7, as_of=AS_OF)
    filters = ReportFilters(dt.date(2025, 7, 1), dt.date(2026, 6, 1))
    everything = outcomes.by_district(outcomes.grouped(filters))
    only = outcomes.by_district(outcomes.grouped(filters, follow_ups=("rereferred",)))
    assert only == {
        district: {**sums, "missing_after": 0, "da_after": 0} for district, sums in everything.items()
    }
    assert any(sums["da_after"] for sums in everything.values())
