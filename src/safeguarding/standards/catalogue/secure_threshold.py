"""SECURE_THRESHOLD: secure accommodation is asked for only when its threshold is met: the child
is 12 or over and there is a risk of serious harm to the public.

Per child's latest detention on the case with secure_requested. Met when the child was 12 or
over on the day of detention (from the date of birth) and risk_of_serious_harm_to_public is
recorded; not met otherwise, including an unknown date of birth (the threshold is not shown).
"Not yet due" cannot arise: the request either met the threshold when made or did not; without a
request the standard does not apply (no row).
"""

from django.db.models import Case, CharField, F, Q, When

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_DUE,
    NO_OWNER,
    age_gap,
    latest_detentions,
    note,
    same_evidence,
    text,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard
from safeguarding.standards.models import State


def rule(cases, now, t):
    rows = latest_detentions(cases, secure_requested=True).annotate(
        x_age=age_gap("child__date_of_birth", "occurred_at")
    )
    old_enough = Q(x_age__gte=int(t["min_age"]) * 10000)
    met = old_enough & Q(risk_of_serious_harm_to_public=True)
    return [
        rows.annotate(
            r_due=NO_DUE,
            r_state=Case(
                When(met, then=text(State.MET)), default=text(State.NOT_MET), output_field=CharField()
            ),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(met, then=note("threshold met")),
                When(x_age__isnull=True, then=note("age unknown")),
                When(~old_enough, then=note("under the minimum age")),
                default=note("no risk of serious harm to the public recorded"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="SECURE_THRESHOLD",
    name="Secure accommodation only when the threshold is met",
    description="Secure accommodation requested only when its threshold is met (12+, serious harm).",
    source="000 (10 of 16 requested wrongly)",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"min_age": 12},
    acknowledged_when_late=True,
    rule=rule,
)
