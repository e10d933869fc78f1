"""Is an incoming person someone we already hold? Candidates come from indexed fields (date of
birth) and phonetic keys; they are ranked after by name similarity. Only a certain match is linked
without a person deciding; an uncertain one goes to the review queue."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from safeguarding.people.models import Person
from safeguarding.people.names import normalise_name, phonetic_key

# At or above CERTAIN the names and date of birth agree exactly; between REVIEW and CERTAIN
# a person decides. Below REVIEW the incoming person is new.
CERTAIN = 0.99
REVIEW = 0.8
_CHUNK = 2000


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


def best_candidates(incoming: list[Incoming], *, source_system: str) -> dict[str, Candidate]:
    """Best existing person for each incoming one that has a candidate at all (same date of birth
    and a phonetic key in common)."""
    dobs = sorted({i.date_of_birth for i in incoming if i.date_of_birth is not None})
    by_dob: dict[dt.date, list[tuple]] = defaultdict(list)
    for start in range(0, len(dobs), _CHUNK):
        for row in Person.objects.filter(date_of_birth__in=dobs[start : start + _CHUNK]).values_list(
            "id", "forename", "surname", "date_of_birth", "forename_key", "surname_key", "source_system"
        ):
            by_dob[row[3]].append(row)
    found: dict[str, Candidate] = {}
    for person in incoming:
        if person.date_of_birth is None or person.date_of_birth not in by_dob:
            continue
        keys = {cached_phonetic_key(person.forename), cached_phonetic_key(person.surname)} - {""}
        best: Candidate | None = None
        for pid, forename, surname, _dob, forename_key, surname_key, system in by_dob[person.date_of_birth]:
            if not keys & {forename_key, surname_key}:
                continue
            score = confidence(person, forename, surname)
            if best is None or score > best.confidence:
                best = Candidate(pid, score, system == source_system)
        if best is not None and best.confidence >= REVIEW:
            found[person.source_reference] = best
    return found
