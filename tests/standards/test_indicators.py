"""Indicators: compliance per standard with n/N, a Wilson interval, district spread and trend."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from safeguarding.access.models import AccessEvent
from safeguarding.cases.vocabulary import CaseType
from safeguarding.force.models import Team
from safeguarding.standards.models import State
from safeguarding.standards.selectors import IndicatorFilters, indicators
from safeguarding.standards.statistics import wilson_interval
from tests.factories import make_case, make_person, make_standard_result

pytestmark = pytest.mark.django_db

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)


# Hand-computed with z = 1.96: centre = (p + z²/2n) / (1 + z²/n),
# half-width = z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²).
@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),  # centre 0.7167, half-width 0.2266
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 2, 0.0945, 0.9055),
        (45, 60, 0.6277, 0.8422),
    ],
)
def test_wilson_interval_matches_hand_computed_values(successes, total, low, high):
    assert wilson_interval(successes, total) == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_of_nothing_is_none_and_rejects_impossible_counts():
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


@pytest.fixture
def seeded(cast, districts):
    """DEMEANOUR: north 3 met / 1 not met, south 1 met / 3 not met (plus rows that must not count).
    DRIFT: 2 met in each district. Children and references are recorded to prove the PCC never sees them."""
    north, south = districts["north"], districts["south"]
    north_team = Team.objects.get(district=north, kind="child_abuse")
    made = {"names": [], "references": []}

    def case(district, reported, *, case_type=CaseType.DOMESTIC_ABUSE, team=None, forename="Child"):
        child = make_person(district, forename=forename, surname="Zebedee-Quill", date_of_birth="2015-01-01")
        made_case = make_case(district, case_type=case_type, reported=reported, children=[child], team=team)
        made["names"].append(child.full_name)
        made["references"].append(made_case.reference)
        return made_case, child

    for index, state in enumerate([State.MET, State.MET, State.MET, State.NOT_MET]):
        c, child = case(north, "2026-03-05", team=north_team, forename=f"Northa{index}")
        make_standard_result(c, "DEMEANOUR", state, child=child)
    for index, state in enumerate([State.MET, State.NOT_MET, State.NOT_MET, State.NOT_MET]):
        c, child = case(south, "2026-04-09", forename=f"Southa{index}")
        make_standard_result(c, "DEMEANOUR", state, child=child)
        make_standard_result(c, "CUSTODY_ACCOMMODATION", State.NOT_APPLICABLE)
    for district in (north, south):
        for index in range(2):
            c, _ = case(district, "2026-03-20", case_type=CaseType.CP_ENQUIRY, forename=f"Drift{index}")
            make_standard_result(c, "DRIFT", State.MET)
            make_standard_result(c, "LONG_RUNNING", State.NOT_YET_DUE, due_at="2026-06-20")
    # Outside the period filtered below.
    c, child = case(north, "2025-12-01", forename="Early")
    make_standard_result(c, "DEMEANOUR", State.NOT_MET, child=child)
    made["north_team"] = north_team
    return made


def _by_id(report):
    """Standards with at least one result due (the catalogue's others are listed with none)."""
    return {indicator.standard_id: indicator for indicator in report.standards if indicator.overall.total}


def test_rates_counts_intervals_spread_and_worst_first(seeded, districts, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the summed counts, the district names: no loop
        report = indicators(IndicatorFilters(period_from=MARCH, period_to=APRIL))
    rated = [s for s in report.standards if s.overall.total]

    assert [s.standard_id for s in rated] == ["DEMEANOUR", "DRIFT"]  # worst first
    demeanour, drift = _by_id(report)["DEMEANOUR"], _by_id(report)["DRIFT"]
    assert (demeanour.overall.met, demeanour.overall.total) == (4, 8)
    assert demeanour.overall.rate == 0.5
    assert demeanour.overall.interval == pytest.approx(wilson_interval(4, 8))
    north, south = districts["north"].pk, districts["south"].pk
    assert (demeanour.by_district[north].met, demeanour.by_district[north].total) == (3, 4)
    assert (demeanour.by_district[south].met, demeanour.by_district[south].total) == (1, 4)
    assert demeanour.spread == pytest.approx(0.5)
    assert demeanour.lowest_district_id == south
    assert report.district_name(demeanour.lowest_district_id) == "South District"
    assert demeanour.spread_is_clear is False  # 4 cases a side cannot tell 75% from 25% apart
    assert (drift.overall.met, drift.overall.total, drift.spread) == (4, 4, 0)
    # Not yet due and not applicable are neither met nor missed.
    assert "LONG_RUNNING" not in {s.standard_id for s in rated}
    assert "CUSTODY_ACCOMMODATION" not in {s.standard_id for s in rated}
    # Trend by month of first report.
    assert {month: c.total for month, c in demeanour.by_month.items()} == {MARCH: 4, APRIL: 4}
    assert demeanour.by_month[MARCH].rate == 0.75 and demeanour.by_month[APRIL].rate == 0.25
    assert report.months == [MARCH, APRIL]


def test_filters_narrow_by_period_district_team_and_case_type(seeded, districts):
    everything = _by_id(indicators(IndicatorFilters()))
    assert everything["DEMEANOUR"].overall.total == 9  # includes December's case

    south_only = _by_id(indicators(IndicatorFilters(district_id=districts["south"].pk)))
    assert (south_only["DEMEANOUR"].overall.met, south_only["DEMEANOUR"].overall.total) == (1, 4)

    team = _by_id(indicators(IndicatorFilters(team_id=seeded["north_team"].pk)))
    assert (team["DEMEANOUR"].overall.met, team["DEMEANOUR"].overall.total) == (3, 4)
    assert "DRIFT" not in team  # the drift cases have no team

    cp_only = _by_id(indicators(IndicatorFilters(case_type=CaseType.CP_ENQUIRY)))
    assert cp_only["DRIFT"].overall.total == 4 and "DEMEANOUR" not in cp_only

    april = _by_id(indicators(IndicatorFilters(period_from=APRIL, period_to=APRIL)))
    assert april["DEMEANOUR"].overall.total == 4 and "DRIFT" not in april


def test_worst_first_is_judged_by_the_top_of_the_interval_not_a_single_miss(cast, districts):
    north = districts["north"]
    make_standard_result(make_case(north, reported="2026-03-03"), "SECURE_THRESHOLD", State.NOT_MET)
    for index in range(100):
        make_standard_result(
            make_case(north, reported="2026-03-03"), "REFERRAL", State.MET if index < 40 else State.NOT_MET
        )
    rated = [s.standard_id for s in indicators(IndicatorFilters()).standards if s.overall.total]
    # 0 of 1 (interval 0-79%) is less certainly bad than 40 of 100 (interval 31-50%).
    assert rated == ["REFERRAL", "SECURE_THRESHOLD"]


def test_a_clear_gap_is_one_whose_intervals_do_not_overlap(cast, districts):
    north, south = districts["north"], districts["south"]
    for district, met in ((north, 30), (south, 5)):
        for index in range(30):
            case = make_case(district, reported="2026-03-03")
            make_standard_result(case, "REFERRAL", State.MET if index < met else State.NOT_MET)
    referral = _by_id(indicators(IndicatorFilters()))["REFERRAL"]
    assert referral.lowest_district_id == south.pk
    assert referral.spread_is_clear is True


PERIOD = {"period_from": "2026-03", "period_to": "2026-04"}


def test_pcc_analyst_page_shows_the_published_figures_and_no_names_or_references(seeded, client_for):
    # an aggregate-only reader: one whole quarter, force-wide, small counts hidden (as their CSV)
    response = client_for("pcc_analyst").get(reverse("standards:indicators"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="suppression-note"' in page and "Apr 2026 to Jun 2026" in page
    for secret in seeded["names"] + seeded["references"]:
        assert secret not in page
    hidden = 0
    for row in response.context["rows"]:
        for cell in [row.overall, *row.districts]:
            for count in (cell.met, cell.total):
                assert count in ("<5", "[c]") or count == 0 or count >= 5, (row.standard_id, count)
                hidden += count in ("<5", "[c]")
            if cell.met in ("<5", "[c]") or cell.total in ("<5", "[c]"):
                assert cell.rate is None and cell.low is None
    assert hidden
    data = response.context["chart_data"]
    for district in data["districts"]:
        for rate, row in zip(district["rates"], response.context["rows"], strict=False):
            cell = row.districts[[d["name"] for d in data["districts"]].index(district["name"])]
            assert rate == cell.rate
    assert data["trend"] is None or data["trend"]["districts"] == []
    # the drawn chart shows the published rates only: a hidden one is "not shown"
    drawn = response.context["charts"]["districts"]
    if drawn is not None:
        for district in data["districts"]:
            for standard, rate in zip(data["standards"], district["rates"], strict=True):
                shown = "not shown" if rate is None else f"{rate:.1f}%"
                figures = drawn["alt"].split(f"{standard}: ", 1)[1].split(";")[0]
                assert f"{district['name']} {shown}" in figures


def test_staff_indicators_page_shows_exact_figures(seeded, client_for):
    response = client_for("safeguarding_unit").get(reverse("standards:indicators"), PERIOD)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index('data-standard="DEMEANOUR"') < page.index('data-standard="DRIFT"')
    assert "4/8" in page and "50.0%" in page and "South District" in page
    # the charts are drawn on the server (reports/svg.py), with the figures as their alternative
    assert "chart.umd.min.js" not in page and "<canvas" not in page
    charts = response.context["charts"]
    assert 'id="district-chart"' in page and charts["districts"]["src"] in page
    assert "DEMEANOUR: North District 75.0%, South District 25.0%" in charts["districts"]["alt"]
    assert "2026-03: Force 75.0%" in charts["trend"]["alt"] and charts["trend"]["src"] in page
    assert "Zebedee" not in page
    for secret in seeded["names"] + seeded["references"]:
        assert secret not in page
    data = response.context["chart_data"]
    assert data["standards"] == ["DEMEANOUR", "DRIFT"]
    assert {d["name"]: d["rates"] for d in data["districts"]} == {
        "North District": [75.0, 100.0],
        "South District": [25.0, 100.0],
    }
    assert data["trend"]["standard"] == "DEMEANOUR"  # the worst, unless another is chosen
    assert data["trend"]["months"] == ["2026-03", "2026-04"] and data["trend"]["force"] == [75.0, 25.0]


def test_trend_for_a_chosen_standard(seeded, client_for):
    response = client_for("supervisor_north").get(
        reverse("standards:indicators"), {**PERIOD, "standard": "DRIFT"}
    )
    assert response.context["chart_data"]["trend"]["standard"] == "DRIFT"
    assert response.context["chart_data"]["trend"]["force"] == [100.0, None]


def test_a_reversed_period_is_reported_not_crashed(seeded, client_for):
    response = client_for("pcc_analyst").get(
        reverse("standards:indicators"), {"period_from": "2026-05", "period_to": "2026-01"}
    )
    assert response.status_code == 200
    assert "The period must start before it ends." in response.content.decode()


def test_csv_export_for_a_case_reader_has_force_district_and_month_rows_and_no_personal_data(
    seeded, client_for, cast
):
    response = client_for("safeguarding_unit").get(reverse("standards:indicators_csv"), PERIOD)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    body = response.content.decode()
    for secret in seeded["names"] + seeded["references"]:
        assert secret not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    demeanour = [row for row in rows if row["standard_id"] == "DEMEANOUR"]
    force = next(row for row in demeanour if row["level"] == "force")
    low, high = wilson_interval(4, 8)
    assert (force["met"], force["not_met"], force["total"], force["rate_percent"]) == ("4", "4", "8", "50.0")
    assert (float(force["ci95_low_percent"]), float(force["ci95_high_percent"])) == (
        round(100 * low, 1),
        round(100 * high, 1),
    )
    districts = {row["district"]: row["rate_percent"] for row in demeanour if row["level"] == "district"}
    assert districts == {"North District": "75.0", "South District": "25.0"}
    months = {row["month"]: row["total"] for row in demeanour if row["level"] == "month"}
    assert months == {"2026-03": "4", "2026-04": "4"}
    assert force["period_from"] == "2026-03" and force["period_to"] == "2026-04"
    assert rows[0]["standard_id"] == "DEMEANOUR"  # worst first, as on the page
    assert AccessEvent.objects.filter(actor_id=cast["safeguarding_unit"].pk, action="export").count() == 1


def test_officers_do_not_see_indicators(cast, client_for):
    assert client_for("officer_north").get(reverse("standards:indicators")).status_code == 403
    assert client_for("officer_north").get(reverse("standards:indicators_csv")).status_code == 403


def _attack_indicator_rows(rows: list[dict]) -> list[str]:
    """The analyst's linear-programming attack on one standard's rows of the CSV: met + not met
    = total on every row; the districts add up to the force, so do the months. Returns the
    "<5" cells the attack narrows (pinned knowing the markers, or bounded within less than 5
    ignoring them)."""
    from scipy.optimize import linprog

    columns = ("met", "not_met", "total")
    cells = {(i, c): row[c] for i, row in enumerate(rows) for c in columns}
    unknown = [key for key, text in cells.items() if text in ("<5", "[c]")]
    index = {key: n for n, key in enumerate(unknown)}
    equations = [((i, "total"), [(i, "met"), (i, "not_met")]) for i in range(len(rows))]
    force = next(i for i, row in enumerate(rows) if row["level"] == "force")
    for level in ("district", "month"):
        members = [i for i, row in enumerate(rows) if row["level"] == level]
        for c in columns:
            equations.append(((force, c), [(i, c) for i in members]))
    exposed = []
    for labels in (True, False):
        matrix, rhs = [], []
        for total, parts in equations:
            row, known = [0] * len(unknown), 0
            for key, sign in [*[(p, 1) for p in parts], (total, -1)]:
                if key in index:
                    row[index[key]] += sign
                else:
                    known -= sign * int(cells[key])
            if any(row):
                matrix.append(row)
                rhs.append(known)
        limits = [((1, 4) if cells[key] == "<5" else (5, 10**7)) if labels else (0, 10**7) for key in unknown]
        for key in unknown:
            if cells[key] != "<5":
                continue
            ends = []
            for sign in (1, -1):
                objective = [0] * len(unknown)
                objective[index[key]] = sign
                solved = linprog(
                    objective,
                    A_eq=matrix or None,
                    b_eq=rhs or None,
                    bounds=limits,
                    options={"presolve": False},
                )
                assert solved.status == 0, solved.message
                ends.append(sign * solved.fun)
            if ends[1] - ends[0] < (1 if labels else 5) - 1e-6:
                exposed.append(f"{key}: {ends}")
    return exposed


def test_csv_for_the_pcc_analyst_hides_small_counts_and_resists_differencing(seeded, client_for, districts):
    asked = {**PERIOD, "district": districts["north"].pk, "case_type": "domestic_abuse"}
    response = client_for("pcc_analyst").get(reverse("standards:indicators_csv"), asked)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    hidden = 0
    for row in rows:
        # the district and case-type filters are not applied for an aggregate-only reader, and
        # the period is one whole quarter
        assert row["filter_district"] == row["filter_team"] == row["filter_case_type"] == ""
        assert row["period_from"][5:] in ("01", "04", "07", "10")
        for column in ("met", "not_met", "total"):
            text = row[column]
            assert text in ("<5", "[c]") or int(text) == 0 or int(text) >= 5, (
                row["standard_id"],
                column,
                text,
            )
            hidden += text in ("<5", "[c]")
        if any(row[c] in ("<5", "[c]") for c in ("met", "not_met", "total")):
            assert row["rate_percent"] == row["ci95_low_percent"] == row["ci95_high_percent"] == ""
    assert hidden  # the seeded data has small counts, so the rule had work to do
    for standard_id in {row["standard_id"] for row in rows}:
        exposed = _attack_indicator_rows([row for row in rows if row["standard_id"] == standard_id])
        assert not exposed, (standard_id, exposed)
