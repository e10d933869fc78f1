"""Counts as inspection reports write them: "17", "Seventeen", "thirty-three", "sixty four".

Reports start sentences with a number in words ("Seventeen were assessed as good"), so a
count can only be read if words and digits are treated alike.
"""

import re

_UNIT_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNITS = {**{word: value for value, word in enumerate(_UNIT_WORDS)}, "no": 0, "none": 0}
TENS = {word: 10 * value for value, word in enumerate(_TENS_WORDS, start=2)}
# "no" and "none" are counts in prose ("none were good") but too common to hunt for as numbers.
_SEARCHABLE_UNITS = [word for word in UNITS if word not in ("no", "none")]
_WORD = "(?:" + "|".join(sorted([*_SEARCHABLE_UNITS, *TENS, "hundred"], key=len, reverse=True)) + ")"
# A run of number words, joined by spaces, hyphens or the "and" of "one hundred and twelve".
_WORD_RUN = rf"\b{_WORD}(?:(?:\s+and\s+|[\s-]+){_WORD})*\b"
NUMBER_PATTERN = re.compile(rf"(?P<digits>\b\d+(?:,\d{{3}})*\b)|(?P<words>{_WORD_RUN})", re.IGNORECASE)


def words_to_int(phrase: str) -> int | None:
    """Read 0..999 written in words or digits; None when the phrase is not a number."""
    phrase = phrase.strip().lower()
    if re.fullmatch(r"\d+(?:,\d{3})*", phrase):
        return int(phrase.replace(",", ""))
    words = [word for word in re.split(r"[\s-]+", phrase) if word and word != "and"]
    if not words:
        return None
    total = 0
    current = 0
    seen_hundred = False
    for word in words:
        if word in UNITS:
            # "twenty five" is fine, "five five" or "fifteen five" is not a number.
            if current % 10 or (current and current < 20):
                return None
            current += UNITS[word]
        elif word in TENS:
            if current % 100:
                return None
            current += TENS[word]
        elif word == "hundred":
            if seen_hundred or not 1 <= current <= 9:
                return None
            total, current, seen_hundred = current * 100, 0, True
        else:
            return None
    return total + current


def numbers_in(text: str) -> list[tuple[int, int, int]]:
    """Every count in the text as (value, start, end), words and digits alike."""
    found = []
    for match in NUMBER_PATTERN.finditer(text):
        value = words_to_int(match.group())
        if value is not None:
            found.append((value, match.start(), match.end()))
    return found
