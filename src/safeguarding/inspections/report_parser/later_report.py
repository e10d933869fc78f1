"""What the later templates add to a force report, and everything the importer could not read.

Run over the same blocks as the 2014-15 reader: the report's type (inspection, post-inspection
review, re-inspection, 2024 framework), grade sentences anywhere in the report, topic grades,
causes of concern and areas for improvement, review findings on earlier recommendations, and
warnings for every sentence with figures that was not placed. Nothing here is silent: what is
not read is listed.
"""

import re

from .forces import candidate_names, canonical_force, forces_named_in
from .grades import (
    GOES_ON,
    GRADE,
    is_grading_sentence,
    read_grading_sentence,
    sentences_of,
    stated_sample,
    vague_share,
)
from .recommendations import timescale_stated_in
from .standards import suggest_standards
from .text import Block, join_wrapped
from .vocabulary import WE_RECOMMEND

SCALE_2014 = "4-point-2014"  # good / adequate / requires improvement / inadequate
SCALE_2016 = "3-point-2016"  # good / requires improvement / inadequate
SCALE_2024 = "5-point-2024"  # outstanding / good / adequate / requires improvement / inadequate (topics)

TOPICS = {
    "leadership": r"leadership(?:,?\s+(?:management\s+)?(?:and\s+)?governance)?",
    "partnership working": r"partnership\s+working|working\s+with\s+partners",
    "initial response": r"initial\s+(?:response|contact)",
    "risk assessment and referral": r"risk\s+assessment\s+and\s+referral",
    "investigation": r"investigations?",
    "overall": r"overall\s+effectiveness|overall",
}
_TOPIC = "|".join(f"(?P<t{index}>{pattern})" for index, pattern in enumerate(TOPICS.values()))
_GRADE_WORDS = r"outstanding|good|adequate|requires?\s+improvement|inadequate"
TOPIC_GRADE = [
    re.compile(rf"^(?:{_TOPIC})\s*(?:[:–-]\s*|\s+)(?:grade\s*:?\s*)?(?P<grade>{_GRADE_WORDS})\.?$", re.I),
    re.compile(
        rf"\b(?:graded|judged|assessed|rated|found)\s+(?:the\s+(?:force|constabulary)(?:'s)?\s+)?"
        rf"(?:(?:approach|response|performance|effectiveness)\s+(?:to|for|in|at)\s+)?(?:{_TOPIC})\s+"
        rf"(?:as|to\s+be)\s+(?P<grade>{_GRADE_WORDS})\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:{_TOPIC})\s+(?:is|was|has\s+been)\s+(?:graded|judged|assessed|rated)\s+(?:as\s+)?"
        rf"(?P<grade>{_GRADE_WORDS})\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:force|constabulary)\s+(?:is|was)\s+(?P<grade>{_GRADE_WORDS})\s+(?:at|in)\s+(?:its\s+)?(?:{_TOPIC})\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:graded|judged|rated|assessed)\s+(?:the\s+(?:force|constabulary)\s+)?(?:as\s+)?"
        rf"(?P<grade>{_GRADE_WORDS})\s+(?:for|in|at)\s+(?:its\s+)?(?:{_TOPIC})\b",
        re.I,
    ),
]
SECTION_HEADING = re.compile(
    r"(?P<kind>causes?\s+of\s+concern|areas?\s+for\s+improvement)(?:\s*\d+)?\s*:?\s*(?P<rest>.*)", re.I
)
RECOMMENDATIONS_HEADING = re.compile(
    r"recommendations?(?:\s+\d+)?(?:\s+from\s+the\s+\d{4}\s+inspection(?:\s+report)?)?:?", re.I
)
REVIEW_STATUS = re.compile(
    r"(?:(?:this|the)\s+recommendation\s+(?:has\s+(?:now\s+)?been|is|was|had\s+been|to\s+(?:have\s+been|be))\s+(?:now\s+)?"
    r"|progress\s+against\s+(?:this|the)\s+recommendation\s*(?:is|was|:)\s*"
    r"|(?:force|constabulary)\s+has\s+(?:now\s+)?"
    r"|(?:progress|status|our\s+assessment)\s*:\s*)"
    r"(?P<wording>(?:fully\s+|partially\s+|partly\s+|not\s+(?:yet\s+)?)?(?:met|achieved|discharged|completed?|implemented|"
    r"addressed|being\s+progressed|awaiting\s+review|will\s+be\s+progressed))\b",
    re.I,
)


