"""The rows of one entity, held column by column while they are read, checked and loaded."""

from safeguarding.exchange.formats import EntityFormat


class Table:
    """One entity's rows, column by column: the file and line each row came from, its values, and
    which rows are refused (bad) or wait for a match review (deferred). Checks work on whole
    columns; a row is only an index into them."""

    def __init__(self, entity: EntityFormat):
        self.entity = entity
        self.index = {c.name: i for i, c in enumerate(entity.columns)}
        self.files: list[str] = []
        self.lines: list[int] = []
        self.columns: list[list] = [[] for _ in entity.columns]
        self.bad: set[int] = set()
        self.deferred: set[int] = set()

    def __len__(self) -> int:
        return len(self.lines)

    def add(self, file: str, lines: list[int], columns: list[list], bad: set[int]) -> None:
        start = len(self.lines)
        self.files += [file] * len(lines)
        if not start:
            self.lines, self.columns = list(lines), [list(c) if isinstance(c, tuple) else c for c in columns]
            self.bad = set(bad)
            return
        self.lines += lines
        for mine, theirs in zip(self.columns, columns, strict=True):
            mine += theirs
        self.bad.update(start + k for k in bad)

    def column(self, name: str) -> list:
        return self.columns[self.index[name]]

    def good(self) -> list[int] | None:
        """The rows not refused, or None when that is every row."""
        if not self.bad:
            return None
        return [k for k in range(len(self.lines)) if k not in self.bad]

    def loadable(self) -> list[int] | None:
        """The rows to load (neither refused nor deferred), or None when that is every row."""
        if not self.bad and not self.deferred:
            return None
        return [k for k in range(len(self.lines)) if k not in self.bad and k not in self.deferred]

    def pick(self, name: str, rows: list[int] | None) -> list:
        values = self.column(name)
        return values if rows is None else list(map(values.__getitem__, rows))

    def keys(self, names: tuple[str, ...], rows: list[int] | None = None) -> list[tuple]:
        return list(zip(*(self.pick(n, rows) for n in names), strict=True))

    def values(self, k: int) -> list:
        return [column[k] for column in self.columns]


def rows_of(rows: list[int] | None, size: int) -> list[int] | range:
    """The rows a Table method gave (None meaning every one of `size`)."""
    return range(size) if rows is None else rows
