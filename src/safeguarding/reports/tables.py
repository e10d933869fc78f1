"""The shape every report takes, so one template, one CSV writer and one PDF renderer serve all
five: a report is tables (rows of cells) and charts, built from aggregates only.

A cell may carry a `figure`: the parameters that select the cases behind it (for the drill-down
page, offered only to users who may see cases). A cell never carries a name, a date of birth,
an address or a case reference: only counts, rates and labels of groups.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from safeguarding.reports.disclosure import Shown


@dataclass
class Cell:
    text: str
    value: float | int | None = None  # None: nothing to publish (empty, or hidden)
    figure: dict[str, str] | None = None
    mark: str = ""  # "higher" / "lower": differs from the rest of the force beyond chance
    note: str = ""
    # For the small-count rule (reports.publish): "count" is a count of children, cases or
    # events; "derived" a rate, share, mean or ratio built from counts; `basis` the counts a
    # derived figure is built from when they are not shown beside it (never published).
    kind: str = ""
    basis: tuple[int, ...] = ()
    # A rate that gives its count away to anyone with the (public) population behind it: the
    # rule treats it as that count (basis[0]).
    reveals_count: bool = False

    @property
    def figure_query(self) -> str:
        return urlencode({f"f_{name}": value for name, value in (self.figure or {}).items()})

    @classmethod
    def count(cls, n: int | None, figure: dict | None = None) -> "Cell":
        if n is None:
            return cls("–")
        return cls(f"{n:,}", n, figure if n else None, kind="count")

    @classmethod
    def shown(cls, shown: Shown, figure: dict | None = None) -> "Cell":
        return cls(shown.text, shown.value, figure if shown.value != 0 else None, kind="count")

    @classmethod
    def percent(
        cls,
        value: float | None,
        figure: dict | None = None,
        *,
        mark: str = "",
        note: str = "",
        basis: tuple[int, ...] = (),
    ) -> "Cell":
        if value is None:
            return cls("–", None, None, note=note, kind="derived", basis=basis)
        return cls(
            f"{value:.1f}%", round(value, 1), figure, mark=mark, note=note, kind="derived", basis=basis
        )

    @classmethod
    def number(
        cls, value: float | None, unit: str = "", places: int = 1, *, basis: tuple[int, ...] = ()
    ) -> "Cell":
        if value is None:
            return cls("–", kind="derived", basis=basis)
        return cls(f"{value:,.{places}f}{unit}", round(value, places), kind="derived", basis=basis)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    heading: bool = False  # a total row, shown in bold


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]  # the first names the row labels
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    # The sums a reader can check, for the small-count rule (indices into a row's cells):
    # column_sums (total, parts): in every row, cells[total] == sum(cells[parts]);
    # row_sums (total, parts): in every column, rows[total] == sum(rows[parts]).
    column_sums: list[tuple[int, list[int]]] = field(default_factory=list)
    row_sums: list[tuple[int, list[int]]] = field(default_factory=list)
    # Columns are the units (districts) and rows the measures: a derived figure goes with the
    # counts of its column, not its row.
    by_column: bool = False


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line"
    labels: list[str]
    datasets: list[dict]  # {"label": str, "data": [number | None]}
    percent: bool = False
    reference: float | None = None  # a value to draw a line at (a ratio chart's 1 = the same rate)
    # For the small-count rule: the table cell (table key, row, column) each point of each dataset
    # shows, so a point is dropped where its cell is hidden. A chart without it is not published
    # to aggregate-only readers.
    cells: list[list[tuple[str, int, int]]] | None = None


@dataclass
class Report:
    slug: str
    title: str
    summary: str
    method: list[str]  # how the figures are counted, and any rule applied (stated on the page)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    period_label: str = ""
    suppressed: bool = False  # small counts hidden (the rule is stated at the top)
    # Sums across tables, for the small-count rule: (total, parts), each a (table key, row, column);
    # a figure published in two tables is a sum of one part.
    links: list[tuple[tuple[str, int, int], list[tuple[str, int, int]]]] = field(default_factory=list)


def rate(count: int | None, base: int | None) -> float | None:
    if count is None or not base:
        return None
    return 100 * count / base
