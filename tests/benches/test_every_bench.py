"""Issue 19: every bench, at the CI size, prints its floor and ratio beside the machine it ran on
(cpu, calibration, load), so a figure can be read on any machine. Timings are never asserted:
this proves each bench reports what docs/benchmarks.md needs, not how fast it ran."""

import json

import pytest
from django.core.management import call_command

from safeguarding.benches.registry import registered_benchmarks

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BENCHES = (
    "demo",
    "import",
    "lookup",
    "lookup-http",
    "names",
    "nightly-rejudge",
    "reports",
    "standards",
    "worklist",
)


@pytest.fixture(autouse=True)
def _access_log_flushable(transactional_db):
    """The benches' page requests are logged; see test_browser_worklist for why."""
    yield
    from tests.standards.test_browser_worklist import clear_access_log_for_flush

    clear_access_log_for_flush()


def test_bench_list_names_every_bench(capsys):
    call_command("bench", "--list")
    listed = capsys.readouterr().out.split()
    assert listed == sorted(registered_benchmarks()) == sorted(BENCHES)


@pytest.mark.parametrize("name", BENCHES)
def test_each_bench_prints_its_floor_ratio_and_machine(name, capsys):
    call_command("bench", name, "--small", "--json")
    figures = json.loads(capsys.readouterr().out)

    assert figures["benchmark"] == name
    assert isinstance(figures["floor"], dict) and figures["floor"]["what"]
    assert isinstance(figures["ratio"], int | float) and figures["ratio"] > 0
    assert figures["cpu"] and isinstance(figures["cpu"], str)
    assert figures["calibration"]["cpu_loop_ms"] > 0
    assert figures["calibration"]["sql_round_trip_ms"] > 0
    assert len(figures["load"]) == 3


def test_lookup_over_http_reports_both_doors_and_new_connections_apart(capsys):
    """Through the production server with CSRF on: the page and the API each find the intended
    child, and requests on a new database connection are counted and reported on their own."""
    call_command("bench", "lookup-http", "--small", "--json")
    figures = json.loads(capsys.readouterr().out)

    for door in ("page", "api"):
        assert figures[f"{door}_requests_on_new_connection"] >= 1
        assert figures[f"{door}_first_on_new_connection_p95_ms"] > 0
        assert figures[f"{door}_found_rate"] >= 0.9  # a small force: few look-alikes
    assert figures["mix"]["misspelt"] == 10


def test_a_misspelling_changes_the_phonetic_key():
    import random

    from safeguarding.benches.lookup_http import misspell_changing_key
    from safeguarding.people.names import phonetic_key

    rng = random.Random(1)
    for name in ("Hartley", "Okonkwo", "Sutcliffe", "Nowak", "Begum", "Smith"):
        slip = misspell_changing_key(name, rng)
        assert slip != name and phonetic_key(slip) != phonetic_key(name)
