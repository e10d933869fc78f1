"""Case grades in the wording of every template since 2014, read sentence by sentence.

A grading sentence pairs grades with counts. The families seen in published reports:

- a grade with "in N cases":   "We assessed ... as good in 10 cases, requiring improvement in 14"
- a count before its grade:    "Of the 40 cases we examined, 12 were good, 20 required improvement"
- counts with shares:          "12 (30%) were good" (the count is read; the bracket is a share of it)
- a combined count:            "26 of the 40 cases required improvement or were inadequate"
- a share only:                "29 per cent were good" (kept as a share, never turned into a count)
- words for numbers:           "Twelve were good", "none was inadequate"
- two assessors in a sentence: "The force graded 20 as good, whereas we graded 8 as good ..."

A sentence is split into segments, one per assessor named in it; each segment into clauses;
each clause gives one grade (or a combined pair) one count. A figure that does not pair
cleanly is left out and the sentence is reported as not read: nothing is derived.
"""

import re

from .number_words import NUMBER_PATTERN, numbers_in, words_to_int

GRADE_PATTERNS = (  # longest first: "inadequate" contains "adequate"
    ("requires_improvement", r"requir\w*\s+improvement|need(?:s|ed|ing)?\s+improvement|required\s+improving"),
    ("inadequate", r"inadequate"),
    ("outstanding", r"outstanding"),
    # "would not be adequate to protect" is a word, not a grade.
    ("adequate", r"(?<!not )(?<!not be )adequate(?!ly)(?!\s+(?:to|for)\b)"),
    (
        "good",
        r"good(?!\s+(?:practice|work|understanding|example|relationship|progress|reason|idea|news|"
        r"awareness|knowledge|use|working|partnership|communication|leadership)s?\b)",
    ),
)
GRADE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in GRADE_PATTERNS), re.IGNORECASE)
GRADE_NAMES = ("outstanding", "good", "adequate", "requires_improvement", "inadequate")

# Who graded: the force itself, inspectors, or inspectors re-auditing at a post-inspection review.
FORCE_ASSESSOR = re.compile(
    r"\bforce assessors?\b|\bself-assess\w*|\bthe (?:force|constabulary)(?:'s)? (?:own |had |has )?"
    r"(?:audit\w*|assess\w*|"
    r"grad\w*|rated|judged|viewed|found)\b|\bby the (?:force|constabulary)\b",
    re.IGNORECASE,
)
INSPECTOR_ASSESSOR = re.compile(
    r"\b(?:we|inspectors|HMICFRS|HMIC|our (?:audit|inspectors|assessment|review))\b", re.IGNORECASE
)
RE_AUDIT = re.compile(
    r"post-inspection review|re-?audit|\bthis review\b|\bthe review\b|re-?inspection", re.IGNORECASE
)
CASE_WORDS = re.compile(
    r"\b(?:cases?|files?|audit\w*|examined|reviewed|assessed|graded|rated|judged|sample)\b", re.IGNORECASE
)
SAMPLE = re.compile(
    r"(?:\b(?:of|from|out of)\s+(?:the|these|those|all)?\s*(?P<a>{n})\b"
    r"(?:\s+[\w'-]+){0,4}?\s+(?:cases?|files?)"
    r"|\b(?:audited|examined|reviewed|assessed|inspected|looked at|dip-sampled|sampled)\s+"
    r"(?:a\s+(?:total|sample)\s+of\s+)?"
    r"(?:all\s+)?(?P<b>{n})\s+(?:\w+\s+){0,4}?(?:cases?|files?)\b(?![^,;.]{0,30}?\b(?:as|to\s+be)\s+(?:good|adequate|inadequate|outstanding|requir))"
    r"|\b(?P<c>{n})\s+(?:\w+\s+){0,3}?(?:cases?|files?)\s+(?:were|was|had been)\s+"
    r"(?:audited|examined|reviewed|assessed)"
    r"|\b(?:{n})\s+(?:out\s+)?of\s+(?:the\s+|these\s+)?(?P<d>{n})\b)",
    re.IGNORECASE,
)
GOES_ON = re.compile(r"(?:of\s+(?:these|those|them|the\s+remainder)|of\s+which|in\s+(?:these|those))\b", re.I)
PERCENT_AFTER = re.compile(r"^\s*(?:%|per\s*cent|percent)", re.IGNORECASE)
BRACKETED_SHARE = re.compile(r"\(\s*\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s*\)", re.IGNORECASE)
NOT_A_COUNT_AFTER = re.compile(
    r"^\s*(?:-?\s*(?:years?|months?|weeks?|days?|hours?|minutes?)\b|-year|recommendations?\b|areas? for\b|"
    r"forces?\b|officers?\b|staff\b|per\s+1,?000)",
    re.IGNORECASE,
)
VAGUE_SHARES = re.compile(
    r"\b(?:over|more than|less than|under|almost|nearly|around|about)\s+(?:half|a\s+(?:third|quarter))|"
    r"\b(?:most|the majority|a minority|many|few|some)\s+(?:of\s+(?:the|these)\s+)?(?:cases|files)?\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(
    r"[,;:]|\s-\s|\band\b|\bbut\b|\bwhile\b|\bwhilst\b|\bwhereas\b|\bwith\b", re.IGNORECASE
)


