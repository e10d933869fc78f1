"""The badge, the page (own notifications only, worded for what the reader may still see,
logged when it names a case), marking read, and the choices page."""

import pytest
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.notifications.models import Notification, NotificationPreference
from tests.notifications.scene import case_of, child_on_plan, record_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(cast, districts):
    child = child_on_plan(districts["north"], forename="Amy", surname="Planned")
    case = case_of(districts["north"], child)
    record_incident(cast["officer_north"], case, child)
    return Notification.objects.get(recipient=cast["supervisor_north"])


def test_the_badge_counts_unread_and_the_page_names_the_case_and_is_logged(client_for, note):
    client = client_for("supervisor_north")
    home = client.get(reverse("home")).content.decode()
    assert 'data-unread="1"' in home
    before = AccessEvent.objects.filter(action=AccessAction.VIEW, object_type="notifications").count()
    page = client.get(reverse("notifications:list")).content.decode()
    assert note.case.reference in page and "Amy Planned" in page
    event = AccessEvent.objects.filter(action=AccessAction.VIEW, object_type="notifications").last()
    assert (
        AccessEvent.objects.filter(action=AccessAction.VIEW, object_type="notifications").count()
        == before + 1
    )
    assert event.detail["cases"] == [note.case_id]
    assert "Amy" not in str(event.detail)


def test_marking_read_clears_the_badge(client_for, note):
    client = client_for("supervisor_north")
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    assert "data-unread" not in client.get(reverse("home")).content.decode()


def test_another_users_notification_is_not_found_and_stays_unread(client_for, note):
    response = client_for("officer_south").post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert (
        note.case.reference
        not in client_for("officer_south").get(reverse("notifications:list")).content.decode()
    )


def test_mark_all_read(client_for, note):
    client_for("supervisor_north").post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_reader_moved_out_of_the_district_no_longer_sees_what_it_said(client_for, cast, districts, note):
    cast["supervisor_north"].districts.set([districts["south"]])
    page = client_for("supervisor_north").get(reverse("notifications:list")).content.decode()
    assert note.case.reference not in page and "Amy" not in page
    assert "a case you can no longer open" in page
    assert not AccessEvent.objects.filter(object_type="notifications").exists()


def test_choices_are_saved_for_the_user_only(client_for, cast):
    client = client_for("officer_north")
    assert "Choose which notifications" in client.get(reverse("notifications:preferences")).content.decode()
    client.post(reverse("notifications:preferences"), {"sign_off_requested": "on", "daily_digest": "on"})
    choice = NotificationPreference.objects.get(user=cast["officer_north"])
    assert (choice.incident_on_plan, choice.item_overdue, choice.sign_off_requested) == (False, False, True)
    assert choice.daily_digest and not choice.by_email
    assert NotificationPreference.objects.count() == 1
