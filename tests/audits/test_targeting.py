"""Targeted sampling: strata of case type x breach band, Neyman allocation of the sample, the
draw recorded with each case's stratum and weight, and the force-wide estimate weighted by them."""

import pytest

from safeguarding.audits import services
from safeguarding.audits.models import Audit, AuditCase
from safeguarding.audits.reports.exports import csv_rows
from safeguarding.audits.reports.section5 import audit_report, panel_audit_results
from safeguarding.audits.targeting import (
    Stratification,
    breach_band,
    choose_stratification,
    targeted_allocation,
)
from safeguarding.audits.vocabulary import Grade, SampleDesign
from safeguarding.cases.vocabulary import CaseType
from tests.audits.builders import grade, make_audit, make_pool
from tests.factories import make_standard_result

STANDARDS = ("DEMEANOUR", "CSE_FLAG", "REFERRAL_FEEDBACK", "WIDER_RISK")


@pytest.mark.parametrize("size", [1, 5, 8, 9, 17, 18, 33, 66])
def test_the_allocation_sums_to_the_sample_and_reaches_every_stratum_where_it_can(size):
    populations = {f"s{i}": n for i, n in enumerate((400, 120, 60, 9, 3, 1, 0, 250, 80))}
    rates = {f"s{i}": r for i, r in enumerate((0.5, 0.1, 0.9, 0.3, 0.5, 0.5, 0.5, 0.02, 0.4))}
    allocation = targeted_allocation(populations, rates, size)
    live = [h for h, n in populations.items() if n]
    assert sum(allocation.values()) == size
    assert allocation["s6"] == 0  # no cases, none drawn
    assert all(allocation[h] <= populations[h] for h in populations)
    if size >= 2 * len(live):
        assert all(allocation[h] >= min(2, populations[h]) for h in live)
    elif size >= len(live):
        assert all(allocation[h] >= 1 for h in live)


def test_neyman_gives_more_to_the_stratum_whose_results_vary_most():
    allocation = targeted_allocation({"steady": 500, "varied": 500}, {"steady": 0.02, "varied": 0.5}, 40)
    assert allocation["varied"] > allocation["steady"] >= 2


def test_strata_coarsen_until_every_stratum_can_have_two_cases():
    # nine case types with cases in every band
    cases = [(case_type, not_met) for case_type in CaseType.values[:9] for not_met in (0, 1, 2, 5)]
    assert choose_stratification(cases, 72) == Stratification(by_type=True, top=3)  # 36 strata
    assert choose_stratification(cases, 66) == Stratification(by_type=True, top=2)  # 27 strata
    # 33 cases: case type x band is too fine (18 strata at the coarsest); the four bands alone
    assert choose_stratification(cases, 33) == Stratification(by_type=False, top=3)
    assert choose_stratification(cases, 3) == Stratification(by_type=False, top=0)  # one stratum
    assert Stratification(False, 3).stratum("cse", 4) == "all:three_or_more"
    assert Stratification(True, 1).stratum("cse", 4) == "cse:one_or_more"
    assert [breach_band(n) for n in (0, 1, 2, 3, 7)] == [
        "none",
        "one",
        "two",
        "three_or_more",
        "three_or_more",
    ]
    assert breach_band(4, top=1) == "one_or_more" and breach_band(4, top=0) == "any"


def _pool_with_breaches(districts):
    """20 missing-from-home cases: 15 meet every standard judged, 5 miss two of four."""
    cases = make_pool(districts["north"], {CaseType.MISSING: 20})
    for case in cases[:15]:
        make_standard_result(case, STANDARDS[0], "met")
    for case in cases[15:]:
        for standard_id, state in zip(STANDARDS, ("not_met", "not_met", "met", "met"), strict=True):
            make_standard_result(case, standard_id, state)
    return cases


