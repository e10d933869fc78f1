"""Parse a National Child Protection Inspection report on one force.

Everything is read from the report template's structure: the cover (force, inspection dates,
month of publication), the opening paragraph of the findings chapter (case grades), the table
of case types in Annex A, and the "We recommend" sentences. A figure the text does not state
comes out as None; nothing is derived.
"""

import re

from .grades import sentences_of
from .later_report import (
    read_force,
    read_later_parts,
    report_type_of,
    reviewed_inspection_year,
    scale_of,
    unread_recommendation_sentences,
)
from .number_words import NUMBER_PATTERN, numbers_in, words_to_int
from .recommendations import parse_recommendations
from .text import Block, clean_lines, collapse_spaces, normalise_characters, report_blocks
from .vocabulary import MONTH, MONTHS, chapter_heading

FORCE_NAME = r"[A-Z][\w&'.,\- ]*?\b(?:Police(?: Service)?|Constabulary)"
# "15-29 August 2014", "30 June - 11 July 2014", "28 July 2014 - 8 August 2014".
DATE_RANGE = re.compile(
    rf"\b(?P<start_day>\d{{1,2}})(?:\s+(?P<start_month>{MONTH}))?(?:\s+(?P<start_year>\d{{4}}))?"
    rf"\s*(?:-|–|—|to)\s*(?P<end_day>\d{{1,2}})\s+(?P<end_month>{MONTH})\s+(?P<end_year>\d{{4}})\b",
    re.IGNORECASE,
)
MONTH_YEAR_LINE = re.compile(rf"(?P<month>{MONTH})\s+(?P<year>\d{{4}})", re.IGNORECASE)
# The web template's cover: "Published on: 11 May 2022".
PUBLISHED_ON = re.compile(
    rf"published(?:\s+on)?:?\s+(?:\d{{1,2}}\s+)?(?P<month>{MONTH})\s+(?P<year>\d{{4}})", re.I
)
CASE_FILE_HEADING = re.compile(
    r"(?:\d+\.\s+)?(?:results of (?:the )?case file (?:reviews?|audits?)|"
    r"case file (?:analysis|audits?|reviews?)|breakdown of case file audit results.*)",
    re.IGNORECASE,
)
COVER_ENDS = re.compile(r"(?:foreword|contents)\b", re.IGNORECASE)
GRADES = (  # longest first: "inadequate" contains "adequate"
    ("requires_improvement", r"requir\w*\s+improvement|needing improvement|needs improvement"),
    ("inadequate", r"inadequate"),
    ("adequate", r"adequate"),
    ("good", r"good"),
)
GRADE_WORD = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in GRADES), re.IGNORECASE)
CASES = r"(?:self-assessed\s+)?cases"
CASE_TYPE_HEADER = re.compile(r"type of case\b.*\bnumber of cases", re.IGNORECASE)


def parse_force_report(text: str, extra_forces: tuple[str, ...] = ()) -> dict:
    """Everything a force report states; `extra_forces` are bodies to accept beside the list
    (the installation's own force)."""
    blocks = report_blocks(text)
    cover = _cover_lines(text)
    summary = _audit_summary(blocks)
    legacy = parse_case_assessments(summary)
    recommendations = parse_recommendations(blocks)
    legacy_sentences = {
        sentence for block in blocks for sentence in sentences_of(block.text) if sentence in summary
    }
    later = read_later_parts(
        blocks,
        recommendations,
        legacy_sentences if legacy else set(),
        [collapse_spaces(x) for x in clean_lines(text)],
    )
    force = read_force(blocks, cover, text, extra_forces)
    head = "\n".join(cover) + "\n" + text[:3000]
    report_type = report_type_of(head, later["topic_grades"])
    if report_type in ("post_inspection_review", "re_inspection"):
        # Inspectors' audit at a review is a re-audit of the force's practice since the inspection.
        for reading in later["grades"]:
            if reading["assessor"] == "inspectors":
                reading["assessor"] = "re-audit"
    grades = [_legacy_grade(item, summary) for item in legacy] + later["grades"]
    warnings = later["warnings"]
    for sentence in unread_recommendation_sentences(blocks):
        warnings.append(
            {
                "code": "recommendation-not-read",
                "message": "A sentence that reads like a recommendation was not read",
                "source": sentence,
            }
        )
    case_file_headings = [
        block.text for block in blocks if len(block.text) < 120 and CASE_FILE_HEADING.fullmatch(block.text)
    ]
    if case_file_headings and not grades:
        warnings.append(
            {
                "code": "section-not-understood",
                "message": "A case file section was found but no grades were read from it",
                "source": case_file_headings[0],
            }
        )  # noqa: E501
    if not grades and not later["topic_grades"]:
        warnings.append(
            {
                "code": "no-grades",
                "message": "No case grades or topic grades were read from this report",
                "source": "",
            }
        )
    if (
        not recommendations
        and re.search(r"\brecommend", text, re.IGNORECASE)
        and report_type != "post_inspection_review"
    ):
        warnings.append(
            {
                "code": "no-recommendations",
                "message": "The report speaks of recommendations but none was read",
                "source": "",
            }
        )
    return {
        "force": force["force"] or force["named"],
        "inspection": _inspection_dates(cover),
        "published": _published(cover),
        "case_assessments": legacy
        or [_as_case_assessment(grade) for grade in later["grades"] if grade["scope"] == "summary"],
        "case_types": parse_case_types(text),
        "recommendations": recommendations,
        "force_listed": force["force"] is not None,
        "report_type": report_type,
        "scale": scale_of(report_type, later["grades"], later["topic_grades"], bool(legacy)),
        "reviews_inspection_year": reviewed_inspection_year(text)
        if report_type in ("post_inspection_review", "re_inspection")
        else None,
        "grades": grades,
        "topic_grades": later["topic_grades"],
        "causes_of_concern": later["causes_of_concern"],
        "areas_for_improvement": later["areas_for_improvement"],
        "review_findings": later["review_findings"],
        "warnings": warnings,
    }