def _n() -> str:
    return f"(?:{NUMBER_PATTERN.pattern})".replace("(?P<digits>", "(?:").replace("(?P<words>", "(?:")


_SAMPLE = re.compile(SAMPLE.pattern.replace("{n}", _n()), re.IGNORECASE)


def sentences_of(text: str) -> list[str]:
    """Sentences, split at a full stop before a capital or digit (not inside "e.g." or a bracket)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])", text)
    return [part.strip() for part in parts if part.strip()]


def is_grading_sentence(sentence: str) -> bool:
    """A sentence that speaks of grades and has a figure in it (a count or a percentage)."""
    if not (GRADE.search(sentence) and _figures(sentence)):
        return False
    # About cases, or a list of several grades with figures, or going on from the sentence before.
    several_grades = len({found.lastgroup for found in GRADE.finditer(sentence)}) >= 2
    return bool(CASE_WORDS.search(sentence) or several_grades or GOES_ON.match(sentence))


def _figures(sentence: str) -> list[tuple[int, int, int]]:
    return [
        (value, start, end)
        for value, start, end in numbers_in(sentence)
        if not (1900 <= value <= 2100 and end - start == 4) and not NOT_A_COUNT_AFTER.match(sentence[end:])
    ]


def read_grading_sentence(sentence: str, previous_assessor: str | None = None) -> list[dict]:
    """The assessments one sentence states: one per assessor named in it, each with its figures."""
    readings = []
    for assessor, segment in _segments(sentence, previous_assessor):
        reading = _read_segment(segment)
        if reading is None:
            continue
        reading["assessor"] = assessor
        readings.append(reading)
    return readings


def _assessor_of(text: str) -> str | None:
    if FORCE_ASSESSOR.search(text) and not re.search(
        r"\b(?:we|inspectors)\s+(?:\w+\s+){0,3}(?:the )?force's", text, re.I
    ):
        return "force"
    if RE_AUDIT.search(text):
        return "re-audit"
    if INSPECTOR_ASSESSOR.search(text):
        return "inspectors"
    return None


def _segments(sentence: str, previous_assessor: str | None) -> list[tuple[str, str]]:
    """Split where a second assessor takes over ("..., whereas we assessed ...")."""
    pieces = re.split(
        r"(?:,|;)?\s+(?=(?:whereas|while|whilst|but|however|and)\s+"
        r"(?:we|inspectors|the force|HMICFRS|HMIC|our)\b)|;\s+(?=(?:we|inspectors|HMICFRS|HMIC|our)\b)",
        sentence,
    )
    segments: list[tuple[str, str]] = []
    assessor = previous_assessor
    for piece in pieces:
        named = _assessor_of(piece)
        if named and segments and named != segments[-1][0]:
            segments.append((named, piece))
        elif segments:
            segments[-1] = (segments[-1][0], f"{segments[-1][1]} {piece}")
        else:
            segments.append((named or assessor or "inspectors", piece))
    return segments


def stated_sample(sentence: str) -> int | None:
    """The number of cases a sentence says were examined ("We reviewed 60 cases")."""
    found = _SAMPLE.search(sentence)
    if not found:
        return None
    return words_to_int(next(found.group(g) for g in ("a", "b", "c", "d") if found.group(g)))


def _read_segment(segment: str) -> dict | None:
    counts: dict[str, int] = {}
    shares: dict[str, float] = {}
    combined: list[dict] = []
    sample = None
    found = _SAMPLE.search(segment)
    sample_span = (-1, -1)
    if found:
        group = next(g for g in ("a", "b", "c", "d") if found.group(g))
        sample = words_to_int(found.group(group))
        sample_span = found.span(group)
    for clause, offset in _paired_clauses(segment, sample_span):
        grades = [(m.lastgroup, m.start() + offset, m.end() + offset) for m in GRADE.finditer(clause)]
        if not grades:
            continue
        figures = [
            (value, start + offset, end + offset)
            for value, start, end in _figures(clause)
            if (start + offset, end + offset) != sample_span
        ]
        in_brackets = {m.start() + offset for m in BRACKETED_SHARE.finditer(clause)}
        percents = [
            f
            for f in figures
            if PERCENT_AFTER.match(segment[f[2] :]) or any(f[1] - 1 <= b <= f[1] for b in in_brackets)
        ]
        plain = [f for f in figures if f not in percents]
        if not plain and re.search(r"\b(?:none|no)\b", clause, re.IGNORECASE) and len(grades) == 1:
            plain = [(0, -1, -1)]
        names = [g[0] for g in grades]
        if not plain and not percents:
            return None  # a grade with no figure of its own ("good, ... in 12, 20 and 8"): not read
        joined = len(grades) == 2 and re.search(
            r"\bor\b", segment[grades[0][2] : grades[1][1]], re.IGNORECASE
        )
        if joined and len(plain) == 1:
            combined.append({"grades": names, "count": plain[0][0], "of": sample})
            continue
        if len(set(names)) != 1:
            return None  # two grades and no clear pairing: not read
        name = names[0]
        if len(plain) == 1:
            if name in counts:
                return None
            counts[name] = plain[0][0]
        elif len(plain) > 1:
            return None
        elif len(percents) == 1:
            value = percents[0][0]
            shares[name] = float(value)
    if not counts and not shares and not combined:
        return None
    return {"cases": sample, "counts": counts, "shares": shares, "combined": combined}


def _paired_clauses(segment: str, sample_span: tuple[int, int]) -> list[tuple[str, int]]:
    """Clauses, with a grade-only clause joined to a figure-only neighbour: "In 12 of the cases,
    practice was good" and "Good: 12" give their figure to their grade."""
    clauses = _clauses(segment)

    def has_grade(clause: tuple[str, int]) -> bool:
        return bool(GRADE.search(clause[0]))

    def has_figure(clause: tuple[str, int]) -> bool:
        text, offset = clause
        return any((start + offset, end + offset) != sample_span for _, start, end in _figures(text))

    joined: list[tuple[str, int]] = []
    index = 0
    while index < len(clauses):
        clause = clauses[index]
        following = clauses[index + 1] if index + 1 < len(clauses) else None
        if following is not None and _complement(
            (has_grade(clause), has_figure(clause)), (has_grade(following), has_figure(following))
        ):
            text, offset = clause
            joined.append((segment[offset : following[1] + len(following[0])], offset))
            index += 2
            continue
        joined.append(clause)
        index += 1
    return joined


def _complement(first: tuple[bool, bool], second: tuple[bool, bool]) -> bool:
    """One clause has only a grade and its neighbour only a figure (either way round)."""
    return {first, second} == {(True, False), (False, True)}


def _clauses(segment: str) -> list[tuple[str, int]]:
    clauses = []
    start = 0
    for found in CLAUSE_BREAK.finditer(segment):
        # "required improvement or were inadequate" stays one clause; so does "(30%)".
        clauses.append((segment[start : found.start()], start))
        start = found.end()
    clauses.append((segment[start:], start))
    return [(text, offset) for text, offset in clauses if text.strip()]


def vague_share(sentence: str) -> bool:
    """A proportion in words ("over half", "most cases") beside a grade: never a count."""
    return bool(GRADE.search(sentence)) and bool(VAGUE_SHARES.search(sentence))
