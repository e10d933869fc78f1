"""The attack an analyst would mount on published figures: linear-programming bounds on every
hidden cell, from every equation the published tables allow, over a fixed set of filter
combinations the analyst can download. A hidden small count is safe when the bounds are still the
whole range 1 to 4 ("<5" tells the analyst that much; the attack must tell them nothing more).

The attacker here is written independently of `reports.disclosure`: it reads only what is
published (the texts of the cells) and knows the rule ("<5" is 1 to 4, "[c]" is 5 or more)."""

import datetime as dt
import random

import pytest
from scipy.optimize import linprog

from safeguarding.cases.vocabulary import CaseType
from safeguarding.reports.disclosure import PRIMARY, SECONDARY, suppress_grid
from safeguarding.reports.filters import ReportFilters, published_filters
from safeguarding.reports.selectors import voice
from tests.reports.test_figures import _closed_case


def _unknown(text: str) -> tuple[int, int | None] | None:
    if text == PRIMARY:
        return (1, 4)
    if text == SECONDARY:
        return (5, None)
    return None


def attack(tables: list[list[list[str]]], shared_last_row: bool = False, labels: bool = True) -> dict:
    """Bounds on every hidden cell. Each table: rows of cell texts, the last column the row
    totals and the last row the column totals. With `shared_last_row`, the tables' last rows are
    one and the same published force row (the analyst equates them)."""
    names, limits, rows, rhs = {}, [], [], []

    def var(t, r, c):
        if shared_last_row and r == len(tables[t]) - 1:
            t = "force"
        key = (t, r if t != "force" else -1, c)
        if key not in names:
            names[key] = len(names)
        return names[key]

    def term(t, r, c):
        text = tables[t][r][c]
        bound = _unknown(text)
        if bound is not None and not labels:
            bound = (0, 10**7)
        elif bound == (5, None):
            bound = (5, 10**7)
        if bound is None:
            return None, int(text.replace(",", ""))
        index = var(t, r, c)
        if index == len(limits):
            limits.append(bound)
        return index, 0

    equations = []
    for t, table in enumerate(tables):
        height, width = len(table), len(table[0])
        for r in range(height):
            equations.append(([(t, r, c) for c in range(width - 1)], (t, r, width - 1)))
        for c in range(width):
            equations.append(([(t, r, c) for r in range(height - 1)], (t, height - 1, c)))
    for parts, total in equations:
        coefficients, known = {}, 0
        for sign, cell in [*[(1, p) for p in parts], (-1, total)]:
            index, value = term(*cell)
            if index is None:
                known -= sign * value
            else:
                coefficients[index] = coefficients.get(index, 0) + sign
        if coefficients:
            rows.append(coefficients)
            rhs.append(known)
    size = len(limits)
    matrix = [[row.get(i, 0) for i in range(size)] for row in rows]
    bounds = {}
    for key, index in names.items():
        ends = []
        for sign in (1, -1):
            objective = [0] * size
            objective[index] = sign
            solved = linprog(
                objective,
                A_eq=matrix or None,
                b_eq=rhs or None,
                bounds=limits,
                options={"presolve": False},
            )
            assert solved.status == 0, solved.message
            ends.append(sign * solved.fun)
        bounds[key] = (ends[0], ends[1], None)
    return bounds


def assert_safe(tables, shared_last_row: bool = False) -> int:
    """Every "<5" cell: not pinned knowing the markers; at least 5 apart ignoring them."""
    aware = attack(tables, shared_last_row, labels=True)
    blind = attack(tables, shared_last_row, labels=False)
    small = 0
    for key in aware:
        text = _text(tables, key)
        if text != PRIMARY:
            continue
        small += 1
        low, high, _ = aware[key]
        assert high - low >= 1 - 1e-6, f"hidden cell {key} pinned to {low}"
        low, high, _ = blind[key]
        assert high - low >= 5 - 1e-6, f"hidden cell {key} narrowed to {low}..{high}"
    return small


def _text(tables, key):
    t, r, c = key
    if t == "force":
        return tables[0][-1][c]
    return tables[t][r][c]


def _texts(grid) -> list[list[str]]:
    return [[cell.text for cell in line] for line in grid]


