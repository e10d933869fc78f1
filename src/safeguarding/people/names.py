"""Name keys for fuzzy matching. Trigrams miss Mohammed/Muhammad (similarity 0.2); Double Metaphone
codes match, so people are found by phonetic key and indexed fields first, ranked after."""

import functools
import re
import unicodedata

from metaphone import doublemetaphone


@functools.lru_cache(maxsize=65536)  # a lookup ranks hundreds of candidates with common names
def normalise_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]+", "", folded.lower().replace("-", " ")).strip()


def phonetic_key(name: str) -> str:
    """Primary Double Metaphone code of the name's first word ('' when none)."""
    words = normalise_name(name).split()
    if not words:
        return ""
    primary, _secondary = doublemetaphone(words[0])
    return primary or ""
