# ruff: noqa: E501  (passages are data: each is kept on one line as a report prints it)
"""Passages in the wording of child-protection reports published after 2015, written for these
tests: every figure is invented (the forces are real public bodies, their figures are not).

Each family cites where its wording was found (public pages read through the search tool):
  [PIR-CHESHIRE]  "Cheshire – National child protection inspection post-inspection review",
                  https://hmicfrs.justiceinspectorates.gov.uk/publication-html/cheshire-national-child-protection-inspection-post-inspection-review-2023/
                  ("audited 38 child protection cases (10 cases were good, 18 required improvement and
                  10 were inadequate)"; "We made nine recommendations"; "we returned to ... carry out a
                  post-inspection review")
  [REINSP-DERBY]  "Derbyshire – National child protection re-inspection",
                  https://www.justiceinspectorates.gov.uk/hmicfrs/publication-html/derbyshire-national-child-protection-reinspection
                  (chapters "Results of case file reviews", "Recommendations from the 2021 inspection report",
                  "Re-inspection findings")
  [CHESHIRE-2022] "Cheshire – National child protection inspection" (May 2022),
                  https://www.justiceinspectorates.gov.uk/hmicfrs/publication-html/cheshire-national-child-protection-inspection
                  ("Case file analysis", "Results of case file reviews", "Breakdown of case file audit results")
  [METHOD-2024]   "National child protection inspection programme – methodology" and "– assessment criteria"
                  (16 April 2024), https://hmicfrs.justiceinspectorates.gov.uk/publication-html/national-child-protection-inspection-methodology/
                  ("graded judgments across each of the five topics: leadership, partnership working,
                  initial response, risk assessment and referral, investigation")
  [FOLLOWUP]      "National Child Protection Inspection Programme – Methodology for post-inspection follow up activity",
                  https://hmicfrs.justiceinspectorates.gov.uk/publications/national-child-protection-programme-methodology-for-post-inspection-follow-up-activity/
                  ("Within six weeks of publication ... an action plan"; recommendations acted on "immediately")
  [PANEL-WY]      West Yorkshire Police and Crime Panel, "HMIC child protection post-inspection report (update)",
                  16 December 2016 (seed 004): the post-inspection review's findings as a panel reads them
                  ("most of the recommendations had not been implemented")
  [PCC-2019]      PCC page "HMICFRS - National Child Protection Inspections 2019",
                  http://spccweb.thco.co.uk/performance/hmicfrs-inspection-reports/hmic-inspection-reports/hmicfrs-national-child-protection-inspections-2019/
                  ("21 reviews of forces to assess their progress against the recommendations")
  [NEWS-SHARES]   press reports of inspection findings quoting shares ("only 23% had been investigated to a
                  'good' standard", "over a third ... judged inadequate"), e.g.
                  https://www.irwinmitchell.com/newsandmedia/2009/october/child-case-reviews-inadequate-jq-812793
  [PEEL-STYLE]    HMICFRS's later reports set out "Cause of concern" then "Recommendations" and
                  "Area for improvement" headings, and recommendations as "Within three months, <force>
                  should ..." (the wording the issue quotes from reports the importer failed on).

Each passage: (id, family, citation, text, expected). `expected` holds only what the test checks.
"""