def _legacy_grade(item: dict, summary: str) -> dict:
    counts = {
        name: item[name]
        for name in ("good", "adequate", "requires_improvement", "inadequate")
        if item[name] is not None
    }
    return {
        "assessor": item["assessor"],
        "scope": item["scope"],
        "cases": item["cases"],
        "counts": counts,
        "shares": {},
        "combined": [],
        "source": summary,
    }


def _as_case_assessment(grade: dict) -> dict:
    """A later reading in the 2014-15 shape, so the national picture can fold it."""
    scope = {"force": "self-assessed", "inspectors": "sample", "re-audit": "re-audit"}[grade["assessor"]]
    return {
        "assessor": grade["assessor"],
        "scope": scope,
        "cases": grade["cases"],
        **{
            name: grade["counts"].get(name)
            for name in ("good", "adequate", "requires_improvement", "inadequate")
        },
        # Held beside the counts, never turned into them.
        "combined": grade["combined"],
        "shares": grade["shares"],
        "source": grade["source"],
    }


# --- The cover: force, inspection dates, publication month -------------------------------------


def _cover_lines(text: str) -> list[str]:
    """The title page: every line before the foreword, contents or first chapter."""
    cover = []
    for line in normalise_characters(text).split("\n"):
        stripped = collapse_spaces(line)
        if COVER_ENDS.match(stripped) or chapter_heading(stripped):
            break
        if stripped:
            cover.append(stripped)
    return cover


def _force_name(blocks: list[Block], cover: list[str]) -> str | None:
    # The introduction names the force in every report: "... child protection services in X Police".
    for block in blocks:
        found = re.search(
            rf"child protection (?:services|arrangements) (?:in|of|for) (?P<force>{FORCE_NAME})", block.text
        )
        if found:
            return found.group("force")
    for line in cover:
        found = re.match(rf"(?P<force>{FORCE_NAME})", line)
        if found and "inspection" not in found.group("force").lower():
            return found.group("force")
    return None


def _inspection_dates(cover: list[str]) -> dict:
    found = DATE_RANGE.search(" ".join(cover))
    if not found:
        return {"start": None, "end": None}
    end_month = MONTHS[found.group("end_month").lower()]
    start_month = MONTHS[found.group("start_month").lower()] if found.group("start_month") else end_month
    end_year = int(found.group("end_year"))
    start_year = int(found.group("start_year") or end_year)
    return {
        "start": f"{start_year:04d}-{start_month:02d}-{int(found.group('start_day')):02d}",
        "end": f"{end_year:04d}-{end_month:02d}-{int(found.group('end_day')):02d}",
    }


def _published(cover: list[str]) -> str | None:
    """The cover's line that is only a month and year is the publication date."""
    for line in cover:
        found = MONTH_YEAR_LINE.fullmatch(line) or PUBLISHED_ON.fullmatch(line)
        if found:
            return f"{int(found.group('year')):04d}-{MONTHS[found.group('month').lower()]:02d}"
    return None


# --- Case grades from the findings chapter's opening paragraph ----------------------------------


def _audit_summary(blocks: list[Block]) -> str:
    """The paragraphs between the findings chapter heading and its first journey stage."""
    first_stage = next((i for i, block in enumerate(blocks) if block.kind == "stage"), None)
    if first_stage is None:
        return ""
    start = first_stage
    while start > 0 and blocks[start - 1].kind != "chapter":
        start -= 1
    return " ".join(block.text for block in blocks[start:first_stage] if block.kind == "paragraph")


