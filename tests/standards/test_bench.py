"""The standards benchmark runs at the CI size and reports the figures docs/benchmarks.md needs.
(Timings are never asserted: this proves it runs, not how fast.)"""

import json

import pytest
from django.core.management import call_command

from safeguarding.benches.registry import registered_benchmarks

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

KEYS = {"children", "cases", "full_eval_s", "cases_per_s", "incremental_p95_ms", "dashboard_p95_ms"}


@pytest.fixture(autouse=True)
def _access_log_flushable(transactional_db):
    """The benchmark's worklist requests are logged; see test_browser_worklist for why."""
    yield
    from tests.standards.test_browser_worklist import clear_access_log_for_flush

    clear_access_log_for_flush()


def test_bench_standards_small_reports_its_figures(capsys):
    assert "standards" in registered_benchmarks()

    call_command("bench", "standards", "--small", "--json")
    figures = json.loads(capsys.readouterr().out)

    assert set(figures) >= KEYS
    assert figures["children"] == 300
    assert figures["cases"] > 0 and figures["results"] > 0
    assert figures["incremental_cases"] > 0 and figures["dashboard_requests"] == 30
    assert all(figures[key] >= 0 for key in KEYS)
