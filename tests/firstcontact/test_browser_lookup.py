import pytest

from safeguarding.people.vocabulary import CpPlanCategory, FlagKind
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import make_person
from tests.firstcontact.builders import flag


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_types_a_misspelt_name_and_sees_the_flags(browser_page, cast, districts):  # noqa: F811
    child = make_person(districts["south"], forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    flag(child, FlagKind.CP_PLAN, cp_category=CpPlanCategory.NEGLECT)
    flag(child, FlagKind.CSE_RISK)
    page = browser_page
    login(page, "officer_north")
    page.goto("/first-contact/")
    page.fill("#id_q", "Amelia Hartly")
    page.select_option("#id_reason_code", "call_for_service")
    page.fill("#id_reason_reference", "INC-2026-0123")
    page.click("button:has-text('Look up')")
    result = page.locator(".person-result").first
    result.wait_for()
    assert "Amelia Hartley" in result.inner_text()
    flags = result.locator(".flag").all_inner_texts()
    assert "Child protection plan: Neglect" in flags
    assert "At risk of sexual exploitation" in flags
    # Outside the officer's district: the full record is offered only with a reason, the
    # lookup's reason offered again.
    assert result.locator("button:has-text('Open the full record')").count() == 1
    assert result.locator("select[name=reason_code]").input_value() == "call_for_service"
    assert result.locator("input[name=reason_reference]").input_value() == "INC-2026-0123"
    result.locator("button:has-text('Open the full record')").click()
    page.wait_for_load_state("networkidle")
    assert f"/people/{child.pk}/" in page.url
    assert "Call for service / incident in progress (ref INC-2026-0123)" in page.content()
