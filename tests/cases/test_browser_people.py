"""Issue 16 end to end: one domestic abuse incident, two children present, each seen and heard."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.cases.models import Case, CaseParticipant
from tests.browser import browser_page, fill_date, login  # noqa: F401  (fixture import)
from tests.factories import make_person


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _add_record(page, case_id: int, kind: str, fields: dict[str, str], child: str) -> None:
    page.goto(f"/cases/{case_id}/entries/{kind}/add/")
    page.select_option("#id_child", label=child)
    for selector, value in fields.items():
        if selector.endswith("_at"):
            fill_date(page, selector, value)
        elif page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_children_at_a_domestic_abuse_incident_are_each_seen_and_heard(browser_page, cast, districts):  # noqa: F811
    north = districts["north"]
    ruby = make_person(north, forename="Ruby", surname="Cole", date_of_birth="2016-05-01")
    make_person(north, forename="Darren", surname="Cole", date_of_birth="1988-02-03", is_child=False)
    reported = timezone.now() - dt.timedelta(hours=3)
    page = browser_page
    login(page, "officer_north")

    # The case, opened from the first child, and the incident: the caller says two children.
    page.goto(f"/cases/new/for/{ruby.pk}/")
    page.select_option("#id_case_type", "domestic_abuse")
    fill_date(page, "#id_first_reported_at", _local(reported))
    page.click("button:has-text('Open the case')")
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    page.goto(f"/cases/{case.pk}/entries/incident/add/")
    fill_date(page, "#id_occurred_at", _local(reported))
    page.select_option("#id_kind", "domestic_abuse")
    page.fill("#id_children_present", "2")
    page.fill("#id_description", "Shouting heard by neighbours; two children in the flat.")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert (
        "reported 2 children present but 1 is on the case" in page.locator(".children-mismatch").inner_text()
    )

    # The sibling and the mother are new to the record; the suspect is found by the search.
    page.click("a:has-text('Add or remove people')")
    for forename, born, is_child, role in (
        ("Leo", "2019-09-09", True, "child_present"),
        ("Jade", "1990-01-15", False, "parent_carer"),
    ):
        page.select_option("#id_new-role", role)
        page.fill("#id_new-forename", forename)
        page.fill("#id_new-surname", "Cole")
        fill_date(page, "#id_new-date_of_birth", born)
        page.set_checked("#id_new-is_child", is_child)
        page.click("#new-person button:has-text('Add to the case')")
        page.wait_for_load_state("networkidle")
        assert f"{forename} Cole added to {case.reference}" in page.locator("body").inner_text()
    page.fill("#id_q", "Darren Cole")
    page.click("button:has-text('Search')")
    result = page.locator(".results li", has_text="Darren Cole")
    result.locator("select[name=role]").select_option("suspect")
    result.locator("button:has-text('Add Darren Cole')").click()
    page.wait_for_load_state("networkidle")
    # The mother is linked to both children from the same page.
    for child in ("Ruby Cole", "Leo Cole"):
        page.select_option("#id_link-person", label="Jade Cole")
        page.select_option("#id_link-kind", "parent")
        page.select_option("#id_link-other", label=child)
        page.click("#link-form button:has-text('Record the relationship')")
        page.wait_for_load_state("networkidle")
        assert f"Jade Cole is the parent of {child}" in page.locator("#links-heading + ul").inner_text()
    roles = set(CaseParticipant.objects.filter(case=case).values_list("person__forename", "role"))
    assert roles == {
        ("Ruby", "subject_child"),
        ("Leo", "child_present"),
        ("Jade", "parent_carer"),
        ("Darren", "suspect"),
    }

    # Ruby is seen and heard: DEMEANOUR is not yet met, for Leo has no record.
    seen = _local(reported + dt.timedelta(hours=1))
    _add_record(
        page,
        case.pk,
        "demeanourrecord",
        {
            "#id_occurred_at": seen,
            "#id_demeanour": "fearful",
            "#id_description": "Ruby hid behind the sofa.",
            "#id_seen_alone": "yes",
        },
        "Ruby Cole",
    )
    _add_record(
        page,
        case.pk,
        "childview",
        {"#id_occurred_at": seen, "#id_views": "I want daddy to stop shouting."},
        "Ruby Cole",
    )
    page.goto(f"/cases/{case.pk}/")
    states = page.locator("#standards-panel tr[data-standard='DEMEANOUR']")
    states.first.wait_for()
    assert states.count() == 2
    by_child = dict(
        zip(
            states.locator("td:nth-child(3)").all_inner_texts(),
            states.locator("td:nth-child(2)").all_inner_texts(),
            strict=True,
        )
    )
    assert by_child == {"Ruby Cole": "Met", "Leo Cole": "Not yet due"}

    # Then Leo: DEMEANOUR is met for both.
    _add_record(
        page,
        case.pk,
        "demeanourrecord",
        {
            "#id_occurred_at": seen,
            "#id_demeanour": "withdrawn",
            "#id_description": "Leo would not speak at first.",
            "#id_seen_alone": "yes",
        },
        "Leo Cole",
    )
    _add_record(
        page,
        case.pk,
        "childview",
        {"#id_occurred_at": seen, "#id_views": "I was scared for mummy."},
        "Leo Cole",
    )
    page.goto(f"/cases/{case.pk}/")
    states = page.locator("#standards-panel tr[data-standard='DEMEANOUR']")
    states.first.wait_for()
    assert sorted(states.locator("td:nth-child(2)").all_inner_texts()) == ["Met", "Met"]

    # Both children's words are on the case timeline, not only behind the edit form.
    timeline = page.locator("#timeline").inner_text()
    for words in (
        "I want daddy to stop shouting.",
        "I was scared for mummy.",
        "Ruby hid behind the sofa.",
        "Leo would not speak at first.",
        "two children in the flat",
    ):
        assert words in timeline
    assert page.locator(".children-mismatch").count() == 0
