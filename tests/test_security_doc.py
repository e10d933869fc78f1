"""docs/security.md names the controls (files) and tests that cover each ASVS requirement. These
checks keep it honest: every test and file it names must exist, and every row of its tables must
be well formed, so the page cannot drift from the code and the suite."""

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "security.md"

# tests/<path>.py::test_name, tests/<path>.py::TestClass::test_name, with an optional [param].
NODE_ID = re.compile(r"(tests/[\w/]+\.py)((?:::\w+)+)(?:\[[^\]\s]*\])?")
REQUIREMENT_ROW = re.compile(r"^\|\s*(V\d+\.\d+\.\d+)\s*\|")
STATUSES = {"Met", "Met, untested", "Partial", "Gap", "Deployment", "N/A"}
# Every level-1 and level-2 requirement is listed; a level-3 one only when this data needs it.
LEVELS = {"1", "2", "**L3**"}


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


@cache
def _names_in(path: Path) -> frozenset[str]:
    """Every test a node id may name in this file: `func` and `Class::method`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}::{item.name}")
    return frozenset(names)


def referenced_tests(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)[2:]) for match in NODE_ID.finditer(text)]


def missing_tests(text: str) -> list[str]:
    missing = []
    for file, name in referenced_tests(text):
        path = ROOT / file
        if not path.is_file():
            missing.append(f"{file}::{name} (no such file)")
        elif not name.split("::")[-1].startswith("test"):
            missing.append(f"{file}::{name} (not a test name)")
        elif name not in _names_in(path):
            missing.append(f"{file}::{name} (no such test in the file)")
    return sorted(set(missing))


# A file named in backticks: from src/safeguarding/, or from the repository's root.
FILE = re.compile(r"`([\w./-]+\.(?:py|md|sql|sh|html|txt))`")
FILE_ROOTS = (ROOT / "src" / "safeguarding", ROOT)


def missing_files(text: str) -> list[str]:
    named = {name for name in FILE.findall(text) if not name.startswith("tests/")}
    return sorted(name for name in named if not any((root / name).is_file() for root in FILE_ROOTS))


def requirement_rows(text: str) -> list[list[str]]:
    """The rows of the chapter tables (from "## V1 " on), one list of cells each."""
    rows = []
    chapters = text[text.index("\n## V1 ") :]
    for line in chapters.splitlines():
        if REQUIREMENT_ROW.match(line):
            # Cells are separated by "|" outside backticks (a requirement may quote `a|b`).
            cells = [cell.strip() for cell in re.split(r"\|(?=(?:[^`]*`[^`]*`)*[^`]*$)", line)[1:-1]]
            rows.append(cells)
    return rows


def test_every_test_the_document_names_exists():
    assert referenced_tests(doc_text()), "docs/security.md names no tests: the pattern is broken"
    missing = missing_tests(doc_text())
    assert not missing, "docs/security.md names tests that do not exist:\n" + "\n".join(missing)


def test_every_file_the_document_names_exists():
    missing = missing_files(doc_text())
    assert not missing, "docs/security.md names files that do not exist:\n" + "\n".join(missing)


def test_a_missing_file_is_caught():
    assert missing_files("`access/middleware.py` `README.md` `access/no_such_module.py`") == [
        "access/no_such_module.py"
    ]


def test_a_missing_test_is_caught():
    text = (
        "`tests/test_security_doc.py::test_every_test_the_document_names_exists` "
        "`tests/test_security_doc.py::test_no_such_test` `tests/no_such_file.py::test_x`"
    )
    assert missing_tests(text) == [
        "tests/no_such_file.py::test_x (no such file)",
        "tests/test_security_doc.py::test_no_such_test (no such test in the file)",
    ]


def test_every_requirement_row_has_a_known_level_and_status_and_appears_once():
    rows = requirement_rows(doc_text())
    assert len(rows) > 200, "the ASVS table is missing rows"
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for row in rows:
        assert len(row) == 6, (
            f"{row[0]}: expected 6 cells (ID, L, requirement, status, how, test), got {len(row)}"
        )
        assert row[1] in LEVELS, f"{row[0]}: unknown level {row[1]!r}"
        assert row[3] in STATUSES, f"{row[0]}: unknown status {row[3]!r}"


def test_met_names_its_test_and_untested_names_none():
    for requirement, _level, _text, status, _how, tests in requirement_rows(doc_text()):
        if status == "Met" and not tests.startswith("a documentation requirement"):
            assert NODE_ID.search(tests), f"{requirement} is Met but names no test (say 'Met, untested')"
        if status == "Met, untested":
            assert not NODE_ID.search(tests), f"{requirement} names a test: is it Met?"


def test_every_asvs_chapter_has_its_table():
    text = doc_text()
    for chapter in range(1, 18):
        assert re.search(rf"^## V{chapter} ", text, re.MULTILINE), f"chapter V{chapter} is missing"


def test_every_level_3_row_is_in_the_summary_of_level_3_needs():
    text = doc_text()
    summary = text[text.index("## Level-3 requirements") : text.index("\n## V1 ")]
    listed = set(re.findall(r"^\| (V\d+\.\d+\.\d+)", summary, re.MULTILINE))
    marked = {row[0] for row in requirement_rows(text) if row[1] == "**L3**"}
    assert marked <= listed, sorted(marked - listed)


def test_the_summary_counts_are_the_tables_counts():
    text = doc_text()
    summary = text[text.index("## Summary") : text.index("## Level-3 requirements")]
    stated = {}
    for line in summary.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] in STATUSES:
            stated[cells[0]] = tuple(int(cell) for cell in cells[1:])
    counted = {status: [0, 0, 0] for status in STATUSES}
    for row in requirement_rows(text):
        counted[row[3]][["1", "2", "**L3**"].index(row[1])] += 1
    assert stated == {status: tuple(counts) for status, counts in counted.items()}