# --- Case counts ----------------------------------------------------------------------------------
COUNTS = [
    (
        "c01",
        "grade in N cases",
        "CHESHIRE-2022",
        "We assessed the force's response as good in 11 cases, requiring improvement in 17 cases and inadequate in 9 cases.",
        {"assessor": "inspectors", "counts": {"good": 11, "requires_improvement": 17, "inadequate": 9}},
    ),
    (
        "c02",
        "grade in N cases",
        "CHESHIRE-2022",
        "We assessed practice as good in four cases, as requiring improvement in twenty-two and as inadequate in eleven.",
        {"counts": {"good": 4, "requires_improvement": 22, "inadequate": 11}},
    ),
    (
        "c03",
        "count before grades",
        "REINSP-DERBY",
        "Of the 44 cases we examined, 9 were good, 23 required improvement and 12 were inadequate.",
        {"cases": 44, "counts": {"good": 9, "requires_improvement": 23, "inadequate": 12}},
    ),
    (
        "c04",
        "count before grades",
        "REINSP-DERBY",
        "Of the thirty cases we audited, seven were good, fifteen required improvement and eight were inadequate.",
        {"cases": 30, "counts": {"good": 7, "requires_improvement": 15, "inadequate": 8}},
    ),
    (
        "c05",
        "bracketed sample",
        "PIR-CHESHIRE",
        "During this review we audited 41 child protection cases (13 cases were good, 19 required improvement and 9 were inadequate).",
        {
            "assessor": "re-audit",
            "cases": 41,
            "counts": {"good": 13, "requires_improvement": 19, "inadequate": 9},
        },
    ),
    (
        "c06",
        "percentages in brackets",
        "CHESHIRE-2022",
        "Of the 50 cases, 10 (20%) were good, 25 (50%) required improvement and 15 (30%) were inadequate.",
        {"cases": 50, "counts": {"good": 10, "requires_improvement": 25, "inadequate": 15}},
    ),
    (
        "c07",
        "percentages in brackets",
        "CHESHIRE-2022",
        "We found 6 cases (15 per cent) to be good, 20 cases (50 per cent) to require improvement and 14 cases (35 per cent) to be inadequate.",
        {"counts": {"good": 6, "requires_improvement": 20, "inadequate": 14}},
    ),
    (
        "c08",
        "grades in another order",
        "REINSP-DERBY",
        "Inspectors judged 14 cases inadequate, 19 as requiring improvement and 5 as good.",
        {"counts": {"inadequate": 14, "requires_improvement": 19, "good": 5}},
    ),
    (
        "c09",
        "grades in another order",
        "REINSP-DERBY",
        "Twelve cases were inadequate, twenty-one required improvement and only six were good.",
        {"counts": {"inadequate": 12, "requires_improvement": 21, "good": 6}},
    ),
    (
        "c10",
        "numbers as words",
        "PIR-CHESHIRE",
        "We examined forty-two cases: eight were good, twenty-six required improvement and eight were inadequate.",
        {"cases": 42, "counts": {"good": 8, "requires_improvement": 26, "inadequate": 8}},
    ),
    (
        "c11",
        "two assessors in one sentence",
        "CHESHIRE-2022",
        "The force assessed 18 cases as good and 4 as inadequate, whereas we assessed 7 as good and 13 as inadequate.",
        {
            "readings": [
                ("force", {"good": 18, "inadequate": 4}),
                ("inspectors", {"good": 7, "inadequate": 13}),
            ]
        },
    ),
    (
        "c12",
        "two assessors in one sentence",
        "CHESHIRE-2022",
        "The force's own audit graded 20 cases as good, but inspectors graded only 9 as good.",
        {"readings": [("force", {"good": 20}), ("inspectors", {"good": 9})]},
    ),
    (
        "c13",
        "self-assessment",
        "CHESHIRE-2022",
        "Force assessors graded 15 of the 30 self-assessed cases as good, 10 as requiring improvement and 5 as inadequate.",
        {"assessor": "force", "counts": {"good": 15, "requires_improvement": 10, "inadequate": 5}},
    ),
    (
        "c14",
        "none",
        "REINSP-DERBY",
        "We assessed 3 cases as good and 11 as requiring improvement; none of the cases we examined was inadequate.",
        {"counts": {"good": 3, "requires_improvement": 11, "inadequate": 0}},
    ),
    (
        "c15",
        "4-point 2014-15 wording",
        "PANEL-WY",
        "Inspectors found 5 cases to be good, 9 adequate, 11 requiring improvement and 8 inadequate.",
        {"counts": {"good": 5, "adequate": 9, "requires_improvement": 11, "inadequate": 8}},
    ),
    (
        "c17",
        "in N of the M cases, practice was",
        "CHESHIRE-2022",
        "In 14 of the 40 cases we examined, practice was inadequate.",
        {"cases": 40, "counts": {"inadequate": 14}},
    ),  # fmt: skip
    (
        "c18",
        "grade: count",
        "REINSP-DERBY",
        "Results of our audit of 32 cases: good 6; requires improvement 17; inadequate 9.",
        {"cases": 32, "counts": {"good": 6, "requires_improvement": 17, "inadequate": 9}},
    ),  # fmt: skip
    (
        "c19",
        "sample in the sentence before",
        "REINSP-DERBY",
        "We reviewed 60 cases. Of these, 15 were good, 30 required improvement and 15 were inadequate.",
        {"cases": 60, "counts": {"good": 15, "requires_improvement": 30, "inadequate": 15}},
    ),  # fmt: skip
    (
        "c20",
        "two assessors across a semicolon",
        "CHESHIRE-2022",
        "The force had assessed 24 of these cases as good; we found only 10 were good.",
        {"readings": [("force", {"good": 24}), ("inspectors", {"good": 10})]},
    ),  # fmt: skip
    (
        "c16",
        "re-audit at review",
        "PIR-CHESHIRE",
        "At the post-inspection review we re-audited 36 cases and found 12 were good, 16 required improvement and 8 were inadequate.",
        {
            "assessor": "re-audit",
            "cases": 36,
            "counts": {"good": 12, "requires_improvement": 16, "inadequate": 8},
        },
    ),
]