def tracker_words_status(wording: str) -> str:
    """Our status for the inspectorate's wording of a review finding."""
    wording = re.sub(r"\s+", " ", wording.lower())
    if wording.startswith("not") or wording == "will be progressed":
        return "not_implemented"
    if wording.startswith(("partially", "partly")) or wording == "being progressed":
        return "in_progress"
    if wording == "awaiting review":
        return "implemented"
    return "verified"


def report_type_of(head: str, topic_grades: list) -> str:
    if re.search(r"post[- ]inspection\s+review", head, re.I):
        return "post_inspection_review"
    if re.search(r"\bre-?inspection\b", head, re.I):
        return "re_inspection"
    if topic_grades:
        return "framework_2024"
    return "inspection"


def reviewed_inspection_year(text: str) -> int | None:
    found = re.search(
        r"\b(?:our|the)\s+(?P<year>20\d\d)\s+(?:national\s+child\s+protection\s+)?inspection\b", text, re.I
    )
    return int(found.group("year")) if found else None


def read_force(blocks: list[Block], cover: list[str], text: str, extra: tuple[str, ...]) -> dict:
    """The force: from the introduction, the title, or the body; checked against the list.

    `named` is what the report itself says (a candidate name); `force` the listed name or None.
    """
    places = [
        *(
            found.group("rest")
            for block in blocks[:60]
            if (
                found := re.search(
                    r"child protection (?:services|arrangements|work) (?:in|of|for|by) (?P<rest>.{0,120})",
                    block.text,
                )
            )
        ),
        *(
            found.group("rest")
            for block in blocks[:60]
            if (
                found := re.search(r"\bhow well (?P<rest>.{0,80}?) (?:keeps|protects|safeguards)", block.text)
            )
        ),
        *cover,
    ]
    for place in places:
        for name in candidate_names(place):
            return {"named": name, "force": canonical_force(name, extra)}
        title = re.match(
            r"(?P<core>[A-Z][\w' &-]+?)\s*[–—-]\s*(?:National\s+)?child\s+protection", place, re.I
        )
        if title:
            name = title.group("core").strip()
            return {"named": name, "force": canonical_force(name, extra)}
    named = forces_named_in(text[:20000], extra)
    if named:
        return {"named": named[0], "force": named[0]}
    return {"named": None, "force": None}


def read_later_parts(
    blocks: list[Block], recommendations: list[dict], legacy_sentences: set[str], lines: list[str] = ()
) -> dict:
    """Grades, topics, sections and review findings from the later templates, with warnings."""
    warnings: list[dict] = []
    grades: list[dict] = []
    topic_grades: list[dict] = []
    previous_assessor = None
    last_sample = None
    seen: set[str] = set()
    for line in lines:  # a table of topic grades: one topic and its grade a line
        topic = _topic_grade(line.strip()) if len(line.strip()) < 80 else None
        if topic and topic["topic"] not in seen:
            seen.add(topic["topic"])
            topic_grades.append(topic)
    for block in blocks:
        if block.kind in ("chapter", "stage", "timescale"):
            continue
        topic = _topic_grade(block.text)
        if topic:
            if topic["topic"] not in seen:
                seen.add(topic["topic"])
                topic_grades.append(topic)
            continue
        for sentence in sentences_of(block.text):
            if sentence in legacy_sentences:
                continue
            if not GRADE.search(sentence) and (sample := stated_sample(sentence)):
                last_sample = sample  # "We reviewed 60 cases." before "Of these, 15 were good ..."
            if is_grading_sentence(sentence):
                readings = read_grading_sentence(sentence, previous_assessor)
                if readings and GOES_ON.match(sentence) and readings[0]["cases"] is None:
                    readings[0]["cases"] = last_sample
                if not readings:
                    warnings.append(
                        _warning(
                            "numbers-not-read", "A sentence with grades and figures was not read", sentence
                        )
                    )
                    continue
                for reading in readings:
                    reading["source"] = sentence
                    previous_assessor = reading["assessor"]
                    if not _duplicate(reading, grades):
                        grades.append(reading)
                    _check_total(reading, warnings)
            elif vague_share(sentence) and re.search(r"\bcases\b", sentence, re.I):
                warnings.append(
                    _warning("share-in-words", "A proportion in words was not turned into a count", sentence)
                )
    table_rows = read_grade_tables(lines)
    for reading in table_rows:
        if not _duplicate(reading, grades):
            grades.append(reading)
    _mark_summaries(grades, legacy=bool(legacy_sentences))
    sections = _sections(blocks, recommendations, warnings)
    return {
        "grades": grades,
        "topic_grades": topic_grades,
        **sections,
        "review_findings": _review_findings(blocks),
        "warnings": warnings,
    }


