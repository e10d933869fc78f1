"""The rules a person's and a flag's values keep, whichever way they arrive: the page forms, the
API serializers and the services (so the import and any other caller too) all call these, so
each rule and its message are written once. Each returns {field: [message, ...]}."""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from safeguarding.people.codes import SELF_DEFINED_GROUP, group_of_self_defined
from safeguarding.people.vocabulary import Ethnicity, FlagKind

OLDEST_AGE_YEARS = 120
ADULT_AGE = 18

Problems = dict[str, list[str]]


def age_on(day: dt.date, born: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def date_of_birth_problem(born: dt.date | None) -> str | None:
    if born is None:
        return None
    today = timezone.localdate()
    if born > today:
        return "Date of birth cannot be in the future."
    if age_on(today, born) > OLDEST_AGE_YEARS:
        return f"Date of birth is more than {OLDEST_AGE_YEARS} years ago: check the year."
    return None


def child_flag_problem(born: dt.date | None, is_child: bool | None) -> str | None:
    """Whether "child" agrees with the date of birth (a person is a child under 18)."""
    if born is None or date_of_birth_problem(born) is not None:
        return None
    age = age_on(timezone.localdate(), born)
    if is_child and age >= ADULT_AGE:
        return f"Born on this date the person is {age}: untick “child”, or check the date."
    if not is_child and age < ADULT_AGE:
        return f"Born on this date the person is {age}: tick “child”, or check the date."
    return None


# --- Identifiers ----------------------------------------------------------------------------
# Each is held in one normal form (what searches compare): normalise_* gives it from the text as
# typed; *_problem says why a text is not one (None when it is, or is empty).

_SEPARATORS = re.compile(r"[\s-]+")

# The check letters of PNC IDs: a remainder of 0..22 (I, O and S are never used).
_PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC = re.compile(r"^(?:\d{2})?(\d{2})/?(\d{1,7})([A-Z])$")


def normalise_nhs_number(text: str) -> str:
    """'943 476 5919' -> '9434765919' (spaces and hyphens dropped)."""
    return _SEPARATORS.sub("", text or "")


def nhs_number_problem(text: str) -> str | None:
    """NHS number: 10 digits, the last a modulus 11 check digit (NHS Digital: weights 10 down to
    2 on the first nine digits; 11 minus the remainder, 11 meaning 0; 10 is never issued)."""
    number = normalise_nhs_number(text)
    if not number:
        return None
    if not number.isdigit() or len(number) != 10:
        return "An NHS number is 10 digits, e.g. 943 476 5919."
    total = sum(int(digit) * weight for digit, weight in zip(number[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(number[9]):
        return "This NHS number's check digit is wrong: check each digit."
    return None


def normalise_pnc_id(text: str) -> str:
    """PNC ID in its short form YY/NNNNNNNL: '2012/1234A' and '12/0001234a' -> '12/0001234A'.
    A text that is not PNC-shaped is returned compacted and upper case (the problem names it)."""
    compact = _SEPARATORS.sub("", text or "").upper()
    match = _PNC.match(compact)
    if not match:
        return compact
    year, serial, letter = match.groups()
    return f"{year}/{serial.zfill(7)}{letter}"


def pnc_id_problem(text: str) -> str | None:
    """PNC ID: year (2 or 4 digits) / serial (up to 7 digits) and a check letter: the letter for
    (year's last two digits and the 7-digit serial, as one number) modulo 23 in ZABCDEFGHJKLMNPQRTUVWXY.
    The check is as the Ministry of Justice's person-record service applies it
    (github.com/ministryofjustice/hmpps-person-record, PNCIdentifier); no Home Office
    specification of it is published."""
    pnc = normalise_pnc_id(text)
    if not pnc:
        return None
    match = _PNC.match(pnc)
    if not match:
        return "A PNC ID is the year, a slash, the serial number and a check letter, e.g. 12/0001234Y."
    year, serial, letter = match.groups()
    if _PNC_LETTERS[int(year + serial) % 23] != letter:
        return "This PNC ID's check letter is wrong: check the year and the serial number."
    return None


# The UPN check letter's alphabet: a remainder of 0..22 (I, O and S are never used). A temporary
# UPN ends in one of these letters too, counted as its position here.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def normalise_upn(text: str) -> str:
    return _SEPARATORS.sub("", text or "").upper()


def upn_problem(text: str) -> str | None:
    """Unique pupil number: 13 characters, a check letter then 12 digits (a temporary UPN: 11
    digits and a letter). The check letter is the sum of each character times its position (2 to
    13) modulo 23, as a letter of ABCDEFGHJKLMNPQRTUVWXYZ (DfE, UPN data standard v2.0,
    govtalk.gov.uk/gdsc: UniquePupilNumber)."""
    upn = normalise_upn(text)
    if not upn:
        return None
    if not _UPN.match(upn) or (upn[12].isalpha() and upn[12] not in _UPN_LETTERS):
        return "A UPN is 13 characters: a check letter, 12 digits (or 11 and a letter), e.g. B801200005001."
    values = [int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch) for ch in upn[1:]]
    total = sum(value * position for value, position in zip(values, range(2, 14), strict=True))
    if _UPN_LETTERS[total % 23] != upn[0]:
        return "This UPN's check letter is wrong: check each character."
    return None


IDENTIFIERS = {
    # field: (normal form, its problem)
    "nhs_number": (normalise_nhs_number, nhs_number_problem),
    "pnc_id": (normalise_pnc_id, pnc_id_problem),
    "upn": (normalise_upn, upn_problem),
}


IDENTIFIER_NAMES = {"nhs_number": "NHS number", "pnc_id": "PNC ID", "upn": "UPN"}

# The identifiers as they are typed into a search box: an NHS number 3-3-4 or whole (never
# starting 0, unlike a UK phone number), a PNC ID (year/serial and a letter), a UPN.
_TYPED = (
    ("nhs_number", re.compile(r"(?<![\w/.+-])([1-9]\d{2}[ -]?\d{3}[ -]?\d{4})(?![\w/.-])")),
    ("pnc_id", re.compile(r"(?<![\w/.-])((?:\d{2}){1,2}/\d{1,7}[A-Za-z])(?![\w/.-])")),
    ("upn", re.compile(r"(?<![\w/.-])([A-Za-z]\d{11}[0-9A-Za-z])(?![\w/.-])")),
)


class MistypedIdentifier(ValueError):
    """An identifier typed into a search whose check character is wrong (the message says so)."""


def find_identifier(text: str) -> tuple[str, str, str] | None:
    """The NHS number, PNC ID or UPN in a search's text: (field, normal form, the text without
    it), or None. One with a wrong check character raises MistypedIdentifier: it is a typing
    slip, not a name or a phone number to search for; so do two identifiers in one search."""
    for field, pattern in _TYPED:
        found = pattern.search(text)
        if not found:
            continue
        normalise, problem_of = IDENTIFIERS[field]
        problem = problem_of(found.group(1))
        if problem:
            raise MistypedIdentifier(problem)
        rest = text[: found.start()] + " " + text[found.end() :]
        if any(other.search(rest) for _field, other in _TYPED):
            raise MistypedIdentifier("Give only one NHS number, PNC ID or UPN.")
        return field, normalise(found.group(1)), rest
    return None


def identifier_problems(values: Mapping[str, Any], fields: set[str] | None = None) -> Problems:
    problems: Problems = {}
    for name, (_normalise, problem_of) in IDENTIFIERS.items():
        if (fields is None or name in fields) and values.get(name):
            problem = problem_of(values[name])
            if problem:
                problems.setdefault(name, []).append(problem)
    return problems


def person_values_normalised(data: Mapping[str, Any], *, current: Mapping[str, Any] | None = None) -> dict:
    """`data` (a new person's values, or a change's) with its identifiers in their normal form and
    the census group following the self-defined code: a code given without its group, or held
    with no group, sets the group. `current`: the record's values before a change."""
    out = dict(data)
    for name, (normalise, _problem) in IDENTIFIERS.items():
        if isinstance(out.get(name), str):
            out[name] = normalise(out[name])
    held = current or {}
    code = out.get("ethnicity_self_defined", held.get("ethnicity_self_defined"))
    group = out.get("ethnicity", held.get("ethnicity"))
    if code in SELF_DEFINED_GROUP and (
        ("ethnicity_self_defined" in out and "ethnicity" not in out) or not group
    ):
        out["ethnicity"] = group_of_self_defined(code)
    return out


def ethnicity_problems(values: Mapping[str, Any]) -> Problems:
    """The census group agrees with the self-defined code (the reports group by the group)."""
    code, group = values.get("ethnicity_self_defined"), values.get("ethnicity")
    if code in SELF_DEFINED_GROUP and group and group != SELF_DEFINED_GROUP[code]:
        wanted = Ethnicity(SELF_DEFINED_GROUP[code]).label
        return {
            "ethnicity": [
                f"The self-defined code {code} is in the group “{wanted}”: "
                "choose that group or leave it empty."
            ]
        }
    return {}


def person_problems(values: Mapping[str, Any], *, touched: set[str] | None = None) -> Problems:
    """`values`: the person's values after the change. `touched`: the fields being set (None: a
    new record, every rule applies). The age rules depend on today's date, so a record whose
    child flag has aged is only re-judged when its date of birth or flag is changed."""
    problems: Problems = {}

    def applies(*fields: str) -> bool:
        return touched is None or any(field in touched for field in fields)

    born = values.get("date_of_birth")
    if applies("date_of_birth"):
        problem = date_of_birth_problem(born)
        if problem:
            problems.setdefault("date_of_birth", []).append(problem)
    if applies("date_of_birth", "is_child"):
        problem = child_flag_problem(born, values.get("is_child"))
        if problem:
            problems.setdefault("is_child", []).append(problem)
    problems = merged(problems, identifier_problems(values, None if touched is None else touched))
    if applies("ethnicity", "ethnicity_self_defined"):
        problems = merged(problems, ethnicity_problems(values))
    return problems


def flag_problems(values: Mapping[str, Any]) -> Problems:
    problems: Problems = {}
    kind, category = values.get("kind"), values.get("cp_category")
    if kind == FlagKind.CP_PLAN and not category:
        problems.setdefault("cp_category", []).append("A child protection plan needs its category.")
    if kind and kind != FlagKind.CP_PLAN and category:
        problems.setdefault("cp_category", []).append(
            "Only a child protection plan has a category: leave it empty."
        )
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        problems.setdefault("ends_on", []).append("The end date cannot be before the start date.")
    if starts and starts > timezone.localdate():
        problems.setdefault("starts_on", []).append("The start date cannot be in the future.")
    return problems


def merged(*problem_sets: Problems) -> Problems:
    """Several checks' problems together, field by field."""
    out: Problems = {}
    for problems in problem_sets:
        for field, messages in problems.items():
            out.setdefault(field, []).extend(messages)
    return out


def values_after(record: models.Model, changes: Mapping[str, Any]) -> dict[str, Any]:
    """A record's values (related records as objects, None when unset) with `changes` applied:
    what the rules judge, on a new record or a partial change alike."""
    values: dict[str, Any] = {}
    for field in record._meta.concrete_fields:
        try:
            values[field.name] = getattr(record, field.name)
        except ObjectDoesNotExist:
            values[field.name] = None
    values.update(changes)
    return values


def changed_values(record: models.Model, data: Mapping[str, Any]) -> dict[str, Any]:
    """The values of `data` that differ from the record's."""
    changed = {}
    for name, value in data.items():
        field = record._meta.get_field(name)
        current = getattr(record, field.attname)  # type: ignore[union-attr]  # a concrete field: data names fields, never reverse relations
        new = value.pk if field.is_relation and isinstance(value, models.Model) else value
        if current != new:
            changed[name] = value
    return changed