# --- Combined counts and shares: never invented counts -----------------------------------------------
COMBINED = [
    (
        "m01",
        "N of M RI or inadequate",
        "REINSP-DERBY",
        "Of the cases we examined, 27 of 40 required improvement or were inadequate.",
        {"grades": ["requires_improvement", "inadequate"], "count": 27},
    ),
    (
        "m02",
        "N of the M RI or inadequate",
        "REINSP-DERBY",
        "31 of the 45 cases we audited required improvement or were inadequate.",
        {"grades": ["requires_improvement", "inadequate"], "count": 31, "of": 45},
    ),
    (
        "m03",
        "good or adequate",
        "PANEL-WY",
        "Inspectors judged 14 of the 33 cases to be good or adequate.",
        {"grades": ["good", "adequate"], "count": 14, "of": 33},
    ),
    (
        "m04",
        "words",
        "PIR-CHESHIRE",
        "Twenty of the thirty-five cases we reviewed were inadequate or required improvement.",
        {"grades": ["inadequate", "requires_improvement"], "count": 20, "of": 35},
    ),
]
SHARES = [
    (
        "s01",
        "per cent",
        "NEWS-SHARES",
        "We found that 29 per cent of the cases we examined were good.",
        {"good": 29.0},
    ),
    (
        "s02",
        "per cent sign",
        "NEWS-SHARES",
        "Only 23% of the cases audited were judged good.",
        {"good": 23.0},
    ),
    (
        "s03",
        "percent",
        "NEWS-SHARES",
        "Inspectors graded 41 percent of cases inadequate.",
        {"inadequate": 41.0},
    ),
]
VAGUE = [
    ("v01", "over half", "NEWS-SHARES", "Over half of the cases we examined were inadequate."),
    ("v02", "most", "NEWS-SHARES", "In most of the cases we audited, the initial response was good."),
    ("v03", "a third", "NEWS-SHARES", "More than a third of the cases we reviewed were inadequate."),
]

# --- Tables of grades by area ---------------------------------------------------------------------------
TABLES = [
    (
        "g01",
        "breakdown table with total",
        "CHESHIRE-2022",
        "Breakdown of case file audit results by area of child protection\n\n"
        "Area  Good  Requires improvement  Inadequate  Total\n"
        "Domestic abuse  2  5  3  10\nMissing children  1 (10%)  6 (60%)  3 (30%)  10\nTotal  3  11  6  20",
        {"summary": {"good": 3, "requires_improvement": 11, "inadequate": 6}, "cases": 20, "rows": 3},
    ),
    (
        "g02",
        "4-point table, no total row",
        "PANEL-WY",
        "Good  Adequate  Requires improvement  Inadequate\nSexual abuse  4  3  2  1",
        {
            "summary": {"good": 4, "adequate": 3, "requires_improvement": 2, "inadequate": 1},
            "cases": None,
            "rows": 1,
        },
    ),
]

