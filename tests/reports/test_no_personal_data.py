"""A PCC analyst can never reach a name, date of birth, address or case reference through any
report, export or drill-down (through the HTTP layer); users who may see cases drill down to
the cases of their own scope only."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from safeguarding.cases.models import ChildOutcome, ChildView, CustodyDetention, DemeanourRecord, Referral
from safeguarding.cases.vocabulary import CaseType
from safeguarding.reports.selectors import REPORTS
from tests.factories import at, make_address, make_case, make_entry, make_person, make_standard_result
from tests.queue import queued_export
from tests.reports.conftest import PERIOD

SECRETS = [
    "Zebedee",
    "Quartermaine",
    "Philomena",
    "Fotheringay",
    "Larkspur",
    "NM9 7QZ",
    "NM97QZ",
    "2011-07-19",
    "19/07/2011",
    "19 Jul 2011",
    "19 July 2011",
    "SECRETWORDS",
]


@pytest.fixture
def seeded(districts):
    north, south = districts["north"], districts["south"]
    address = make_address(north, line1="17 Larkspur Crescent", postcode="NM9 7QZ")
    cases = []
    for district, forename, surname in (
        (north, "Zebedee", "Quartermaine"),
        (south, "Philomena", "Fotheringay"),
    ):
        child = make_person(
            district,
            forename=forename,
            surname=surname,
            date_of_birth="2011-07-19",
            ethnicity="black",
            current_address=address,
        )
        case = make_case(
            district,
            case_type=CaseType.CUSTODY,
            children=[child],
            reported="2026-02-01",
            closed_at=at("2026-03-01"),
        )
        make_entry(ChildView, case, "2026-02-02", child=child, views="SECRETWORDS", themes=["wants_help"])
        make_entry(DemeanourRecord, case, "2026-02-01", child=child, demeanour="fearful", seen_alone="yes")
        make_entry(
            ChildOutcome, case, "2026-03-01", child=child, category="nfa_safeguarding", details="SECRETWORDS"
        )
        make_entry(Referral, case, "2026-04-01", child=child, concern_at=at("2026-04-01"))
        make_entry(
            CustodyDetention,
            case,
            "2026-02-01 20:00",
            child=child,
            offence="SECRETWORDS",
            released_at="2026-02-02 09:00",
            secure_requested=True,
        )
        make_standard_result(case, "VOICE", "met", child=child)
        cases.append(case)
    return cases


def _bodies(client, slug, query):
    page = client.get(reverse("reports:report", args=[slug]), query)
    assert page.status_code == 200
    yield "page", page.content.decode()
    csv_response = client.get(reverse("reports:report_csv", args=[slug]), query)
    assert csv_response.status_code == 200
    yield "csv", csv_response.content.decode()
    pdf_response = queued_export(client, reverse("reports:report_pdf", args=[slug]), query)
    assert pdf_response.status_code == 200
    reader = PdfReader(io.BytesIO(pdf_response.content))
    yield "pdf", "\n".join(page.extract_text() for page in reader.pages) + str(reader.metadata)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(REPORTS))
def test_pcc_analyst_never_reaches_personal_data(slug, seeded, client_for, districts):
    client = client_for("pcc_analyst")
    secrets = [*SECRETS, *(case.reference for case in seeded)]
    queries = [PERIOD, {**PERIOD, "district": districts["north"].pk}, {**PERIOD, "case_type": "custody"}]
    for query in queries:
        for kind, body in _bodies(client, slug, query):
            assert REPORTS[slug].TITLE in body  # the report really rendered
            leaked = [secret for secret in secrets if secret.lower() in body.lower()]
            assert not leaked, f"{slug} {kind} shows {leaked}"
        page = client.get(reverse("reports:report", args=[slug]), query).content.decode()
        assert reverse("reports:cases", args=[slug]) not in page  # no drill-down links at all
    for figure in ({}, {"f_district": districts["north"].pk}, {"f_measure": "views"}):
        response = client.get(reverse("reports:cases", args=[slug]), {**PERIOD, **figure})
        assert response.status_code == 403
        assert not [s for s in secrets if s.lower() in response.content.decode().lower()]


@pytest.mark.django_db
def test_drill_down_lists_only_the_viewers_cases(seeded, client_for, districts):
    north_case, south_case = seeded
    url = reverse("reports:cases", args=["voice"])
    query = {**PERIOD, "f_measure": "views"}
    supervisor = client_for("supervisor_north").get(url, query).content.decode()
    assert north_case.reference in supervisor and south_case.reference not in supervisor
    unit = client_for("safeguarding_unit").get(url, query).content.decode()
    assert north_case.reference in unit and south_case.reference in unit
    # the page offers drill-down links to users who may see cases
    page = (
        client_for("supervisor_north").get(reverse("reports:report", args=["voice"]), PERIOD).content.decode()
    )
    assert url in page


@pytest.mark.django_db
def test_every_report_page_links_its_exports_and_states_its_method(seeded, client_for):
    client = client_for("supervisor_north")
    index = client.get(reverse("reports:index")).content.decode()
    for slug in REPORTS:
        assert reverse("reports:report", args=[slug]) in index
        page = client.get(reverse("reports:report", args=[slug]), PERIOD).content.decode()
        assert reverse("reports:report_csv", args=[slug]) in page
        assert reverse("reports:report_pdf", args=[slug]) in page
        assert "How these figures are counted" in page
    voice_page = client.get(reverse("reports:report", args=["voice"]), PERIOD).content.decode()
    assert "are shown as “&lt;5”" in voice_page
    consistency_page = client.get(reverse("reports:report", args=["consistency"]), PERIOD).content.decode()
    assert "two-proportion z-test" in consistency_page and "Holm" in consistency_page


@pytest.mark.django_db
def test_csv_never_exports_a_hidden_count(seeded, client_for):
    body = (
        client_for("pcc_analyst").get(reverse("reports:report_csv", args=["voice"]), PERIOD).content.decode()
    )
    lines = [line.split(",") for line in body.splitlines()[1:]]
    hidden = [line for line in lines if line[-2] in ("<5", "[c]")]
    assert hidden and all(line[-1] == "" for line in hidden)


@pytest.mark.django_db
def test_concordat_return_is_a_csv_for_the_force_and_refused_to_the_pcc_analyst(seeded, client_for):
    url = reverse("reports:concordat_csv")
    response = client_for("safeguarding_unit").get(url, PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    body = response.content.decode()
    assert body.splitlines()[0] == "measure,label,district,value,period_from,period_to"
    assert "children_charged_refused_bail" in body and "transfer_achieved" in body
    for secret in SECRETS:
        assert secret not in body
    assert client_for("pcc_analyst").get(url, PERIOD).status_code == 403
