"""Invented reports in the later templates (figures invented; the forces are real public bodies)."""

KENT_2022 = """Kent – National child protection inspection

Published on: 11 May 2022

1. Introduction

In January 2022 we inspected how well Kent Police keeps children safe. This report sets out the
findings of our inspection of child protection services in Kent Police.

4. Case file analysis

Results of case file reviews

Of the 40 cases we examined, 9 were good, 19 required improvement and 12 were inadequate.
The force's own audit graded 21 of the same cases as good, whereas we graded only 9 as good.

5. Initial contact

Within three months, Kent Police should make sure that officers record the demeanour of children
at domestic abuse incidents.

Within six months, Kent Police should:
-the views of children are recorded in every case;
-supervisors review investigations every month.

Area for improvement

The force should improve how it refers children to children's social care.
"""

KENT_2023_REVIEW = """Kent – National child protection inspection post-inspection review

Published on: 6 June 2023

Our 2022 inspection

In January 2022, HMICFRS inspected how well Kent Police keeps children safe. We made two
recommendations in the Kent – National child protection inspection report.

The 2023 post-inspection review

In January 2023, we returned to the force to carry out a post-inspection review. During this
inspection we audited 38 child protection cases (14 cases were good, 16 required improvement and
8 were inadequate).

Recommendation 1

Within three months, Kent Police should make sure that officers record the demeanour of children
at domestic abuse incidents.

We found that this recommendation has been met.

Recommendation 2

Within six months, Kent Police should make sure the views of children are recorded in every case.

This recommendation has been partially met.
"""

ESSEX_2024_FRAMEWORK = """Essex – National child protection inspection

Published on: 3 December 2024

1. Introduction

This report sets out the findings of our inspection of child protection services in Essex Police.

Our judgments

Leadership: Good
Partnership working: Adequate
Initial response: Requires improvement
Risk assessment and referral: Adequate
Investigation: Inadequate

Cause of concern

The force does not always investigate crimes against children promptly.

Recommendations

Within three months, Essex Police should make sure that investigations are allocated promptly
and supervised.
"""

UNPLACEABLE = """Kent – National child protection inspection

Published on: 11 May 2022

This report sets out the findings of our inspection of child protection services in Kent Police.

We assessed 40 cases: good, requiring improvement and inadequate in 12, 20 and 8 of them respectively.
Over half of the cases we examined were inadequate.

Within three months, Kent Police should make sure that officers record the demeanour of children.
"""
