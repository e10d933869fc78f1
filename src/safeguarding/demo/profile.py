"""How often the demo force falls short of each practice standard, by district.

One table, one number per (standard, district): the chance that, where the standard applies, the
generator leaves the record the standard wants missing or late. Eastfold is the markedly worse
district: its rates are two to four times the others' on WORSE_STANDARDS, so a correct evaluator
(DOMAIN.md rules) finds it worse on each of them. `GAP_HOW` says, per standard, exactly what a gap
is in the generated rows and what "no gap" looks like (the rows are built so that the two are
told apart by any reasonable reading of the rule: a late record is late by days, not minutes).
"""

DISTRICT_CODES = ("city", "riverside", "eastfold", "westdale", "southmere")
WORSE_DISTRICT = "eastfold"

# fmt: off
_RATES: dict[str, tuple[float, float, float, float, float]] = {
    #                          city  river  EAST   west   south
    "DEMEANOUR":             (0.14, 0.10, 0.46, 0.16, 0.12),
    "SEEN_ALONE":            (0.10, 0.08, 0.30, 0.12, 0.09),
    "VOICE":                 (0.18, 0.14, 0.52, 0.20, 0.16),
    "OUTCOME":               (0.05, 0.04, 0.20, 0.06, 0.05),
    "INFORMED":              (0.15, 0.12, 0.35, 0.16, 0.13),
    "REFERRAL":              (0.10, 0.08, 0.38, 0.12, 0.09),
    "REFERRAL_FEEDBACK":     (0.25, 0.20, 0.60, 0.28, 0.22),
    "STRATEGY":              (0.08, 0.06, 0.20, 0.09, 0.07),
    "ICPC_ATTEND":           (0.12, 0.10, 0.55, 0.15, 0.11),
    "CP_PLAN_FLAG":          (0.08, 0.06, 0.25, 0.10, 0.07),
    "MARAC_INFO":            (0.08, 0.06, 0.22, 0.10, 0.07),
    "MISSING_RISK":          (0.10, 0.08, 0.40, 0.12, 0.09),
    "RETURN_INTERVIEW":      (0.15, 0.12, 0.50, 0.18, 0.14),
    "CSE_FLAG":              (0.08, 0.06, 0.25, 0.10, 0.07),
    "DRIFT":                 (0.12, 0.10, 0.42, 0.14, 0.11),
    "LONG_RUNNING":          (0.20, 0.15, 0.45, 0.22, 0.18),
    "SUPERVISION":           (0.14, 0.10, 0.45, 0.16, 0.12),
    "ALLOCATION":            (0.06, 0.05, 0.18, 0.08, 0.06),
    "HTCU_DELAY":            (0.20, 0.18, 0.35, 0.22, 0.20),
    "CPS_DELAY":             (0.15, 0.12, 0.30, 0.16, 0.14),
    "MEDICAL":               (0.08, 0.06, 0.22, 0.10, 0.07),
    "WIDER_RISK":            (0.15, 0.12, 0.35, 0.18, 0.14),
    "CAWN":                  (0.15, 0.12, 0.35, 0.18, 0.14),
    "CUSTODY_ACCOMMODATION": (0.20, 0.15, 0.40, 0.22, 0.18),
    "PACE_CERTIFICATE":      (0.30, 0.25, 0.65, 0.32, 0.28),
    "SECURE_THRESHOLD":      (0.15, 0.12, 0.35, 0.18, 0.14),
    "DETENTION_TIME":        (0.08, 0.06, 0.18, 0.09, 0.07),
    "APPROPRIATE_ADULT":     (0.10, 0.08, 0.22, 0.12, 0.09),
    "S136_PLACE":            (0.05, 0.03, 0.15, 0.06, 0.04),
    "RSO_VISITS":            (0.10, 0.08, 0.25, 0.12, 0.09),
    "DEMOGRAPHICS":          (0.06, 0.05, 0.18, 0.08, 0.05),
    "POLICE_PROTECTION":     (0.08, 0.06, 0.22, 0.10, 0.07),
    "PACE_REVIEWS":          (0.08, 0.06, 0.20, 0.10, 0.07),
    "PNC_MISSING":           (0.06, 0.05, 0.18, 0.08, 0.06),
    "TIMELY_RECORD":         (0.06, 0.05, 0.20, 0.07, 0.06),
    "CUMULATIVE_RISK":       (0.12, 0.10, 0.35, 0.14, 0.11),
    "MINOR_CRIMINALISATION": (0.15, 0.12, 0.40, 0.18, 0.14),
    "LAC_CUSTODY":           (0.15, 0.12, 0.40, 0.18, 0.14),
}
# fmt: on