def test_the_issues_row_seven_small_small_nine_is_no_longer_given_away():
    # 7 + <5 + <5 = 9 forced both hidden cells to be 1 under the old rule.
    grid = [[7, 1, 1, 9], [20, 6, 9, 35], [15, 0, 12, 27], [42, 7, 22, 71]]
    shown = _texts(suppress_grid(grid))
    assert shown[0][1] == shown[0][2] == PRIMARY
    assert_safe([shown])


def test_the_old_rule_would_have_failed_this_attack():
    # What the old rule published for that row (only the single-hidden-cell check): the attack
    # pins both hidden cells to 1, so the test above is not vacuous.
    published = [["7", PRIMARY, PRIMARY, "9"], ["20", "6", "9", "35"], ["15", "0", "12", "27"]]
    published.append(["42", "[c]", "22", "71"])
    published[1][1] = SECONDARY
    with pytest.raises(AssertionError):
        assert_safe([published])


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_with_many_small_counts_resist_the_attack(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(2, 6), rng.randint(2, 5)
    lines = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 30]) for _ in range(cols)] for _ in range(rows)]
    lines = [[*line, sum(line)] for line in lines]
    grid = [*lines, [sum(line[c] for line in lines) for c in range(cols + 1)]]
    shown = suppress_grid(grid)
    for r, line in enumerate(shown):
        for c, cell in enumerate(line):
            assert cell.hidden or cell.value == grid[r][c]
            assert not (0 < grid[r][c] < 5) or cell.text == PRIMARY
    assert_safe([_texts(shown)])


FILTER_COMBINATIONS = [
    # every period, district and case type an analyst might ask the voice report for
    (start, end, district, case_type)
    for start, end in [
        (dt.date(2026, 1, 1), dt.date(2026, 3, 1)),
        (dt.date(2026, 1, 1), dt.date(2026, 6, 1)),
        (dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 1)),
        (dt.date(2026, 5, 1), dt.date(2026, 6, 1)),
    ]
    for district in ("", "north", "south")
    for case_type in ("", CaseType.DOMESTIC_ABUSE, CaseType.SEX_OFFENDER)
]


@pytest.mark.django_db
def test_voice_downloads_over_every_filter_combination_reveal_no_hidden_count(districts):
    north, south = districts["north"], districts["south"]
    plan = [
        (north, CaseType.DOMESTIC_ABUSE, "2026-02-10", 7, 1, 1),
        (north, CaseType.SEX_OFFENDER, "2026-03-05", 3, 0, 6),
        (south, CaseType.DOMESTIC_ABUSE, "2026-02-20", 6, 2, 7),
        (south, CaseType.SEX_OFFENDER, "2026-05-10", 1, 1, 9),
        (north, CaseType.DOMESTIC_ABUSE, "2026-05-12", 12, 0, 2),
    ]
    for district, case_type, closed, views, not_able, nothing in plan:
        for _ in range(views):
            _closed_case(district, views="words", case_type=case_type, closed=closed)
        for _ in range(not_able):
            _closed_case(district, not_able="too_young", case_type=case_type, closed=closed)
        for _ in range(nothing):
            _closed_case(district, case_type=case_type, closed=closed)

    published: dict = {}
    for start, end, district, case_type in FILTER_COMBINATIONS:
        asked = ReportFilters(start, end, districts[district].pk if district else None, case_type)
        filters, _note = published_filters(asked)
        # Only whole quarters, force-wide: downloads are either identical or about disjoint
        # periods, so none can be subtracted from another.
        assert filters.district_id is None and filters.case_type == ""
        assert (filters.period_to.month - filters.period_from.month) == 2
        assert filters.period_from.month in (1, 4, 7, 10)
        report = voice.build(filters)
        texts = [
            [[cell.text for cell in row.cells[:4]] for row in table.rows]
            for table in report.tables
            if table.key in ("by_district", "by_case_type", "by_quarter")
        ]
        previous = published.setdefault(filters, texts)
        assert previous == texts
    assert len(published) == 2  # the two quarters
    hidden_small = 0
    for texts in published.values():
        hidden_small += assert_safe(texts, shared_last_row=True)
    assert hidden_small >= 4  # the data does have small counts to protect
