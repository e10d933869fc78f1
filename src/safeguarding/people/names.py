"""Names as people really say them: folding, the parts of a name, and the search keys of a person.

One module decides what a name "is" for every matcher (person search, first contact, import
matching, the duplicate check): `people/matching.py` ranks with what is defined here.

- Folding keeps every letter: `anyascii` transliterates (Ł -> L, Ø -> O, ß -> ss, Arabic,
  Cyrillic, Greek, Chinese...), where NFKD folding alone drops letters it cannot decompose.
- A name is split into parts on spaces, hyphens and apostrophes (Latin script); particles
  (ap, ferch, Ó, Ní, bin, al-, van, de, ...) are dropped from the parts when the name has other
  words, and kept in the joined compound ("O'Brien" -> part "brien", compound "obrien").
- Keys of a person (table `PersonNameKey`, set only by `people/matching.py`): for every part
  of every name (forenames, middle names, surname parts, aliases) the folded word (`w:`), both
  Double Metaphone codes (`p:`), the spelling-variant groups it belongs to (`v:`), and for names
  held in a script without written vowels the consonant skeleton (`s:`) that Latin spellings are
  matched against; a Latin name gets a `c:` skeleton for queries typed in such a script; a
  short form is keyed under the full names it stands for (`n:`) and a full name under itself
  (`m:`), from the nicknames dataset. A person's phone number is keyed in E.164 (`t:`).

Trigrams miss Mohammed/Muhammad (similarity 0.2); Double Metaphone codes match, so candidates
come from keys and indexed fields first and are ranked after.
"""

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import phonenumbers
from anyascii import anyascii
from metaphone import doublemetaphone
from nicknames import NickNamer

