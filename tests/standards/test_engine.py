"""The evaluator: full and incremental runs agree, re-runs replace rows, thresholds come from
settings, and every standard's SQL runs on a case carrying every kind of record."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Max

from safeguarding.cases.models import (
    CaseNote,
    ChildOutcome,
    ChildView,
    CustodyDetention,
    DemeanourRecord,
    DetentionReview,
    Incident,
    InformedOfDecision,
    Investigation,
    InvestigationStep,
    Meeting,
    MissingEpisode,
    OffenderManagement,
    OffenderVisit,
    PoliceProtection,
    ProtectiveOrder,
    Referral,
    RiskAssessment,
    StrategyDiscussion,
)
from safeguarding.cases.vocabulary import (
    CaseNoteKind,
    CaseType,
    Demeanour,
    IncidentKind,
    InvestigationStepKind,
    MeetingKind,
    OffenceCategory,
    OffenderRisk,
    OrderDecision,
    OrderKind,
    OutcomeCategory,
    ParticipantRole,
    RiskGrade,
    RiskTool,
    YesNoNa,
)
from safeguarding.people.models import Flag
from safeguarding.people.vocabulary import FlagKind
from safeguarding.standards import engine, services
from safeguarding.standards.catalogue import CATALOGUE
from safeguarding.standards.models import IndicatorCount, StandardResult
from tests.factories import at, make_address, make_case, make_entry, make_person

NOW = at("2026-04-20", "12:00")
COLUMNS = (
    "case_id",
    "child_id",
    "standard_id",
    "state",
    "due_at",
    "evidence_type",
    "evidence_id",
    "evidence_note",
    "district_id",
    "team_id",
    "case_type",
    "period",
    "owner_id",
    "actionable",
)


def build_world(districts, cast):
    """One case of every type in each district, each carrying the records its standards read."""
    cases = []
    for code in ("north", "south"):
        district = districts[code]
        team = district.teams.first()
        officer = cast[f"officer_{code}"]
        address = make_address(district, postcode=f"{code[:2].upper()}1 4AB")
        for n, case_type in enumerate(CaseType):
            child = make_person(district, forename=f"Child{n}", date_of_birth="2011-05-01")
            adult = make_person(district, forename=f"Adult{n}", date_of_birth="1980-01-01", is_child=False)
            case = make_case(
                district,
                case_type=case_type,
                reported="2026-03-02",
                children=[child],
                adults=[(adult, ParticipantRole.SUSPECT)],
                team=team,
                officer_in_charge=officer,
                significant_harm_suspected=True,
                closed_at=at("2026-04-01") if n % 2 else None,
            )
            cases.append(case)
            fill(case, child, adult, address, officer)
    return cases


def fill(case, child, adult, address, officer):
    day = "2026-03-02"
    for kind in (IncidentKind.DOMESTIC_ABUSE, IncidentKind.SEXUAL_OFFENCE, IncidentKind.CSE_CONCERN):
        make_entry(Incident, case, f"{day} 09:00", kind=kind, children_present=1, address=address)
    make_entry(
        DemeanourRecord,
        case,
        f"{day} 10:00",
        child=child,
        demeanour=Demeanour.CALM,
        seen_alone=YesNoNa.NO,
        seen_alone_reason="Too young",
    )
    make_entry(
        MissingEpisode,
        case,
        f"{day} 11:00",
        recorded="2026-03-04 11:00",
        child=child,
        returned_at="2026-03-03 09:00",
        risk_grade=RiskGrade.LOW,
        graded_at="2026-03-02 11:30",
        pnc_entered_at="2026-03-02 15:00",
        safe_and_well_at="2026-03-03 10:00",
        return_interview_at="2026-03-04 10:00",
    )
    make_entry(RiskAssessment, case, f"{day} 12:00", tool=RiskTool.DASH, grade=RiskGrade.HIGH, yes_answers=15)
    make_entry(Referral, case, f"{day} 13:00", concern_at=at(day, "09:00"))
    make_entry(StrategyDiscussion, case, "2026-03-03 10:00", harm_suspected_at=at(day, "09:00"))
    make_entry(
        Meeting, case, "2026-03-20 10:00", kind=MeetingKind.ICPC, invited_at="2026-03-10 10:00", attended=True
    )
    make_entry(
        Meeting, case, "2026-03-25 10:00", kind=MeetingKind.MARAC, history_shared_at="2026-03-24 10:00"
    )
    investigation = make_entry(
        Investigation,
        case,
        f"{day} 14:00",
        offence_category=OffenceCategory.SEXUAL,
        allocated_at="2026-03-03 09:00",
        team=case.team,
        officer=officer,
    )
    for kind, when in (
        (InvestigationStepKind.UPDATE, "2026-03-10 10:00"),
        (InvestigationStepKind.SUPERVISOR_REVIEW, "2026-03-12 10:00"),
        (InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-02 20:00"),
        (InvestigationStepKind.DEVICE_SUBMITTED, "2026-03-05 10:00"),
        (InvestigationStepKind.CPS_SUBMITTED, "2026-03-25 10:00"),
    ):
        make_entry(InvestigationStep, case, when, investigation=investigation, kind=kind)
    make_entry(PoliceProtection, case, f"{day} 15:00", child=child, designated_officer="Insp Shaw")
    detention = make_entry(
        CustodyDetention,
        case,
        f"{day} 16:00",
        child=child,
        offence="Criminal damage",
        detention_authorised_at="2026-03-02 16:30",
        charged_at="2026-03-02 22:00",
        bail_refused=True,
        secure_requested=True,
        under_s136=True,
        behaviour_in_childrens_home=True,
        minor_offence_against_family=True,
        appropriate_adult_requested_at="2026-03-02 16:30",
        released_at="2026-03-03 09:00",
    )
    make_entry(DetentionReview, case, "2026-03-02 22:00", detention=detention)
    management = make_entry(
        OffenderManagement, case, f"{day} 17:00", subject=adult, risk_level=OffenderRisk.HIGH, manager=officer
    )
    make_entry(OffenderVisit, case, "2026-03-20 10:00", management=management)
    make_entry(
        ProtectiveOrder,
        case,
        "2026-03-04 10:00",
        kind=OrderKind.CAWN,
        subject=adult,
        decision=OrderDecision.SERVED,
    )
    make_entry(ChildView, case, "2026-03-05 10:00", child=child, views="Wants it to stop")
    make_entry(InformedOfDecision, case, "2026-03-06 10:00", child=child, decision="Referral made")
    make_entry(ChildOutcome, case, "2026-03-30 10:00", child=child, category=OutcomeCategory.SUPPORTED_BY_CSC)
    make_entry(CaseNote, case, "2026-03-07 10:00", kind=CaseNoteKind.WIDER_RISK, text="Considered")
    Flag.objects.create(
        person=child,
        kind=FlagKind.CP_PLAN,
        cp_category="neglect",
        starts_on=dt.date(2026, 3, 20),
        recorded_at=at("2026-03-23", "10:00"),
    )
    Flag.objects.create(
        person=child, kind=FlagKind.CSE_RISK, starts_on=dt.date(2026, 3, 2), recorded_at=at(day, "18:00")
    )


def stored_rows():
    return sorted(StandardResult.objects.values_list(*COLUMNS), key=repr)


@pytest.fixture
def world(districts, cast):
    return build_world(districts, cast)


def test_every_standard_runs_and_most_find_something(world):
    summary = services.standards_evaluate_force(now=NOW)
    found = set(StandardResult.objects.values_list("standard_id", flat=True))
    assert summary["results"] == StandardResult.objects.count()
    # every standard applies to at least one case of this world
    assert set(CATALOGUE) - found == set()


def test_full_and_incremental_runs_store_identical_rows(world):
    services.standards_evaluate_force(now=NOW)
    full, full_counts = stored_rows(), stored_counts()
    for case in world:
        services.case_reevaluate(case_id=case.pk, now=NOW)
    assert stored_rows() == full
    assert stored_counts() == full_counts
    StandardResult.objects.all().delete()
    IndicatorCount.objects.all().delete()
    for case in world:
        services.case_reevaluate(case_id=case.pk, now=NOW)
    assert stored_rows() == full
    assert stored_counts() == full_counts
    assert full


def stored_counts():
    return sorted(IndicatorCount.objects.filter(n__gt=0).values_list(*engine.GROUP, "n"), key=repr)


def counted_from_results():
    return sorted(
        StandardResult.objects.order_by().values_list(*engine.GROUP).annotate(n=Count("pk")),
        key=repr,
    )


def test_indicator_counts_stay_equal_to_the_results_through_every_kind_of_run(world, districts):
    services.standards_evaluate_force(now=NOW)
    assert stored_counts() == counted_from_results() != []
    # a record put right on one case, another case moved to the other district
    case = world[0]
    child = case.participants.get(role=ParticipantRole.SUBJECT_CHILD).person
    make_entry(ChildView, case, "2026-03-09 10:00", child=child, views="Happy at school")
    services.case_reevaluate(case_id=case.pk, now=NOW)
    moved = world[1]
    moved.district = districts["south"] if moved.district == districts["north"] else districts["north"]
    moved.save()
    services.case_reevaluate(case_id=moved.pk, now=NOW)
    assert stored_counts() == counted_from_results()
    services.standards_evaluate_force(district_ids=[districts["north"].pk], now=NOW)
    assert stored_counts() == counted_from_results()
    services.standards_evaluate_force(now=NOW)
    assert stored_counts() == counted_from_results()


def test_worklist_items_are_what_a_record_can_still_put_right(districts, cast):
    """actionable: not met or not yet due on an open case; on a closed case only a standard that
    can be met after closure (OUTCOME); never once the late record is on file."""
    district = districts["north"]
    made = {}
    for name, closed_at in (("open", None), ("closed", at("2026-03-20")), ("late", None)):
        child = make_person(district, forename=name.title(), date_of_birth="2016-02-01")
        case = make_case(
            district,
            case_type=CaseType.DOMESTIC_ABUSE,
            reported="2026-03-02",
            children=[child],
            closed_at=closed_at,
        )
        make_entry(Incident, case, "2026-03-02 09:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
        made[name] = (case, child)
    (open_case, _), (closed, _), (late, child) = made["open"], made["closed"], made["late"]
    make_entry(
        DemeanourRecord,
        late,
        "2026-03-02 10:00",
        recorded="2026-03-05 10:00",
        child=child,
        demeanour=Demeanour.CALM,
        seen_alone=YesNoNa.YES,
    )
    services.standards_evaluate_force(now=NOW)

    def result(case, standard_id):
        return StandardResult.objects.get(case=case, standard_id=standard_id)

    assert (result(open_case, "DEMEANOUR").state, result(open_case, "DEMEANOUR").actionable) == (
        "not_met",
        True,
    )
    assert (result(closed, "DEMEANOUR").state, result(closed, "DEMEANOUR").actionable) == ("not_met", False)
    assert (result(closed, "OUTCOME").state, result(closed, "OUTCOME").actionable) == ("not_met", True)
    assert (result(late, "DEMEANOUR").state, result(late, "DEMEANOUR").actionable) == ("not_met", False)
    assert result(open_case, "VOICE").state == "not_yet_due" and result(open_case, "VOICE").actionable
    assert not StandardResult.objects.filter(state="met", actionable=True).exists()


def test_a_referral_made_late_leaves_the_worklist_a_missing_one_stays(districts):
    district = districts["north"]
    late, missing = (
        make_case(district, case_type=CaseType.GENERAL_CONCERN, reported="2026-03-02", children=[child])
        for child in (make_person(district, forename=name) for name in ("Late", "Missing"))
    )
    make_entry(Referral, late, "2026-03-12 10:00", concern_at=at("2026-03-02", "09:00"))
    services.standards_evaluate_force(now=NOW)
    late_result = StandardResult.objects.get(case=late, standard_id="REFERRAL")
    missing_result = StandardResult.objects.get(case=missing, standard_id="REFERRAL")
    assert (late_result.state, late_result.actionable) == ("not_met", False)
    assert (missing_result.state, missing_result.actionable) == ("not_met", True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the swap is PostgreSQL's full run")
def test_full_run_swaps_in_a_table_like_the_one_the_migrations_made(world):
    def shape():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass ORDER BY 1",
                [engine.RESULTS],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "ORDER BY 1",
                [engine.RESULTS],
            )
            constraints = cursor.fetchall()
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [engine.RESULTS])
            return indexes, constraints, cursor.fetchone()[0]

    before = shape()
    services.standards_evaluate_force(now=NOW)
    assert shape() == before
    assert StandardResult.objects.exists()
    # the identity column still numbers new rows
    services.case_reevaluate(case_id=world[0].pk, now=NOW)
    assert StandardResult.objects.filter(case=world[0]).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the swap is PostgreSQL's full run")
def test_a_case_re_evaluated_while_the_full_run_is_going_is_not_lost(world, monkeypatch):
    """The run reads the records first and swaps later: a record written (and its case re-judged)
    in between must still be reflected after the swap."""
    case = world[0]
    child = case.participants.get(role=ParticipantRole.SUBJECT_CHILD).person
    services.standards_evaluate_force(now=NOW)
    StandardResult.objects.filter(case=case, standard_id="VOICE").update(evidence_note="old")
    original_analyze = engine._FullRun._analyze

    def analyze_then_write(run):
        original_analyze(run)
        ChildView.objects.filter(case=case).delete()
        services.case_reevaluate(case_id=case.pk, now=NOW)

    monkeypatch.setattr(engine._FullRun, "_analyze", analyze_then_write)
    services.standards_evaluate_force(now=NOW)
    assert StandardResult.objects.get(case=case, standard_id="VOICE", child=child).state != "met"
    assert stored_counts() == counted_from_results()


def test_rerunning_replaces_rows(world):
    services.standards_evaluate_force(now=NOW)
    first = stored_rows()
    services.standards_evaluate_force(now=NOW)
    services.case_reevaluate(case_id=world[0].pk, now=NOW)
    assert stored_rows() == first


def test_district_run_leaves_other_districts_alone(world, districts):
    services.standards_evaluate_force(now=NOW)
    south_before = StandardResult.objects.filter(district=districts["south"]).aggregate(m=Max("id"))["m"]
    services.standards_evaluate_force(district_ids=[districts["north"].pk], now=NOW)
    assert (
        StandardResult.objects.filter(district=districts["south"]).aggregate(m=Max("id"))["m"] == south_before
    )
    assert StandardResult.objects.filter(district=districts["north"]).exists()


def test_results_carry_case_columns(world):
    services.standards_evaluate_force(now=NOW)
    case = world[0]
    row = StandardResult.objects.filter(case=case).first()
    assert (row.district_id, row.team_id, row.case_type) == (case.district_id, case.team_id, case.case_type)
    assert row.period == dt.date(2026, 3, 1)
    assert row.owner_id == case.officer_in_charge_id


def test_not_applicable_filled_for_pages(world):
    services.standards_evaluate_force(now=NOW)
    case = world[0]
    rows = engine.results_with_not_applicable(case, StandardResult.objects.filter(case=case))
    assert {r["standard"].id for r in rows} == set(CATALOGUE)
    assert any(r["state"] == "not_applicable" for r in rows)


def test_thresholds_can_be_overridden_in_settings(districts, settings):
    from safeguarding.cases.models import Case, Investigation, InvestigationStep

    case = make_case(districts["north"], case_type=CaseType.CP_ENQUIRY)
    investigation = make_entry(
        Investigation, case, "2026-03-02 10:00", offence_category=OffenceCategory.PHYSICAL
    )
    make_entry(
        InvestigationStep,
        case,
        "2026-03-02 10:00",
        investigation=investigation,
        kind=InvestigationStepKind.UPDATE,
    )
    now = at("2026-03-25", "12:00")  # 23 days after the last entry
    engine.evaluate_cases(Case.objects.filter(pk=case.pk), now, standard_ids=["DRIFT"])
    assert StandardResult.objects.get(case=case, standard_id="DRIFT").state == "met"
    settings.STANDARD_OVERRIDES = {"DRIFT": {"days": 21}}
    assert CATALOGUE["DRIFT"].threshold_values()["days"] == 21
    engine.evaluate_cases(Case.objects.filter(pk=case.pk), now, standard_ids=["DRIFT"])
    assert StandardResult.objects.get(case=case, standard_id="DRIFT").state == "not_met"


def test_unknown_threshold_override_is_refused(settings):
    settings.STANDARD_OVERRIDES = {"DRIFT": {"weeks": 3}}
    with pytest.raises(ValueError, match="weeks"):
        CATALOGUE["DRIFT"].threshold_values()


def test_catalogue_has_every_domain_standard():
    assert set(CATALOGUE) == {
        "DEMEANOUR",
        "SEEN_ALONE",
        "VOICE",
        "OUTCOME",
        "INFORMED",
        "REFERRAL",
        "REFERRAL_FEEDBACK",
        "STRATEGY",
        "ICPC_ATTEND",
        "CP_PLAN_FLAG",
        "MARAC_INFO",
        "MISSING_RISK",
        "RETURN_INTERVIEW",
        "CSE_FLAG",
        "DRIFT",
        "LONG_RUNNING",
        "SUPERVISION",
        "ALLOCATION",
        "HTCU_DELAY",
        "CPS_DELAY",
        "MEDICAL",
        "WIDER_RISK",
        "CAWN",
        "CUSTODY_ACCOMMODATION",
        "PACE_CERTIFICATE",
        "SECURE_THRESHOLD",
        "DETENTION_TIME",
        "APPROPRIATE_ADULT",
        "S136_PLACE",
        "LAC_CUSTODY",
        "MINOR_CRIMINALISATION",
        "RSO_VISITS",
        "CUMULATIVE_RISK",
        "DEMOGRAPHICS",
        "POLICE_PROTECTION",
        "PACE_REVIEWS",
        "PNC_MISSING",
        "TIMELY_RECORD",
    }
    for standard in CATALOGUE.values():
        assert standard.doc and standard.description and standard.source and standard.case_types


def test_evaluate_command_prints_json(world, capsys):
    import json

    from django.core.management import call_command

    call_command("evaluate", "--json", "--no-progress", "--district", "north")
    summary = json.loads(capsys.readouterr().out)
    assert summary["districts"] == ["north"]
    assert summary["results"] == StandardResult.objects.count() > 0


def test_progress_is_called_as_often_as_the_bar_expects(world, districts):
    calls = []
    services.standards_evaluate_force(now=NOW, progress=lambda label, standard_id: calls.append(standard_id))
    assert len(calls) == services.evaluation_steps() > 0
    calls.clear()
    north = [districts["north"].pk]
    services.standards_evaluate_force(now=NOW, district_ids=north, progress=lambda *_: calls.append(1))
    assert len(calls) == services.evaluation_steps(district_ids=north) == len(CATALOGUE)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_one_prepared_statement_per_case_type_whatever_the_size_of_the_case_id(districts):
    """psycopg would type a small id as smallint and a large one as integer, making two prepared
    statements (each planned) of one text; every int is sent as bigint instead."""
    small = make_case(districts["north"], case_type=CaseType.MISSING, id=7)
    large = make_case(districts["north"], case_type=CaseType.MISSING, id=4_000_000)

    def prepared_inserts():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                [f"%INSERT INTO {engine.RESULTS}%"],
            )
            return cursor.fetchone()[0]

    before = prepared_inserts()
    services.case_reevaluate(case_id=small.pk, now=NOW)
    services.case_reevaluate(case_id=large.pk, now=NOW)
    assert prepared_inserts() == before + 1