def parse_case_assessments(summary: str) -> list[dict]:
    """Grades given by the force's self-assessors and by inspectors, per sample of cases.

    The paragraph tells three stories in turn: the force graded its own sample, inspectors
    graded the same sample, inspectors graded a further sample. A sentence that introduces
    one of them switches the context; grade counts in later clauses belong to it.
    """
    self_assessed_sample = _first_count(rf"(?P<count>{{n}})\s+{CASES}", summary)
    assessments: dict[tuple[str, str], dict] = {}
    current = None
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z0-9])", summary):
        switch = _context_of(sentence, self_assessed_sample)
        if switch:
            key, cases = switch
            current = assessments.setdefault(key, _empty_assessment(*key, cases))
        if current is not None:
            _read_grade_counts(sentence, current)
    order = [("force", "self-assessed"), ("inspectors", "self-assessed"), ("inspectors", "further")]
    return [assessments[key] for key in order if key in assessments]


def _context_of(sentence: str, self_assessed_sample: int | None) -> tuple[tuple[str, str], int | None] | None:
    if further := _first_count(r"further\s+(?P<count>{n})\s+cases", sentence):
        return ("inspectors", "further"), further
    if re.search(r"\bfurther\b.*\bcases\b", sentence, re.IGNORECASE):
        return ("inspectors", "further"), None
    by_inspectors = re.search(r"\b(?:inspectors|HMIC)\b", sentence, re.IGNORECASE)
    if by_inspectors and re.search(r"self-assessed|these cases|the same cases", sentence, re.IGNORECASE):
        return ("inspectors", "self-assessed"), _first_count(r"all\s+(?P<count>{n})\s+cases", sentence) or (
            self_assessed_sample
        )
    if not by_inspectors and re.search(
        r"force assessors|by the force|self-assessors|the force (?:rated|graded|"
        r"assessed|judged|viewed)",
        sentence,
        re.IGNORECASE,
    ):
        return ("force", "self-assessed"), self_assessed_sample
    return None


def _empty_assessment(assessor: str, scope: str, cases: int | None) -> dict:
    return {
        "assessor": assessor,
        "scope": scope,
        "cases": cases,
        "good": None,
        "adequate": None,
        "requires_improvement": None,
        "inadequate": None,
    }


def _read_grade_counts(sentence: str, assessment: dict) -> None:
    """Each clause pairs one grade with one count: "17 adequate", "adequate in 7", "rating 7 as good"."""
    for clause in re.split(r",|;|\band\b|\bbut\b|\bwhile\b|\bwhereas\b", sentence):
        grade = GRADE_WORD.search(clause)
        if not grade:
            continue
        name = grade.lastgroup
        count = _count_next_to(clause, grade.start())
        if count is not None and assessment[name] is None:
            assessment[name] = count


def _count_next_to(clause: str, grade_at: int) -> int | None:
    """The count nearest the grade word, ignoring a sample size ("17 of the 33 cases")."""
    candidates = [
        (abs(start - grade_at), value)
        for value, start, end in numbers_in(clause)
        if not re.search(r"(?:of the|all|further)\s*$", clause[:start], re.IGNORECASE)
        and not re.match(r"-year", clause[end:])
    ]
    return min(candidates)[1] if candidates else None


def _first_count(pattern: str, text: str) -> int | None:
    """The count captured as "count" by a pattern whose "{n}" stands for a number."""
    found = re.search(pattern.replace("{n}", f"(?:{NUMBER_PATTERN.pattern})"), text, re.IGNORECASE)
    return words_to_int(found.group("count")) if found else None


# --- Annex A: the types of the self-assessed cases ----------------------------------------------


def parse_case_types(text: str) -> dict[str, int]:
    """The "Type of case / Number of cases" table, whose rows may wrap over several lines.

    A wrapped row's count can sit alone on a line, like a page number. A bare number counts
    only when a row name is waiting for it and the name does not go on after it (a page
    break inside the row).
    """
    lines = [collapse_spaces(line) for line in clean_lines(text, keep_bare_numbers=True)]
    start = next((i for i, line in enumerate(lines) if CASE_TYPE_HEADER.fullmatch(line)), None)
    if start is None:
        return {}
    rows = [line for line in lines[start + 1 :] if line]
    case_types: dict[str, int] = {}
    pending = ""
    for index, line in enumerate(rows):
        if chapter_heading(line) or re.match(r"annex\b", line, re.IGNORECASE) or len(pending) > 200:
            break
        row = re.fullmatch(r"(?P<name>.*?)\s*(?P<count>\d+)", line)
        name = collapse_spaces(f"{pending} {row.group('name')}") if row else ""
        following = rows[index + 1] if index + 1 < len(rows) else ""
        if row and row.group("name") == "" and following[:1].islower():
            continue  # a page number between two halves of a row name
        if row:
            if name:
                case_types[name] = int(row.group("count"))
            pending = ""
        else:
            pending = f"{pending} {line}"
    return case_types
