"""The small-count rule applied to a report built with exact figures, for readers who see
aggregates only (the PCC analyst, and whatever they publish): page, CSV, PDF and the aggregate
API all take the report from here, so they show the same hidden cells.

The counts of every table are one set of linked figures (reports.disclosure.protect): the sums
each table declares (`Table.column_sums`, `Table.row_sums`) and the figures published in two
tables (`Report.links`) are the equations a reader can use. A rate, share, mean, ratio or interval
is hidden when a count it is built from (`Cell.basis`) is small, or when any count of its row (of
its column, for tables whose columns are the units) is hidden. A chart point goes with its cell;
a chart that does not say which cells it shows is left out.
"""

from dataclasses import dataclass, replace

from safeguarding.reports.disclosure import SECONDARY, Equation, Key, Shown, is_small, protect
from safeguarding.reports.tables import Cell, Report, Row, Table

HIDDEN_DERIVED = SECONDARY
CHART_LEFT_OUT = "Some charts are left out of this published version: they would show hidden figures."


@dataclass
class Linked:
    """The counts of a report and the equations between them, as the rule sees them."""

    values: dict[Key, int]
    equations: list[Equation]


def linked_counts(report: Report) -> Linked:
    values: dict[Key, int] = {}
    for table in report.tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell.kind == "count" and isinstance(cell.value, int):
                    values[(table.key, r, c)] = cell.value
                elif cell.reveals_count and cell.basis:
                    values[(table.key, r, c)] = cell.basis[0]
    equations: list[Equation] = []

    def add(total: Key, parts: list[Key]) -> None:
        if total in values and parts and all(part in values for part in parts):
            equations.append((total, parts))

    for table in report.tables:
        width = max((len(row.cells) for row in table.rows), default=0)
        for total, parts in table.column_sums:
            for r in range(len(table.rows)):
                add((table.key, r, total), [(table.key, r, p) for p in parts])
        for total, parts in table.row_sums:
            for c in range(width):
                add((table.key, total, c), [(table.key, p, c) for p in parts])
    for linked_total, linked_parts in report.links:
        add(linked_total, list(linked_parts))
    return Linked(values, equations)


def _derived_hidden(table: Table, r: int, cell: Cell, hidden: set[Key], c: int) -> bool:
    if any(is_small(n) for n in cell.basis):
        return True
    if table.by_column:
        return any((table.key, rr, c) in hidden for rr in range(len(table.rows)))
    return any((table.key, r, cc) in hidden for cc in range(len(table.rows[r].cells)))


def _published_cell(
    table: Table, r: int, c: int, cell: Cell, shown: dict[Key, Shown], hidden: set[Key]
) -> Cell:
    key = (table.key, r, c)
    if key in shown:
        if not shown[key].hidden:
            return cell
        text = shown[key].text if cell.kind == "count" else HIDDEN_DERIVED
        return replace(cell, text=text, value=None, figure=None, note="", mark="")
    if cell.kind == "count" or cell.text in ("", "–"):
        return cell
    # a derived figure (or any other figure in the table): its counts are never published
    cleared = replace(cell, note="" if cell.basis else cell.note)
    if _derived_hidden(table, r, cell, hidden, c):
        return replace(cleared, text=HIDDEN_DERIVED, value=None, figure=None, note="", mark="")
    return cleared


def publish(report: Report) -> Report:
    """The report as an aggregate-only reader may see it (a new Report; `report` is unchanged)."""
    if report.suppressed:
        return report  # suppressed where it was built (the voice report)
    linked = linked_counts(report)
    shown = protect(linked.values, linked.equations)
    hidden = {key for key, figure in shown.items() if figure.hidden}
    tables = []
    for table in report.tables:
        rows = [
            Row(
                row.label,
                [_published_cell(table, r, c, cell, shown, hidden) for c, cell in enumerate(row.cells)],
                row.heading,
            )
            for r, row in enumerate(table.rows)
        ]
        tables.append(replace(table, rows=rows))
    by_key = {table.key: table for table in tables}
    charts, left_out = [], False
    for chart in report.charts:
        if chart.cells is None:
            left_out = True
            continue
        datasets = [
            {
                **dataset,
                "data": [by_key[t].rows[r].cells[c].value if t in by_key else None for t, r, c in references],
            }
            for dataset, references in zip(chart.datasets, chart.cells, strict=True)
        ]
        charts.append(replace(chart, datasets=datasets))
    method = list(report.method)
    if left_out:
        method.append(CHART_LEFT_OUT)
    return replace(report, tables=tables, charts=charts, method=method, suppressed=True)
