"""Likely duplicates: of a person about to be added, and among the people already held.

A likely duplicate (issue 18) is someone with the same date of birth whose name matches, or
with a matching name at the same address. Names are matched and scored by the one matcher
(people.matching, whose `candidates_for_new_person` and `duplicate_candidates` share one
scoring); this module applies the rule and the viewer's scope."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from safeguarding.access.models import User
from safeguarding.people.casework import people_visible_to
from safeguarding.people.matching import ALL_PARTS, EXACT, NONE, QUALITY_WORDS, VARIANT, duplicate_candidates
from safeguarding.people.models import Address, MergeState, Person, PersonMerge

PAIR_LIMIT = 200  # the unit's list: the most likely first, this many at most
GROUP_LIMIT = 400


@dataclass(frozen=True)
class LikelyDuplicate:
    person: Person
    confidence: float
    reason: str

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def _same_address(person: Person, line1: str, postcode: str) -> bool:
    address = person.current_address
    if address is None or not postcode:
        return False
    same_line = not line1 or address.line1.strip().casefold() == line1.strip().casefold()
    return address.postcode == Address.normalise_postcode(postcode) and same_line


def _is_likely(person: Person, reason: str, date_of_birth, line1: str, postcode: str) -> bool:
    same_dob = date_of_birth is not None and person.date_of_birth == date_of_birth
    # The matcher's reason words: a name match of variant quality or better.
    strong_name = any(QUALITY_WORDS[level] in reason for level in (EXACT, ALL_PARTS, VARIANT))
    return (same_dob and not reason.startswith(QUALITY_WORDS[NONE])) or (
        strong_name and _same_address(person, line1, postcode)
    )


def likely_duplicates(
    viewer: User,
    *,
    forename: str,
    surname: str,
    middle_names: str = "",
    date_of_birth: dt.date | None = None,
    line1: str = "",
    postcode: str = "",
    exclude: int | None = None,
) -> tuple[list[LikelyDuplicate], int]:
    """The people the viewer may see who are likely this person, most likely first, and how many
    more are held outside the viewer's scope (counted, never shown)."""
    found = duplicate_candidates(
        forename=forename,
        surname=surname,
        middle_names=middle_names,
        date_of_birth=date_of_birth,
        postcode=postcode,
        limit=20,
    )
    ids = [c.person_id for c in found if c.person_id != exclude]
    people = Person.objects.filter(pk__in=ids).select_related("current_address", "district")
    by_id = {p.pk: p for p in people}
    visible = set(people_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))
    likely, hidden = [], 0
    for candidate in found:
        person = by_id.get(candidate.person_id)
        if person is None or not _is_likely(person, candidate.reason, date_of_birth, line1, postcode):
            continue
        if person.pk in visible:
            likely.append(LikelyDuplicate(person, candidate.confidence, candidate.reason))
        else:
            hidden += 1
    return likely, hidden


@dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person
    confidence: float
    reason: str
    pending: PersonMerge | None = None

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def duplicate_pairs(viewer: User, *, limit: int = PAIR_LIMIT) -> list[DuplicatePair]:
    """Pairs of people the viewer may see who are likely one person, ranked by confidence.

    Groups by the stored name keys (same surname sound and date of birth, or same name sounds
    and postcode) bound the work; each pair is then scored by the matcher."""
    visible = people_visible_to(viewer)
    by_dob = (
        visible.exclude(date_of_birth__isnull=True)
        .values("surname_key", "date_of_birth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("-n")[:GROUP_LIMIT]
    )
    by_address = (
        visible.exclude(current_address__isnull=True)
        .values("forename_key", "surname_key", "current_address__postcode")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("-n")[:GROUP_LIMIT]
    )
    groups = [Q(surname_key=g["surname_key"], date_of_birth=g["date_of_birth"]) for g in by_dob] + [
        Q(
            forename_key=g["forename_key"],
            surname_key=g["surname_key"],
            current_address__postcode=g["current_address__postcode"],
        )
        for g in by_address
    ]
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for group in groups:
        members = list(visible.filter(group).select_related("current_address", "district")[:20])
        ids = {p.pk for p in members}
        for person in members:
            address = person.current_address
            found = duplicate_candidates(
                forename=person.forename,
                surname=person.surname,
                middle_names=person.middle_names,
                date_of_birth=person.date_of_birth,
                postcode=address.postcode if address else "",
                limit=20,
            )
            others = {p.pk: p for p in members}
            for candidate in found:
                if candidate.person_id == person.pk or candidate.person_id not in ids:
                    continue
                other = others[candidate.person_id]
                if not _is_likely(
                    other,
                    candidate.reason,
                    person.date_of_birth,
                    address.line1 if address else "",
                    address.postcode if address else "",
                ):
                    continue
                key = (min(person.pk, other.pk), max(person.pk, other.pk))
                if key not in pairs or pairs[key].confidence < candidate.confidence:
                    first, second = (person, other) if person.pk < other.pk else (other, person)
                    pairs[key] = DuplicatePair(first, second, candidate.confidence, candidate.reason)
    pending = {
        (min(m.survivor_id, m.merged_id), max(m.survivor_id, m.merged_id)): m
        for m in PersonMerge.objects.filter(state=MergeState.REQUESTED)
    }
    ranked = sorted(pairs.values(), key=lambda p: (-p.confidence, p.first.pk, p.second.pk))[:limit]
    return [
        DuplicatePair(p.first, p.second, p.confidence, p.reason, pending.get((p.first.pk, p.second.pk)))
        for p in ranked
    ]
