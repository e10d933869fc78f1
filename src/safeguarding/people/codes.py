"""The ethnicity code lists a force recognises, each code mapped to the census group the reports
group by (people.vocabulary.Ethnicity). The one source: the model's choices, the forms, the API,
the exchange columns and their docs all read these tables.

- Self-defined ethnicity (SDE, "18+1"): the person's own answer, the 2011 census categories the
  Home Office requires forces to record after spoken contact. 18 codes and NS (not stated). Source:
  the Criminal Justice System Exchange Data Standards Catalogue (v6), as listed at
  https://en.wikipedia.org/wiki/Self_defined_ethnicity; the older 16+1 list had O1 (Chinese),
  which 18+1 moved to A4 and which an import still accepts as A4.
- Officer-observed ethnicity (IC codes, "6+1"): the officer's visual assessment, used on the radio
  and the PNC. Kept apart from the self-defined code and never in its place: it maps to a group
  only for comparisons. Source: https://en.wikipedia.org/wiki/IC_code.
- DfE ethnicity main codes (school census, CIN census, SSDA903): children's services data arrives
  with these. Each is mapped to the self-defined code it means; the DfE code itself is not kept.
  Source: DfE census code lists, e.g. https://www.gov.uk/guidance/alternative-provision-ap-census/codes
  ("DfE main code" column); the extended codes (WENG, WALB...) map to their main code first.
"""

from django.db import models

from safeguarding.people.vocabulary import Ethnicity


class SelfDefinedEthnicity(models.TextChoices):
    W1 = "W1", "W1 White: English, Welsh, Scottish, Northern Irish or British"
    W2 = "W2", "W2 White: Irish"
    W3 = "W3", "W3 White: Gypsy or Irish Traveller"
    W9 = "W9", "W9 White: any other White background"
    M1 = "M1", "M1 Mixed: White and Black Caribbean"
    M2 = "M2", "M2 Mixed: White and Black African"
    M3 = "M3", "M3 Mixed: White and Asian"
    M9 = "M9", "M9 Mixed: any other Mixed or Multiple background"
    A1 = "A1", "A1 Asian or Asian British: Indian"
    A2 = "A2", "A2 Asian or Asian British: Pakistani"
    A3 = "A3", "A3 Asian or Asian British: Bangladeshi"
    A4 = "A4", "A4 Asian or Asian British: Chinese"
    A9 = "A9", "A9 Asian or Asian British: any other Asian background"
    B1 = "B1", "B1 Black or Black British: Caribbean"
    B2 = "B2", "B2 Black or Black British: African"
    B9 = "B9", "B9 Black or Black British: any other Black, Caribbean or African background"
    O2 = "O2", "O2 Other ethnic group: Arab"
    O9 = "O9", "O9 Other ethnic group: any other ethnic group"
    NS = "NS", "NS Not stated"
    NOT_RECORDED = "", "Not recorded"


class ObservedEthnicity(models.TextChoices):
    IC1 = "IC1", "IC1 White: North European"
    IC2 = "IC2", "IC2 White: South European"
    IC3 = "IC3", "IC3 Black"
    IC4 = "IC4", "IC4 Asian: Indian subcontinent"
    IC5 = "IC5", "IC5 Chinese, Japanese, Korean or other South East Asian"
    IC6 = "IC6", "IC6 Arab or North African"
    IC9 = "IC9", "IC9 Unknown"
    NOT_RECORDED = "", "Not recorded"


# Each self-defined code's census group: the letter names it (the census's own structure).
SELF_DEFINED_GROUP: dict[str, str] = {
    **dict.fromkeys(["W1", "W2", "W3", "W9"], Ethnicity.WHITE),
    **dict.fromkeys(["M1", "M2", "M3", "M9"], Ethnicity.MIXED),
    **dict.fromkeys(["A1", "A2", "A3", "A4", "A9"], Ethnicity.ASIAN),
    **dict.fromkeys(["B1", "B2", "B9"], Ethnicity.BLACK),
    **dict.fromkeys(["O2", "O9"], Ethnicity.OTHER),
    "NS": Ethnicity.NOT_STATED,
}