# --- Review findings in the inspectorate's words ---------------------------------------------------------
REVIEW_FINDINGS = [
    ("p01", "has been met", "PIR-CHESHIRE", "This recommendation has been met.", ("met", "verified")),
    (
        "p02",
        "partially achieved",
        "REINSP-DERBY",
        "We found that this recommendation has been partially achieved.",
        ("partially achieved", "in_progress"),
    ),
    ("p03", "not met", "PANEL-WY", "The recommendation has not been met.", ("not met", "not_implemented")),
    (
        "p04",
        "to be",
        "REINSP-DERBY",
        "We consider this recommendation to be discharged.",
        ("discharged", "verified"),
    ),
    (
        "p05",
        "tracker words",
        "PCC-2019",
        "Progress against this recommendation: being progressed.",
        ("being progressed", "in_progress"),
    ),
]

# --- Topic grades (2024 framework) -------------------------------------------------------------------
TOPICS = [
    (
        "t01",
        "table row",
        "METHOD-2024",
        "Leadership: Requires improvement",
        ("leadership", "requires_improvement"),
    ),
    ("t02", "table row", "METHOD-2024", "Partnership working  Good", ("partnership working", "good")),
    (
        "t03",
        "sentence",
        "METHOD-2024",
        "We graded the force's initial response as adequate.",
        ("initial response", "adequate"),
    ),
    (
        "t04",
        "sentence",
        "METHOD-2024",
        "Risk assessment and referral was graded as inadequate.",
        ("risk assessment and referral", "inadequate"),
    ),
    (
        "t05",
        "sentence",
        "METHOD-2024",
        "The force is outstanding at investigation.",
        ("investigation", "outstanding"),
    ),
    (
        "t06",
        "graded the force as G for T",
        "METHOD-2024",
        "We graded the force as good for leadership.",
        ("leadership", "good"),
    ),
    (
        "t07",
        "the force was graded as G for T",
        "METHOD-2024",
        "The force was graded as requires improvement for investigation.",
        ("investigation", "requires_improvement"),
    ),
]

# --- Recommendations in every wording ----------------------------------------------------------------
RECOMMENDATIONS = [
    (
        "r01",
        "We recommend that, within N months, force",
        "PEEL-STYLE",
        "We recommend that, within three months, Greater Manchester Police reviews how it records the demeanour of children.",
        ("3 months", "DEMEANOUR"),
    ),
    (
        "r02",
        "Within N months, force should",
        "PEEL-STYLE",
        "Within three months, Kent Police should make sure that officers record the views of children.",
        ("3 months", "VOICE"),
    ),
    (
        "r03",
        "Within six months, the force should",
        "PEEL-STYLE",
        "Within six months, the force should review the supervision of child protection investigations.",
        ("6 months", "SUPERVISION"),
    ),
    (
        "r04",
        "HMICFRS recommends that",
        "PEEL-STYLE",
        "HMICFRS recommends that, within six weeks, Essex Police improves the timeliness of strategy discussions.",
        ("6 weeks", "STRATEGY"),
    ),
    (
        "r05",
        "Immediately, force should",
        "FOLLOWUP",
        "Immediately, Cleveland Police should make sure that children are not detained overnight in custody after charge.",
        ("immediately", "CUSTODY_ACCOMMODATION"),
    ),
    (
        "r06",
        "force should, within N months",
        "PEEL-STYLE",
        "Dorset Police should, within three months, make sure that missing children receive a return home interview.",
        ("3 months", "RETURN_INTERVIEW"),
    ),
    (
        "r07",
        "The chief constable should, within N",
        "PEEL-STYLE",
        "The chief constable should, within twelve months, make sure the force shares information with MARAC.",
        ("12 months", "MARAC_INFO"),
    ),
    (
        "r09",
        "Recommendation N heading, no timescale",
        "PIR-CHESHIRE",
        "Recommendation 3\n\nKent Police should review how it shares information about missing children with partners.",
        (None, "MISSING_RISK"),
    ),  # fmt: skip
    (
        "r10",
        "Recommendation: heading with a timescale",
        "REINSP-DERBY",
        "Recommendation:\n\nWithin 6 months, the force should make sure that the voice of the child is recorded.",
        ("6 months", "VOICE"),
    ),  # fmt: skip
    (
        "r08",
        "By a date",
        "PEEL-STYLE",
        "By 31 March 2025, Suffolk Constabulary should review its use of police protection powers.",
        ("by 2025-03", "POLICE_PROTECTION"),
    ),
]
BULLETS = [
    (
        "b01",
        "-the (no space)",
        "PEEL-STYLE",
        "Within three months, Gwent Police should:\n-the demeanour of children is recorded;\n-the views of children are recorded.",
        ["DEMEANOUR", "VOICE"],
    ),
    (
        "b02",
        "•",
        "PIR-CHESHIRE",
        "We recommend that within six months Surrey Police:\n• improves the supervision of investigations; and\n• reviews outstanding investigations.",
        ["SUPERVISION", "LONG_RUNNING"],
    ),
    (
        "b03",
        "a)",
        "PEEL-STYLE",
        "Within three months, Sussex Police should:\na) makes referrals to children's social care promptly;\nb) attend every strategy discussion.",
        ["REFERRAL", "STRATEGY"],
    ),
    (
        "b04",
        "(i)",
        "PEEL-STYLE",
        "HMICFRS recommends that within six months Norfolk Constabulary:\n(i) records the child's views;\n(ii) checks the police national computer for missing children.",
        ["VOICE", "PNC_MISSING"],
    ),
]

