"""Foreign files read as records that remember their lines: a CSV row (its first line) or an XML
element (the line its value's element starts on), so every error names the line of the file
as it was sent."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from safeguarding.exchange.encodings import Undecodable, decode


class Unreadable(ValueError):
    """The file cannot be read at all; `line` says where."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass
class Element:
    tag: str
    line: int
    parent: "Element | None" = None
    children: list["Element"] = field(default_factory=list)
    text: str = ""

    def find(self, path: str) -> "Element | None":
        """A path relative to this element: names of children (the first of that name), '..' up."""
        node: Element | None = self
        for step in path.split("/"):
            if node is None:
                return None
            if step in ("", "."):
                continue
            if step == "..":
                node = node.parent
                continue
            node = next((c for c in node.children if c.tag == step), None)
        return node

    def all(self, path: str) -> list["Element"]:
        """Every element at a path of names below this one (the path's first name is this one's)."""
        steps = [s for s in path.split("/") if s]
        if not steps or steps[0] != self.tag:
            return []
        found = [self]
        for step in steps[1:]:
            found = [c for node in found for c in node.children if c.tag == step]
        return found


class Record:
    """One row to map: its file, its line, and its values by column (or XML path)."""

    def __init__(self, file: str, line: int):
        self.file = file
        self.line = line

    def get(self, name: str) -> tuple[str | None, int]:
        raise NotImplementedError


class CsvRecord(Record):
    def __init__(self, file: str, line: int, cells: dict[str, str]):
        super().__init__(file, line)
        self.cells = cells

    def get(self, name: str) -> tuple[str | None, int]:
        value = self.cells.get(name)
        return (None if value is None else value.strip()), self.line


class XmlRecord(Record):
    def __init__(self, file: str, element: Element):
        super().__init__(file, element.line)
        self.element = element

    def get(self, name: str) -> tuple[str | None, int]:
        found = self.element.find(name)
        if found is None:
            return "", self.line
        return found.text.strip(), found.line


@dataclass
class CsvFile:
    header: list[str]
    records: list[CsvRecord]


def read_csv(name: str, data: bytes, delimiter: str = ",") -> CsvFile:
    try:
        text = decode(data).text
    except Undecodable as refused:
        raise Unreadable(refused.line, f"cannot be read: {refused}") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise Unreadable(1, "empty file: no header line") from None
    except csv.Error as problem:
        raise Unreadable(1, f"malformed CSV: {problem}") from None
    records = []
    start = reader.line_num + 1
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                if len(row) != len(header):
                    raise Unreadable(start, f"{len(row)} values where the header has {len(header)}")
                records.append(CsvRecord(name, start, dict(zip(header, row, strict=True))))
            start = reader.line_num + 1
    except csv.Error as problem:
        raise Unreadable(start, f"malformed CSV: {problem}") from None
    return CsvFile(header, records)


def _local(tag: str) -> str:
    """A name without its namespace: the DfE files are read by local names."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def read_xml(data: bytes) -> Element:
    """An XML document as a tree of elements with their lines. A DOCTYPE is refused: these files
    have none, and refusing one rules out entity expansion (the 'billion laughs')."""
    parser = expat.ParserCreate(namespace_separator="}")
    root: list[Element] = []
    stack: list[Element] = []

    def start(tag, _attributes):
        element = Element(_local(tag), parser.CurrentLineNumber, stack[-1] if stack else None)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(_tag):
        stack.pop()

    def text(data):
        if stack:
            stack[-1].text += data

    def doctype(*_args):
        raise Unreadable(parser.CurrentLineNumber, "holds a DOCTYPE: refused (these files have none)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as problem:
        raise Unreadable(problem.lineno, f"malformed XML: {expat.errors.messages[problem.code]}") from None
    return root[0]


def xml_records(name: str, root: Element, path: str) -> Iterator[XmlRecord]:
    for element in root.all(path):
        yield XmlRecord(name, element)
