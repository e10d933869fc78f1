"""The periodic work production needs, one function a job (run by `safeguarding scheduler`).

Each job is safe to run twice and at any time: it finds what is due now and does only that.
They log counts, never personal data, and time themselves into the metrics.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from safeguarding.runtime.metrics import timed_job

logger = logging.getLogger("safeguarding.scheduler")

# Later issues (retention, issue 23) add their review here: each takes `now` and returns a
# count of records it flagged or removed.
retention_reviewers: list[Callable[[dt.datetime], int]] = []


def rejudge_passed_due_dates(now: dt.datetime | None = None) -> int:
    """Re-judge the cases holding a "not yet due" result whose due date has passed: as days go
    by, a standard nobody met becomes "not met" and must reach the worklists. Returns cases."""
    from safeguarding.standards.models import StandardResult, State
    from safeguarding.standards.services import cases_reevaluate

    now = now or timezone.now()
    case_ids = set(
        StandardResult.objects.filter(state=State.NOT_YET_DUE, due_at__lte=now).values_list(
            "case_id", flat=True
        )
    )
    if case_ids:
        with transaction.atomic():
            cases_reevaluate(case_ids, now=now)
    return len(case_ids)


def clear_sessions(now: dt.datetime | None = None) -> int:
    """Delete expired sessions and the rows of the users' session lists they leave behind."""
    from django.contrib.sessions.models import Session

    from safeguarding.access.models import SignedInSession

    call_command("clearsessions")
    gone, _ = SignedInSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    return gone


def expire_api_tokens(now: dt.datetime | None = None) -> int:
    """Mark tokens past their expiry as revoked ("expired"), so the token list and the API agree
    (authentication already refuses them by date), each with its access-log event. Returns how
    many."""
    from safeguarding.access.services import api_tokens_expire

    return api_tokens_expire(now=now, by="scheduler")


def refresh_working_day_calendar(now: dt.datetime | None = None) -> int:
    """Bring the stored working-day offsets in line with the bank holidays the `holidays`
    library knows today (a new one is announced for a coronation or a jubilee, and the
    library is upgraded). If any offset changed, every deadline may have moved: the whole
    force is re-judged. Returns the offsets corrected."""
    from safeguarding.standards import calendar
    from safeguarding.standards.models import WorkingDayOffset
    from safeguarding.standards.services import standards_evaluate_force

    calendar.bank_holidays.cache_clear()
    calendar.working_day_offset.cache_clear()
    today = timezone.localdate(now or timezone.now())
    stale = []
    for row in WorkingDayOffset.objects.filter(day__gte=today - dt.timedelta(days=366)).iterator():
        right = dt.timedelta(days=calendar.working_day_offset(row.day, row.working_days))
        if row.offset != right:
            row.offset = right
            stale.append(row)
    if stale:
        with transaction.atomic():
            WorkingDayOffset.objects.bulk_update(stale, ["offset"], batch_size=2000)
        standards_evaluate_force(now=now)
    return len(stale)


def seal_access_log(now: dt.datetime | None = None) -> int:
    """Link new access events into the hash chain and export its head (ADR 0004)."""
    from safeguarding.access import chain
    from safeguarding.access.verify import export_head, head_file

    sealed = chain.seal_all()
    head = chain.current_head()
    if head is not None:  # as `seal-access-log` does: the head file shows the log grew, or did not
        export_head(head, head_file())
    return sealed


def review_retention(now: dt.datetime | None = None) -> int:
    """The retention review's hook: nothing is deleted here until issue 23 registers a reviewer."""
    now = now or timezone.now()
    return sum(reviewer(now) for reviewer in retention_reviewers)


def notify_overdue_items(now: dt.datetime | None = None) -> int:
    """Tell owners of worklist items newly overdue (each item once: notifications/services.py)."""
    from safeguarding.notifications.services import overdue_items_notify

    return overdue_items_notify(now)


def send_daily_digests(now: dt.datetime | None = None) -> int:
    """Each user's daily summary of notifications (one a day: keyed by the day)."""
    from safeguarding.notifications.services import daily_digests_send

    return daily_digests_send(now)


def recover_stalled_jobs(now: dt.datetime | None = None) -> int:
    """Give up, or start once more, the queued jobs whose worker stopped answering (killed,
    machine restarted): otherwise they would show "Running" for ever (runtime/queue.py).
    Run here, not on the queue: it must work when the worker does not. Returns how many."""
    from safeguarding.runtime.queue import jobs_recover_stalled

    return sum(jobs_recover_stalled(now=now).values())


# Finished jobs are kept this long for their pages (counts and ids only, no personal data).
JOBS_KEPT = dt.timedelta(days=30)


def prune_jobs(now: dt.datetime | None = None) -> int:
    """Delete export files past their time (they hold personal data) and finished jobs older
    than JOBS_KEPT. Returns the rows deleted."""
    from safeguarding.runtime.exports import export_files_expire
    from safeguarding.runtime.queue import jobs_prune

    return export_files_expire(now=now) + jobs_prune(older_than=JOBS_KEPT, now=now)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[..., int]
    # Heavy work (re-judging) goes on the job queue, so the worker runs it with its progress
    # and failure recorded, and the scheduler's clock is never held up by it.
    queued: bool = False


JOBS = {
    job.name: job
    for job in (
        Job("seal-access-log", dt.timedelta(minutes=1), seal_access_log),
        Job("rejudge-due", dt.timedelta(hours=1), rejudge_passed_due_dates, queued=True),
        Job("clear-sessions", dt.timedelta(hours=1), clear_sessions),
        Job("expire-api-tokens", dt.timedelta(hours=1), expire_api_tokens),
        Job("refresh-calendar", dt.timedelta(days=1), refresh_working_day_calendar, queued=True),
        Job("retention-review", dt.timedelta(days=1), review_retention),
        Job("notify-overdue", dt.timedelta(hours=1), notify_overdue_items),
        Job("daily-digest", dt.timedelta(days=1), send_daily_digests),
        Job("recover-stalled-jobs", dt.timedelta(minutes=5), recover_stalled_jobs),
        Job("prune-jobs", dt.timedelta(hours=1), prune_jobs),
    )
}


def run_job(name: str, now: dt.datetime | None = None) -> int:
    """Run one job by name, timed and logged; a failure is logged and raised."""
    job = JOBS[name]
    with timed_job(name):
        try:
            count = job.run(now)
        except Exception:
            logger.exception("scheduled job failed", extra={"job": name})
            raise
    logger.info("scheduled job done", extra={"job": name, "count": count})
    return count


def due_jobs(last_runs: dict[str, dt.datetime], now: dt.datetime) -> list[str]:
    """The jobs whose interval has passed since their last run (all of them at start-up)."""
    return [name for name, job in JOBS.items() if name not in last_runs or now - last_runs[name] >= job.every]