# --- Sections: causes of concern, areas for improvement ------------------------------------------------
SECTIONS = [
    (
        "x01",
        "cause of concern + recommendations",
        "PEEL-STYLE",
        "Cause of concern\n\nThe force does not always protect children who go missing from home.\n\nRecommendations\n\n"
        "Within three months, Lancashire Police should make sure that every missing child has a risk assessment.",
        ("causes_of_concern", "go missing"),
    ),
    (
        "x02",
        "area for improvement",
        "PEEL-STYLE",
        "Area for improvement\n\nThe force should improve how it records the voice of the child.",
        ("areas_for_improvement", "voice of the child"),
    ),
    (
        "x03",
        "areas for improvement, numbered",
        "PEEL-STYLE",
        "Area for improvement 2\n\nThe force should make sure that supervisors review investigations regularly.",
        ("areas_for_improvement", "supervisors review"),
    ),
]

PLURAL_SECTIONS = [
    ("x04", "areas for improvement, one a paragraph", "PEEL-STYLE",
     "Areas for improvement\n\nThe force should make sure that children in custody are moved to local authority accommodation.\n\n"
     "The force should improve its recording of strategy discussions.",
     ["CUSTODY_ACCOMMODATION", "STRATEGY"]),
]  # fmt: skip

# --- Force names --------------------------------------------------------------------------------------
FORCE_NAMES = [
    ("f01", "We recommend that, within three months, Greater Manchester Police", "Greater Manchester Police"),
    ("f02", "Cheshire", "Cheshire Constabulary"),
    ("f03", "Hampshire Constabulary", "Hampshire and Isle of Wight Constabulary"),
    ("f04", "British Transport Police", "British Transport Police"),
    ("f05", "the Ministry of Defence Police", "Ministry of Defence Police"),
    ("f06", "Civil Nuclear Constabulary", "Civil Nuclear Constabulary"),
    ("f07", "National Crime Agency", "National Crime Agency"),
    ("f08", "Dyfed-Powys Police", "Dyfed-Powys Police"),
    ("f09", "Metropolitan Police", "Metropolitan Police Service"),
]
NOT_FORCES = ["Gotham City Police", "Northmoor Police", "Royal Borough Constabulary", "Police"]


def all_passages() -> list[tuple]:
    return [
        *COUNTS, *COMBINED, *SHARES, *VAGUE, *TABLES, *REVIEW_FINDINGS, *TOPICS, *RECOMMENDATIONS, *BULLETS, *SECTIONS, *PLURAL_SECTIONS,
    ]  # fmt: skip