# The officer's view in census groups (the 2011 census puts Chinese under Asian and Arab under
# Other). IC9 is the officer not knowing: not recorded, never "chose not to say".
OBSERVED_GROUP: dict[str, str] = {
    "IC1": Ethnicity.WHITE,
    "IC2": Ethnicity.WHITE,
    "IC3": Ethnicity.BLACK,
    "IC4": Ethnicity.ASIAN,
    "IC5": Ethnicity.ASIAN,
    "IC6": Ethnicity.OTHER,
    "IC9": Ethnicity.NOT_RECORDED,
}

# DfE main code -> (its label, the self-defined code it means; '' = not recorded).
DFE_ETHNICITY: dict[str, tuple[str, str]] = {
    "WBRI": ("White - British", "W1"),
    "WIRI": ("White - Irish", "W2"),
    "WIRT": ("Traveller of Irish heritage", "W3"),
    "WOTH": ("Any other White background", "W9"),
    # DfE's Gypsy/Roma: Gypsies are W3 in 18+1, Roma wrote in under W9; both are White, and
    # DfE guidance lists Gypsies first, so W3.
    "WROM": ("Gypsy/Roma", "W3"),
    "MWBC": ("White and Black Caribbean", "M1"),
    "MWBA": ("White and Black African", "M2"),
    "MWAS": ("White and Asian", "M3"),
    "MOTH": ("Any other mixed background", "M9"),
    "AIND": ("Indian", "A1"),
    "APKN": ("Pakistani", "A2"),
    "ABAN": ("Bangladeshi", "A3"),
    "AOTH": ("Any other Asian background", "A9"),
    "BCRB": ("Black Caribbean", "B1"),
    "BAFR": ("Black African", "B2"),
    "BOTH": ("Any other Black background", "B9"),
    "CHNE": ("Chinese", "A4"),
    "OOTH": ("Any other ethnic group", "O9"),
    "REFU": ("Refused", "NS"),
    # Not yet asked is not a refusal to say: it stays not recorded (DEMOGRAPHICS counts it).
    "NOBT": ("Information not yet obtained", ""),
}

# Codes from older lists an import still reads, with the current code they mean.
LEGACY_SELF_DEFINED = {"O1": "A4"}  # 16+1 "Chinese"


def group_of_self_defined(code: str) -> str:
    """The census group of a self-defined code ('' for none). KeyError for an unknown code."""
    return SELF_DEFINED_GROUP[code] if code else Ethnicity.NOT_RECORDED


def self_defined_from(code: str) -> str | None:
    """The self-defined code an incoming code means: an 18+1 code itself, a DfE main code, or a
    legacy 16+1 code; None when it is none of these. Case and surrounding spaces are ignored."""
    code = (code or "").strip().upper()
    if code in SELF_DEFINED_GROUP:
        return code
    if code in DFE_ETHNICITY:
        return DFE_ETHNICITY[code][1]
    return LEGACY_SELF_DEFINED.get(code)


def mapping_rows() -> list[tuple[str, str, str, str]]:
    """(list, code, meaning, census group) for every code: the documented mapping."""
    groups = dict(Ethnicity.choices)
    rows = [
        ("self-defined", code, label.split(" ", 1)[1], groups[SELF_DEFINED_GROUP[code]])
        for code, label in SelfDefinedEthnicity.choices
        if code
    ]
    rows += [
        ("officer-observed", code, label.split(" ", 1)[1], groups[OBSERVED_GROUP[code]])
        for code, label in ObservedEthnicity.choices
        if code
    ]
    rows += [
        ("DfE", code, f"{label} -> {sde or 'not recorded'}", groups[group_of_self_defined(sde)])
        for code, (label, sde) in DFE_ETHNICITY.items()
    ]
    return rows