@pytest.mark.django_db
def test_a_targeted_draw_records_each_case_s_stratum_and_weight(cast, districts):
    _pool_with_breaches(districts)
    auditor = cast["auditor"]
    audit = make_audit(auditor, quotas={CaseType.MISSING: 6}, design=SampleDesign.TARGETED)
    created = services.audit_draw_sample(actor=auditor, audit=audit)
    audit.refresh_from_db()

    assert len(created) == 6
    assert audit.strata.keys() == {"missing:none", "missing:two"}
    assert audit.strata["missing:none"][0] == 15 and audit.strata["missing:two"][0] == 5
    assert sum(drawn for _population, drawn in audit.strata.values()) == 6
    for audit_case in AuditCase.objects.filter(audit=audit):
        population, drawn = audit.strata[audit_case.stratum]
        assert audit_case.weight == pytest.approx(population / drawn)
    # the weights add up to the population: each drawn case stands for its share of it
    assert sum(ac.weight for ac in AuditCase.objects.filter(audit=audit)) == pytest.approx(20)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_targeted_draw(cast, districts):
    _pool_with_breaches(districts)
    auditor = cast["auditor"]
    audits = [
        make_audit(
            auditor, seed=seed, quotas={CaseType.MISSING: 6}, design=SampleDesign.TARGETED, title=title
        )
        for seed, title in ((99, "First"), (99, "Repeat"), (5, "Other"))
    ]
    drawn = []
    for audit in audits:
        services.audit_draw_sample(actor=auditor, audit=audit)
        drawn.append(set(AuditCase.objects.filter(audit=audit).values_list("case_id", "stratum")))
    assert drawn[0] == drawn[1]
    assert drawn[0] != drawn[2]
    replay = services.sample_for_seed(auditor, audits[0])
    assert {(case_id, stratum) for stratum, ids in replay.items() for case_id in ids} == drawn[0]


@pytest.mark.django_db
def test_the_estimate_uses_the_draw_s_weights_and_says_the_sample_was_targeted(cast, districts):
    _pool_with_breaches(districts)
    auditor = cast["auditor"]
    audit = make_audit(auditor, quotas={CaseType.MISSING: 6}, design=SampleDesign.TARGETED)
    services.audit_draw_sample(actor=auditor, audit=audit)
    audit.refresh_from_db()
    drawn_cases = list(AuditCase.objects.filter(audit=audit))
    for audit_case in drawn_cases:
        # every case with standards missed is inadequate, every other good
        grade(auditor, audit_case, Grade.INADEQUATE if audit_case.stratum == "missing:two" else Grade.GOOD)

    report = audit_report(auditor, audit)
    estimates = {g: estimate for g, _sentence, estimate in report.estimates}
    # weighted: 5 of 20 cases; the unweighted share of the sample is another number
    assert estimates[Grade.INADEQUATE].share == pytest.approx(5 / 20)
    unweighted = sum(ac.stratum == "missing:two" for ac in drawn_cases) / len(drawn_cases)
    assert unweighted != pytest.approx(0.25)
    assert estimates[Grade.INADEQUATE].population == 20
    assert "The sample was targeted" in report.design
    assert ["population_estimate", "sample_design", "targeted", "", ""] in list(csv_rows(report))
    [row] = panel_audit_results(None)
    assert "We estimate 25%" in row["What the sample says about all the cases"]
    assert "The sample was targeted" in row["What the sample says about all the cases"]


@pytest.mark.django_db
def test_the_audit_form_offers_targeted_sampling(cast, client_for, districts):
    client = client_for("safeguarding_unit")
    response = client.get("/audits/new/")
    assert response.status_code == 200
    assert b'value="targeted"' in response.content


@pytest.mark.django_db
def test_a_targeted_audit_is_defined_and_drawn_through_the_pages(client_for, districts):
    _pool_with_breaches(districts)
    client = client_for("safeguarding_unit")
    data = {
        "title": "Missing children, targeted",
        "kind": "themed",
        "theme": "missing",
        "scale": "four_point",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "seed": "31",
        "design": "targeted",
    }
    data.update({f"quota_{case_type}": "0" for case_type in CaseType.values})
    data["quota_missing"] = "6"
    assert client.post("/audits/new/", data).status_code == 302
    audit = Audit.objects.get(title="Missing children, targeted")
    assert audit.design == SampleDesign.TARGETED
    client.post(f"/audits/{audit.pk}/sample/")
    assert audit.audit_cases.count() == 6
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    assert 'id="drawn-strata"' in page and "Missing children (2 standards not met)" in page


@pytest.mark.django_db
def test_a_small_targeted_sample_coarsens_its_strata_so_the_estimate_covers_every_case(cast, districts):
    # two cases over missing (none, two standards not met) and CSE (none): one stratum of all 24
    _pool_with_breaches(districts)
    make_pool(districts["north"], {CaseType.CSE: 4})
    auditor = cast["auditor"]
    audit = make_audit(auditor, quotas={CaseType.MISSING: 1, CaseType.CSE: 1}, design=SampleDesign.TARGETED)
    services.audit_draw_sample(actor=auditor, audit=audit)
    audit.refresh_from_db()
    assert audit.strata == {"all:any": [24, 2]}
    for audit_case in AuditCase.objects.filter(audit=audit):
        assert audit_case.weight == 12
        grade(auditor, audit_case, Grade.GOOD)
    [good] = [e for g, _s, e in audit_report(auditor, audit).estimates if g == Grade.GOOD]
    assert good.population == 24 and not good.missing
