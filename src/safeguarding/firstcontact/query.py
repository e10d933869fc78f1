"""What a call handler typed, split into the parts the lookup can use: name words, a date of
birth (whole or partial), a postcode (whole or outward code), a phone number, an address line.

A query that cannot be right (empty, one letter, 31/02/2010, a date of birth in the future or
before 1900) raises `BadQuery` with a message naming the problem, before any database work."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from safeguarding.people.names import normalise_name
from safeguarding.people.validators import MistypedIdentifier, find_identifier

EARLIEST_BIRTH_YEAR = 1900

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

# Street words that make trailing words an address line even without a house number.
STREET_WORDS = {
    "road",
    "rd",
    "street",
    "st",
    "lane",
    "avenue",
    "ave",
    "close",
    "drive",
    "crescent",
    "terrace",
    "gardens",
    "grove",
    "place",
    "court",
    "way",
    "walk",
    "square",
    "mews",
    "ln",
    "cres",
    "dr",
    "cl",
    "gdns",
    "pl",
    "sq",
}

_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")
_OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_PHONE = re.compile(r"(?<![\w/.-])\+?[0-9][0-9 ()-]{8,}[0-9](?![\w/.-])")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.-](\d{1,4})(?:[/.-](\d{1,4}))?$")
_HOUSE_NUMBER = re.compile(r"^\d{1,4}[a-z]?$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")


class BadQuery(ValueError):
    """The query cannot be answered as typed; the message names the problem for the user (it is
    shown to them, never written to the application log)."""


@dataclass(frozen=True)
class BirthDate:
    """A date of birth, whole or partial: the dates in [start, end)."""

    start: dt.date
    end: dt.date

    @property
    def exact(self) -> bool:
        return self.end - self.start == dt.timedelta(days=1)


@dataclass(frozen=True)
class LookupQuery:
    text: str  # as typed (for the access log only)
    names: tuple[str, ...] = ()  # normalised name words
    typed_names: tuple[str, ...] = ()  # the name words as typed (their script matters to matching)
    birth: BirthDate | None = None
    postcode: str = ""  # full, normalised: "NM14AB"
    outward_code: str = ""  # "NM1"
    phone: str = ""  # digits, national form: "07700900123"
    address_line: str = ""  # "12 MILL LANE" (upper case)
    # (field, normal form): an NHS number, PNC ID or UPN typed, e.g. ("nhs_number", "9434765919")
    identifier: tuple[str, str] | None = None

    @property
    def kinds(self) -> list[str]:
        """What the query searches by, for the access log's detail (never the values)."""
        parts = {
            "name": bool(self.names),
            "date_of_birth": self.birth is not None,
            "postcode": bool(self.postcode or self.outward_code),
            "phone": bool(self.phone),
            "address": bool(self.address_line),
            **({self.identifier[0]: True} if self.identifier else {}),
        }
        return [kind for kind, present in parts.items() if present]


def _check_birth(start: dt.date, typed: str) -> None:
    if start.year < EARLIEST_BIRTH_YEAR:
        raise BadQuery(f"The date of birth {typed} is before {EARLIEST_BIRTH_YEAR}: check the year.")
    if start > timezone.localdate():
        raise BadQuery(f"The date of birth {typed} is in the future: check the date.")


def _month_span(year: int, month: int) -> BirthDate:
    start = dt.date(year, month, 1)
    return BirthDate(start, dt.date(year + (month == 12), month % 12 + 1, 1))


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # 12/04/15: the most recent such year not in the future
        century = timezone.localdate().year // 100 * 100
        year = century + year if century + year <= timezone.localdate().year else century - 100 + year
    elif len(text) != 4:
        raise BadQuery(f"The year {text} is not a year: write it in full, for example 2015.")
    return year


def _date(year: int, month: int, day: int, typed: str) -> BirthDate:
    if not 1 <= month <= 12:
        raise BadQuery(f"{typed} is not a real date: there is no month {month}.")
    try:
        start = dt.date(year, month, day)
    except ValueError:
        raise BadQuery(f"{typed} is not a real date: that month has no day {day}.") from None
    return BirthDate(start, start + dt.timedelta(days=1))


def _numeric_date(token: str) -> BirthDate | None:
    match = _NUMERIC_DATE.match(token)
    if not match:
        return None
    first, second, third = match.groups()
    if third is not None:
        if len(first) == 4:
            return _date(int(first), int(second), int(third), token)
        return _date(_full_year(third), int(second), int(first), token)
    if len(first) == 4:  # 2015-04
        return _checked_month(int(first), int(second), token)
    if len(second) == 4:  # 04/2015
        return _checked_month(int(second), int(first), token)
    return None


def _checked_month(year: int, month: int, typed: str) -> BirthDate:
    if not 1 <= month <= 12:
        raise BadQuery(f"{typed} is not a real month.")
    return _month_span(year, month)


