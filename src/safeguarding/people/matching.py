"""The one name matcher: person search, first contact, import matching and the duplicate check
find candidates by the keys `people/names.py` defines and rank them here.

Candidates: the people holding a key of every typed word (for three words or more, all but
one), from the (key, person) index. When that finds fewer than a handful, a typo fallback keeps
the people holding a key of all the typed words but one (for two or three words: of any one
word), ranking keeping those whose other word is a close spelling. Ranking: match quality first (exact > all
parts > variant > sounds like > close spelling), then risk, then the viewer's districts, then
the newest record.
"""

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import jellyfish
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from safeguarding.people.names import (
    PARTICLES,
    abjad_script,
    address_key,
    are_variants,
    is_latin,
    name_compounds,
    name_parts,
    normalise_name,
    person_keys,
    phonetic_codes,
    query_keys,
    query_pair_keys,
    same_in_abjad,
    skeleton,
)

if TYPE_CHECKING:
    from safeguarding.access.models import User
    from safeguarding.people.models import Person

KEY_TABLE = "people_personnamekey"
# The person's own fields their keys are made from (with their aliases' names).
PERSON_KEY_FIELDS = ("forename", "middle_names", "surname", "phone")
FEW = 5  # fewer candidates than this by keys: the typo fallback runs too
_CHUNK = 5000

# Match quality, best first; the plain words shown beside a result.
EXACT, ALL_PARTS, VARIANT, PHONETIC, TYPO, NONE = 5, 4, 3, 2, 1, 0
QUALITY_WORDS = {
    EXACT: "exact name",
    ALL_PARTS: "every word typed is part of the name",
    VARIANT: "spelling variant or short form of the name",
    PHONETIC: "sounds like the name",
    TYPO: "close spelling (possible typing slip)",
    NONE: "name differs",
}
TYPO_SIMILARITY = 0.84


# --- Keys: set in one place -------------------------------------------------------------------


def _names_by_person(people, aliases) -> dict[int, list]:
    """pk -> [every name field, phone, the names held (a tuple of fields each)]."""
    held: dict[int, list] = {}
    for pk, forename, middle, surname, phone in people.values_list(
        "pk", "forename", "middle_names", "surname", "phone"
    ):
        held[pk] = [[forename, middle, surname], phone, [(forename, middle, surname)]]
    for person_id, forename, surname in aliases.values_list("person_id", "forename", "surname"):
        if person_id in held:
            held[person_id][0] += [forename, surname]
            held[person_id][2].append((forename, surname))
    return held


