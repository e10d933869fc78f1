"""Issue 18 end to end: adding a person already held shows them; a merge approved by a second
user leaves one record with both histories and first contact shows one person; undo brings
both back."""

import re

import pytest

from safeguarding.cases.models import CaseParticipant
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.people.models import Person
from safeguarding.people.vocabulary import FlagKind, RelationshipKind
from tests.browser import browser_page, fill_date, login  # noqa: F401  (fixture import)
from tests.factories import make_address, make_case, make_person
from tests.firstcontact.builders import flag, live_at, relate


def _first_contact(page, name: str) -> list[str]:
    page.goto("/first-contact/")
    page.fill("#id_q", name)
    page.select_option("#id_reason_code", "call_for_service")
    page.fill("#id_reason_reference", "INC-2026-0456")
    page.click("button:has-text('Look up')")
    page.locator(".person-result").first.wait_for()
    return [t for t in page.locator(".person-result").all_inner_texts() if re.search(r"Lill?y Hartley", t)]


def _sign_out(page) -> None:
    page.click("button:has-text('Sign out')")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_one_person_one_record(browser_page, cast, districts):  # noqa: F811
    north = districts["north"]
    lily = make_person(north, forename="Lily", surname="Hartley", date_of_birth="2016-02-09")
    live_at(lily, make_address(north, line1="4 Ash Row", postcode="NM2 7QT"))
    suspect = make_person(
        north, forename="Dean", surname="Hartley", date_of_birth="1988-06-01", is_child=False
    )
    relate(suspect, RelationshipKind.PARENT, lily)
    flag(suspect, FlagKind.DOMESTIC_ABUSE_PERPETRATOR)
    abuse_case = make_case(north, children=[lily], adults=[(suspect, ParticipantRole.SUSPECT)])
    # The second record, saved silently before this issue.
    again = make_person(north, forename="Lilly", surname="Hartley", date_of_birth="2016-02-09")
    live_at(again, make_address(north, line1="4 Ash Row", postcode="NM2 7QT"))
    missing_case = make_case(north, children=[again])
    page = browser_page
    login(page, "officer_north")

    # Adding her again: the record held is shown first, and opened.
    page.goto("/people/new/")
    page.fill("#id_forename", "Lily")
    page.fill("#id_surname", "Hartley")
    fill_date(page, "#id_date_of_birth", "2016-02-09")
    page.fill("#id_line1", "4 Ash Row")
    page.fill("#id_town", "Northmoor")
    page.fill("#id_postcode", "NM2 7QT")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    offered = page.locator("[data-testid=duplicates]")
    assert "This person may already be held" in offered.inner_text()
    assert Person.objects.filter(surname="Hartley", date_of_birth="2016-02-09").count() == 2
    offered.locator(f"button[value='{lily.pk}']").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/people/{lily.pk}/")
    assert Person.objects.filter(surname="Hartley", date_of_birth="2016-02-09").count() == 2
    assert len(_first_contact(page, "Lily Hartley")) == 2

    # The officer asks for the merge; the safeguarding unit approves it.
    page.goto(f"/people/{lily.pk}/merge/")
    page.fill("#id_merged", str(again.pk))
    page.fill("#id_reason", "Same child: same date of birth and address, name misspelt.")
    page.click("button:has-text('Ask for the merge')")
    page.wait_for_load_state("networkidle")
    _sign_out(page)
    login(page, "safeguarding_unit")
    page.goto("/people/merges/")
    page.click("a:has-text('Lilly Hartley')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('Approve the merge')")
    page.wait_for_load_state("networkidle")
    assert "Merged" in page.locator("[data-testid=merge-state]").inner_text()
    assert not Person.objects.filter(pk=again.pk).exists()
    assert set(CaseParticipant.objects.filter(person=lily).values_list("case_id", flat=True)) == {
        abuse_case.pk,
        missing_case.pk,
    }
    page.goto(f"/people/{lily.pk}/")
    body = page.locator("body").inner_text()
    assert abuse_case.reference in body and missing_case.reference in body
    assert "Lilly Hartley" in body  # kept as an alias
    assert len(_first_contact(page, "Lily Hartley")) == 1

    # Undo: both records again, each with its own history.
    page.goto("/people/merges/")
    page.click("a:has-text('Lilly Hartley')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('Undo the merge')")
    page.wait_for_load_state("networkidle")
    assert "Undone" in page.locator("[data-testid=merge-state]").inner_text()
    assert list(CaseParticipant.objects.filter(person_id=again.pk).values_list("case_id", flat=True)) == [
        missing_case.pk
    ]
    assert len(_first_contact(page, "Lily Hartley")) == 2
