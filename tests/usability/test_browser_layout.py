"""In a real browser (issue 25): every role's main pages fit a 1366 px laptop and a 390 px phone
without the page scrolling sideways (a wide table scrolls inside its own labelled, focusable
region instead), and at 1366 px the navigation stays on one line."""

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.standards.models import State
from tests.browser import browser_page, login  # noqa: F401  (fixture import)
from tests.factories import make_case, make_person, make_standard_result
from tests.standards.test_browser_worklist import clear_access_log_for_flush, release_live_server_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = (
    "officer_north",
    "supervisor_north",
    "safeguarding_unit",
    "auditor",
    "inspector",
    "pcc_analyst",
    "data_manager",
    "admin",
)
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}

OVERFLOW = """() => ({
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
    .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')),
  navRows: new Set([...document.querySelectorAll('.masthead nav a')]
    .map(a => Math.round(a.getBoundingClientRect().top))).size,
  regions: [...document.querySelectorAll('.table-scroll')].filter(r => r.scrollWidth > r.clientWidth)
    // A region is named by aria-label or by the heading it points at (aria-labelledby).
    .map(r => [r.getAttribute('tabindex'), r.getAttribute('role'),
      r.getAttribute('aria-label')
        || (document.getElementById(r.getAttribute('aria-labelledby') || '') || {}).textContent]),
})"""


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


@pytest.fixture
def some_work(cast, districts):
    north = districts["north"]
    child = make_person(north, forename="Amy", surname="Layout", date_of_birth="2016-05-01")
    case = make_case(
        north, children=[child], officer_in_charge=cast["officer_north"], supervisor=cast["supervisor_north"]
    )
    make_standard_result(case, "DRIFT", State.NOT_MET, due_at=timezone.now() - dt.timedelta(days=3))
    return case


@pytest.mark.parametrize("role", ROLES)
def test_the_main_pages_fit_a_laptop_and_a_phone(browser_page, cast, some_work, role):  # noqa: F811
    page = browser_page
    page.set_default_timeout(60_000)  # eight roles' pages at two sizes: a loaded CI machine is slow
    page.set_viewport_size(LAPTOP)
    login(page, role, step_up=False)
    page.goto("/")
    pages = [
        "/",
        *page.eval_on_selector_all(".masthead nav a", "links => links.map(a => a.getAttribute('href'))"),
    ]
    problems = []
    for url in pages:
        for size in (LAPTOP, PHONE):
            page.set_viewport_size(size)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            seen = page.evaluate(OVERFLOW)
            if seen["scroll"] > seen["inner"]:
                problems.append(
                    f"{url} at {size['width']} px scrolls sideways ({seen['scroll']} px wide: {seen['wide']})"
                )
            if size is LAPTOP and seen["navRows"] > 1:
                problems.append(f"{url}: the navigation wraps onto {seen['navRows']} lines at 1366 px")
            for tabindex, region_role, label in seen["regions"]:
                if tabindex != "0" or region_role != "region" or not label:
                    problems.append(f"{url}: a scrolling table is not a focusable, labelled region")
    assert problems == []
