"""A small audit end to end in a real browser: the unit defines it, the auditor samples and grades
as the force, the inspector grades (blind until both are in), the comparison."""

import pytest

from safeguarding.cases.vocabulary import CaseType, Stage
from tests.audits.builders import make_pool
from tests.browser import browser_page, fill_date, login  # noqa: F401

FORCE_FINDING = "Child seen alone and demeanour recorded"


def _grade(page, overall: str, finding: str) -> None:
    for stage in Stage.values:
        page.select_option(f"#id_{stage}_judgement", "not_applicable")
    page.select_option("#id_initial_contact_judgement", overall)
    page.fill("#id_initial_contact_finding", finding)
    page.select_option("#id_overall_grade", overall)
    page.click("#submit-grading")
    page.wait_for_load_state("networkidle")


def _sign_out(page) -> None:
    page.click("form.whoami button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_small_audit_end_to_end(browser_page, cast, districts):  # noqa: F811
    page = browser_page
    make_pool(districts["north"], {CaseType.DOMESTIC_ABUSE: 3})

    # The safeguarding unit defines the audit (its population) and assigns the two sides.
    login(page, "safeguarding_unit")
    page.goto("/audits/")
    page.click("text=New audit")
    page.fill("#id_title", "Domestic abuse spot check")
    page.select_option("#id_kind", "self_assessment")
    fill_date(page, "#id_period_start", "2026-01-01")
    fill_date(page, "#id_period_end", "2026-06-30")
    page.uncheck("#id_default_mix")
    for case_type in CaseType.values:
        page.fill(f"#id_quota_{case_type}", "0")
    page.fill("#id_quota_domestic_abuse", "2")
    page.click("button:has-text('Create audit')")
    page.wait_for_load_state("networkidle")
    assert "Audit created" in page.content()
    audit_url = page.url
    for label in ("Auditor Test (Auditor)", "Inspector Test (Inspector)"):
        page.select_option("#id_auditor", label=label)
        page.click("button:has-text('Assign')")
        page.wait_for_load_state("networkidle")
    _sign_out(page)

    # The auditor draws the sample: the system, not the auditor, picks the cases.
    login(page, "auditor")
    page.goto(audit_url)
    page.click("#draw-sample")
    page.wait_for_load_state("networkidle")
    assert "Sample drawn: 2 cases" in page.content()

    page.click("tbody tr:first-child td:first-child a")
    page.wait_for_load_state("networkidle")
    case_url = page.url
    _grade(page, "good", FORCE_FINDING)
    assert "Grading submitted" in page.content()
    _sign_out(page)

    login(page, "inspector")
    page.goto(case_url)
    assert "Hidden until both sides have submitted" in page.content()
    assert FORCE_FINDING not in page.content()
    _grade(page, "inadequate", "No referral to social care")
    assert FORCE_FINDING in page.inner_text("#other-grading")

    page.goto(audit_url)
    page.click("text=Force and inspectors compared")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#cmp-pairs") == "1"
    assert page.inner_text("[data-cell='confusion:good:3']") == "1"
    assert "The force graded higher" in page.inner_text("#cmp-bias")