# Particles that join a name rather than being one (Welsh, Irish, Scottish, Arabic, Dutch,
# German, Romance). Dropped from the parts only when the name has another word.
PARTICLES = frozenset(
    {
        "ap", "ab", "ferch", "verch", "o", "ni", "nic", "ui", "mac", "mc", "bin", "ibn", "bint",
        "binti", "al", "el", "ul", "abu", "van", "von", "der", "den", "de", "da", "di", "du", "la",
        "le", "dos", "das", "del", "della", "st", "ter", "ten",
    }
)  # fmt: skip
_LATIN_SPLIT = re.compile(r"[\s\-'\u2019`.,]+")
_OTHER_SPLIT = re.compile(r"[\s\-.,]+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_VARIANTS_CSV = Path(__file__).with_name("name_variants.csv")


def _is_latin(char: str) -> bool:
    return ord(char) < 0x250 or "LATIN" in unicodedata.name(char, "")


def _is_cjk(char: str) -> bool:
    return "CJK" in unicodedata.name(char, "") or "HANGUL" in unicodedata.name(char, "")


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> tuple[tuple[str, ...], bool]:
    """One whitespace-free word -> (folded ASCII parts, written in Latin script?)."""
    letters = [ch for ch in word if ch.isalpha()]
    latin = all(_is_latin(ch) for ch in letters)
    if latin:
        pieces = _LATIN_SPLIT.split(anyascii(word).lower())
    elif any(_is_cjk(ch) for ch in letters):
        # One syllable a character: 王伟 -> wang wei (anyascii alone writes WangWei).
        pieces = [anyascii(ch).lower() for ch in word]
    else:
        # Arabic, Cyrillic, Greek...: apostrophes in a transliteration stand for letters (hamza,
        # ayn) that Latin spellings leave out; the word stays one word. The Arabic article is
        # written joined (الحسن): it becomes the particle "al", as al-Hassan is written in Latin.
        article = word.startswith("\u0627\u0644") and len(word) > 3
        pieces = (["al"] if article else []) + _OTHER_SPLIT.split(
            anyascii(word[2:] if article else word).lower()
        )
    return tuple(p for p in (_NOT_LETTER.sub("", piece) for piece in pieces) if p), latin


@functools.lru_cache(maxsize=65536)  # a lookup ranks hundreds of candidates with common names
def normalise_name(name: str) -> str:
    """Folded words of a name, space-separated: 'Łukasz Smith-Jones' -> 'lukasz smith jones'."""
    return " ".join(word for raw in (name or "").split() for word in fold_word(raw)[0])


@functools.lru_cache(maxsize=65536)  # asked of every held name a lookup ranks
def is_latin(name: str) -> bool:
    return all(_is_latin(ch) for ch in name if ch.isalpha())


@functools.lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[str, ...]:
    """The parts a name is searched by: folded words, particles dropped when other words remain,
    'mc' spelt 'mac' and a Mac/Mc name also under its stem (MacDonald -> macdonald, donald)."""
    words = normalise_name(name).split()
    kept = [w for w in words if w not in PARTICLES] or words
    parts: list[str] = []
    for word in kept:
        if word.startswith("mc") and len(word) > 4:
            word = "mac" + word[2:]
        parts.append(word)
        if word.startswith("mac") and len(word) > 5:
            parts.append(word[3:])
    return tuple(dict.fromkeys(parts))


@functools.lru_cache(maxsize=65536)
def name_compounds(name: str) -> tuple[str, ...]:
    """A multi-word name written as one: Anne-Marie -> annemarie, O'Brien -> obrien, Mc Donald
    -> macdonald (with and without particles; each adjacent pair too)."""
    words = normalise_name(name).split()
    if len(words) < 2:
        return ()
    kept = [w for w in words if w not in PARTICLES] or words
    joined = {"".join(words), "".join(kept)}
    joined.update(a + b for a, b in zip(words, words[1:], strict=False))
    joined = {("mac" + j[2:]) if j.startswith("mc") else j for j in joined}
    return tuple(sorted(joined - set(words)))


@functools.lru_cache(maxsize=65536)  # ranking asks for the codes of every held part, again and again
def phonetic_codes(word: str) -> tuple[str, ...]:
    primary, secondary = doublemetaphone(word)
    return tuple(code for code in dict.fromkeys((primary, secondary)) if code)


def phonetic_key(name: str) -> str:
    """Primary Double Metaphone code of the name's first part ('' when none)."""
    parts = name_parts(name)
    if not parts:
        return ""
    codes = phonetic_codes(parts[0])
    return codes[0] if codes else ""


# Letters Latin spellings of Arabic names write in more than one way: qaf as k or q (Farouk,
# Tariq), c or ck for k, tha as th or s (Othman, Osman), fa as f or ph (Mustafa, Mustapha).
_ABJAD_SPELLINGS = ((re.compile(r"ck|q|c(?!h)"), "k"), (re.compile(r"th"), "s"), (re.compile(r"ph"), "f"))


def abjad_spelling(word: str) -> str:
    """A folded word with the letters above written one way, before it is compared across
    scripts (the consonant skeleton and `same_in_abjad`)."""
    for pattern, letter in _ABJAD_SPELLINGS:
        word = pattern.sub(letter, word)
    return word


def skeleton(word: str) -> str:
    """Consonants as a script without written vowels holds them: vowels, y and w (after the
    first letter) and a final h dropped, doubles collapsed. mohammed / محمد -> mhmd."""
    word = abjad_spelling(word)
    if not word:
        return ""
    body = word[0] + re.sub(r"[aeiouyw]", "", word[1:])
    body = re.sub(r"[aeiou]", "", body)
    body = re.sub(r"(.)\1+", r"\1", body)
    if len(body) > 2 and body.endswith("h"):
        body = body[:-1]
    return body


def _segments(word: str) -> list[tuple[str, str]]:
    """(consonant, the vowel letters after it) as `skeleton` reads the word: a, e, i, o, u and,
    after the first letter, w and y are vowels; a doubled consonant is one; a final h after two
    others is dropped (after `abjad_spelling`)."""
    out: list[list[str]] = []
    for index, char in enumerate(abjad_spelling(word)):
        vowel = char in "aeiou" or (index > 0 and char in "wy")
        if vowel:
            if out:
                out[-1][1] += char
        elif out and out[-1][0] == char:
            continue  # doubled, or the same consonant either side of a vowel (khalil -> k h l)
        else:
            out.append([char, ""])
    if len(out) > 2 and out[-1][0] == "h":
        out[-2][1] += out.pop()[1]
    return [(consonant, vowels) for consonant, vowels in out]


def abjad_script(name: str) -> str:
    """'Arabic' when the name is written in Arabic script (which writes no short vowels), else
    ''. (Hebrew is like it, but anyascii writes vav as v: not handled here.)"""
    for ch in name:
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return "Arabic"
    return ""


def same_in_abjad(latin_word: str, held_part: str) -> bool:
    """A Latin spelling that writes the same name as a part held in Arabic script
    (`held_part` as folded): the same consonants, and where the script writes a long vowel
    (waw, ya) the Latin spelling has one of its letters there. Mohammed, Muhammad and Mohamed
    are محمد; Mahmoud (محمود) is not, nor is Hassan حسين (Hussein)."""
    latin, held = _segments(latin_word), _segments(held_part)
    if len(latin) != len(held) or any(a[0] != b[0] for a, b in zip(latin, held, strict=True)):
        return False
    for (_c, typed), (_h, written) in zip(latin, held, strict=True):
        if "w" in written and not set(typed) & set("ouw"):
            return False
        if "y" in written and not set(typed) & set("iey"):
            return False
    return True


# --- Variants and nicknames ------------------------------------------------------------------


@functools.cache
def _nicknamer() -> NickNamer:
    # carltonnorthern/nicknames (Apache-2.0): English given names and their nicknames.
    return NickNamer()


@functools.cache
def _supplementary_groups() -> dict[str, frozenset[str]]:
    """name -> group ids from name_variants.csv (each row: name, variant, source). A row's
    `name` is its group: every row naming Mohammed puts its variant in Mohammed's group, so
    Muhammad and Mohamed meet there; groups are not chained (Sean is John, and Eoin is John,
    but Sean is not Eoin)."""
    groups: dict[str, set[str]] = {}
    with _VARIANTS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            hub = normalise_name(row["name"]).replace(" ", "")
            variant = normalise_name(row["variant"]).replace(" ", "")
            if hub and variant:
                groups.setdefault(hub, set()).add(hub)
                groups.setdefault(variant, set()).add(hub)
    return {name: frozenset(ids) for name, ids in groups.items()}


@functools.lru_cache(maxsize=65536)
def variant_groups(word: str) -> frozenset[str]:
    """Groups of spelling variants this name part belongs to (the supplementary list)."""
    return _supplementary_groups().get(word, frozenset())


@functools.lru_cache(maxsize=65536)
def canonicals(word: str) -> frozenset[str]:
    """The full names this one is a short form or nickname of (Alex -> Alexander, Alexandra)."""
    return frozenset(_nicknamer().canonicals_of(word))


@functools.lru_cache(maxsize=65536)
def has_nicknames(word: str) -> bool:
    return bool(_nicknamer().nicknames_of(word))


@functools.lru_cache(maxsize=65536)  # ranking asks it of each typed word and held part
def are_variants(a: str, b: str) -> bool:
    """Spelling variants (one supplementary group), or one a short form of the other. Two
    nicknames of one name are not variants of each other (Maggie and Daisy are both Margaret)."""
    return bool(variant_groups(a) & variant_groups(b)) or a in canonicals(b) or b in canonicals(a)


# --- Keys -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def stored_keys(name: str) -> frozenset[str]:
    """The keys one held name field gives (see the module docstring for the kinds)."""
    keys: set[str] = set()
    latin = is_latin(name)
    for part in name_parts(name) + name_compounds(name):
        keys.add("w:" + part)
        keys.update("p:" + code for code in phonetic_codes(part))
        keys.update("v:" + group for group in variant_groups(part))
        # A short form is keyed under the names it is short for (n:), a full name under itself (m:).
        keys.update("n:" + name for name in canonicals(part))
        if has_nicknames(part):
            keys.add("m:" + part)
        keys.add(("c:" if latin else "s:") + skeleton(part))
    return frozenset(key[:40] for key in keys if len(key) > 2)


@functools.lru_cache(maxsize=65536)
def query_keys(word: str, *, latin: bool = True) -> frozenset[str]:
    """The keys one typed (folded) word is looked for by: its stored kinds, with the skeleton
    crossing scripts (a Latin word looks for `s:`, a word typed in another script for `c:`)."""
    keys = {"w:" + word}
    keys.update("p:" + code for code in phonetic_codes(word))
    keys.update("v:" + group for group in variant_groups(word))
    keys.update("m:" + name for name in canonicals(word))  # Alex finds Alexander
    if has_nicknames(word):
        keys.add("n:" + word)  # Alexander finds Alex
    if len(word) >= 2:
        keys.add(("s:" if latin else "c:") + skeleton(word))
    return frozenset(key[:40] for key in keys if len(key) > 2)


def phone_e164(text: str) -> str:
    """A UK phone number in E.164 ('' when it is not a possible number)."""
    digits = re.sub(r"[^\d+]", "", text or "")
    if len(re.sub(r"\D", "", digits)) < 9:
        return ""
    try:
        number = phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _pair(a: str, b: str) -> str:
    return "q:" + "|".join(sorted((a, b)))


@functools.lru_cache(maxsize=65536)
def _stored_tokens(part: str, latin: bool) -> tuple[str, ...]:
    """What one held part is known by in a pair key: its primary Double Metaphone code, its
    spelling-variant groups (v), itself as a full name (m), and, held in a script without
    written vowels, its consonants (s). (The full names a short form stands for are left to the
    keys step: "Rose" alone stands for a dozen, which made 87 pair keys for one name.)"""
    codes = phonetic_codes(part)
    tokens = [codes[0]] if codes else []
    groups = variant_groups(part)
    # A group's own name stands for it alone (Alexander heads a group and is in five others).
    tokens += ["v" + part] if part in groups else ["v" + group for group in sorted(groups)]
    if has_nicknames(part):
        tokens.append("m" + part)  # a short form typed finds the full name held
    if not latin:
        tokens.append("s" + skeleton(part))
    return tuple(tokens)


@functools.lru_cache(maxsize=65536)
def _query_tokens(word: str, latin: bool) -> tuple[str, ...]:
    tokens = list(phonetic_codes(word))
    if word.startswith("mac") and len(word) > 5:
        tokens += phonetic_codes(word[3:])  # MacGiolla typed, "Mac Giolla" held
    tokens += ["v" + group for group in sorted(variant_groups(word))]
    tokens += ["m" + name for name in sorted(canonicals(word))]
    if latin and len(word) >= 2:
        tokens.append("s" + skeleton(word))
    return tuple(tokens)


@functools.lru_cache(maxsize=65536)
def pair_keys(fields: tuple[str, ...]) -> frozenset[str]:
    """Two parts of one held name together, each by what it is known by (its sound, variant
    group, short form or full name, consonants), in either order: "Florence Lewis" ->
    q:FLRNS|LS, q:LS|mflorence, ... A two-word query is one index probe on these, where
    intersecting each word's keys took tens to hundreds of milliseconds at 100,000 children."""
    parts: list[tuple[str, bool]] = []
    for field_ in fields:
        if field_:
            latin = is_latin(field_)
            parts += [(part, latin) for part in name_parts(field_)]
    parts = list(dict.fromkeys(parts))
    tokens = [_stored_tokens(part, latin) for part, latin in parts]
    return frozenset(
        _pair(a, b)[:40]
        for i, first in enumerate(tokens)
        for second in tokens[i + 1 :]
        for a in first
        for b in second
        if a != b
    )


def query_pair_keys(words: Iterable[str], latins: Iterable[bool] | None = None) -> frozenset[str]:
    """Pairs of typed words' tokens that a held name's pair keys match."""
    words = list(words)
    latins = list(latins) if latins is not None else [True] * len(words)
    tokens = [_query_tokens(word, latin) for word, latin in zip(words, latins, strict=True)]
    return frozenset(
        _pair(a, b)[:40]
        for i, first in enumerate(tokens)
        for second in tokens[i + 1 :]
        for a in first
        for b in second
        if a != b
    )


def person_keys(names: Iterable[str], phone: str = "", held: Iterable[tuple[str, ...]] = ()) -> set[str]:
    """Every key of a person from every name field they hold (theirs and their aliases'), and
    the pair keys of each whole name held (`held`: one tuple of fields a name)."""
    keys: set[str] = set()
    for name in names:
        if name:
            keys |= stored_keys(name)
    for fields in held:
        keys |= pair_keys(tuple(fields))
    e164 = phone_e164(phone)
    if e164:
        keys.add("t:" + e164)
    return keys


# --- Addresses --------------------------------------------------------------------------------

_STREET_WORDS = {
    **dict.fromkeys(("ROAD", "RD"), "ROAD"),
    **dict.fromkeys(("STREET", "ST", "STR"), "STREET"),
    **dict.fromkeys(("AVENUE", "AVE", "AV"), "AVENUE"),
    **dict.fromkeys(("LANE", "LN"), "LANE"),
    **dict.fromkeys(("DRIVE", "DR"), "DRIVE"),
    **dict.fromkeys(("CLOSE", "CL"), "CLOSE"),
    **dict.fromkeys(("CRESCENT", "CRES", "CRESC"), "CRESCENT"),
    **dict.fromkeys(("TERRACE", "TERR", "TER"), "TERRACE"),
    **dict.fromkeys(("GARDENS", "GDNS"), "GARDENS"),
    **dict.fromkeys(("GROVE", "GRV"), "GROVE"),
    **dict.fromkeys(("PLACE", "PL"), "PLACE"),
    **dict.fromkeys(("COURT", "CT"), "COURT"),
    **dict.fromkeys(("SQUARE", "SQ"), "SQUARE"),
    **dict.fromkeys(("PARK", "PK"), "PARK"),
}
_FLAT = re.compile(r"^(FLAT|APARTMENT|APT|UNIT|ROOM)\s+\w+\s*,?\s*")


def address_key(line: str) -> str:
    """An address line as compared: upper case, punctuation gone, street words spelt out, and
    a leading flat number dropped ('Flat 3, 12 Mill Rd' -> '12 MILL ROAD')."""
    text = re.sub(r"[^\w\s]", " ", anyascii(line or "").upper())
    text = _FLAT.sub("", " ".join(text.split()))
    words = text.split()
    # "3 12 Mill Road" (a flat number before the house number, comma gone): keep the house.
    if len(words) >= 3 and words[0].isdigit() and words[1].isdigit():
        words = words[1:]
    return " ".join(_STREET_WORDS.get(word, word) for word in words)
