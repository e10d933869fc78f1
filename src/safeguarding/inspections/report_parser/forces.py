"""The police bodies the inspectorate reports on, so a report's force is checked against a list.

The 43 territorial forces of England and Wales, then the other bodies HMICFRS inspects (by
statute or by invitation). Each is held by its "core" (the place or body without "Police" or
"Constabulary"), because reports write "Cheshire Constabulary", "Cheshire Police", "the
constabulary" and, in titles, just "Cheshire".
"""

import re

# core -> the name the force uses for itself
TERRITORIAL_FORCES = {
    "Avon and Somerset": "Avon and Somerset Constabulary",
    "Bedfordshire": "Bedfordshire Police",
    "Cambridgeshire": "Cambridgeshire Constabulary",
    "Cheshire": "Cheshire Constabulary",
    "City of London": "City of London Police",
    "Cleveland": "Cleveland Police",
    "Cumbria": "Cumbria Constabulary",
    "Derbyshire": "Derbyshire Constabulary",
    "Devon and Cornwall": "Devon and Cornwall Police",
    "Dorset": "Dorset Police",
    "Durham": "Durham Constabulary",
    "Dyfed-Powys": "Dyfed-Powys Police",
    "Essex": "Essex Police",
    "Gloucestershire": "Gloucestershire Constabulary",
    "Greater Manchester": "Greater Manchester Police",
    "Gwent": "Gwent Police",
    "Hampshire and Isle of Wight": "Hampshire and Isle of Wight Constabulary",
    "Hertfordshire": "Hertfordshire Constabulary",
    "Humberside": "Humberside Police",
    "Kent": "Kent Police",
    "Lancashire": "Lancashire Constabulary",
    "Leicestershire": "Leicestershire Police",
    "Lincolnshire": "Lincolnshire Police",
    "Merseyside": "Merseyside Police",
    "Metropolitan": "Metropolitan Police Service",
    "Norfolk": "Norfolk Constabulary",
    "North Wales": "North Wales Police",
    "North Yorkshire": "North Yorkshire Police",
    "Northamptonshire": "Northamptonshire Police",
    "Northumbria": "Northumbria Police",
    "Nottinghamshire": "Nottinghamshire Police",
    "South Wales": "South Wales Police",
    "South Yorkshire": "South Yorkshire Police",
    "Staffordshire": "Staffordshire Police",
    "Suffolk": "Suffolk Constabulary",
    "Surrey": "Surrey Police",
    "Sussex": "Sussex Police",
    "Thames Valley": "Thames Valley Police",
    "Warwickshire": "Warwickshire Police",
    "West Mercia": "West Mercia Police",
    "West Midlands": "West Midlands Police",
    "West Yorkshire": "West Yorkshire Police",
    "Wiltshire": "Wiltshire Police",
}
OTHER_BODIES = {
    "British Transport": "British Transport Police",
    "Ministry of Defence": "Ministry of Defence Police",
    "MoD": "Ministry of Defence Police",
    "Civil Nuclear": "Civil Nuclear Constabulary",
    "National Crime Agency": "National Crime Agency",
    "NCA": "National Crime Agency",
    "Northern Ireland": "Police Service of Northern Ireland",
    "Police Scotland": "Police Scotland",
    "States of Jersey": "States of Jersey Police",
    "Jersey": "States of Jersey Police",
    "Guernsey": "Guernsey Police",
    "Isle of Man": "Isle of Man Constabulary",
    "Royal Military": "Royal Military Police",
}
# Older and shorter names reports use for the same force.
ALIASES = {
    "Hampshire": "Hampshire and Isle of Wight Constabulary",
    "Metropolitan Police": "Metropolitan Police Service",
    "the Met": "Metropolitan Police Service",
    "Dyfed Powys": "Dyfed-Powys Police",
    "Police Service of Northern Ireland": "Police Service of Northern Ireland",
    "PSNI": "Police Service of Northern Ireland",
}
KNOWN_FORCES = sorted({*TERRITORIAL_FORCES.values(), *OTHER_BODIES.values()})

_SUFFIX = r"(?:\s+(?:Police(?:\s+Service)?|Constabulary|Police\s+Force))?"
_CORES = {**TERRITORIAL_FORCES, **OTHER_BODIES, **ALIASES}
# Longest first, so "West Yorkshire" wins over a shorter core inside it.
_KNOWN = re.compile(
    r"(?<![\w-])(?P<core>"
    + "|".join(re.escape(core) for core in sorted(_CORES, key=len, reverse=True))
    + rf"){_SUFFIX}(?![\w-])"
)
# A run of capitalised words ending "Police" or "Constabulary": what a report names as a force.
CANDIDATE = re.compile(
    r"(?P<name>(?:[A-Z][\w'&-]*\s+(?:(?:and|of|the|on)\s+)*)+(?:Police(?:\s+Service)?|Constabulary))\b"
)
_NOT_A_NAME_START = re.compile(r"^(?:(?:We|The|This|That|In|Within|By|Immediately|HMICFRS|HMIC|If|A|An)\s+)+")


def canonical_force(name: str, extra: tuple[str, ...] = ()) -> str | None:
    """The listed name of the force `name` refers to, or None when it is not a listed body."""
    name = re.sub(r"\s+", " ", name).strip()
    for known in extra:
        if name.lower() == known.lower():
            return known
    found = _KNOWN.fullmatch(name)
    if found:
        return _CORES[found.group("core")]
    return None


def forces_named_in(text: str, extra: tuple[str, ...] = ()) -> list[str]:
    """Every listed body the text names, in order of first mention."""
    named: dict[str, int] = {}
    for found in _KNOWN.finditer(text):
        core = found.group("core")
        # A bare county name ("Kent", "Surrey") is only a force with its suffix, outside titles.
        if found.group(0) == core and core not in (
            "Metropolitan Police",
            "PSNI",
            "NCA",
            "National Crime Agency",
        ):
            continue
        named.setdefault(_CORES[core], found.start())
    for known in extra:
        at = text.find(known)
        if at >= 0:
            named.setdefault(known, at)
    return sorted(named, key=named.get)


def candidate_names(text: str) -> list[str]:
    """What the text names as a force, listed or not, with leading sentence words removed."""
    names = []
    for found in CANDIDATE.finditer(text):
        name = _NOT_A_NAME_START.sub("", found.group("name")).strip()
        if name and name not in names and name not in ("Police", "Constabulary"):
            names.append(name)
    return names
