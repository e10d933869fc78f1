"""Issue 22: the scheduler's periodic jobs."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone

from safeguarding.access.models import ApiToken, SignedInSession
from safeguarding.access.services import api_token_create
from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind
from safeguarding.runtime import jobs
from safeguarding.standards.models import StandardResult, WorkingDayOffset
from safeguarding.standards.services import case_reevaluate
from tests.factories import at, make_case, make_entry, make_person

pytestmark = pytest.mark.django_db


def _case_with_a_due_demeanour(cast, districts):
    child = make_person(districts["north"])
    case = make_case(
        districts["north"],
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[child],
        officer_in_charge=cast["officer_north"],
    )
    make_entry(Incident, case, "2026-03-02 22:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
    with time_machine.travel(at("2026-03-03", "08:00"), tick=False):
        case_reevaluate(case_id=case.pk)
    return case, child


def test_rejudging_turns_a_passed_due_date_into_not_met(cast, districts):
    case, child = _case_with_a_due_demeanour(cast, districts)
    result = StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child)
    assert result.state == "not_yet_due"
    # At the time of judging nothing had passed its due date yet.
    assert jobs.rejudge_passed_due_dates(at("2026-03-03", "08:00")) == 0
    assert jobs.rejudge_passed_due_dates(result.due_at + dt.timedelta(days=1)) == 1
    assert StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child).state == "not_met"


def test_clearing_sessions_drops_expired_ones_and_their_list_rows(cast):
    live = SessionStore()
    live["x"] = 1
    live.create()
    dead = SessionStore()
    dead["x"] = 1
    dead.set_expiry(-10)
    dead.create()
    user = cast["officer_north"]
    SignedInSession.objects.create(session_key=live.session_key, user=user, last_seen_at=timezone.now())
    SignedInSession.objects.create(session_key=dead.session_key, user=user, last_seen_at=timezone.now())
    assert jobs.clear_sessions() == 1
    assert list(SignedInSession.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert not SessionStore().exists(dead.session_key)


def test_expired_api_tokens_are_marked_revoked(cast):
    officer = cast["officer_north"]
    short = api_token_create(
        actor=officer, user=officer, label="short", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).token
    long = api_token_create(
        actor=officer, user=officer, label="long", scopes=["read"], expires_in=dt.timedelta(days=30)
    ).token
    assert jobs.expire_api_tokens(timezone.now() + dt.timedelta(days=2)) == 1
    short.refresh_from_db()
    assert (short.revoked_reason, short.revoked_by_username) == ("expired", "scheduler")
    assert ApiToken.objects.get(pk=long.pk).revoked_at is None
    assert jobs.expire_api_tokens(timezone.now() + dt.timedelta(days=2)) == 0  # once only


def test_an_expired_token_is_revoked_in_the_access_log_too(cast):
    """As a revocation by a person is: the log shows when a token ended and by what."""
    from safeguarding.access.models import AccessEvent

    officer = cast["officer_north"]
    token = api_token_create(
        actor=officer, user=officer, label="nightly feed", scopes=["read"], expires_in=dt.timedelta(days=1)
    ).token
    jobs.expire_api_tokens(timezone.now() + dt.timedelta(days=2))
    event = AccessEvent.objects.get(action="token_revoke", object_id=str(token.pk))
    assert (event.actor_username, event.actor_id, event.reason) == ("scheduler", None, "expired")
    assert event.object_type == "api_token" and event.detail["prefix"] == token.prefix
    assert event.object_label == "officer_north: nightly feed"
    jobs.expire_api_tokens(timezone.now() + dt.timedelta(days=3))
    assert AccessEvent.objects.filter(action="token_revoke").count() == 1  # once only


def test_a_changed_bank_holiday_corrects_the_stored_offsets_and_rejudges(cast, districts, monkeypatch):
    case, child = _case_with_a_due_demeanour(cast, districts)
    today = timezone.localdate()
    # A Wednesday next month, as stored before a new bank holiday was announced on it.
    day = today + dt.timedelta(days=30)
    while day.weekday() != 2:
        day += dt.timedelta(days=1)
    for stored in (day - dt.timedelta(days=1), day + dt.timedelta(days=7)):  # Tuesdays
        WorkingDayOffset.objects.update_or_create(
            day=stored, working_days=1, defaults={"offset": dt.timedelta(days=1)}
        )
    from safeguarding.standards import calendar

    original = calendar.holidays.country_holidays
    monkeypatch.setattr(
        calendar.holidays,
        "country_holidays",
        lambda *a, years, **k: {**original(*a, years=years, **k), day: "A new bank holiday"},
    )
    evaluated = []
    monkeypatch.setattr(
        "safeguarding.standards.services.standards_evaluate_force", lambda **k: evaluated.append(k)
    )
    try:
        assert jobs.refresh_working_day_calendar() >= 1
        corrected = WorkingDayOffset.objects.get(day=day - dt.timedelta(days=1), working_days=1)
        assert corrected.offset == dt.timedelta(days=2)  # Tuesday + 1 working day skips the holiday
        assert len(evaluated) == 1
        untouched = WorkingDayOffset.objects.get(day=day + dt.timedelta(days=7), working_days=1)
        assert untouched.offset == dt.timedelta(days=1)
        assert jobs.refresh_working_day_calendar() == 0
    finally:
        calendar.bank_holidays.cache_clear()
        calendar.working_day_offset.cache_clear()


def test_the_retention_review_runs_each_registered_reviewer(monkeypatch):
    seen = []
    monkeypatch.setattr(jobs, "retention_reviewers", [lambda now: seen.append(now) or 2, lambda now: 3])
    assert jobs.review_retention() == 5
    assert len(seen) == 1


def test_every_job_is_due_at_start_then_after_its_interval():
    now = timezone.now()
    assert set(jobs.due_jobs({}, now)) == set(jobs.JOBS)
    ran = {name: now for name in jobs.JOBS}
    assert jobs.due_jobs(ran, now + dt.timedelta(seconds=59)) == []
    assert jobs.due_jobs(ran, now + dt.timedelta(minutes=1)) == ["seal-access-log"]
    assert set(jobs.due_jobs(ran, now + dt.timedelta(hours=1))) == {
        "seal-access-log",
        "rejudge-due",
        "clear-sessions",
        "expire-api-tokens",
        "notify-overdue",
        "recover-stalled-jobs",
        "prune-jobs",
    }


def test_the_command_runs_one_job(cast, capsys):
    call_command("scheduler", "--once", "expire-api-tokens")
    assert capsys.readouterr().out.strip() == "expire-api-tokens: 0"


def test_a_failing_job_is_counted_and_raised(monkeypatch):
    from safeguarding.runtime.metrics import JOB_FAILURES

    before = JOB_FAILURES.labels(job="retention-review")._value.get()

    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "retention_reviewers", [broken])
    with pytest.raises(RuntimeError):
        jobs.run_job("retention-review")
    assert JOB_FAILURES.labels(job="retention-review")._value.get() == before + 1


def test_sealing_leaves_no_event_unsealed_and_exports_the_head(cast, settings, tmp_path):
    from safeguarding.access.models import AccessEvent

    settings.ACCESS_LOG_HEAD_FILE = str(tmp_path / "heads")
    api_token_create(
        actor=cast["admin"], user=cast["admin"], label="x", scopes=["read"], expires_in=dt.timedelta(days=1)
    )
    jobs.seal_access_log()
    assert not AccessEvent.objects.filter(seq__isnull=True).exists()
    assert jobs.seal_access_log() == 0
    head = AccessEvent.objects.order_by("-seq").first()
    assert (
        f"seq={head.seq}" in (tmp_path / "heads").read_text()
        or str(head.seq) in (tmp_path / "heads").read_text()
    )
