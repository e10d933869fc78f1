"""A supervisor opens the team worklist, records what an item is missing, and sees it leave."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from safeguarding.access import guards
from safeguarding.cases.models import Case, Incident
from safeguarding.cases.vocabulary import CaseType, IncidentKind
from safeguarding.standards.models import StandardResult, State
from tests.browser import browser_page, fill_date, login  # noqa: F401  (fixture import)
from tests.factories import make_case, make_person, make_standard_result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def release_live_server_sessions() -> None:
    """PostgreSQL: the live server leaves an idle session on the test database, which then cannot
    be dropped at the end of the run. End the idle sessions of this test database only."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        if not cursor.fetchone()[0].startswith("test_"):
            return
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
        )


def clear_access_log_for_flush() -> None:
    """SQLite flushes with DELETE, which the access log's append-only trigger refuses: clear the
    log with the guards lifted, then restore them. PostgreSQL's flush (TRUNCATE) needs nothing:
    tests/conftest.py lifts the TRUNCATE guard on the test database."""
    if connection.vendor != "sqlite":
        return
    guards.lift(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accessevent")
    guards.install(connection)


@pytest.fixture(autouse=True)
def _database_left_clean(transactional_db):
    yield
    clear_access_log_for_flush()
    release_live_server_sessions()


def _reevaluate(case: Case) -> None:
    """What the cases service does after an entry is saved (idempotent if it already has)."""
    try:
        from safeguarding.standards.services import case_reevaluate
    except ImportError:  # the service is being written alongside; the engine is what it calls
        from safeguarding.standards.engine import evaluate_cases

        evaluate_cases(Case.objects.filter(pk=case.pk), timezone.now())
    else:
        case_reevaluate(case_id=case.pk)


def test_supervisor_fixes_a_worklist_item_and_it_leaves_the_list(browser_page, cast, districts):  # noqa: F811
    page = browser_page
    north = districts["north"]
    now = timezone.now()
    child = make_person(north, forename="Poppy", surname="Browser", date_of_birth="2022-05-01")
    case = make_case(
        north,
        case_type=CaseType.DOMESTIC_ABUSE,
        reported=now - dt.timedelta(hours=20),
        children=[child],
        officer_in_charge=cast["officer_north"],
        supervisor=cast["supervisor_north"],
    )
    Incident.objects.create(
        case=case,
        kind=IncidentKind.DOMESTIC_ABUSE,
        occurred_at=now - dt.timedelta(hours=20),
        children_present=1,
    )
    _reevaluate(case)
    demeanour = StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child)
    assert demeanour.state == State.NOT_YET_DUE  # due within 4 hours: on the list as due soon
    # A second, untouched item that must stay.
    other = make_case(north, officer_in_charge=cast["officer_north"], supervisor=cast["supervisor_north"])
    make_standard_result(other, "DRIFT", State.NOT_MET, due_at=now - dt.timedelta(days=3))

    login(page, "supervisor_north")
    page.goto("/standards/worklist/?scope=team")
    item = page.locator(f'tr[data-result="{demeanour.pk}"]')
    assert item.count() == 1
    assert "Poppy Browser" in item.inner_text()
    assert page.locator('tr[data-standard="DRIFT"]').count() == 1

    item.get_by_role("link", name="Add the record").click()
    page.wait_for_load_state("networkidle")
    assert "/entries/demeanourrecord/add/" in page.url
    fill_date(
        page, "#id_occurred_at", timezone.localtime(now - dt.timedelta(hours=19)).strftime("%Y-%m-%dT%H:%M")
    )
    page.select_option("select[name=child]", str(child.pk))
    page.select_option("select[name=demeanour]", "withdrawn")
    page.select_option("select[name=seen_alone]", "yes")
    page.click("main form button[type=submit]")  # not the masthead's sign-out button
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist, .error-summary").count() == 0, page.locator("form").inner_text()
    page.wait_for_url(f"**/cases/{case.pk}/**")
    _reevaluate(case)

    page.goto("/standards/worklist/?scope=team")
    assert page.locator('tr[data-standard="DEMEANOUR"]').count() == 0
    assert page.locator('tr[data-standard="DRIFT"]').count() == 1
    assert StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child).state == State.MET
