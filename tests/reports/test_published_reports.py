"""Every report as an aggregate-only reader (the PCC analyst) gets it: the small-count rule on
every table, derived figure and chart point, checked by the analyst's attack (linear-programming
bounds on every hidden count) over every filter combination they can download."""

import datetime as dt
import itertools

import pytest

from safeguarding.cases.vocabulary import CaseType
from safeguarding.demo.generator import generate_demo_force
from safeguarding.force.models import District
from safeguarding.reports.disclosure import PRIMARY, SECONDARY, exposed_cells, is_small
from safeguarding.reports.filters import ReportFilters, published_filters
from safeguarding.reports.publish import linked_counts, publish
from safeguarding.reports.selectors import REPORTS
from safeguarding.reports.views import build_report

AS_OF = dt.date(2026, 6, 15)
QUARTERS = [(dt.date(2026, 1, 1), dt.date(2026, 3, 1)), (dt.date(2025, 10, 1), dt.date(2025, 12, 1))]
UNSUPPRESSED = [slug for slug, module in REPORTS.items() if not getattr(module, "SUPPRESSED", False)]


@pytest.fixture
def demo_force(db):
    generate_demo_force(children=300, seed=7, as_of=AS_OF)


def _downloadable(today: dt.date) -> set[ReportFilters]:
    """What an aggregate-only reader can download, whatever they ask for: the published filters
    of every period, district and case type the form accepts (months of two years)."""
    months = [dt.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(18)]
    districts = [None, *District.objects.values_list("pk", flat=True)]
    published = set()
    for start, end in itertools.combinations_with_replacement(months, 2):
        for district, case_type in itertools.product(districts, ["", CaseType.SEX_OFFENDER]):
            published.add(published_filters(ReportFilters(start, end, district, case_type), today)[0])
    return published


@pytest.mark.django_db
def test_downloads_are_whole_quarters_force_wide_so_none_is_part_of_another(demo_force):
    downloads = _downloadable(AS_OF)
    for filters in downloads:
        assert filters.district_id is None and filters.case_type == ""
        assert filters.period_from.month in (1, 4, 7, 10)
        assert (filters.period_to.year * 12 + filters.period_to.month) - (
            filters.period_from.year * 12 + filters.period_from.month
        ) == 2
    # quarters never overlap: no download is a part of another to subtract
    for a, b in itertools.combinations(downloads, 2):
        assert a.period_to < b.period_from or b.period_to < a.period_from


@pytest.mark.django_db
@pytest.mark.parametrize("slug", UNSUPPRESSED)
def test_the_attack_recovers_no_hidden_count_in_any_download(demo_force, slug):
    small_seen = 0
    for start, end in QUARTERS:
        filters = ReportFilters(start, end)
        exact = build_report(slug, filters, published=False)
        linked = linked_counts(exact)
        # the declared sums are true ones (else the rule would defend against the wrong attack)
        for total, parts in linked.equations:
            assert linked.values[total] == sum(linked.values[p] for p in parts), (total, parts)
        published = publish(exact)
        shown = {}
        for table in published.tables:
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    shown[(table.key, r, c)] = cell
        hidden = {key for key in linked.values if shown[key].value is None}
        primary = {key for key, value in linked.values.items() if is_small(value)}
        small_seen += len(primary) + sum(
            any(is_small(n) for n in cell.basis) for t in exact.tables for row in t.rows for cell in row.cells
        )
        # every small count is hidden, and nothing the attack can narrow
        assert primary <= hidden
        for key in primary:
            assert shown[key].text in (PRIMARY, SECONDARY)
        assert exposed_cells(linked.values, hidden, primary, linked.equations) == []
        # no hidden count survives anywhere else: in a chart, a note or a drill-down link
        for table in published.tables:
            for row in table.rows:
                for cell in row.cells:
                    if cell.value is None:
                        assert cell.figure is None and not cell.note
        for chart in published.charts:
            assert chart.cells is not None
            for dataset, references in zip(chart.datasets, chart.cells, strict=True):
                for value, key in zip(dataset["data"], references, strict=True):
                    assert value == shown[key].value
    assert small_seen, "the demo force should give this report small counts to hide"


@pytest.mark.django_db
def test_a_rate_is_hidden_with_the_small_count_it_is_built_from(demo_force):
    exact = build_report("consistency", ReportFilters(*QUARTERS[0]), published=False)
    published = publish(exact)
    checked = 0
    for exact_row, row in zip(exact.tables[0].rows, published.tables[0].rows, strict=True):
        for before, after in zip(exact_row.cells, row.cells, strict=True):
            if before.basis and any(is_small(n) for n in before.basis) and before.value is not None:
                checked += 1
                assert after.value is None and after.text == SECONDARY
            assert not after.note or not before.basis  # "x of n" is never published
    assert checked
