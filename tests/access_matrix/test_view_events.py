"""Every page that shows personal data writes an access-log event (DPA 2018 s62, ASVS 16):
walks the matrix's ALLOW GET rows and asserts the request wrote an event for the viewer. The
pages that show aggregates only, or nothing personal, are named below with the reason."""

import pytest

from safeguarding.access.models import AccessEvent
from tests.access_matrix.table import ALLOW, ROLES
from tests.access_matrix.test_matrix import ROWS
from tests.signin import verified_client

# URL name -> why a GET writes no event. Everything else that answers 200 must log.
NO_PERSONAL_DATA = {
    "home": "each role's start page; its personal parts are logged (tests/usability/test_home.py)",
    "api:v1:schema": "the API's description, no records",
    "people:create": "an empty form",
    "firstcontact:lookup": "an empty form until a lookup is POSTed (logged as a lookup)",
    "audits:index": "audits by title, period and scale: no case or person",
    "audits:new": "an empty form",
    "user_new": "an empty form for a new account (its creation is logged)",
    "audits:programmes": "programmes by name and interval: no case or person",
    "audits:programme": "grade counts per round: aggregates only",
    "exchange:index": "the upload form and past batches' counts; an import is logged as an import",
    "exchange:job": "a queued import's progress and counts; its error table, which quotes the "
    "extract's values, is logged each time it is shown (tests/exchange/test_pages.py)",
    "inspections:index": "published inspection reports: about the force, no child or person",
    "inspections:national": "published inspection reports across forces: aggregates only",
    "inspections:import": "an empty upload form",
    "api_tokens": "the signed-in person's own API tokens (label, scopes, dates): no child or case",
    "inspections:report": "a published inspection report: about the force, no child or person",
    "inspections:panel_paper": "the panel paper: aggregates and published findings only",
    "inspections:recommendation": "a published recommendation and the force's actions on it",
    "reports:index": "the list of reports",
    "reports:report": "management information: aggregates only (its case lists are logged)",
    "standards:indicators": "practice-standard indicators: aggregates only",
    # The viewer's own account (sign-in pages): nothing about anyone else.
    "mfa_enrol": "the viewer's own new authenticator key (its confirmation is logged)",
    "account": "the viewer's own sessions",
    "password_change": "an empty form for the viewer's own password",
    "step_up": "an empty form for the viewer's own password",
    # Notifications (issue 25): the list logs only when a line names a case or child the viewer
    # may see (tests/notifications/test_views.py); the matrix's users have none, or none in scope.
    "notifications:list": "the viewer's own notifications; logged when one names a case",
    "notifications:preferences": "the viewer's own choices of notifications",
    # Exports made on the queue (ADR 14): asking shows a form; the POST is logged as the export,
    # and each download of the file as another.
    "reports:report_pdf": "the form asking for the report's PDF (the POST is logged as an export)",
    "audits:report_pdf": "the form asking for the audit report's PDF (the POST is logged as an export)",
    "inspections:panel_paper_pdf": "the form asking for the panel paper (the POST is logged as an export)",
    "jobs": "the job queue's kinds, states and failures in words: counts and ids, no child or person",
    "export_job": "a queued export's state and progress, titled by report or audit: no child or person",
}

GET_ROWS = [row for row in ROWS if row.method == "get" and row.url_name not in NO_PERSONAL_DATA]


@pytest.mark.django_db
@pytest.mark.parametrize("row", GET_ROWS, ids=[row.url_name for row in GET_ROWS])
def test_every_page_showing_personal_data_writes_an_event(row, world, cast):
    path = row.path(world)
    silent = []
    for username in ROLES:
        if row.status_for(username) != ALLOW:
            continue
        client = verified_client(cast[username], stepped_up=True)  # both factors (tests/signin.py)
        before = AccessEvent.objects.filter(actor_id=cast[username].pk).count()
        response = client.get(path)
        assert response.status_code == 200, f"{username}: {response.status_code}"
        if AccessEvent.objects.filter(actor_id=cast[username].pk).count() == before:
            silent.append(username)
    assert not silent, f"GET {path} wrote no access event for {silent}"


def test_every_exempt_page_is_still_in_the_matrix():
    assert set(NO_PERSONAL_DATA) <= {row.url_name for row in ROWS}
