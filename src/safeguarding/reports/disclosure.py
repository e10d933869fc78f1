"""Small-count suppression for published tables, so that no child can be recognised.

The rule (stated on every page that applies it, see RULE):
1. Primary: a count from 1 to 4 is shown as "<5".
2. Secondary: wherever cells add up to a total shown on the page (a row to its row total, a
   column to its column total, the totals to the grand total), a line with exactly one hidden
   value would let a reader recover it by subtraction; so the smallest non-zero visible value
   of that line is hidden too, shown as "[c]". Repeated until no line has a single hidden value.
3. A percentage whose count or base is hidden is hidden.
"""

from dataclasses import dataclass

SMALL = 5
PRIMARY = f"<{SMALL}"
SECONDARY = "[c]"

RULE = (
    f"Counts from 1 to {SMALL - 1} are shown as “{PRIMARY}”. Where figures add up to a total shown "
    "on the page and only one of them would be hidden, the next smallest figure in that row or "
    f"column is hidden too (shown as “{SECONDARY}”), so a hidden count cannot be worked out by "
    "subtraction. Percentages built on a hidden count are not shown."
)


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


def suppress_grid(grid: list[list[int]]) -> list[list[Shown]]:
    """Suppress a table whose last column holds row totals and whose last row holds column
    totals (the bottom-right cell is the grand total). Returns the same shape."""
    rows, cols = len(grid), len(grid[0]) if grid else 0
    hidden = [[is_small(grid[r][c]) for c in range(cols)] for r in range(rows)]
    secondary: set[tuple[int, int]] = set()
    # lines: each row (cells then its total at the end), each column (cells then its total)
    lines = [[(r, c) for c in range(cols)] for r in range(rows)]
    lines += [[(r, c) for r in range(rows)] for c in range(cols)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            *parts, total = line
            if hidden[total[0]][total[1]] or len(parts) == 0:
                continue
            hidden_parts = [cell for cell in parts if hidden[cell[0]][cell[1]]]
            if len(hidden_parts) != 1:
                continue
            candidates = [
                cell for cell in parts if not hidden[cell[0]][cell[1]] and grid[cell[0]][cell[1]] > 0
            ]
            # Nothing else to hide in the line: the hidden value equals the total minus zeros,
            # so the total goes instead.
            target = min(candidates, key=lambda cell: grid[cell[0]][cell[1]]) if candidates else total
            hidden[target[0]][target[1]] = True
            secondary.add(target)
            changed = True
    return [
        [
            Shown(None, SECONDARY if (r, c) in secondary and not is_small(grid[r][c]) else PRIMARY)
            if hidden[r][c]
            else Shown(grid[r][c], f"{grid[r][c]:,}")
            for c in range(cols)
        ]
        for r in range(rows)
    ]


def suppress_one(n: int) -> Shown:
    """A count that adds up to nothing on the page (primary rule only)."""
    return Shown(None, PRIMARY) if is_small(n) else Shown(n, f"{n:,}")


def share(count: Shown, base: Shown) -> float | None:
    if count.hidden or base.hidden or not base.value:
        return None
    return round(100 * count.value / base.value, 1)  # type: ignore[operator]
