"""Each report's figures against hand-built cases (period January to June 2026, now 15 June)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from safeguarding.audits.vocabulary import Side
from safeguarding.cases.models import (
    CaseParticipant,
    ChildOutcome,
    ChildView,
    CustodyDetention,
    DemeanourRecord,
    Incident,
    MissingEpisode,
    Referral,
)
from safeguarding.cases.vocabulary import (
    CaseType,
    IncidentKind,
    OutcomeCategory,
    ParticipantRole,
    PlaceOfSafety,
)
from safeguarding.force.models import DistrictPopulation
from safeguarding.reports.disclosure import PRIMARY
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors import consistency, custody, fairness, outcomes, voice
from safeguarding.standards.models import State
from tests.factories import at, make_case, make_entry, make_person, make_standard_result

FILTERS = ReportFilters(dt.date(2026, 1, 1), dt.date(2026, 6, 1))


def _row(table, label):
    return next(row for row in table.rows if row.label == label)


def _table(report, key):
    return next(table for table in report.tables if table.key == key)


def _closed_case(district, *, views=None, themes=(), not_able="", closed="2026-03-01", **fields):
    child = make_person(district, forename="Kit", surname="Test")
    reported = "2026-01-10" if closed >= "2026-01-10" else "2025-11-01"
    case = make_case(district, children=[child], reported=reported, closed_at=at(closed), **fields)
    if views is not None or not_able:
        make_entry(
            ChildView,
            case,
            "2026-01-20",
            child=child,
            views=views or "",
            themes=list(themes),
            not_able_reason=not_able,
        )
    return case, child


@pytest.mark.django_db
def test_voice_shares_by_district_themes_and_demeanour(districts):
    north, south = districts["north"], districts["south"]
    for i in range(7):
        themes = ["felt_listened_to"] if i < 5 else ["scared_of_person"]
        case, child = _closed_case(north, views="what I said", themes=themes)
        if i == 0:
            make_entry(
                DemeanourRecord, case, "2026-01-11", child=child, demeanour="fearful", seen_alone="yes"
            )
    for _ in range(5):
        _closed_case(north)
    for _ in range(6):
        _closed_case(south, views="words", themes=["wants_help"])
    for _ in range(5):
        _closed_case(south)
    # not counted: open, closed before the period, and a case with no child
    child = make_person(north)
    make_case(north, children=[child], reported="2026-02-01")
    _closed_case(north, views="old", closed="2025-12-20")
    make_case(north, reported="2026-01-05", closed_at=at("2026-02-01"))

    report = voice.build(FILTERS)
    by_district = _table(report, "by_district")
    north_row = _row(by_district, "North District")
    assert [cell.text for cell in north_row.cells] == ["7", "0", "5", "12", "58.3%"]
    force = _row(by_district, "Force")
    assert [cell.text for cell in force.cells] == ["13", "0", "10", "23", "56.5%"]
    themes = _table(report, "themes")
    assert _row(themes, "Felt listened to").cells[0].text == "5"
    assert _row(themes, "Felt listened to").cells[1].text == "38.5%"  # 5 of 13 views
    assert _row(themes, "Scared of a person").cells[0].text == PRIMARY
    assert _row(themes, "Scared of a person").cells[1].value is None
    demeanour = _table(report, "demeanour")
    assert _row(demeanour, "Fearful").cells[0].text == PRIMARY
    # drill-down: the cases behind north's "views recorded"
    assert voice.cases(FILTERS, {"district": str(north.pk), "measure": "views"}).count() == 7
    assert voice.cases(FILTERS, {"theme": "scared_of_person"}).count() == 2


@pytest.mark.django_db
def test_voice_suppresses_small_counts_and_their_complements(districts):
    north, south = districts["north"], districts["south"]
    for _ in range(9):
        _closed_case(north, views="words")
    _closed_case(north, not_able="too_young")
    for _ in range(8):
        _closed_case(north)
    for _ in range(6):
        _closed_case(south, views="words")
    for _ in range(7):
        _closed_case(south)
    report = voice.build(FILTERS)
    table = _table(report, "by_district")
    north_row = _row(table, "North District")
    texts = [cell.text for cell in north_row.cells]
    assert texts[1] == PRIMARY  # the one child not able to give views
    assert "9" not in texts[:3] or "8" not in texts[:3]  # a second cell of the row is hidden too
    hidden = [cell for cell in north_row.cells[:3] if cell.value is None]
    assert len(hidden) >= 2
    # the share is hidden when its count is
    if north_row.cells[0].value is None:
        assert north_row.cells[4].value is None
    # nothing hidden is recoverable: no row or column with a shown total has exactly one hidden cell
    grid = [row.cells[:4] for row in table.rows]
    for line in grid:
        if line[3].value is not None:
            assert sum(cell.value is None for cell in line[:3]) != 1
    for column in range(4):
        cells = [line[column] for line in grid]
        if cells[-1].value is not None:
            assert sum(cell.value is None for cell in cells[:-1]) != 1


@pytest.mark.django_db
def test_outcomes_categories_and_what_came_back(districts):
    north = districts["north"]
    children = []
    for category in ["protected_by_plan", "protected_by_plan", "nfa_no_safeguarding", None]:
        case, child = _closed_case(north, closed="2026-02-01")
        if category:
            make_entry(ChildOutcome, case, "2026-02-01", child=child, category=category)
        children.append((case, child))
    (case_a, child_a), (case_b, child_b), (case_c, child_c), _ = children
    # re-referred 2 months after closure; a referral before closure does not count
    make_entry(Referral, case_a, "2026-04-01", child=child_a, concern_at=at("2026-04-01"))
    make_entry(Referral, case_b, "2026-01-20", child=child_b, concern_at=at("2026-01-20"))
    make_entry(MissingEpisode, case_b, "2026-05-01", child=child_b)
    later = make_case(north, children=[child_c], reported="2026-03-01")
    make_entry(Incident, later, "2026-03-01", kind=IncidentKind.DOMESTIC_ABUSE)

    report = outcomes.build(FILTERS)
    categories = _table(report, "categories")
    assert _row(categories, "Protected by a child protection plan").cells[0].text == "2"
    assert _row(categories, "No further action, no safeguarding in place").cells[0].text == "1"
    assert _row(categories, "No outcome recorded").cells[0].text == "1"
    assert _row(categories, "Protected by a child protection plan").cells[-1].text == "50.0%"
    after = _table(report, "after_closure")
    north_row = _row(after, "North District")
    assert [cell.text for cell in north_row.cells[:4]] == ["4", "1", "1", "1"]
    assert north_row.cells[4].text == "25.0%"
    assert list(outcomes.cases(FILTERS, {"measure": "rereferred"})) == [case_a]
    assert list(outcomes.cases(FILTERS, {"category": "none"})) == [children[3][0]]


@pytest.mark.django_db
def test_outcomes_count_each_child_once_per_closed_case(districts):
    """The edges the grouping must get right however it is computed: a child holding two roles
    on a case, a child on two closed cases, an outcome recorded for an adult, several later
    events for one child, and the ends of the 12-month window."""
    north, south = districts["north"], districts["south"]
    # A: subject child and child present on one case, one outcome: one child, in that category.
    case_a, child_a = _closed_case(north, closed="2026-03-01")
    CaseParticipant.objects.create(case=case_a, person=child_a, role=ParticipantRole.CHILD_PRESENT)
    make_entry(ChildOutcome, case_a, "2026-03-01", child=child_a, category=OutcomeCategory.PROTECTED_BY_PLAN)
    # Referred at the moment of closure (not after it) and a minute past the 12 months: neither counts.
    for day in ("2026-03-01 12:00", "2027-03-01 12:01"):
        make_entry(Referral, case_a, day, child=child_a, concern_at=at("2026-03-01"))
    # B: one child on two closed cases, an outcome on the first only.
    case_b1, child_b = _closed_case(north, closed="2026-02-01")
    case_b2 = make_case(north, children=[child_b], reported="2026-02-10", closed_at=at("2026-04-01"))
    make_entry(
        ChildOutcome, case_b1, "2026-02-01", child=child_b, category=OutcomeCategory.NFA_NO_SAFEGUARDING
    )
    # Referred twice inside the first case's 12 months (counted once), both before the second closed.
    for day in ("2026-02-15", "2026-02-20"):
        make_entry(Referral, case_b1, day, child=child_b, concern_at=at(day))
    # Two domestic abuse incidents after the first closure and before the second, on a case where
    # the child holds both child roles; a later incident of another kind.
    later = make_case(north, children=[child_b], reported="2026-03-01")
    CaseParticipant.objects.create(case=later, person=child_b, role=ParticipantRole.CHILD_PRESENT)
    for day in ("2026-03-01", "2026-03-02"):
        make_entry(Incident, later, day, kind=IncidentKind.DOMESTIC_ABUSE)
    make_entry(Incident, later, "2026-05-01", kind=IncidentKind.NEGLECT)
    # C: a child present (not the subject) with no outcome, missing twice after closure; an outcome
    # recorded for the adult suspect on the same case counts for no child.
    adult = make_person(north, forename="Adult", date_of_birth="1980-01-01", is_child=False)
    present = make_person(north, forename="Present")
    case_c = make_case(
        north,
        reported="2026-01-10",
        closed_at=at("2026-03-01"),
        adults=[(adult, ParticipantRole.SUSPECT), (present, ParticipantRole.CHILD_PRESENT)],
    )
    make_entry(ChildOutcome, case_c, "2026-03-01", child=adult, category=OutcomeCategory.PROTECTED_BY_PLAN)
    for day in ("2026-04-01", "2026-04-20"):
        make_entry(MissingEpisode, case_c, day, child=present)
    # Referred exactly 365 days after closure: still inside the 12 months.
    make_entry(Referral, case_c, "2027-03-01 12:00", child=present, concern_at=at("2027-03-01"))
    # Not counted: closed before the period (with an outcome), and another district's child.
    old_case, old_child = _closed_case(north, closed="2025-12-20")
    make_entry(
        ChildOutcome, old_case, "2025-12-20", child=old_child, category=OutcomeCategory.OFFENDER_CHARGED
    )
    case_s, child_s = _closed_case(south)
    make_entry(ChildOutcome, case_s, "2026-03-01", child=child_s, category=OutcomeCategory.OFFENDER_CHARGED)

    sums = outcomes.by_district(outcomes.grouped(FILTERS))
    assert sums[north.pk] == {
        "n": 4,  # A once, B twice (two cases), C's child present; never the adult
        "with_outcome": 2,
        "nfa_no_safeguarding": 1,
        "rereferred": 2,  # B's first case and C; not A
        "missing_after": 1,
        "da_after": 1,  # B's first case only: the incidents came before the second closed
    }
    assert sums[south.pk]["n"] == 1 and sums[south.pk]["with_outcome"] == 1
    categories = _table(outcomes.build(FILTERS), "categories")
    north_counts = {row.label: row.cells[0].value for row in categories.rows}
    assert north_counts["Protected by a child protection plan"] == 1
    assert north_counts["No further action, no safeguarding in place"] == 1
    assert north_counts["Offender charged"] == 0
    assert north_counts["No outcome recorded"] == 2
    assert north_counts["Children on closed cases"] == 4
    assert set(outcomes.cases(FILTERS, {"district": str(north.pk), "category": "none"})) == {case_b2, case_c}
    assert set(outcomes.cases(FILTERS, {"measure": "da_after"})) == {case_b1}
    assert set(outcomes.cases(FILTERS, {"measure": "rereferred"})) == {case_b1, case_c}
    # One outcome per child per case is a database rule the counting relies on.
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entry(
            ChildOutcome, case_a, "2026-03-02", child=child_a, category=OutcomeCategory.REMOVED_FROM_HARM
        )


@pytest.mark.django_db
def test_custody_counts_by_district(districts):
    north = districts["north"]
    older = make_person(north, date_of_birth="2010-05-01")
    younger = make_person(north, date_of_birth="2016-05-01")
    case = make_case(north, case_type=CaseType.CUSTODY, children=[older, younger], reported="2026-02-01")
    make_entry(
        CustodyDetention,
        case,
        "2026-02-01 20:00",
        child=older,
        offence="theft",
        released_at="2026-02-03 06:00",
        charged_at="2026-02-02 02:00",
        bail_refused=True,
        accommodation_likely_at="2026-02-01 22:00",
        accommodation_requested_at="2026-02-01 23:00",
        accommodation_answer="provided",
        transferred_to_local_authority=True,
        appropriate_adult_requested_at="2026-02-01 20:30",
        appropriate_adult_arrived_at="2026-02-01 21:30",
    )
    make_entry(
        CustodyDetention,
        case,
        "2026-03-01 09:00",
        child=younger,
        offence="damage",
        released_at="2026-03-01 21:00",
        charged_at="2026-03-01 15:00",
        bail_refused=True,
        secure_requested=True,
        risk_of_serious_harm_to_public=True,
        behaviour_in_childrens_home=True,
        appropriate_adult_requested_at="2026-03-01 10:00",
        appropriate_adult_arrived_at="2026-03-01 13:00",
    )
    make_entry(
        CustodyDetention,
        case,
        "2026-04-01 10:00",
        child=older,
        offence="s136",
        under_s136=True,
        place_of_safety=PlaceOfSafety.POLICE_STATION,
        released_at="2026-04-01 14:00",
    )
    report = custody.build(FILTERS)
    table = _table(report, "by_district")

    def north_value(label):
        return _row(table, label).cells[0].text

    assert north_value("Children detained (each child once)") == "2"
    assert north_value("Detentions") == "3"
    assert north_value("Held over 24 hours") == "1"
    assert north_value("Held overnight (released on a later day)") == "1"
    assert north_value("Charged and refused bail") == "2"
    assert north_value("… asked for before charge") == "1"
    assert north_value("… asked for within 2 h of becoming likely") == "1"
    assert north_value("… not asked for") == "1"
    assert north_value("Accommodation provided") == "1"
    assert north_value("… threshold met (12+, risk of serious harm to the public)") == "0"
    assert north_value("… threshold not met") == "1"
    assert north_value("… no s38(6) certificate") == "1"
    assert north_value("Appropriate adult arrived within 2 h") == "1"
    assert north_value("Appropriate adult arrived after 2 h") == "1"
    assert north_value("Looked-after child held for behaviour in their children's home") == "1"
    assert north_value("… taken to a police station") == "1"
    # (34 + 12 + 4) / 3 hours
    assert north_value("Mean hours held (released children)") == "16.7 h"
    assert north_value("Longest hold (hours)") == "34 h"
    assert _row(table, "Detentions").cells[1].text == "0"  # south
    assert custody.cases(FILTERS, {"measure": "certificate_missing"}).count() == 1

    # the Concordat return from the same detentions
    concordat = {(key, district): value for key, _label, district, value in custody.concordat_return(FILTERS)}
    assert concordat[("children_charged_refused_bail", "Force")] == 2
    assert concordat[("children_charged_refused_bail", north.name)] == 2
    assert concordat[("transfer_requested", "Force")] == 1
    assert concordat[("transfer_achieved", "Force")] == 1
    assert concordat[("transfer_refused", "Force")] == 0
    assert concordat[("transfer_not_requested", "Force")] == 1
    assert concordat[("secure_requested", "Force")] == 1
    assert concordat[("secure_threshold_met", "Force")] == 0  # aged 9
    # held after charge: 28 h (2 Feb 02:00 to 3 Feb 06:00) and 6 h
    assert concordat[("hours_after_charge_median", "Force")] == 17.0
    assert concordat[("hours_after_charge_max", "Force")] == 28.0


@pytest.mark.django_db
def test_fairness_rates_against_population_and_completeness(districts):
    north = districts["north"]
    for group, children in (("white", 1000), ("black", 500)):
        DistrictPopulation.objects.create(
            district=north, dimension="ethnicity", group=group, children=children
        )
    white = make_person(north, ethnicity="white", date_of_birth="2010-01-01")
    black = make_person(north, ethnicity="black", date_of_birth="2010-01-01")
    unknown = make_person(north, ethnicity="", date_of_birth=None)
    case = make_case(
        north,
        case_type=CaseType.CUSTODY,
        children=[white, black, unknown],
        reported="2026-02-01",
        closed_at=at("2026-02-03"),
    )
    for child in (white, black, unknown):
        make_entry(
            CustodyDetention,
            case,
            "2026-02-01 10:00",
            child=child,
            offence="x",
            released_at="2026-02-01 12:00",
        )
    make_entry(ChildOutcome, case, "2026-02-02", child=black, category=OutcomeCategory.NFA_NO_SAFEGUARDING)

    report = fairness.build(ReportFilters(dt.date(2026, 1, 1), dt.date(2026, 6, 1), district_id=north.pk))
    table = _table(report, "by_ethnicity")
    black_row = _row(table, "Black, Black British, Caribbean or African")
    white_row = _row(table, "White")
    all_row = _row(table, "All children")
    assert black_row.cells[3].text == "1"
    assert black_row.cells[4].text == "20.0"  # 1 of 500 per 10,000
    assert white_row.cells[4].text == "10.0"
    assert all_row.cells[4].text == "20.0"  # 3 of 1,500
    assert black_row.cells[5].text == "1.00"
    assert black_row.cells[10].text == "0.20 to 4.95"  # log delta method, see test_statistics
    assert white_row.cells[5].text == "0.50"
    assert _row(table, "Not recorded").cells[4].text == "–"
    completeness = _table(report, "completeness")
    assert _row(completeness, "Ethnicity").cells[0].text == "66.7%"
    assert _row(completeness, "Age (date of birth)").cells[0].text == "66.7%"
    assert black_row.cells[9].text == "100.0%"
    age = _table(report, "by_age_band")
    assert _row(age, "Aged 16-17").cells[3].text == "2"  # both born 2010, 16 in February 2026
    assert (
        fairness.cases(FILTERS, {"dimension": "ethnicity", "group": "", "measure": "detained"}).count() == 1
    )


@pytest.mark.django_db
def test_fairness_counts_a_child_once_per_group_and_once_in_each_age_band(districts):
    """A child on two cases either side of their 10th birthday, subject and present on one of
    them, detained twice (once under s136): one child known, detained and arrested in their
    ethnicity, gender and disability groups; one child in each of the two age bands."""
    north = districts["north"]
    child = make_person(north, ethnicity="white", gender="female", date_of_birth="2016-03-10")
    other = make_person(north, ethnicity="asian", gender="male", date_of_birth="2012-05-01")
    first = make_case(north, case_type=CaseType.CUSTODY, children=[child, other], reported="2026-02-01")
    CaseParticipant.objects.create(case=first, person=child, role=ParticipantRole.CHILD_PRESENT)
    second = make_case(north, case_type=CaseType.CUSTODY, children=[child], reported="2026-04-01")
    make_entry(CustodyDetention, first, "2026-02-01 10:00", child=child, offence="x", under_s136=True)
    make_entry(CustodyDetention, second, "2026-04-01 10:00", child=child, offence="y")
    make_entry(CustodyDetention, second, "2026-04-02 10:00", child=child, offence="z")

    counts = fairness.grouped(FILTERS)
    # the two forms of the distinct count (one per database in use) agree, on either database
    for measure in ("known", "detained", "arrested"):
        by_windows = fairness.distinct_children_by_windows(measure, FILTERS)
        assert fairness.distinct_children_by_union(measure, FILTERS) == by_windows == counts[measure]
    for dimension, group in (("ethnicity", "white"), ("gender", "female")):
        for measure in ("known", "detained", "arrested"):
            assert counts[measure][dimension][(north.pk, group)] == 1, (measure, dimension)
    assert counts["known"]["ethnicity"][(north.pk, "asian")] == 1
    assert counts["known"]["age_band"] == {(north.pk, "5-9"): 1, (north.pk, "10-15"): 2}
    assert counts["detained"]["age_band"] == {(north.pk, "5-9"): 1, (north.pk, "10-15"): 1}
    assert counts["arrested"]["age_band"] == {(north.pk, "10-15"): 1}
    report = fairness.build(FILTERS)
    assert _row(_table(report, "by_ethnicity"), "All children").cells[2].text == "2"


@pytest.mark.django_db
def test_consistency_marks_a_district_beyond_chance(districts, cast):
    north, south = districts["north"], districts["south"]
    north_case = make_case(north, reported="2026-02-01")
    south_case = make_case(south, reported="2026-02-01")
    for i in range(20):
        child_n = make_person(north)
        child_s = make_person(south)
        make_standard_result(north_case, "VOICE", State.MET if i < 4 else State.NOT_MET, child=child_n)
        make_standard_result(south_case, "VOICE", State.MET if i < 18 else State.NOT_MET, child=child_s)
    # 9 of 10 vs 8 of 10: not beyond chance
    for i in range(10):
        make_standard_result(
            north_case, "OUTCOME", State.MET if i < 9 else State.NOT_MET, child=make_person(north)
        )
        make_standard_result(
            south_case, "OUTCOME", State.MET if i < 8 else State.NOT_MET, child=make_person(south)
        )
    report = consistency.build(FILTERS)
    table = _table(report, "side_by_side")
    voice_row = next(row for row in table.rows if row.label.startswith("Child's views recorded"))
    assert voice_row.cells[0].text == "20.0% ▼" and voice_row.cells[0].mark == "lower"
    assert voice_row.cells[1].mark == "higher"
    assert voice_row.cells[2].text == "55.0%"
    outcome_row = next(row for row in table.rows if row.label.startswith("Outcome for the child recorded"))
    assert not outcome_row.cells[0].mark and not outcome_row.cells[1].mark
    assert any("Holm" in paragraph for paragraph in report.method)
    assert consistency.cases(FILTERS, {"measure": "standard:VOICE", "district": str(north.pk)}).count() == 1
    assert Side.FORCE  # audit rows present even with no gradings
    audit_row = next(row for row in table.rows if "force (self-assessment)" in row.label.lower())
    assert audit_row.cells[0].text == "–"
