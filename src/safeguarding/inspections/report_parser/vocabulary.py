"""The fixed vocabulary of National Child Protection Inspection reports.

Every force report is written to the same template: numbered chapters, the child's journey
stages as sub-headings of chapter 5, and recommendations grouped by timescale. These are the
words of that template (and of DOMAIN.md), not of any one force's report.
"""

import re

# The child's journey, in DOMAIN.md's words, with the spellings reports use for each heading.
STAGES = {
    "Initial contact": r"initial contact",
    "Assessment and help": r"assessment and help",
    "Investigation": r"investigations?",
    "Decision making": r"decision[- ]making",
    "Trusted adult": r"trusted adults?",
    "Managing those posing a risk": r"(?:managing|management of) those posing a risk(?: to children)?",
    "Police detention": r"police detention|children in (?:police )?detention",
}
# Headings open with a capital and carry no full stop, unlike a wrapped line of prose.
_STAGE_HEADINGS = {name: re.compile(rf"(?=[A-Z])(?i:{pattern})") for name, pattern in STAGES.items()}

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTH = r"(?:" + "|".join(MONTHS) + r")"

# "Immediately", "Within three months", "Within 6 months" as headings in the Recommendations chapter.
TIMESCALE_HEADING = re.compile(r"(?=[A-Z])(?i:immediately|immediate|within\s+[\w-]+(?:\s+[\w-]+)?\s+months?)")
# "8. Recommendations", "Annex B", "Chapter 4 - ...": the start of a numbered part of a report.
CHAPTER_HEADING = re.compile(
    r"(?:(?P<number>\d{1,2})\.\s+(?P<title>[A-Z][^.]{0,150})|Annex\s+[A-Z]\b.{0,150}|Chapter\s+\d+\b.{0,150})"
)
RECOMMENDATIONS_CHAPTER_TITLE = re.compile(r"recommendations", re.IGNORECASE)

TIMESCALE_PHRASE = (
    rf"(?i:immediately|within\s+[\w-]+(?:\s+[\w-]+)?\s+(?:days?|weeks?|months?|years?)"
    rf"|by\s+(?:the\s+end\s+of\s+)?(?:\d{{1,2}}\s+)?{MONTH}\s+\d{{4}})"
)
_WHO = (
    r"(?:(?i:all\s+)?(?i:the\s+)?(?i:chief\s+constables?|forces?|constabulary|police\s+force)"
    r"|[A-Z][\w'&-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w'&-]*)*\s+(?:Police(?:\s+Service)?|Constabulary))"
)
# Every wording a recommendation opens with: "We recommend ...", "HMICFRS recommends that ...",
# "Within three months, <force> should ...", "<Force> should, within six months, ...".
WE_RECOMMEND = re.compile(
    r"(?i:we\s+recommend|(?:hmicfrs|hmic|hmi|the\s+inspectorate|his\s+majesty's\s+inspector\w*(?:\s+of\s+[\w&\s]+?)?)\s+recommends?)\b"
    rf"|{TIMESCALE_PHRASE}\s*,?\s+{_WHO}\b[^.]{{0,80}}?\bshould\b"
    rf"|{_WHO}\s+should\s*,?\s+{TIMESCALE_PHRASE}"
)


def stage_named(line: str) -> str | None:
    """The journey stage a heading line names, or None when it is not a stage heading."""
    line = line.strip()
    for name, pattern in _STAGE_HEADINGS.items():
        if pattern.fullmatch(line):
            return name
    return None


def is_timescale_heading(line: str) -> bool:
    return bool(TIMESCALE_HEADING.fullmatch(line.strip()))


def chapter_heading(line: str) -> re.Match | None:
    """A numbered chapter or annex heading (not a contents entry, which ends in a page number)."""
    line = line.strip()
    if re.search(r"(?:\.{2,}|\t)\s*\d+$|\s\d+$", line):
        return None
    return CHAPTER_HEADING.fullmatch(line)
