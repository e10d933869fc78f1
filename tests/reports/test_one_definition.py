"""One definition per figure: "views recorded" in the Voice of the child report and VOICE in
District consistency count different things (closed cases vs children on cases first reported
in the period; a recorded reason for no views counts for VOICE). Where those differences do not
apply the two agree; where they do, both pages say why."""

import datetime as dt

import time_machine

from safeguarding.cases.models import ChildView
from safeguarding.cases.vocabulary import CaseType
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors import consistency, voice
from safeguarding.standards.services import case_reevaluate
from tests.factories import at, make_case, make_entry, make_person

FILTERS = ReportFilters(dt.date(2026, 1, 1), dt.date(2026, 3, 1))


def _case(district, *, views: bool):
    child = make_person(district)
    case = make_case(
        district,
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[child],
        reported="2026-02-02",
        closed_at=at("2026-03-10"),
    )
    if views:
        make_entry(ChildView, case, "2026-02-03", child=child, views="words", themes=["wants_help"])
    with time_machine.travel(at("2026-03-20"), tick=False):
        case_reevaluate(case_id=case.pk)
    return case


def _voice_share(report, name):
    table = next(t for t in report.tables if t.key == "by_district")
    return next(row for row in table.rows if row.label == name).cells[4].value


def _consistency_share(report, name):
    table = next(t for t in report.tables if t.key == "side_by_side")
    column = table.columns.index(name) - 1
    row = next(row for row in table.rows if row.label.startswith("Child's views recorded"))
    return row.cells[column].value


def test_views_recorded_and_voice_agree_where_the_definitions_coincide(districts):
    north, south = districts["north"], districts["south"]
    # one child per case, reported and closed in the period, views before closure, no sex
    # offender enquiries and no "not able" records: the two definitions coincide
    # (no count from 1 to 4 in any cell, so the voice report hides nothing)
    for i in range(20):
        _case(north, views=i < 15)
        _case(south, views=i < 10)
    voice_report = voice.build(FILTERS)
    consistency_report = consistency.build(FILTERS)
    for district in (north, south):
        assert _voice_share(voice_report, district.name) is not None
        assert _voice_share(voice_report, district.name) == _consistency_share(
            consistency_report, district.name
        )
    assert _voice_share(voice_report, north.name) == 75.0


def test_both_pages_say_why_the_figures_can_differ(districts):
    voice_report = voice.build(FILTERS)
    consistency_report = consistency.build(FILTERS)
    assert any(p.startswith("Why this can differ from “Child's views recorded”") for p in voice_report.method)
    assert any("Voice of the child report" in p for p in consistency_report.method)