_COLUMN = re.compile(r"outstanding|good|adequate|requires?\s+improvement|inadequate|total", re.I)
_CELL = r"(\d+)(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?"


def read_grade_tables(lines: list[str]) -> list[dict]:
    """Tables of case grades ("Area | Good | Requires improvement | Inadequate | Total"), one
    reading per row: the breakdown by area of child protection that later reports print."""
    readings: list[dict] = []
    columns: list[str] | None = None
    for line in lines:
        header = [m.group(0).lower() for m in _COLUMN.finditer(line)]
        grade_columns = [h for h in header if h != "total"]
        if len(grade_columns) >= 2 and not re.search(r"\d", line) and len(line) < 150:
            columns = [_column_name(h) for h in header]
            continue
        if columns is None:
            continue
        row = re.fullmatch(rf"(?P<label>.*?[^\d\s(%)])\s+(?P<cells>{_CELL}(?:\s+{_CELL})*)", line.strip())
        if not row:
            if line.strip():
                columns = None  # the table ended
            continue
        cells = [int(value) for value in re.findall(rf"{_CELL}", row.group("cells"))]
        if len(cells) != len(columns):
            columns = None
            continue
        counts = {name: value for name, value in zip(columns, cells, strict=True) if name != "total"}
        total = dict(zip(columns, cells, strict=True)).get("total")
        readings.append(
            {"cases": total, "counts": counts, "shares": {}, "combined": [], "assessor": "inspectors",
             "source": line.strip(), "label": row.group("label").strip()}
        )  # fmt: skip
    return readings


def _column_name(header: str) -> str:
    header = re.sub(r"\s+", " ", header)
    return "requires_improvement" if header.startswith("requir") else header


def _size(reading: dict) -> int:
    combined_of = max((item["of"] or item["count"] for item in reading["combined"]), default=0)
    return max(reading["cases"] or 0, sum(reading["counts"].values()), combined_of)


def _mark_summaries(grades: list[dict], legacy: bool) -> None:
    """Per assessor, the reading over the most cases is the report's summary; the rest are detail
    (one area's cases), so the national picture never counts a case twice."""
    for reading in grades:
        reading["scope"] = "detail"
    if legacy:
        return
    for assessor in {reading["assessor"] for reading in grades}:
        own = [reading for reading in grades if reading["assessor"] == assessor]
        biggest = max(own, key=_size)
        biggest["scope"] = "summary"


def _warning(code: str, message: str, source: str) -> dict:
    return {"code": code, "message": message, "source": source}


def _duplicate(reading: dict, grades: list[dict]) -> bool:
    """A summary repeats the case file chapter's figures: the same reading is kept once."""
    key = (reading["assessor"], reading["counts"], reading["shares"], reading["combined"])
    return any((g["assessor"], g["counts"], g["shares"], g["combined"]) == key for g in grades)


def _check_total(reading: dict, warnings: list[dict]) -> None:
    counts = reading["counts"]
    if reading["cases"] and counts and len(counts) >= 3 and sum(counts.values()) != reading["cases"]:
        warnings.append(
            _warning(
                "counts-do-not-add-up",
                f"The grades add up to {sum(counts.values())}, not the {reading['cases']} cases stated "
                "(kept as printed)",
                reading["source"],
            )
        )


def _topic_grade(text: str) -> dict | None:
    if len(text) > 400:
        return None
    for pattern in TOPIC_GRADE:
        found = pattern.search(text)
        if found:
            index = next(
                int(name[1:]) for name, value in found.groupdict().items() if name.startswith("t") and value
            )
            grade = re.sub(r"\s+", " ", found.group("grade").lower())
            grade = "requires_improvement" if grade.startswith("requir") else grade
            return {"topic": list(TOPICS)[index], "grade": grade, "source": text}
    return None


