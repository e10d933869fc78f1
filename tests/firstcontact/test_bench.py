import pytest

from safeguarding.benches.registry import registered_benchmarks


@pytest.mark.django_db
def test_lookup_bench_runs_at_small_size_and_reports_its_figures(db):
    result = registered_benchmarks()["lookup"](children=40, seed=3, small=True, rows=None)
    for key in ("children", "queries", "p50_ms", "p95_ms", "floor_p95_ms", "ratio_p95"):
        assert key in result
    assert result["queries"] > 0
    assert result["children"] >= 40
    assert result["found_rate"] > 0.5
    assert result["p95_ms"] >= result["p50_ms"] > 0


@pytest.mark.django_db
def test_names_bench_runs_at_small_size_over_every_family_and_leaves_the_force_as_it_was(db):
    from safeguarding.people.models import Person

    result = registered_benchmarks()["names"](children=40, seed=3, small=True, rows=None)
    assert result["queries"] >= 300
    assert set(result["families"]) == {
        "multipart", "welsh_irish", "folding", "arabic_script", "script_to_latin", "other_scripts",
        "variants", "nicknames", "order", "typo", "phone", "address", "dob_layouts",
    }  # fmt: skip
    for key in ("recall", "top3", "median_results"):
        assert key in result
    assert result["recall"] >= 0.9  # a small force: few look-alikes
    assert not Person.objects.filter(source_system="bench-names").exists()