def person_keys_refresh(person_ids: Iterable[int] | None = None, *, models=None) -> int:
    """Set the search keys of these people (all people when None) from their names, aliases
    and phone. With `person_keys_add_new` (people just created), the only code that writes
    PersonNameKey. Set-based, in chunks of people: one read
    of the names, one delete, one COPY (PostgreSQL) or executemany (SQLite) a chunk. Returns the
    number of keys written."""
    if models is None:
        from safeguarding.people.models import Person, PersonAlias

        models = (Person, PersonAlias)
    person_model, alias_model = models
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        rebuild: list[str] = []
        if person_ids is None:
            cursor.execute(f"DELETE FROM {KEY_TABLE}")
            if connection.vendor == "postgresql":
                # Every key again: load without the indexes and build them once after (keeping
                # them up to date row by row was half the time of a whole-force refresh).
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
                    [KEY_TABLE, f"{KEY_TABLE}_pkey"],
                )
                for name, definition in cursor.fetchall():
                    rebuild.append(definition)
                    cursor.execute(f'DROP INDEX "{name}"')
            bounds = person_model.objects.order_by("pk").values_list("pk", flat=True)
            low, high = bounds.first(), bounds.last()
            chunks = (
                [] if low is None else [(start, start + _CHUNK) for start in range(low, high + 1, _CHUNK)]
            )
            selections = (
                (
                    person_model.objects.filter(pk__gte=lo, pk__lt=hi),
                    alias_model.objects.filter(person_id__gte=lo, person_id__lt=hi),
                )
                for lo, hi in chunks
            )
        else:
            ids = sorted(set(person_ids))
            chunked = [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
            for chunk in chunked:
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {KEY_TABLE} WHERE person_id IN ({marks})", chunk)
            selections = (
                (person_model.objects.filter(pk__in=chunk), alias_model.objects.filter(person_id__in=chunk))
                for chunk in chunked
            )
        for people, aliases in selections:
            held = _names_by_person(people, aliases)
            rows = [
                (pk, key)
                for pk, (names, phone, whole) in held.items()
                for key in sorted(person_keys(names, phone, whole))
            ]
            written += len(rows)
            _write_keys(cursor, rows)
        if rebuild:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # CREATE INDEX refuses pending checks
            for definition in rebuild:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return written


def _write_keys(cursor, rows: list[tuple[int, str]]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        # Keys are lower-case letters, digits, ':' and '+': nothing to escape for COPY.
        buffer.writelines(f"{pk}\t{key}\n" for pk, key in rows)
        with cursor.cursor.copy(f"COPY {KEY_TABLE} (person_id, key) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    else:
        cursor.executemany(f"INSERT INTO {KEY_TABLE} (person_id, key) VALUES (%s, %s)", rows)


def new_person_key_columns(
    person_ids: Sequence[int],
    forenames: Sequence[str],
    middle_names: Sequence[str] | None,
    surnames: Sequence[str],
    phones: Sequence[str] | None,
) -> tuple[list[int], list[str]]:
    """The keys of people just created, who hold no alias yet (the bulk loader's new rows), as
    two columns (person id, key) to write with the people: the same keys `person_keys_refresh`
    would set, from the names given rather than read back. Names repeat across a batch, so
    each distinct name's keys are worked out once."""
    count = len(person_ids)
    middles = middle_names if middle_names is not None else [""] * count
    numbers = phones if phones is not None else [""] * count
    ids: list[int] = []
    keys: list[str] = []
    known: dict[tuple[str, str, str, str], list[str]] = {}
    for pk, forename, middle, surname, phone in zip(
        person_ids, forenames, middles, surnames, numbers, strict=True
    ):
        name = (forename or "", middle or "", surname or "", phone or "")
        found = known.get(name)
        if found is None:
            fields = name[:3]
            found = known[name] = sorted(person_keys(fields, name[3], [fields]))
        ids += [pk] * len(found)
        keys += found
    return ids, keys


def person_keys_add_new(person_ids: list[int], keys: list[str]) -> int:
    """Write the keys `new_person_key_columns` gave, for people who hold none yet."""
    with connection.cursor() as cursor:
        _write_keys(cursor, list(zip(person_ids, keys, strict=True)))
    return len(keys)


# --- The typed name ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NameQuery:
    """The words of a typed name that are searched by (particles dropped when other words
    remain), each with the keys it is looked for by."""

    words: tuple[str, ...]
    keys: tuple[frozenset[str], ...]
    slack: int = 0  # words that may go unmatched beyond the usual (the typo fallback's one)
    latin: tuple[bool, ...] = ()  # each word typed in Latin script?

    @property
    def need(self) -> int:
        """How many words a candidate must hold a key of: all, or all but one past two."""
        usual = len(self.words) if len(self.words) <= 2 else len(self.words) - 1
        return max(1, usual - self.slack)


def name_query(typed: Sequence[str] | str) -> NameQuery:
    """From what was typed: a string, or words already split (folded or not)."""
    raw = typed.split() if isinstance(typed, str) else list(typed)
    words: list[tuple[str, bool]] = []
    for word in raw:
        latin = is_latin(word)
        words += [(w, latin) for w in normalise_name(word).split()]
    kept = [(w, latin) for w, latin in words if w not in PARTICLES] or words
    # An initial says too little to search by when a whole word is typed too ("J Smith").
    kept = [(w, latin) for w, latin in kept if len(w) >= 2] or kept
    out: list[str] = []
    keys: list[frozenset[str]] = []
    latins: list[bool] = []
    for word, latin in kept:
        if word.startswith("mc") and len(word) > 4:
            word = "mac" + word[2:]
        if word in out:
            continue
        out.append(word)
        latins.append(latin)
        keys.append(query_keys(word, latin=latin))
    return NameQuery(tuple(out), tuple(keys), latin=tuple(latins))


def named_sql(query: NameQuery, params: dict, *, prefix: str = "nk", array: bool = False) -> str:
    """SELECT person_id, hits: the people holding a key of at least `need` of the words, with
    named placeholders added to `params` (pyformat, %(name)s). `array` (PostgreSQL) sends each
    word's keys as one array, so the text depends only on the number of words (preparable)."""
    branches = []
    for index, keys in enumerate(query.keys):
        if array:
            params[f"{prefix}_{index}"] = sorted(keys)
            branches.append(
                f"SELECT person_id, {index} AS w FROM {KEY_TABLE} WHERE key = ANY(%({prefix}_{index})s)"
            )
            continue
        marks = []
        for n, key in enumerate(sorted(keys)):
            name = f"{prefix}_{index}_{n}"
            params[name] = key
            marks.append(f"%({name})s")
        branches.append(f"SELECT person_id, {index} AS w FROM {KEY_TABLE} WHERE key IN ({', '.join(marks)})")
    params[f"{prefix}_need"] = query.need
    return (
        f"SELECT person_id, COUNT(DISTINCT w) AS hits FROM ({' UNION ALL '.join(branches)}) {prefix}_x "
        f"GROUP BY person_id HAVING COUNT(DISTINCT w) >= %({prefix}_need)s"
    )


def pairs_sql(query: NameQuery, params: dict, *, prefix: str = "pk", array: bool = False) -> str:
    """SELECT person_id: the people holding two of the typed words in one name (pair keys), or,
    for one word, holding a key of it. One index probe; no aggregation."""
    if len(query.words) >= 2:
        keys = sorted(query_pair_keys(query.words, query.latin or None))
    else:
        keys = sorted(query.keys[0])
    if array:
        params[prefix] = keys
        return f"SELECT person_id FROM {KEY_TABLE} WHERE key = ANY(%({prefix})s)"
    marks = []
    for n, key in enumerate(keys):
        params[f"{prefix}_{n}"] = key
        marks.append(f"%({prefix}_{n})s")
    return f"SELECT person_id FROM {KEY_TABLE} WHERE key IN ({', '.join(marks)})"


def fallback_sql(query: NameQuery, params: dict, *, prefix: str = "fb") -> str:
    """SELECT person_id: a typing slip in one word. People holding a key of one word and a word
    key starting with the first two letters of another (a range on the key index), and the
    people holding keys of all the other words (a slip early in a word)."""
    branches = []
    relaxed = NameQuery(query.words, query.keys, slack=1, latin=query.latin)
    if len(query.words) >= 2 and relaxed.need == 1:
        # Two or three words: holding a key of any one word already takes in every prefix
        # branch below (each is a subset of it), and joining a common key to a two-letter
        # range cost hundreds of milliseconds at 1,000,000 children for no extra candidate.
        marks = []
        for n, key in enumerate(sorted(set().union(*query.keys))):
            params[f"{prefix}_any_{n}"] = key
            marks.append(f"%({prefix}_any_{n})s")
        return f"SELECT DISTINCT person_id FROM {KEY_TABLE} WHERE key IN ({', '.join(marks)})"
    for i, keys in enumerate(query.keys):
        for j, other in enumerate(query.words):
            if i == j or len(other) < 2:
                continue
            marks = []
            for n, key in enumerate(sorted(keys)):
                params[f"{prefix}_{i}_{n}"] = key
                marks.append(f"%({prefix}_{i}_{n})s")
            params[f"{prefix}_lo_{j}"] = "w:" + other[:2]
            params[f"{prefix}_hi_{j}"] = "w:" + other[:2] + "~"
            branches.append(
                f"SELECT a.person_id FROM {KEY_TABLE} a JOIN {KEY_TABLE} b ON b.person_id = a.person_id "
                f"AND b.key >= %({prefix}_lo_{j})s AND b.key < %({prefix}_hi_{j})s "
                f"WHERE a.key IN ({', '.join(marks)})"
            )
    if not branches:  # one word: its own prefix
        word = query.words[0] if query.words else ""
        params[f"{prefix}_lo"], params[f"{prefix}_hi"] = "w:" + word[:3], "w:" + word[:3] + "~"
        return f"SELECT person_id FROM {KEY_TABLE} WHERE key >= %({prefix}_lo)s AND key < %({prefix}_hi)s"
    # A slip early in a word (Rnonie): the people holding keys of all the other words; ranking
    # keeps those whose remaining word is a close spelling. Bounded by the candidate limit.
    branches.append(f"SELECT person_id FROM ({named_sql(relaxed, params, prefix=prefix + 'r')}) {prefix}_r")
    return " UNION ".join(branches)


def positional(sql: str, params: dict) -> tuple[str, list]:
    """The same statement with %s placeholders, for the ORM's RawSQL."""
    values: list = []

    def swap(match) -> str:
        values.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", swap, sql), values


def person_ids_holding(query: NameQuery, *, fallback: bool = False) -> RawSQL:
    """The ids of the people the keys find (or the typo fallback), for `pk__in=` in the ORM."""
    params: dict = {}
    inner = fallback_sql(query, params) if fallback else named_sql(query, params)
    sql, values = positional(f"SELECT person_id FROM ({inner}) ids", params)
    # Every value is a bound parameter; the text is built from constants only.
    return RawSQL(sql, values)  # noqa: S611


# --- Ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldName:
    """One name a person holds (their own or an alias), as matched."""

    forename: str
    middle: str
    surname: str
    alias: bool = False

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.forename, self.middle, self.surname) if p)


@dataclass(frozen=True)
class NameMatch:
    quality: int
    similarity: float
    alias: bool = False
    other_script: str = ""  # "Arabic": read as the same name written in that script

    @property
    def reason(self) -> str:
        words = QUALITY_WORDS[self.quality]
        if self.other_script and self.quality >= ALL_PARTS:
            words += f", held in {self.other_script} script (its short vowels are not written)"
        return f"{words} (an alias)" if self.alias and self.quality else words


def _word_level(word: str, parts: tuple[str, ...], latin: bool) -> tuple[int, float]:
    if word in parts:
        return ALL_PARTS, 1.0
    best_sim = max((jellyfish.jaro_winkler_similarity(word, part) for part in parts), default=0.0)
    if any(are_variants(word, part) for part in parts):
        return VARIANT, best_sim
    # Held in a script without written vowels: the same consonants are the same name spelt in
    # Latin letters (a transliteration variant).
    if not latin and len(word) >= 2 and any(skeleton(part) == skeleton(word) for part in parts):
        return VARIANT, best_sim
    if any(sounds_alike(word, part) for part in parts):
        return PHONETIC, best_sim
    if best_sim >= TYPO_SIMILARITY or (len(word) >= 3 and any(p.startswith(word) for p in parts)):
        return TYPO, best_sim
    return NONE, best_sim


def sounds_alike(a: str, b: str) -> bool:
    """Double Metaphone: the primary code of one is a code of the other (two secondary codes
    agreeing is too loose: Whitworth and Ward)."""
    codes_a, codes_b = phonetic_codes(a), phonetic_codes(b)
    return bool(codes_a and codes_b) and (codes_a[0] in codes_b or codes_b[0] in codes_a)


def _core(name: str) -> set[str]:
    """The parts of a name as written, without the Mac-stems name_parts adds for searching."""
    return {
        part for part in name_parts(name) if not any(p != part and p.endswith(part) for p in name_parts(name))
    }


def match_name(query: NameQuery, held: HeldName) -> NameMatch:
    """How well the typed words match one held name, in any order, particles ignored."""
    if not query.words:
        return NameMatch(NONE, 0.0, held.alias)
    fields = (held.forename, held.middle, held.surname)
    parts: tuple[str, ...] = ()
    for field_ in fields:
        if field_:
            parts += name_parts(field_) + name_compounds(field_)
    latin = is_latin(held.full)
    words = query.words
    script = "" if latin else abjad_script(held.full)
    other_script = ""
    if script:
        # A Latin spelling of a name held in Arabic script is that name, as near as its letters
        # can say: read each typed word as the held part it writes (same consonants, and a
        # vowel letter where the script writes a long one), then judge as for any name.
        swapped = tuple(
            _written_as(word, parts) if typed_latin else word for word, typed_latin in _typed(query)
        )
        other_script = script if swapped != words else ""
        words = swapped
    levels = [_word_level(word, parts, latin) for word in words]
    quality = min(level for level, _sim in levels)
    similarity = sum(sim for _level, sim in levels) / len(levels)
    if quality == ALL_PARTS:
        first_and_last = _core(held.forename) | _core(held.surname)
        whole = _core(held.full)
        typed = set(words)
        if typed in (first_and_last, whole) or typed == set(name_parts(held.forename + held.surname)):
            quality = EXACT
    return NameMatch(quality, round(similarity, 4), held.alias, other_script)


def _typed(query: NameQuery) -> list[tuple[str, bool]]:
    latins = query.latin or tuple(True for _word in query.words)
    return list(zip(query.words, latins, strict=True))


def _written_as(word: str, parts: tuple[str, ...]) -> str:
    """The held part (in Arabic script, folded) this Latin word writes, or the word itself."""
    return next((part for part in parts if same_in_abjad(word, part)), word)


def best_match(query: NameQuery, names: Iterable[HeldName]) -> NameMatch:
    return max(
        (match_name(query, held) for held in names),
        key=lambda m: (m.quality, m.similarity, not m.alias),
        default=NameMatch(NONE, 0.0),
    )


# Risk, for ranking after match quality: the worst active flag of the person.
RISK_WEIGHT = {
    "cp_plan": 4,
    "cse_risk": 4,
    "repeat_missing": 3,
    "registered_sex_offender": 2,
    "risk_to_children": 2,
    "domestic_abuse_perpetrator": 1,
    "violent": 1,
    "looked_after": 1,
}


def rank_key(match: NameMatch, *, risk: int, own_district: bool, recency: int, dob_agrees: bool = False):
    """Sort key, ascending: quality, then a date of birth that agrees, then risk, the viewer's
    districts, then the newest record (highest id) first."""
    return (-match.quality, -int(dob_agrees), -risk, -int(own_district), -match.similarity, -recency)


# --- The duplicate check ----------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateCandidate:
    person_id: int
    confidence: float
    reason: str


def duplicate_candidates(
    *,
    forename: str,
    surname: str,
    middle_names: str = "",
    date_of_birth: dt.date | None = None,
    postcode: str = "",
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """The same check as `candidates_for_new_person`, by person id, with the matcher's own words
    for the name first in `reason` (people/duplicates.py reads the match quality from them)."""
    scored = _scored_candidates(
        " ".join((forename or "", middle_names or "", surname or "")), date_of_birth, postcode=postcode
    )
    found = [
        DuplicateCandidate(person.pk, confidence, "; ".join(reasons))
        for person, _m, confidence, reasons in scored
    ]
    found.sort(key=lambda c: (-c.confidence, c.person_id))
    return found[:limit]


class NewPersonCandidate(NamedTuple):
    """A person already held who may be the one about to be created."""

    person: "Person"
    confidence: float  # 0 to 1
    reasons: tuple[str, ...]  # in plain words: how the name matched, same date of birth, ...


def candidates_for_new_person(
    forenames: str,
    surname: str,
    date_of_birth: dt.date | None = None,
    *,
    address_line: str = "",
    postcode: str = "",
    user: "User | None" = None,
    limit: int = 10,
) -> list[NewPersonCandidate]:
    """The duplicate check before a person is created ("one person, one record"): people
    already held whose name matches by the one matcher's rules (any part, any order, variants,
    short forms, other scripts, a typing slip) or who share the date of birth, scored by name,
    date of birth and address. Best first; only those with confidence >= 0.4. `forenames` may
    hold middle names too. With `user`, only the people that user may see (their scope);
    without, the whole force (the caller then decides what may be shown)."""
    scored = _scored_candidates(
        " ".join((forenames or "", surname or "")),
        date_of_birth,
        address_line=address_line,
        postcode=postcode,
        user=user,
    )
    found = [
        NewPersonCandidate(
            person,
            confidence,
            tuple(["the name differs", *reasons[1:]] if match.quality == NONE else reasons),
        )
        for person, match, confidence, reasons in scored
    ]
    found.sort(key=lambda c: (-c.confidence, -c.person.pk))
    return found[:limit]


def _scored_candidates(
    typed: str,
    date_of_birth: dt.date | None,
    *,
    address_line: str = "",
    postcode: str = "",
    user: "User | None" = None,
) -> list[tuple["Person", NameMatch, float, list[str]]]:
    """The one scoring of a possible duplicate: people found by every name part's keys (the typo
    fallback when they find few) or by the date of birth, each scored by name quality, date of
    birth, postcode and address line; those below 0.4 are dropped."""
    from safeguarding.people.casework import people_visible_to
    from safeguarding.people.models import Person

    query = name_query(typed)
    if not query.words:
        return []
    params: dict = {}
    sql, values = positional(f"SELECT person_id FROM ({named_sql(query, params)}) d LIMIT 500", params)
    ids = _ids(sql, values)
    if len(ids) < FEW:
        params = {}
        sql, values = positional(f"SELECT person_id FROM ({fallback_sql(query, params)}) f LIMIT 500", params)
        ids |= _ids(sql, values)
    if date_of_birth is not None:
        # Same date of birth: a misspelt or changed name is still offered (bounded by the index).
        ids |= set(Person.objects.filter(date_of_birth=date_of_birth).values_list("pk", flat=True)[:500])
    people = Person.objects.all() if user is None else people_visible_to(user)
    people = people.filter(pk__in=ids).select_related("current_address").prefetch_related("aliases")
    wanted_line = address_key(address_line)
    wanted_postcode = "".join((postcode or "").split()).upper()
    found = []
    for person in people:
        names = [HeldName(person.forename, person.middle_names, person.surname)] + [
            HeldName(a.forename, "", a.surname, alias=True) for a in person.aliases.all()
        ]
        match = best_match(query, names)
        score = _NAME_SCORE[match.quality]
        reasons = [match.reason]
        if date_of_birth is not None and person.date_of_birth is not None:
            if person.date_of_birth == date_of_birth:
                score += 0.3
                reasons.append("same date of birth")
            else:
                score -= 0.2
                reasons.append("a different date of birth")
        address = person.current_address
        if address is not None:
            if wanted_postcode and address.postcode == wanted_postcode:
                score += 0.1
                reasons.append("same postcode")
            held_line = address_key(address.line1)
            if (
                wanted_line
                and held_line
                and (
                    held_line == wanted_line
                    or held_line.endswith(" " + wanted_line)
                    or wanted_line.endswith(" " + held_line)
                )
            ):
                score += 0.1
                reasons.append("same address")
        if round(score, 3) >= 0.4:
            found.append((person, match, round(min(max(score, 0.0), 1.0), 3), reasons))
    return found


_NAME_SCORE = {EXACT: 0.6, ALL_PARTS: 0.5, VARIANT: 0.45, PHONETIC: 0.4, TYPO: 0.3, NONE: 0.0}


def _ids(sql: str, values: list) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return {row[0] for row in cursor.fetchall()}
