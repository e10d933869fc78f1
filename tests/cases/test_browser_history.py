"""Two people edit the same incident in two browsers: the second save is refused, shows the first
person's change and keeps the second person's values in the form (issue 17, ADR 0012)."""

import pytest

from safeguarding.cases.models import Incident
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import at, make_case, make_person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_second_save_of_the_same_incident_is_refused_and_shows_the_first_change(
    browser_page,  # noqa: F811
    live_server,
    cast,
    districts,
):
    child = make_person(districts["north"], forename="Amelia", surname="Hartley")
    case = make_case(districts["north"], reported="2026-03-01", children=[child])
    incident = Incident.objects.create(
        case=case,
        occurred_at=at("2026-03-02", "21:00"),
        kind="domestic_abuse",
        children_present=1,
        ppn_grade="amber",
        recorded_by=cast["officer_north"],
    )
    edit = f"/cases/{case.pk}/entries/incident/{incident.pk}/edit/"

    first = browser_page
    other_context = first.context.browser.new_context(base_url=live_server.url)
    second = other_context.new_page()
    second.set_default_timeout(15_000)
    try:
        login(first, "officer_north")
        login(second, "supervisor_north")
        # Both open the form before either saves.
        first.goto(edit)
        second.goto(edit)

        first.select_option("#id_ppn_grade", "red")
        first.click("form[method=post] button:has-text('Save')")
        first.wait_for_load_state("networkidle")
        assert "/cases/" in first.url and "/edit/" not in first.url

        second.fill("#id_description", "Door kicked in; neighbour called")
        second.click("form[method=post] button:has-text('Save')")
        second.wait_for_load_state("networkidle")

        page = second.content()
        assert "someone else changed this record" in page
        assert "Amber → Red (by officer_north" in page
        # The second user's words are still there to re-apply.
        assert second.input_value("#id_description") == "Door kicked in; neighbour called"
        incident.refresh_from_db()
        assert incident.ppn_grade == "red" and incident.description == ""

        # They choose red too and save again: both changes now stand.
        second.select_option("#id_ppn_grade", "red")
        second.click("form[method=post] button:has-text('Save')")
        second.wait_for_load_state("networkidle")
        incident.refresh_from_db()
        assert incident.ppn_grade == "red" and incident.description.startswith("Door kicked in")
        assert incident.version == 3
    finally:
        other_context.close()