DISTRICT_GAP_RATES: dict[str, dict[str, float]] = {
    code: {standard: rates[i] for standard, rates in _RATES.items()} for i, code in enumerate(DISTRICT_CODES)
}

# The standards the worse district is generated markedly worse on (at least twice every other
# district's rate).
WORSE_STANDARDS = (
    "DEMEANOUR",
    "VOICE",
    "OUTCOME",
    "REFERRAL",
    "REFERRAL_FEEDBACK",
    "ICPC_ATTEND",
    "MISSING_RISK",
    "RETURN_INTERVIEW",
    "DRIFT",
    "SUPERVISION",
    "PACE_CERTIFICATE",
    "TIMELY_RECORD",
)

GAP_HOW: dict[str, str] = {
    "DEMEANOUR": (
        "Per child present at a DA incident. Met: a DemeanourRecord for the child, linked to the "
        "incident, occurred and recorded 10 min-20 h after the incident. Gap: 70% no DemeanourRecord "
        "at all; 30% one made on a follow-up visit 2-6 days later (occurred and recorded then)."
    ),
    "SEEN_ALONE": (
        "Missing episodes: gap = seen_alone left blank on return. Met: 'yes', or 'no' with a reason."
    ),
    "VOICE": (
        "Per subject/present child, on every case. Met: a ChildView before closure (children under 3: "
        "not_able_reason='too_young'). Gap on a closed case: no ChildView for the child. Open cases "
        "carry one half of the time (not yet due)."
    ),
    "OUTCOME": "Closed case, per child: met = a ChildOutcome at closure; gap = none for that child.",
    "INFORMED": "Closed case, per child: met = an InformedOfDecision before closure; gap = none.",
    "REFERRAL": (
        "Per child referred: Referral.concern_at = the incident. Met: submitted 30 min-20 h later. "
        "Gap: submitted 3-15 working days (England holidays) after the concern."
    ),
    "REFERRAL_FEEDBACK": (
        "Met: outcome received 1-8 working days after submission. Gap: half no outcome at all, half "
        "received 12-30 working days after submission."
    ),
    "STRATEGY": (
        "Met: held 2-20 h after harm was suspected, decisions recorded the same day. Gap: held 3-8 "
        "working days later, or decisions recorded 4-10 days after the discussion."
    ),
    "ICPC_ATTEND": (
        "Met: attended=True (a few: not attended with a reason and report_submitted). Gap: "
        "attended=False with no reason and no report."
    ),
    "CP_PLAN_FLAG": (
        "Met: cp_plan Flag recorded 0-1 day after the ICPC. Gap: recorded 5-20 working days later."
    ),
    "MARAC_INFO": "Met: history_shared_at 1-5 days before the MARAC. Gap: not shared (null).",
    "MISSING_RISK": (
        "Met: every episode graded within 2 h; repeat episodes (3+ in 90 days) and CSE-flagged children "
        "graded medium/high, or low with supervisor_reviewed_at set. Gap: first episodes left "
        "ungraded; repeat episodes graded no_apparent_risk or low without a supervisor review."
    ),
    "RETURN_INTERVIEW": (
        "Met: return_interview_at 4-60 h after returned_at, info to social care the same day. Gap: "
        "half no interview, half 4-12 days after return."
    ),
    "CSE_FLAG": (
        "CSE cases: met = a cse_risk Flag from the concern date; gap = no cse_risk flag on the child."
    ),
    "DRIFT": (
        "Investigations: met = no interval over 21 days between steps (and, open, a step in the last "
        "21 days). Gap: one interval of 35-100 days with no step; an open one has no step for "
        "35-120 days before the reference date."
    ),
    "LONG_RUNNING": (
        "Investigations open over 90 days: met = a long_running_review step at 90 days and monthly "
        "after. Gap: none recorded."
    ),
    "SUPERVISION": (
        "Investigations: met = a supervisor_review step at most 25 days apart from allocation. Gap: "
        "no supervisor reviews at all."
    ),
    "ALLOCATION": (
        "Met: allocated 1-40 h after opening to the right team (sexual offences to a specialist "
        "team). Gap: allocated 4-12 working days later, or a sexual offence allocated to CID."
    ),
    "HTCU_DELAY": "Met: device returned within 3-12 (priority) / 15-55 (routine) days. Gap: 70-240 days.",
    "CPS_DELAY": "Met: CPS decision 2-25 days after submission. Gap: 35-120 days.",
    "MEDICAL": (
        "Physical/sexual abuse: met = medical 2-20 h after opening, photographs same day. Gap: 2-5 days."
    ),
    "WIDER_RISK": "Sexual/CSE/online cases: met = a wider_risk CaseNote before closure. Gap: none.",
    "CAWN": (
        "CSE cases (each has an adult suspect): met = a CAWN ProtectiveOrder decision made 2 h-6 days "
        "after the concern and on file within 7 days: served or considered-not-used with a reason for "
        "a child under 16 or in care; for a child of 16-17 living at home, considered-not-used because "
        "a CAWN cannot be issued. Gap: half no decision at all, half made and recorded 8-21 days later."
    ),
    "CUSTODY_ACCOMMODATION": (
        "Charged and bail refused: met = accommodation requested 10-90 min after it became likely. "
        "Gap: half no request, half requested at or after charge (3-6 h later)."
    ),
    "PACE_CERTIFICATE": ("Charged, bail refused, not transferred: met = pace_certificate=True. Gap: False."),
    "SECURE_THRESHOLD": (
        "Gap: secure accommodation requested for a child under 12 or with no risk to the public."
    ),
    "DETENTION_TIME": "Gap: held 25-52 h (overnight). Met: released within 3-20 h.",
    "APPROPRIATE_ADULT": "Met: arrived 20-110 min after the request. Gap: 3-9 h.",
    "S136_PLACE": "s136 detentions: met = place_of_safety 'health'. Gap: 'police_station'.",
    "RSO_VISITS": (
        "Met: visits on the risk-level interval (-15%/+0%). Gap: one interval 1.6-3 times too long."
    ),
    "DEMOGRAPHICS": "Gap: the child's ethnicity, disability or school left blank (one field, at random).",
    "POLICE_PROTECTION": (
        "Met: ended within 72 h, local authority and parents informed within 4 h, wishes sought. Gap: "
        "one of these missing or ended after 80-110 h."
    ),
    "PACE_REVIEWS": (
        "Met: first review 5-6 h after authorisation then every 8-9 h. Gap: first review 8-12 h."
    ),
    "PNC_MISSING": "Met: PNC entry 1-30 h after the report. Gap: 3-7 days later or never.",
    "TIMELY_RECORD": "Every entry: met = recorded 5 min-20 h after it occurred. Gap: 2-10 days after.",
    "CUMULATIVE_RISK": (
        "DA case whose incident is the 3rd or more with children at the address in 12 months (counted "
        "once the household's cases are made): met = the case's risk assessment supervisor-reviewed "
        "(supervisor_reviewed_at, rationale giving the count) 2 h-6 days after the assessment. Gap: "
        "half never reviewed, half reviewed 8-21 days after the incident."
    ),
    "MINOR_CRIMINALISATION": (
        "Detention for an offence against a family member: met = a decision CaseNote by the "
        "supervisor (no further action, early help) made 2 h-6 days after the detention and on file "
        "within 7 days. Gap: half no decision note, half made and recorded 8-21 days later."
    ),
    "LAC_CUSTODY": (
        "Detention of a child in a children's home for behaviour in the home (half of such children's "
        "detentions): met = a decision CaseNote as for MINOR_CRIMINALISATION. Gap: as there."
    ),
}


def gap_rates(district_code: str) -> dict[str, float]:
    return DISTRICT_GAP_RATES[district_code]
