"""Small-count suppression for published figures, so that no child can be recognised.

One rule for every output an aggregate-only reader sees (report pages, their CSV and PDF, the
indicators CSV, the aggregate API), stated on every page that applies it (see RULE):

1. Primary: a count from 1 to 4 is shown as "<5".
2. Secondary (complementary): the figures a reader gets form linear equations (parts adding up
   to a total shown in the same output, or in another table of it). A reader can bound every
   hidden count by linear programming over those equations. A hidden small count is *protected*
   when (a) ignoring the markers, its bounds are at least the threshold (5) apart, and (b) using
   the markers ("<5" is 1 to 4, "[c]" is 5 or more), it is still not pinned to one value. Until
   every hidden small count is protected, the smallest non-zero figure shown in an equation that
   holds an exposed count is hidden too, shown as "[c]" (a total only when nothing else in the
   equation is left), widening to linked equations when those are all hidden already.
3. A percentage or interval whose count or base is hidden is hidden.

Outputs that could be subtracted from one another (one period minus an overlapping one, all
districts minus one district) are prevented where they are offered: see `reports.filters`
(`published_filters`) and the indicators CSV.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

SMALL = 5
PRIMARY = f"<{SMALL}"
SECONDARY = "[c]"

RULE = (
    f"Counts from 1 to {SMALL - 1} are shown as “{PRIMARY}”. Where figures add up to a total shown "
    "in this output, further figures are hidden (shown as “"
    f"{SECONDARY}”) until no hidden count can be worked out, or narrowed, from the totals, rows, "
    "columns or other tables by subtraction or any other arithmetic. Percentages and intervals "
    "built on a hidden count are not shown."
)

Key = Hashable
Equation = tuple[Key, Sequence[Key]]  # (total, parts): value[total] == sum(value[part])


@dataclass
class Shown:
    """One count after suppression: `value` is None when hidden (and must not be published)."""

    value: int | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.value is None


def is_small(n: int) -> bool:
    return 0 < n < SMALL


CAP = 10**7  # an upper limit on any count, so that every bound is finite


def hidden_bounds(
    values: dict[Key, int],
    hidden: set[Key],
    primary: set[Key],
    equations: Iterable[Equation],
    *,
    labels: bool = True,
) -> dict[Key, tuple[float, float]]:
    """What a reader can infer: the lowest and highest value of each hidden figure consistent
    with every published figure and equation (linear programming, HiGHS). With `labels`, the
    reader uses the markers ("<5" is 1 to 4, "[c]" is 5 or more); without, only that a hidden
    count is not negative."""
    from scipy.optimize import linprog  # imported here: only suppressed outputs pay for it

    order = sorted(hidden, key=repr)
    if not order:
        return {}
    index = {key: i for i, key in enumerate(order)}
    rows, rhs = [], []
    for total, parts in equations:
        members = [(part, 1.0) for part in parts] + [(total, -1.0)]
        if not any(key in index for key, _ in members):
            continue
        row = [0.0] * len(order)
        known = 0.0
        for key, sign in members:
            if key in index:
                row[index[key]] += sign
            else:
                known -= sign * values[key]
        rows.append(row)
        rhs.append(known)
    if labels:
        limits = [(1, SMALL - 1) if key in primary else (SMALL, CAP) for key in order]
    else:
        limits = [(0, CAP)] * len(order)
    result: dict[Key, tuple[float, float]] = {}
    for key in order:
        objective = [0.0] * len(order)
        ends = []
        for sign in (1.0, -1.0):
            objective[index[key]] = sign
            solved = linprog(
                objective,
                A_eq=rows or None,
                b_eq=rhs or None,
                bounds=limits,
                method="highs",
                options={"presolve": False},  # HiGHS's presolve can misreport these as infeasible
            )
            if solved.status != 0:
                raise RuntimeError(f"disclosure check failed: {solved.message}")
            ends.append(sign * solved.fun)
        result[key] = (ends[0], ends[1])
    return result


def exposed_cells(
    values: dict[Key, int], hidden: set[Key], primary: set[Key], equations: Sequence[Equation]
) -> list[Key]:
    """The hidden small counts a reader could narrow: pinned to one value knowing the markers,
    or, ignoring the markers, bounded within a range narrower than the threshold."""
    aware = hidden_bounds(values, hidden, primary, equations, labels=True)
    blind = hidden_bounds(values, hidden, primary, equations, labels=False)
    return [
        key
        for key in sorted(primary, key=repr)
        if aware[key][1] - aware[key][0] < 1 - 1e-6 or blind[key][1] - blind[key][0] < SMALL - 1e-6
    ]


def _single_hidden_pass(values, hidden, secondary, equations) -> None:
    """The quick part: an equation with exactly one hidden member gives it away by subtraction,
    so its smallest non-zero shown part (or, if none, its total) is hidden too. Repeated."""
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            members = [*parts, total]
            if sum(key in hidden for key in members) != 1:
                continue
            target = _complement(values, hidden, [(total, parts)])
            if target is None:
                continue
            hidden.add(target)
            secondary.add(target)
            changed = True


def _complement(values, hidden, equations) -> Key | None:
    parts = [part for _, members in equations for part in members if part not in hidden and values[part] > 0]
    if parts:
        return min(parts, key=lambda key: (values[key], repr(key)))
    totals = [total for total, _ in equations if total not in hidden and values[total] > 0]
    if totals:
        return min(totals, key=lambda key: (values[key], repr(key)))
    return None


def protect(values: dict[Key, int], equations: Sequence[Equation]) -> dict[Key, Shown]:
    """Apply the rule to a set of linked figures: `values` every published count by key,
    `equations` every sum a reader can check (within and between the tables of one output)."""
    equations = [(total, list(parts)) for total, parts in equations if parts]
    primary = {key for key, value in values.items() if is_small(value)}
    hidden = set(primary)
    secondary: set[Key] = set()
    _single_hidden_pass(values, hidden, secondary, equations)
    while primary:
        exposed = exposed_cells(values, hidden, primary, equations)
        if not exposed:
            break
        target = None
        # Widen from the exposed cell outwards: the equations that hold it, then those that
        # hold a hidden cell linked to it, until one still shows a figure to hide.
        frontier, seen = {exposed[0]}, set()
        while target is None and frontier:
            seen |= frontier
            touching = [eq for eq in equations if any(k in frontier for k in [eq[0], *eq[1]])]
            target = _complement(values, hidden, touching)
            frontier = {k for eq in touching for k in [eq[0], *eq[1]] if k in hidden} - seen
        if target is None:
            break  # every linked figure is already hidden: nothing left to learn from
        hidden.add(target)
        secondary.add(target)
        _single_hidden_pass(values, hidden, secondary, equations)
    return {
        key: Shown(None, PRIMARY if key in primary else SECONDARY)
        if key in hidden
        else Shown(value, f"{value:,}")
        for key, value in values.items()
    }


def grid_equations(rows: int, cols: int, prefix: tuple = ()) -> list[Equation]:
    """A table whose last column holds row totals and whose last row holds column totals."""
    equations: list[Equation] = []
    for r in range(rows if cols > 1 else 0):
        equations.append(((*prefix, r, cols - 1), [(*prefix, r, c) for c in range(cols - 1)]))
    for c in range(cols if rows > 1 else 0):
        equations.append(((*prefix, rows - 1, c), [(*prefix, r, c) for r in range(rows - 1)]))
    return equations


def suppress_grid(grid: list[list[int]]) -> list[list[Shown]]:
    """Suppress a table whose last column holds row totals and whose last row holds column
    totals (the bottom-right cell is the grand total). Returns the same shape."""
    rows, cols = len(grid), len(grid[0]) if grid else 0
    values = {(r, c): grid[r][c] for r in range(rows) for c in range(cols)}
    shown = protect(values, grid_equations(rows, cols))
    return [[shown[(r, c)] for c in range(cols)] for r in range(rows)]


def suppress_one(n: int) -> Shown:
    """A count that adds up to nothing in the output (primary rule only)."""
    return Shown(None, PRIMARY) if is_small(n) else Shown(n, f"{n:,}")


def share(count: Shown, base: Shown) -> float | None:
    if count.hidden or base.hidden or not base.value:
        return None
    return round(100 * count.value / base.value, 1)  # type: ignore[operator]