def _sections(blocks: list[Block], recommendations: list[dict], warnings: list[dict]) -> dict:
    """Causes of concern and areas for improvement, each with its text and recommendations."""
    found: dict[str, list[dict]] = {"causes_of_concern": [], "areas_for_improvement": []}
    current: dict | None = None
    current_kind, plural = "areas_for_improvement", False
    in_recommendations = False
    for block in blocks:
        heading = SECTION_HEADING.fullmatch(block.text) if block.kind == "paragraph" else None
        if heading and len(heading.group(0)) < 600:
            kind = (
                "causes_of_concern" if "concern" in heading.group("kind").lower() else "areas_for_improvement"
            )
            current = {"text": heading.group("rest").strip(), "recommendations": [], "standards": []}
            found[kind].append(current)
            current_kind, plural = kind, bool(re.match(r"(?:causes|areas)\b", heading.group("kind"), re.I))
            in_recommendations = False
            continue
        if current is None:
            continue
        if block.kind in ("chapter", "stage"):
            current = None
            continue
        if RECOMMENDATIONS_HEADING.fullmatch(block.text):
            in_recommendations = True
            continue
        if block.starts_recommendation or in_recommendations:
            number = _number_of(block.text, recommendations)
            if number and number not in current["recommendations"]:
                current["recommendations"].append(number)
            in_recommendations = True
            continue
        if plural and current["text"] and block.kind == "paragraph" and current["text"].endswith("."):
            # Under "Areas for improvement" each paragraph is one area.
            current = {"text": "", "recommendations": [], "standards": []}
            found[current_kind].append(current)
        current["text"] = join_wrapped(current["text"], block.text) if current["text"] else block.text
        if block.kind == "bullet":
            current["text"] = current["text"].replace(f" {block.text}", f"\n- {block.text}")
    for kind, items in found.items():
        for item in items:
            item["text"] = item["text"].strip()
            item["timescale"] = timescale_stated_in(item["text"])
            item["standards"] = suggest_standards(item["text"])
            if not item["text"]:
                label = kind.replace("_", " ")
                warnings.append(
                    _warning("section-not-understood", f"A heading '{label}' had no text under it", label)
                )
    return found


def _number_of(text: str, recommendations: list[dict]) -> int | None:
    first = text.split("\n")[0][:60]
    for number, item in enumerate(recommendations, start=1):
        if first and first in item["text"]:
            return number
    return None


def _review_findings(blocks: list[Block]) -> list[dict]:
    """Each status the review gives an earlier recommendation, in the inspectorate's words."""
    findings = []
    last_recommendation = None
    last_number = None
    for block in blocks:
        numbered = re.match(r"recommendation\s+(?P<n>\d{1,2})\b", block.text, re.I)
        if numbered:
            last_number = int(numbered.group("n"))
        if block.starts_recommendation:
            last_recommendation = block.text
        for sentence in sentences_of(block.text):
            # "has not (yet) been met" reads as "has been not (yet) met"
            normal = re.sub(
                r"\b(has|had|have)\s+not\s+(yet\s+)?been\b", r"\1 been not \2", sentence, flags=re.I
            )
            status = REVIEW_STATUS.search(re.sub(r"\s+", " ", normal))
            if status and (last_recommendation or last_number):
                findings.append(
                    {
                        "number": last_number,
                        "recommendation": last_recommendation,
                        "wording": re.sub(r"\s+", " ", status.group("wording").lower()),
                        "status": tracker_words_status(status.group("wording")),
                        "source": sentence,
                    }
                )
                last_recommendation = last_number = None
    return findings


def scale_of(report_type: str, grades: list[dict], topic_grades: list[dict], legacy: bool) -> str | None:
    if legacy:
        return SCALE_2014
    if topic_grades or any("outstanding" in g["counts"] for g in grades):
        return SCALE_2024
    if any("adequate" in g["counts"] or "adequate" in g["shares"] for g in grades):
        return SCALE_2014
    if grades:
        return SCALE_2016
    return None


def unread_recommendation_sentences(blocks: list[Block]) -> list[str]:
    """Sentences that recommend in a wording no family covers ("should" with a timescale)."""
    unread = []
    for block in blocks:
        if block.starts_recommendation or block.kind != "paragraph":
            continue
        for sentence in sentences_of(block.text):
            if (
                re.search(r"\bshould\b", sentence)
                and timescale_stated_in(sentence)
                and re.search(r"\b(?:recommend|force|constabulary|chief constable)\b", sentence, re.I)
                and not WE_RECOMMEND.search(sentence)
            ):
                unread.append(sentence)
    return unread


__all__ = ["GRADE"]
