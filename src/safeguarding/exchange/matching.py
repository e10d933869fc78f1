"""Is an incoming person someone we already hold? Candidates come from indexed fields (date of
birth) and the keys of every name part (people/matching.py, the one matcher); they are ranked
after by name similarity and the matcher's verdict. Only a certain match is linked
without a person deciding; an uncertain one goes to the review queue."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from django.db import connection

from safeguarding.people.matching import (
    ALL_PARTS,
    EXACT,
    KEY_TABLE,
    NONE,
    PHONETIC,
    TYPO,
    VARIANT,
    HeldName,
    NameQuery,
    match_name,
    name_query,
)
from safeguarding.people.models import Person
from safeguarding.people.names import normalise_name, phonetic_key, stored_keys

# At or above CERTAIN the names and date of birth agree exactly; between REVIEW and CERTAIN
# a person decides. Below REVIEW the incoming person is new.
CERTAIN = 0.99
REVIEW = 0.8
_CHUNK = 2000
_PAIRS = "exchange_match_pairs"


@lru_cache(maxsize=200_000)
def cached_phonetic_key(name: str) -> str:
    # Surnames and forenames repeat heavily in an extract: key each distinct one once.
    return phonetic_key(name)


@lru_cache(maxsize=200_000)
def _normal(name: str) -> str:
    return normalise_name(name)


@dataclass(frozen=True)
class Incoming:
    source_reference: str
    forename: str
    surname: str
    date_of_birth: dt.date | None


@dataclass(frozen=True)
class Candidate:
    person_id: int
    confidence: float
    same_system_other_reference: bool


def _similarity(a: str, b: str) -> float:
    a, b = _normal(a), _normal(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    score = jellyfish.jaro_winkler_similarity(a, b)
    if cached_phonetic_key(a) and cached_phonetic_key(a) == cached_phonetic_key(b):
        # Mohammed / Muhammad: the same name spelt differently.
        score = max(score, 0.9)
    return score


# What the shared matcher's verdict is worth as a confidence. Never CERTAIN: a match by name
# parts, a variant or a sound goes to a person to decide; only the names as held link alone.
_QUALITY_CONFIDENCE = {EXACT: 0.95, ALL_PARTS: 0.93, VARIANT: 0.9, PHONETIC: 0.88, TYPO: 0.0, NONE: 0.0}


def confidence(incoming: Incoming, forename: str, surname: str, middle_names: str = "") -> float:
    straight = (_similarity(incoming.forename, forename) + _similarity(incoming.surname, surname)) / 2
    # Forename and surname swapped over, as often happens in a hurried record.
    swapped = (_similarity(incoming.forename, surname) + _similarity(incoming.surname, forename)) / 2 * 0.9
    # Every part of every name, variants and short forms (people/matching.py).
    verdict = match_name(
        _query(incoming.forename, incoming.surname), HeldName(forename, middle_names, surname)
    )
    return round(max(straight, swapped, _QUALITY_CONFIDENCE[verdict.quality]), 3)


@lru_cache(maxsize=200_000)
def _query(forename: str, surname: str) -> NameQuery:
    return name_query(f"{forename} {surname}")


def _incoming_keys(forename: str, surname: str) -> set[str]:
    """Phonetic and variant keys of every part of the incoming names, and the consonants a name
    held in a script without written vowels is keyed by (looked up in the key table)."""
    return {key for keys in _query(forename, surname).keys for key in keys if key[:2] in ("p:", "v:", "s:")}


def _candidates_by_dob(pairs: set[tuple[dt.date, str]]) -> dict[dt.date, list[tuple]]:
    """Held people sharing a date of birth and a key of any name part with an incoming pair
    (date of birth, key)."""
    by_dob: dict[dt.date, list[tuple]] = defaultdict(list)
    if not pairs:
        return by_dob
    fields = ("id", "forename", "surname", "date_of_birth", "middle_names", "source_system")
    if connection.vendor == "postgresql":
        # The pairs go in a temporary table; one statement then finds the candidates through the
        # key index, then the date of birth.
        table = Person._meta.db_table
        pick = ", ".join(f"p.{f}" for f in fields)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_PAIRS}")
            cursor.execute(f"CREATE TEMP TABLE {_PAIRS} (dob date, k varchar(40))")
            with cursor.cursor.copy(f"COPY {_PAIRS} (dob, k) FROM STDIN") as copy:
                # Keys are letters, digits and ':': nothing in them to escape.
                copy.write("".join(f"{dob.isoformat()}\t{key}\n" for dob, key in pairs))
            cursor.execute(f"ANALYZE {_PAIRS}")
            cursor.execute(
                f"SELECT DISTINCT {pick} FROM {_PAIRS} AS i "
                f"JOIN {KEY_TABLE} AS k ON k.key = i.k "
                f"JOIN {table} AS p ON p.id = k.person_id AND p.date_of_birth = i.dob"
            )
            for row in sorted(cursor.fetchall()):  # by id: ties go to the oldest record
                by_dob[row[3]].append(row)
            cursor.execute(f"DROP TABLE {_PAIRS}")
        return by_dob
    dates = sorted({dob for dob, _key in pairs})
    for start in range(0, len(dates), _CHUNK):
        for row in (
            Person.objects.filter(date_of_birth__in=dates[start : start + _CHUNK])
            .order_by("id")
            .values_list(*fields)
        ):
            by_dob[row[3]].append(row)
    return by_dob


def best_candidates(
    references: list[str],
    forenames: list[str],
    surnames: list[str],
    dates_of_birth: list[dt.date | None],
    *,
    source_system: str,
) -> dict[str, Candidate]:
    """Best existing person for each incoming one (given column by column) that has a candidate
    at all (same date of birth and a key of a name part in common)."""
    pairs = {
        (dob, key)
        for forename, surname, dob in zip(forenames, surnames, dates_of_birth, strict=True)
        if dob is not None
        for key in _incoming_keys(forename, surname)
    }
    by_dob = _candidates_by_dob(pairs)
    found: dict[str, Candidate] = {}
    if not by_dob:
        return found
    for ref, forename, surname, dob in zip(references, forenames, surnames, dates_of_birth, strict=True):
        if dob is None or dob not in by_dob:
            continue
        person = Incoming(ref, forename, surname, dob)
        keys = _incoming_keys(forename, surname)
        best: Candidate | None = None
        for pid, held_forename, held_surname, _dob, held_middle, system in by_dob[dob]:
            if not keys & (stored_keys(held_forename) | stored_keys(held_middle) | stored_keys(held_surname)):
                continue  # no name part in common (the key table's join, on either database)
            score = confidence(person, held_forename, held_surname, held_middle)
            if best is None or score > best.confidence:
                best = Candidate(pid, score, system == source_system)
        if best is not None and best.confidence >= REVIEW:
            found[ref] = best
    return found
