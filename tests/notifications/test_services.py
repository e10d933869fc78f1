"""Who is told of what (issue 25), each once: a new incident on a child with a plan, a closure
asked for, an item newly overdue, the daily digest; the e-mail carries no personal data."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from safeguarding.cases import closure
from safeguarding.cases import services as case_services
from safeguarding.cases.models import ChildOutcome
from safeguarding.force.models import Team
from safeguarding.notifications.models import Notification, NotificationKind, NotificationPreference
from safeguarding.notifications.services import daily_digests_send, overdue_items_notify
from safeguarding.runtime.jobs import JOBS, run_job
from safeguarding.standards.models import State, WorklistAcknowledgement
from tests.factories import make_person, make_standard_result
from tests.notifications.scene import case_of, child_on_plan, record_incident

pytestmark = pytest.mark.django_db


def told(kind):
    return sorted(
        n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient")
    )


def test_an_incident_on_a_child_with_a_plan_tells_the_district_team_not_the_recorder(cast, districts):
    child = child_on_plan(districts["north"])
    case = case_of(districts["north"], child, officer_in_charge=cast["officer_north"])
    record_incident(cast["officer_north"], case, child)
    # No team on the case: its officer in charge (the recorder, so not told) and the district's
    # supervisors; never the south, the force-wide unit or roles that read no case.
    assert told(NotificationKind.INCIDENT_ON_PLAN) == ["supervisor_north"]
    note = Notification.objects.get()
    assert note.case_id == case.pk and note.child_id == child.pk and note.read_at is None


def test_a_case_with_a_team_tells_its_members(cast, districts):
    team = Team.objects.get(district=districts["north"], name="North Child Abuse Team")
    cast["officer_north"].team = team
    cast["officer_north"].save()
    child = child_on_plan(districts["north"])
    case = case_of(districts["north"], child, team=team, supervisor=cast["supervisor_north"])
    record_incident(cast["supervisor_north"], case)  # no child named: any child of the case counts
    assert told(NotificationKind.INCIDENT_ON_PLAN) == ["officer_north"]


def test_no_plan_no_notification_and_an_ended_plan_neither(cast, districts):
    child = make_person(districts["north"], forename="Ben")
    case = case_of(districts["north"], child)
    record_incident(cast["officer_north"], case, child)
    assert not Notification.objects.exists()


def test_a_user_who_turned_it_off_is_not_told(cast, districts):
    NotificationPreference.objects.create(user=cast["supervisor_north"], incident_on_plan=False)
    child = child_on_plan(districts["north"])
    record_incident(cast["officer_north"], case_of(districts["north"], child), child)
    assert not Notification.objects.exists()


def ask_to_close_a_case(cast, districts):
    """officer_north records the child's outcome on a north case and asks for it to be closed."""
    child = make_person(districts["north"])
    case = case_of(districts["north"], child)
    case_services.entry_create(
        actor=cast["officer_north"],
        case=case,
        model=ChildOutcome,
        cleaned_data={"child": child, "occurred_at": timezone.now(), "category": "removed_from_harm"},
    )
    closure.closure_request(actor=cast["officer_north"], case=case, outcome="Child safe")


def test_a_closure_asked_for_tells_those_who_may_sign_it_off(cast, districts):
    ask_to_close_a_case(cast, districts)
    assert told(NotificationKind.SIGN_OFF_REQUESTED) == ["supervisor_north"]


def test_a_district_with_no_supervisor_tells_the_force_wide_unit(cast, districts):
    cast["supervisor_north"].is_active = False
    cast["supervisor_north"].save()
    ask_to_close_a_case(cast, districts)
    assert told(NotificationKind.SIGN_OFF_REQUESTED) == ["safeguarding_unit"]


@pytest.fixture
def overdue(cast, districts):
    now = timezone.now()
    child = make_person(districts["north"])
    case = case_of(
        districts["north"],
        child,
        officer_in_charge=cast["officer_north"],
        supervisor=cast["supervisor_north"],
    )
    fresh = make_standard_result(case, "DRIFT", State.NOT_MET, due_at=now - dt.timedelta(hours=3))
    old = make_standard_result(case, "STRATEGY", State.NOT_MET, due_at=now - dt.timedelta(days=30))
    soon = make_standard_result(case, "REFERRAL", State.NOT_YET_DUE, due_at=now + dt.timedelta(days=1))
    return {"case": case, "fresh": fresh, "old": old, "soon": soon, "now": now}


def test_an_item_newly_overdue_tells_its_owner_once(cast, overdue):
    assert overdue_items_notify(overdue["now"]) == 1
    assert overdue_items_notify(overdue["now"] + dt.timedelta(hours=1)) == 0  # the scheduler again
    note = Notification.objects.get()
    assert note.recipient == cast["officer_north"] and note.standard_id == "DRIFT"
    # Re-judging replaces the result row; the item is the same, so nobody is told again.
    overdue["fresh"].delete()
    make_standard_result(overdue["case"], "DRIFT", State.NOT_MET, due_at=overdue["fresh"].due_at)
    assert overdue_items_notify(overdue["now"]) == 0


def test_an_acknowledged_item_is_not_told(cast, overdue):
    fresh = overdue["fresh"]
    fresh.evidence_type, fresh.evidence_id = "cases.referral", "7"
    fresh.save()
    WorklistAcknowledgement.objects.create(
        case=fresh.case,
        standard_id="DRIFT",
        evidence_type="cases.referral",
        evidence_id="7",
        acknowledged_by=cast["officer_north"],
        acknowledged_at=timezone.now(),
    )
    assert overdue_items_notify(overdue["now"]) == 0


def test_the_daily_digest_counts_and_tells_the_supervisor_of_the_team_once(cast, overdue):
    overdue_items_notify(overdue["now"])
    assert daily_digests_send(overdue["now"]) == 2
    assert daily_digests_send(overdue["now"] + dt.timedelta(hours=2)) == 0
    digests = {n.recipient.username: n.counts for n in Notification.objects.filter(kind="daily_digest")}
    assert digests == {"officer_north": {"item_overdue": 1}, "supervisor_north": {"team_overdue": 1}}


def test_the_jobs_are_registered_with_the_scheduler(overdue):
    assert {"notify-overdue", "daily-digest"} <= set(JOBS)
    assert run_job("notify-overdue") == 1
    assert run_job("notify-overdue") == 0


def test_email_is_off_unless_switched_on(cast, districts, settings):
    NotificationPreference.objects.create(user=cast["supervisor_north"], by_email=True)
    cast["supervisor_north"].email = "sup@example.org"
    cast["supervisor_north"].save()
    child = child_on_plan(districts["north"], forename="Zed", surname="Secretname")
    record_incident(cast["officer_north"], case_of(districts["north"], child), child)
    assert mail.outbox == []


def test_the_email_links_back_and_names_nobody(cast, districts, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_EMAILS = True
    settings.SITE_URL = "https://safeguarding.example"
    NotificationPreference.objects.create(user=cast["supervisor_north"], by_email=True)
    cast["supervisor_north"].email = "sup@example.org"
    cast["supervisor_north"].save()
    child = child_on_plan(districts["north"], forename="Zed", surname="Secretname")
    case = case_of(districts["north"], child)
    with django_capture_on_commit_callbacks(execute=True):
        record_incident(cast["officer_north"], case, child)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sup@example.org"]
    for text in (message.subject, message.body):
        assert "Zed" not in text and "Secretname" not in text and case.reference not in text
    assert "https://safeguarding.example/notifications/" in message.body
    assert Notification.objects.get().emailed_at is not None
