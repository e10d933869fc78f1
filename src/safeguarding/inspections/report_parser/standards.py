"""Suggest which practice standards (DOMAIN.md) a recommendation is about, from its words.

Suggestions only: a person confirms them when a recommendation is imported. Phrases are
lowercase and matched at word starts, so "cps" does not fire inside another word.
"""

import re

# Phrases a report uses when a recommendation concerns each standard.
_MISSING = (
    "go missing",
    "goes missing",
    "going missing",
    "gone missing",
    "missing from home",
    "missing from care",
    "missing children",
    "missing child",
    "reported missing",
    "missing episode",
    "missing person",
)
_DETENTION = ("detention", "detained", "custody", "remand")

STANDARD_KEYWORDS: dict[str, tuple[str, ...]] = {
    "DEMEANOUR": ("demeanour", "behaviour of a child", "child's behaviour", "children's behaviour"),
    "SEEN_ALONE": ("seen alone", "spoken to alone", "speak to the child alone", "seen and spoken to"),
    "VOICE": (
        "views and concerns",
        "views of the child",
        "views of children",
        "children's views",
        "child's views",
        "needs and views",
        "voice of the child",
        "wishes and feelings",
    ),
    "OUTCOME": (
        "outcome for the child",
        "outcomes for children",
        "outcomes for the child",
        "outcome of police involvement",
        "outcomes of police involvement",
    ),
    "INFORMED": (
        "inform children",
        "inform the child",
        "informed of decisions",
        "kept informed",
        "families informed",
    ),
    "REFERRAL": (
        "referral to children's social care",
        "referrals to children's social care",
        "refer to children's social care",
        "notification form",
        "pass this information on to other agencies",
    ),
    "REFERRAL_FEEDBACK": (
        "outcome of the referral",
        "outcome of referrals",
        "feedback on referrals",
        "what happened to the referral",
    ),
    "STRATEGY": ("strategy discussion", "strategy meeting"),
    "ICPC_ATTEND": ("child protection conference", "case conference"),
    "CP_PLAN_FLAG": ("child protection plan", "flag"),
    "MARAC_INFO": ("multi-agency risk assessment conference", "marac", "high-risk domestic abuse"),
    "MISSING_RISK": _MISSING,
    "RETURN_INTERVIEW": (*_MISSING, "return interview", "return home interview", "safe and well"),
    "CSE_FLAG": ("sexual exploitation", "cse", "flag"),
    "DRIFT": (
        "drift",
        "progress of an investigation",
        "timeliness of investigations",
        "timeliness of case reviews",
    ),
    "LONG_RUNNING": (
        "more than three months to investigate",
        "longer than three months",
        "investigations that are outstanding",
        "outstanding investigations",
        "long-running",
    ),
    "SUPERVISION": ("supervision", "supervised", "supervisor", "oversight", "quality assure"),
    "ALLOCATION": ("allocated", "allocation"),
    "HTCU_DELAY": (
        "high-tech crime unit",
        "high tech crime unit",
        "hightech crime unit",
        "htcu",
        "analysis of computers",
        "digital media",
        "analysis of material",
    ),
    "CPS_DELAY": ("charging decision", "crown prosecution service", "cps"),
    "MEDICAL": ("medical examination", "photograph"),
    "WIDER_RISK": ("risks to other children", "risk to other children", "wider risk"),
    "CAWN": ("child abduction warning notice", "abduction notice", "disruption", "disrupt"),
    "CUSTODY_ACCOMMODATION": (*_DETENTION, "alternative accommodation", "local authority accommodation"),
    "PACE_CERTIFICATE": (*_DETENTION, "detention certificate"),
    "SECURE_THRESHOLD": ("secure accommodation", "secure or otherwise"),
    "DETENTION_TIME": (*_DETENTION, "minimum amount of time"),
    "APPROPRIATE_ADULT": ("appropriate adult",),
    "S136_PLACE": ("section 136", "s136", "s.136", "place of safety", "mental health act"),
    "LAC_CUSTODY": ("looked after", "looked-after", "children's home", "care home"),
    "MINOR_CRIMINALISATION": ("minor offence", "criminalis"),
    "RSO_VISITS": ("sex offender", "offender manager"),
    "CUMULATIVE_RISK": (
        "cumulative",
        "repeat incidents",
        "previous incident",
        "history of abuse",
        "drawing together all available information",
    ),
    "DEMOGRAPHICS": ("ethnicity", "disability", "demographic", "age and gender"),
    "POLICE_PROTECTION": ("police protection", "section 46", "s46", "s.46"),
    "PACE_REVIEWS": ("detention review", "pace review", "reviews of detention"),
    "PNC_MISSING": ("police national computer", "pnc"),
    "TIMELY_RECORD": (
        "made promptly",
        "recorded promptly",
        "promptly recorded",
        "timely recording",
        "kept up to date",
    ),
}

_PATTERNS = {
    standard: re.compile("|".join(rf"(?<![a-z]){re.escape(phrase)}" for phrase in phrases))
    for standard, phrases in STANDARD_KEYWORDS.items()
}


def suggest_standards(text: str) -> list[str]:
    """Standard IDs whose phrases occur in the text, in DOMAIN.md's order."""
    text = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'"))
    return [standard for standard, pattern in _PATTERNS.items() if pattern.search(text)]