def _worded_date(words: list[str], index: int) -> tuple[BirthDate, int] | None:
    """'12 April 2015', '12 Apr 2015', 'April 2015'; returns the date and words consumed."""
    word = _ORDINAL.sub(r"\1", words[index])  # 12th April 2015
    if word.isdigit() and len(word) <= 2 and index + 2 < len(words):
        month = MONTHS.get(words[index + 1].rstrip(","))
        year = words[index + 2]
        if month and year.isdigit() and len(year) == 4:
            typed = " ".join(words[index : index + 3])
            return _date(int(year), month, int(word), typed), 3
    month = MONTHS.get(word.rstrip(","))
    if month and word not in {"may"} and index + 1 < len(words):
        year = words[index + 1]
        if year.isdigit() and len(year) == 4:
            return _month_span(int(year), month), 2
    if word == "may" and index + 1 < len(words) and words[index + 1].isdigit() and len(words[index + 1]) == 4:
        return _month_span(int(words[index + 1]), 5), 2
    return None


def parse_lookup(text: str) -> LookupQuery:
    typed = " ".join((text or "").split())
    if not typed:
        raise BadQuery("Type a name, a date of birth, an address or postcode, or a phone number.")
    if len(typed.replace(" ", "")) < 2:
        raise BadQuery("One character is not enough: type at least two letters of a name.")
    rest = typed.upper()

    identifier, rest = _identifier(rest)
    postcode = outward = phone = ""
    found = _FULL_POSTCODE.search(rest)
    if found:
        postcode = found.group(1) + found.group(2)
        rest = rest[: found.start()] + " " + rest[found.end() :]
    found_phone = _PHONE.search(rest)
    if found_phone:
        digits = re.sub(r"\D", "", found_phone.group(0))
        if digits.startswith("44") and len(digits) == 12:
            digits = "0" + digits[2:]
        if 10 <= len(digits) <= 11:
            phone = digits
            rest = rest[: found_phone.start()] + " " + rest[found_phone.end() :]

    words = rest.lower().replace(",", " ").split()
    birth: BirthDate | None = None
    names: list[str] = []
    typed_names: list[str] = []
    address_words: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        worded = _worded_date(words, index)
        numeric = None if worded else _numeric_date(word)
        if worded or numeric:
            if birth is not None:
                raise BadQuery("Give only one date of birth.")
            birth, used = worded if worded else (numeric, 1)
            _check_birth(birth.start, " ".join(words[index : index + used]))
            index += used
            continue
        if word.isdigit() and len(word) == 4 and not address_words and int(word) >= 1800:
            if birth is not None:
                raise BadQuery("Give only one date of birth.")
            year = int(word)
            birth = BirthDate(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
            _check_birth(birth.start, word)
            index += 1
            continue
        if _OUTWARD_CODE.match(word.upper()) and not postcode and not outward:
            outward = word.upper()
            index += 1
            continue
        if _HOUSE_NUMBER.match(word) and index + 1 < len(words) and words[index + 1].isalpha():
            # A house number starts an address line: it runs to the end or the next date/postcode.
            address_words.append(word)
            index += 1
            while index < len(words) and words[index].isalpha() and not _worded_date(words, index):
                address_words.append(words[index])
                index += 1
            continue
        if any(ch.isdigit() for ch in word):
            raise BadQuery(
                f"“{word}” is not a date, postcode or phone number we can read: "
                "write dates as dd/mm/yyyy and phone numbers in full."
            )
        names.extend(normalise_name(word).split())
        typed_names.append(word)
        index += 1

    # "Mill Lane" with no number: an address line as well as (possibly) a name.
    address_line = " ".join(address_words).upper()
    if not address_line and len(names) >= 2 and names[-1] in STREET_WORDS:
        address_line = " ".join(names[-2:]).upper()
        names = names[:-2]
        typed_names = typed_names[:-2]

    usable_names = [name for name in names if len(name) >= 2]
    if not (usable_names or birth or postcode or outward or phone or address_line or identifier):
        raise BadQuery("One letter is not enough: type at least two letters of a name.")
    if birth is not None and not birth.exact and not (usable_names or postcode or outward or address_line):
        raise BadQuery(
            "A year or month of birth alone matches too many people: add a name, or give the full date."
        )
    return LookupQuery(
        text=typed,
        names=tuple(usable_names),
        typed_names=tuple(typed_names) if usable_names else (),
        birth=birth,
        postcode=postcode,
        outward_code=outward,
        phone=phone,
        address_line=address_line,
        identifier=identifier,
    )


def _identifier(text: str) -> tuple[tuple[str, str] | None, str]:
    """The NHS number, PNC ID or UPN typed (people/validators.py finds and checks it) and the
    rest of the query."""
    try:
        found = find_identifier(text)
    except MistypedIdentifier as problem:
        raise BadQuery(str(problem)) from None
    if found is None:
        return None, text
    field, value, rest = found
    return (field, value), rest
