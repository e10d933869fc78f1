"""The worse district really is generated worse: gap rates measured on the raw rows, per standard,
the way DOMAIN.md states the rule (independently of the generator's own bookkeeping)."""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction

from safeguarding.cases.models import (
    Case,
    CaseParticipant,
    ChildOutcome,
    ChildView,
    CustodyDetention,
    DemeanourRecord,
    Incident,
    Investigation,
    InvestigationStep,
    Meeting,
    MissingEpisode,
    Referral,
)
from safeguarding.cases.vocabulary import CHILD_ROLES
from safeguarding.demo.force import build_force
from safeguarding.demo.generator import casework_chunks, generate_demo_force
from safeguarding.demo.profile import DISTRICT_CODES, DISTRICT_GAP_RATES, WORSE_DISTRICT, WORSE_STANDARDS
from safeguarding.demo.schema import ROW_FIELDS, Ids, Rows
from safeguarding.standards.models import StandardResult, State
from safeguarding.standards.services import standards_evaluate_force
from tests.conftest import wipe_module_demo_force

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def force(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = generate_demo_force(children=8000, seed=21, replace=True)
        yield result
        wipe_module_demo_force()


def district_of_case() -> dict[int, str]:
    return dict(Case.objects.values_list("id", "district__code"))


class Rates:
    def __init__(self):
        self.gaps = defaultdict(int)
        self.total = defaultdict(int)

    def add(self, district: str, gap: bool) -> None:
        self.total[district] += 1
        self.gaps[district] += gap

    def rate(self, district: str) -> float:
        return self.gaps[district] / self.total[district]


def as_of(force) -> dt.datetime:
    return dt.datetime.combine(force.as_of, dt.time(23), tzinfo=dt.UTC)


def measure(standard: str, force) -> Rates:
    rates = Rates()
    districts = district_of_case()
    now = as_of(force)
    closed = dict(Case.objects.values_list("id", "closed_at"))
    child_links = list(
        CaseParticipant.objects.filter(role__in=CHILD_ROLES).values_list("case_id", "person_id")
    )

    if standard == "DEMEANOUR":
        timely = defaultdict(list)
        for incident, child, at in DemeanourRecord.objects.values_list(
            "incident_id", "child_id", "occurred_at"
        ):
            timely[(incident, child)].append(at)
        present = defaultdict(list)
        for case, child in CaseParticipant.objects.filter(role="child_present").values_list(
            "case_id", "person_id"
        ):
            present[case].append(child)
        for incident, case, at in Incident.objects.filter(kind="domestic_abuse").values_list(
            "id", "case_id", "occurred_at"
        ):
            for child in present[case]:
                ok = any(t <= at + DAY for t in timely[(incident, child)])
                rates.add(districts[case], not ok)
    elif standard in ("VOICE", "OUTCOME"):
        model = ChildView if standard == "VOICE" else ChildOutcome
        have = set(model.objects.values_list("case_id", "child_id"))
        for case, child in child_links:
            if closed[case] is not None:
                rates.add(districts[case], (case, child) not in have)
    elif standard == "REFERRAL":
        for case, concern, sent in Referral.objects.values_list("case_id", "concern_at", "occurred_at"):
            rates.add(districts[case], sent - concern > 2 * DAY)
    elif standard == "REFERRAL_FEEDBACK":
        for case, sent, back in Referral.objects.values_list("case_id", "occurred_at", "outcome_received_at"):
            if sent < now - 30 * DAY:
                rates.add(districts[case], back is None or back - sent > 14 * DAY)
    elif standard == "ICPC_ATTEND":
        for case, attended, reason in Meeting.objects.filter(kind="icpc").values_list(
            "case_id", "attended", "non_attendance_reason"
        ):
            rates.add(districts[case], not attended and not reason)
    elif standard == "MISSING_RISK":
        episodes = defaultdict(list)
        for row in MissingEpisode.objects.order_by("occurred_at").values_list(
            "case_id", "child_id", "occurred_at", "risk_grade", "supervisor_reviewed_at"
        ):
            episodes[row[1]].append(row)
        for rows in episodes.values():
            for i, (case, _, at, grade, reviewed) in enumerate(rows):
                repeat = i >= 2 and at - rows[i - 2][2] <= 90 * DAY
                low = grade in ("no_apparent_risk", "low") and reviewed is None
                rates.add(districts[case], grade == "" or (repeat and low))
    elif standard == "RETURN_INTERVIEW":
        for case, back, interview in MissingEpisode.objects.exclude(returned_at=None).values_list(
            "case_id", "returned_at", "return_interview_at"
        ):
            if back < now - 3 * DAY:
                rates.add(districts[case], interview is None or interview - back > 3 * DAY)
    elif standard in ("DRIFT", "SUPERVISION"):
        steps = defaultdict(list)
        for inv, kind, at in InvestigationStep.objects.values_list("investigation_id", "kind", "occurred_at"):
            steps[inv].append((at, kind))
        for inv, case, opened, closed_at in Investigation.objects.values_list(
            "id", "case_id", "occurred_at", "closed_at"
        ):
            end = closed_at or now
            if end - opened <= 28 * DAY:
                continue
            times = sorted([opened] + [at for at, _ in steps[inv]] + [end])
            if standard == "DRIFT":
                rates.add(
                    districts[case], any(b - a > 28 * DAY for a, b in zip(times, times[1:], strict=False))
                )
            else:
                reviews = [at for at, kind in steps[inv] if kind == "supervisor_review"]
                rates.add(districts[case], not reviews)
    elif standard == "PACE_CERTIFICATE":
        for case, certificate in CustodyDetention.objects.filter(
            charged_at__isnull=False, bail_refused=True, transferred_to_local_authority=False
        ).values_list("case_id", "pace_certificate"):
            rates.add(districts[case], not certificate)
    elif standard == "TIMELY_RECORD":
        for model in (Incident, Referral, InvestigationStep, ChildView):
            for case, at, recorded in model.objects.values_list("case_id", "occurred_at", "recorded_at"):
                if at < now - 2 * DAY:
                    rates.add(districts[case], recorded - at > DAY)
    else:
        raise AssertionError(f"no measure for {standard}")
    return rates


# Too few records qualify on the 8,000-child force to order five districts reliably (4-10
# detentions a district are charged, refused bail and kept in custody): measured on a larger
# force generated in memory instead (test_pace_certificate_...).
FEW_AT_8000 = ("PACE_CERTIFICATE",)


@pytest.mark.parametrize("standard", [s for s in WORSE_STANDARDS if s not in FEW_AT_8000])
def test_worse_district_has_the_highest_gap_rate(force, standard):
    rates = measure(standard, force)
    assert all(rates.total[code] > 0 for code in DISTRICT_CODES), dict(rates.total)
    worse = rates.rate(WORSE_DISTRICT)
    others = {code: round(rates.rate(code), 3) for code in DISTRICT_CODES if code != WORSE_DISTRICT}
    assert worse > max(others.values()), (standard, round(worse, 3), others)


def test_pace_certificate_gaps_are_worst_in_the_worse_district_on_100000_children():
    """The generator's rows for 100,000 children, made in memory (no database), read as the
    PACE_CERTIFICATE measure reads the tables."""
    as_of_at = dt.datetime(2026, 10, 31, 23)
    ids, rows = Ids(), Rows()
    force = build_force(rows, ids, children=100_000, seed=21, as_of=as_of_at)
    code_of = {district_id: code for code, district_id in force.district_ids.items()}
    case_field = ROW_FIELDS[Case].split().index
    field = ROW_FIELDS[CustodyDetention].split().index
    charged, refused = field("charged_at"), field("bail_refused")
    transferred = field("transferred_to_local_authority")
    rates = Rates()
    for chunk, _ in casework_chunks(children=100_000, seed=21, as_of=as_of_at, ids=ids, force=force):
        district = {row[0]: code_of[row[case_field("district")]] for row in chunk.case}
        for row in chunk.detention:
            if row[charged] is not None and row[refused] and not row[transferred]:
                rates.add(district[row[field("case")]], not row[field("pace_certificate")])
    assert min(rates.total.values()) >= 30, dict(rates.total)
    worse = rates.rate(WORSE_DISTRICT)
    others = {code: round(rates.rate(code), 3) for code in DISTRICT_CODES if code != WORSE_DISTRICT}
    assert worse > max(others.values()), (round(worse, 3), others)


def test_profile_declares_the_worse_district_at_least_twice_as_bad():
    for standard in WORSE_STANDARDS:
        worse = DISTRICT_GAP_RATES[WORSE_DISTRICT][standard]
        assert all(
            worse >= 2 * DISTRICT_GAP_RATES[code][standard]
            for code in DISTRICT_CODES
            if code != WORSE_DISTRICT
        ), standard


def test_demographic_gaps_are_worse_in_the_worse_district(force):
    from safeguarding.people.models import Person

    rates = Rates()
    for code, ethnicity, disability, school, dob in Person.objects.filter(is_child=True).values_list(
        "district__code", "ethnicity", "disability", "school", "date_of_birth"
    ):
        school_due = (force.as_of - dob).days >= 4 * 366
        rates.add(code, ethnicity == "" or disability == "" or (school_due and school == ""))
    worse = rates.rate(WORSE_DISTRICT)
    assert worse > max(rates.rate(code) for code in DISTRICT_CODES if code != WORSE_DISTRICT)


# Standards whose records the generator once never wrote (so they read near 0% everywhere).
REVIEWED_STANDARDS = ("CUMULATIVE_RISK", "MINOR_CRIMINALISATION", "LAC_CUSTODY", "CAWN")


@pytest.fixture(scope="module")
def compliance(force, django_db_blocker) -> dict[str, dict[str, tuple[int, int]]]:
    """(met, not met) per standard and district, as the evaluator judges the generated force."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            standards_evaluate_force(now=as_of(force))
        counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for standard, code, state in StandardResult.objects.filter(
            standard_id__in=REVIEWED_STANDARDS, state__in=(State.MET, State.NOT_MET)
        ).values_list("standard_id", "district__code", "state"):
            counts[standard][code][state == State.NOT_MET] += 1
    return {standard: {code: tuple(n) for code, n in by.items()} for standard, by in counts.items()}


@pytest.mark.parametrize("standard", REVIEWED_STANDARDS)
def test_evaluated_compliance_is_one_minus_the_gap_rate(compliance, standard):
    """Compliance force-wide is close to what the district rates predict for the results judged
    in each district (a loose binomial band), so a near-0% reading would fail."""
    by_district = compliance.get(standard, {})
    judged = {code: met + not_met for code, (met, not_met) in by_district.items()}
    n = sum(judged.values())
    assert n >= 4, (standard, by_district)
    met = sum(m for m, _ in by_district.values())
    expected = sum(judged[code] * (1 - DISTRICT_GAP_RATES[code][standard]) for code in judged) / n
    spread = 3 * (expected * (1 - expected) / n) ** 0.5 + 0.05
    assert abs(met / n - expected) <= spread, (standard, round(met / n, 3), round(expected, 3), by_district)


def test_evaluated_cumulative_risk_is_worst_in_the_worse_district(compliance):
    rates = {code: met / (met + not_met) for code, (met, not_met) in compliance["CUMULATIVE_RISK"].items()}
    assert set(rates) == set(DISTRICT_CODES)
    worse = rates.pop(WORSE_DISTRICT)
    assert worse < min(rates.values()), (worse, rates)


@pytest.mark.parametrize("standard", [s for s in WORSE_STANDARDS if s not in FEW_AT_8000])
def test_the_indicators_page_shows_the_worse_district_as_worse(compliance, standard, django_db_blocker):
    """Issue 4: the generated force, evaluated, read through the indicators the chief officer's
    page reads (IndicatorCount, summed by the selector): the worse district has the lowest rate
    on each standard it was generated worse on."""
    from safeguarding.force.models import District
    from safeguarding.standards.selectors import IndicatorFilters, indicators

    with django_db_blocker.unblock():
        report = indicators(IndicatorFilters())
        code_of = dict(District.objects.values_list("pk", "code"))
    indicator = next(s for s in report.standards if s.standard_id == standard)
    rates = {code_of[d]: c.rate for d, c in indicator.by_district.items() if c.total}
    assert set(rates) == set(DISTRICT_CODES), (standard, rates)
    worse = rates.pop(WORSE_DISTRICT)
    assert worse < min(rates.values()), (
        standard,
        round(worse, 3),
        {k: round(v, 3) for k, v in rates.items()},
    )
    assert indicator.lowest_district_id == next(pk for pk, code in code_of.items() if code == WORSE_DISTRICT)
