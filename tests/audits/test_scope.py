"""Auditors and inspectors read the case files they audit, not the force's records at large.

A sample is still drawn from the whole force (the population), and an inspector can still name a
further case in the audit's population by reference; once the safeguarding unit approves it and it
is in an audit the person is assigned to, its pages open.
"""

import pytest
from django.urls import reverse

from safeguarding.audits import services
from safeguarding.audits.vocabulary import CaseScope
from safeguarding.cases.scoping import cases_visible_to, people_visible_to
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import make_audit
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, districts):
    north, south = districts["north"], districts["south"]
    sampled_child = make_person(north, forename="Sampled", surname="Child", date_of_birth="2014-02-02")
    other_child = make_person(north, forename="Unaudited", surname="Child", date_of_birth="2013-03-03")
    sampled = make_case(north, case_type=CaseType.DOMESTIC_ABUSE, children=[sampled_child])
    other = make_case(north, case_type=CaseType.MISSING, children=[other_child])
    southern = make_case(south, case_type=CaseType.CUSTODY)
    audit = make_audit(cast["auditor"], quotas={CaseType.DOMESTIC_ABUSE: 1}, districts=[north])
    services.audit_assign(actor=cast["auditor"], audit=audit, auditor=cast["inspector"])
    services.audit_draw_sample(actor=cast["auditor"], audit=audit)
    return {
        "audit": audit,
        "sampled": sampled,
        "sampled_child": sampled_child,
        "other": other,
        "southern": southern,
        "other_child": other_child,
    }


def test_the_sample_is_drawn_from_cases_the_auditor_could_not_read_before(cast, scene):
    # Drawn from the force-wide population ...
    assert list(scene["audit"].audit_cases.values_list("case_id", flat=True)) == [scene["sampled"].pk]
    # ... and now, and only now, readable by the two assigned.
    for name in ("auditor", "inspector"):
        assert list(cases_visible_to(cast[name])) == [scene["sampled"]]


@pytest.mark.parametrize("name", ["auditor", "inspector"])
def test_case_and_child_pages_outside_their_audits_look_not_found(client_for, scene, name):
    client = client_for(name)
    assert client.get(reverse("cases:case", args=[scene["sampled"].pk])).status_code == 200
    assert client.get(reverse("cases:case", args=[scene["other"].pk])).status_code == 404
    assert client.get(reverse("people:child", args=[scene["other_child"].pk])).status_code == 404


@pytest.mark.parametrize("name", ["auditor", "inspector"])
def test_search_finds_only_people_on_their_audited_cases(client_for, cast, scene, name):
    assert scene["other_child"] not in people_visible_to(cast[name])
    page = client_for(name).post(reverse("people:search"), {"q": "Unaudited Child"}).content.decode()
    assert reverse("people:child", args=[scene["other_child"].pk]) not in page
    found = client_for(name).post(reverse("people:search"), {"q": "Sampled Child"}).content.decode()
    assert reverse("people:child", args=[scene["sampled_child"].pk]) in found


def test_an_unassigned_auditor_reads_nothing(cast, scene, districts):
    from safeguarding.access.models import User
    from safeguarding.access.roles import Role

    stranger = User.objects.create_user(
        username="auditor_two", password="test-password-123", role=Role.AUDITOR
    )
    assert not cases_visible_to(stranger).exists()
    assert not people_visible_to(stranger).exists()


def test_an_inspector_adds_a_further_case_by_reference_within_the_audits_population(
    client_for, cast, scene, districts
):
    audit, other, southern = scene["audit"], scene["other"], scene["southern"]
    in_population = make_case(districts["north"], case_type=CaseType.DOMESTIC_ABUSE)
    client = client_for("inspector")
    url = reverse("audits:case_add", args=[audit.pk])
    # Outside the audit's districts, or of a case type it does not audit: the same answer as a
    # reference that does not exist, naming the population.
    for outside in (southern, other):
        response = client.post(
            url,
            {"reference": outside.reference, "scope": CaseScope.FURTHER, "reason": "Detained"},
            follow=True,
        )
        assert "No case with that reference in this audit&#x27;s population" in response.content.decode()
        assert client.get(reverse("cases:case", args=[outside.pk])).status_code == 404
    # Within it: asked for, closed until the safeguarding unit approves, then readable.
    client.post(
        url, {"reference": in_population.reference, "scope": CaseScope.FURTHER, "reason": "Missing 15 times"}
    )
    addition = audit.additions.get(case=in_population)
    assert client.get(reverse("cases:case", args=[in_population.pk])).status_code == 404
    services.audit_addition_decide(actor=cast["safeguarding_unit"], addition=addition, approve=True)
    assert audit.audit_cases.filter(case=in_population, scope=CaseScope.FURTHER).exists()
    assert client.get(reverse("cases:case", args=[in_population.pk])).status_code == 200
