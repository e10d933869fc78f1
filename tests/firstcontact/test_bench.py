import pytest

from safeguarding.demo.benchmarks import registered_benchmarks


@pytest.mark.django_db
def test_lookup_bench_runs_at_small_size_and_reports_its_figures(db):
    result = registered_benchmarks()["lookup"](children=40, seed=3, small=True, rows=None)
    for key in ("children", "queries", "p50_ms", "p95_ms", "floor_p95_ms", "ratio_p95"):
        assert key in result
    assert result["queries"] > 0
    assert result["children"] >= 40
    assert result["found_rate"] > 0.5
    assert result["p95_ms"] >= result["p50_ms"] > 0
