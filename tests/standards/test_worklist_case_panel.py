"""The case page's standards panel: each standard's state on one case, within the viewer's scope."""

import pytest
from django.http import Http404
from django.urls import reverse

from safeguarding.standards.catalogue import CATALOGUE
from safeguarding.standards.models import State
from safeguarding.standards.selectors import standards_for_case
from tests.factories import make_case, make_person, make_standard_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def north_case(cast, districts):
    child = make_person(districts["north"], forename="Esme", surname="Panel", date_of_birth="2017-02-02")
    case = make_case(districts["north"], children=[child], officer_in_charge=cast["officer_north"])
    make_standard_result(case, "VOICE", State.MET, child=child, evidence_note="ChildView 12")
    make_standard_result(case, "DEMEANOUR", State.NOT_MET, child=child, due_at="2026-03-03")
    make_standard_result(case, "OUTCOME", State.NOT_YET_DUE, child=child, due_at="2026-05-01")
    make_standard_result(case, "PACE_CERTIFICATE", State.NOT_APPLICABLE)
    return case


def test_panel_lists_each_state_not_met_first(cast, north_case):
    results = standards_for_case(cast["officer_north"], north_case)

    assert [row.standard_id for row in results.applicable] == ["DEMEANOUR", "OUTCOME", "VOICE"]
    not_applicable = {row.standard_id for row in results.not_applicable}
    # The stored not-applicable row, and every catalogue standard with no row on this case.
    assert "PACE_CERTIFICATE" in not_applicable
    assert set(CATALOGUE) - {"DEMEANOUR", "OUTCOME", "VOICE"} <= not_applicable
    assert results.not_met_count == 1
    demeanour = results.applicable[0]
    assert demeanour.child_name == "Esme Panel" and demeanour.state_label == "Not met"
    assert demeanour.add_entry_url  # the entry form, or the case page until it exists
    assert results.applicable[2].evidence_note == "ChildView 12"
    assert len(results) == 3 + len(not_applicable)


def test_panel_is_not_found_outside_the_viewers_districts(cast, north_case):
    with pytest.raises(Http404):
        standards_for_case(cast["officer_south"], north_case)
    with pytest.raises(Http404):
        standards_for_case(cast["pcc_analyst"], north_case.pk)


def test_panel_fragment_view(cast, north_case, client_for):
    url = reverse("standards:case_panel", args=[north_case.pk])

    response = client_for("officer_north").get(url)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment  # a fragment for htmx or an include, not a page
    assert 'data-standard="DEMEANOUR"' in fragment and "state-not_met" in fragment
    assert "1 not met" in fragment and "Esme Panel" in fragment
    assert f"{len(standards_for_case(cast['officer_north'], north_case).not_applicable)} standard" in fragment

    assert client_for("officer_south").get(url).status_code == 404
    assert client_for("officer_north").get(reverse("standards:case_panel", args=[999999])).status_code == 404
    assert client_for("pcc_analyst").get(url).status_code == 403


def test_panel_include_renders_from_the_case_page_context(cast, north_case):
    from django.template.loader import render_to_string

    html = render_to_string(
        "standards/_case_panel.html", {"results": standards_for_case(cast["safeguarding_unit"], north_case)}
    )
    assert 'data-standard="OUTCOME"' in html and "state-not_yet_due" in html
