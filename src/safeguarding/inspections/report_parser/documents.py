"""One file, one report: find where a second report's cover begins, so reports are never merged.

A cover is a title line ("National Child Protection Inspections", "<Force> – National child
protection inspection post-inspection review", ...) followed within a few lines by a date: a
month and year alone on a line, or the inspection dates. Running page headers repeat the title
but are followed by prose, not by a date.
"""

import re

from .forces import forces_named_in
from .vocabulary import MONTH

TITLE = re.compile(
    r"(?:[A-Z][\w' &-]*\s*[–—-]\s*)?national\s+child\s+protection\s+(?:inspections?|re-?inspection)"
    r"(?:\s*(?:[–—-]\s*)?(?:post-inspection\s+review|re-?inspection)(?:\s+\d{4})?)?",
    re.IGNORECASE,
)
COVER_DATE = re.compile(
    rf"(?:\d{{1,2}}\s*(?:{MONTH})?\s*(?:\d{{4}})?\s*[-–—]\s*)?\d{{0,2}}\s*{MONTH}\s+\d{{4}}", re.I
)
INTRODUCES_FORCE = re.compile(
    r"(?:inspection of child protection (?:services|arrangements) (?:in|of)|inspected how well)"
    r"\s+(?P<rest>.{0,80})",
    re.I,
)


def split_reports(text: str) -> list[str]:
    """The report texts a file holds, in order (one item when it holds one report)."""
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [
        index for index, line in enumerate(lines) if TITLE.fullmatch(line.strip()) and _is_cover(lines, index)
    ]
    if len(starts) < 2:
        return [text]
    bounds = [0, *starts[1:], len(lines)]
    return ["\n".join(lines[start:end]) for start, end in zip(bounds, bounds[1:], strict=False)]


def _is_cover(lines: list[str], index: int) -> bool:
    following = [line.strip() for line in lines[index + 1 : index + 15] if line.strip()][:6]
    return any(COVER_DATE.fullmatch(line) or COVER_DATE.search(line) and len(line) < 80 for line in following)


def forces_introduced(text: str) -> list[str]:
    """Each force an introduction says was inspected ("an inspection of child protection services in X")."""
    named: list[str] = []
    for found in INTRODUCES_FORCE.finditer(text):
        for force in forces_named_in(found.group("rest")):
            if force not in named:
                named.append(force)
    return named
