"""Keyboard only (issue 25, WCAG 2.1.1 and 2.4.7): first contact and recording an incident with
nothing but Tab, Shift+Tab, Enter, Space and typing. At each stop the focus must be where the
officer expects it and visibly marked; at the end the records must be saved."""

import pytest

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import IncidentKind
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import make_case, make_person
from tests.standards.test_browser_worklist import clear_access_log_for_flush, release_live_server_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Visible focus: an outline of at least 2 px that is not transparent, or a box shadow.
FOCUS_SEEN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "nothing has focus";
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return "the focused element is not on screen";
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && style.outlineColor !== "rgba(0, 0, 0, 0)" && style.outlineColor !== "transparent";
  if (!outlined && style.boxShadow === "none") {
    return "no outline or shadow on " + element.outerHTML.slice(0, 80) + " (outline: "
      + [style.outlineStyle, style.outlineWidth, style.outlineColor].join(" ") + ")";
  }
  return "";
}"""


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


def focused(page, selector: str) -> bool:
    return page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def assert_focus_visible(page) -> None:
    problem = page.evaluate(FOCUS_SEEN)
    assert not problem, f"focus not visible: {problem}"


def tab_to(page, selector: str, *, most: int = 40, key: str = "Tab") -> None:
    """Press Tab until the focus is on `selector`, checking at each stop that it can be seen."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate("() => document.activeElement !== document.body"):
            assert_focus_visible(page)
        if focused(page, selector):
            return
    where = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{most} presses of {key} never reached {selector}; focus is on {where}")


def skip_to_main(page) -> None:
    """The first Tab on a page reaches the skip link; Enter takes the focus to the content."""
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link"), "the first Tab does not reach the skip link"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert focused(page, "main"), "the skip link does not move the focus to the content"


def type_date_and_time(page, day: str, month: str, year: str, hour: str, minute: str) -> None:
    """Type into the focused date-and-time field as a person would: a native date-and-time input
    takes the digits segment by segment (Tab from year to hour, "A" for the morning where the
    browser shows a 12-hour clock); separate day / month / year / hour / minute boxes take one
    value each (the time as hh:mm), Tab between them."""
    if page.evaluate("() => document.activeElement.type") == "datetime-local":
        # The browser may order the date either way round, so day and month are equal here.
        assert day == month, "give a day equal to its month: the native input's order follows the browser"
        page.keyboard.type(f"{day}{month}{year}")
        page.keyboard.press("Tab")
        page.keyboard.type(f"{hour}{minute}A")
        return
    # The GOV.UK boxes: Day, Month, Year, then one 24-hour time box (hh:mm).
    for index, part in enumerate((day, month, year, f"{hour}:{minute}")):
        if index:
            page.keyboard.press("Tab")
        page.keyboard.type(part)


def test_first_contact_by_keyboard(browser_page, cast, districts):  # noqa: F811
    child = make_person(districts["south"], forename="Amelia", surname="Hartley", date_of_birth="2015-04-12")
    page = browser_page
    login(page, "officer_north")
    page.goto("/first-contact/")

    # The search box has the focus already (autofocus): the officer types straight away.
    assert focused(page, "#id_q")
    assert_focus_visible(page)
    page.keyboard.type("Amelia Hartley")
    tab_to(page, "#id_reason_code")
    page.keyboard.type("Call for")  # a closed select picks the option whose label is typed
    assert page.locator("#id_reason_code").input_value() == "call_for_service"
    tab_to(page, "#id_reason_reference")
    page.keyboard.type("INC-2026-0456")
    tab_to(page, "#lookup-submit")
    page.keyboard.press("Enter")
    page.locator(".person-result").first.wait_for()
    # The results replace the form: the focus moves to their heading, not lost to the top of
    # the page nor back to the search box, so the next Tab goes on into the results.
    page.wait_for_function("() => document.activeElement.id === 'lookup-results-heading'", timeout=5_000)
    assert_focus_visible(page)

    # Outside the officer's districts: the reason given for the lookup is offered again, and
    # the record opens with it.
    tab_to(page, ".person-result button[type=submit]")
    assert page.evaluate("() => document.activeElement.textContent") == "Open the full record"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/people/{child.pk}/")
    assert page.locator("h1").inner_text() == "Amelia Hartley"

    lookup = AccessEvent.objects.get(action=AccessAction.LOOKUP, actor_id=cast["officer_north"].pk)
    assert lookup.detail["reason_code"] == "call_for_service"
    assert lookup.detail["reason_reference"] == "INC-2026-0456"
    opened = AccessEvent.objects.filter(
        actor_id=cast["officer_north"].pk, object_id=str(child.pk), outside_own_district=True
    )
    assert opened.exists(), "opening the record outside the district was not logged with its reason"
    assert "INC-2026-0456" in opened.first().reason


def test_recording_an_incident_by_keyboard(browser_page, cast, districts):  # noqa: F811
    north = districts["north"]
    child = make_person(north, forename="Ruby", surname="Keys", date_of_birth="2016-03-03")
    case = make_case(
        north,
        children=[child],
        officer_in_charge=cast["officer_north"],
        supervisor=cast["supervisor_north"],
    )
    page = browser_page
    login(page, "officer_north", step_up=False)
    page.goto(f"/cases/{case.pk}/")

    skip_to_main(page)
    tab_to(page, 'a.button[href$="/entries/incident/add/"]', most=60)
    page.keyboard.press("Enter")
    page.wait_for_url("**/entries/incident/add/")

    skip_to_main(page)
    tab_to(page, "#id_occurred_at, [id^=id_occurred_at]")
    type_date_and_time(page, "03", "03", "2026", "09", "10")
    tab_to(page, "#id_kind")
    page.keyboard.type("Dom")
    assert page.locator("#id_kind").input_value() == IncidentKind.DOMESTIC_ABUSE
    tab_to(page, "#id_description")
    page.keyboard.type("Neighbour called about shouting; the child was in the house.")
    # Shift+Tab goes back without losing what was typed.
    tab_to(page, "#id_kind", key="Shift+Tab")
    tab_to(page, "form button[type=submit]")
    page.keyboard.press("Space")
    # Saved, the case page opens again (the add page's own address is under the case's too).
    page.wait_for_url(lambda url: "/entries/" not in url and f"/cases/{case.pk}/" in url)

    incident = Incident.objects.get(case=case)
    assert incident.kind == IncidentKind.DOMESTIC_ABUSE
    assert incident.description == "Neighbour called about shouting; the child was in the house."
    assert (incident.occurred_at.day, incident.occurred_at.month, incident.occurred_at.year) == (3, 3, 2026)
