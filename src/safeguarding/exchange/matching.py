"""Is an incoming person someone we already hold? Candidates come from indexed fields (date of
birth) and phonetic keys; they are ranked after by name similarity. Only a certain match is linked
without a person deciding; an uncertain one goes to the review queue."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from django.db import connection

from safeguarding.people.models import Person
from safeguarding.people.names import normalise_name, phonetic_key

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


def confidence(incoming: Incoming, forename: str, surname: str) -> float:
    straight = (_similarity(incoming.forename, forename) + _similarity(incoming.surname, surname)) / 2
    # Forename and surname swapped over, as often happens in a hurried record.
    swapped = (_similarity(incoming.forename, surname) + _similarity(incoming.surname, forename)) / 2 * 0.9
    return round(max(straight, swapped), 3)


def _candidates_by_dob(pairs: set[tuple[dt.date, str]]) -> dict[dt.date, list[tuple]]:
    """Held people sharing a date of birth and a phonetic key (as forename or surname) with an
    incoming pair (date of birth, key)."""
    by_dob: dict[dt.date, list[tuple]] = defaultdict(list)
    if not pairs:
        return by_dob
    fields = "id, forename, surname, date_of_birth, forename_key, surname_key, source_system"
    if connection.vendor == "postgresql":
        # The pairs go in a temporary table; one statement then finds the candidates, each half
        # of it on a (key, date of birth) index.
        table = Person._meta.db_table
        pick = ", ".join(f"p.{f.strip()}" for f in fields.split(","))
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_PAIRS}")
            cursor.execute(f"CREATE TEMP TABLE {_PAIRS} (dob date, k varchar(16))")
            with cursor.cursor.copy(f"COPY {_PAIRS} (dob, k) FROM STDIN") as copy:
                # Phonetic keys are letters and digits: nothing in them to escape.
                copy.write("".join(f"{dob.isoformat()}\t{key}\n" for dob, key in pairs))
            cursor.execute(f"ANALYZE {_PAIRS}")
            cursor.execute(
                f"SELECT {pick} FROM {table} AS p JOIN {_PAIRS} AS i "
                "ON p.date_of_birth = i.dob AND p.surname_key = i.k "
                f"UNION SELECT {pick} FROM {table} AS p JOIN {_PAIRS} AS i "
                "ON p.date_of_birth = i.dob AND p.forename_key = i.k"
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
            .values_list(*(f.strip() for f in fields.split(",")))
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
    at all (same date of birth and a phonetic key in common)."""
    forename_keys = list(map(cached_phonetic_key, forenames))
    surname_keys = list(map(cached_phonetic_key, surnames))
    pairs = {
        (dob, key)
        for dob, forename_key, surname_key in zip(dates_of_birth, forename_keys, surname_keys, strict=True)
        if dob is not None
        for key in (forename_key, surname_key)
        if key
    }
    by_dob = _candidates_by_dob(pairs)
    found: dict[str, Candidate] = {}
    if not by_dob:
        return found
    for ref, forename, surname, dob, forename_key, surname_key in zip(
        references, forenames, surnames, dates_of_birth, forename_keys, surname_keys, strict=True
    ):
        if dob is None or dob not in by_dob:
            continue
        person = Incoming(ref, forename, surname, dob)
        keys = {forename_key, surname_key} - {""}
        best: Candidate | None = None
        for pid, held_forename, held_surname, _dob, held_keys_0, held_keys_1, system in by_dob[dob]:
            if not keys & {held_keys_0, held_keys_1}:
                continue
            score = confidence(person, held_forename, held_surname)
            if best is None or score > best.confidence:
                best = Candidate(pid, score, system == source_system)
        if best is not None and best.confidence >= REVIEW:
            found[ref] = best
    return found
