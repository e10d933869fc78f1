"""PACE_CERTIFICATE: a charged child refused bail who is not transferred to local authority
accommodation has a PACE s38(6) certificate completed.

Per child's latest detention on the case that ended in charge with bail refused. Met when the
child was transferred, or the certificate was completed. The certificate goes to court with the
child, so it is due at release from the custody suite or, while the child is still held, `hours`
after the charge: not yet due before that; not met after it without transfer or certificate.
"""

from django.db.models import Case, DateTimeField, F, Q, When
from django.db.models.functions import Coalesce

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    judged,
    latest_detentions,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    rows = latest_detentions(cases, charged_at__isnull=False, bail_refused=True).annotate(
        r_due=Coalesce(F("released_at"), plus("charged_at", hours(t["hours"])), output_field=DateTimeField())
    )
    return [
        rows.annotate(
            r_state=judged(met=Q(transferred_to_local_authority=True) | Q(pace_certificate=True), now=now),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(transferred_to_local_authority=True, then=note("transferred to the local authority")),
                When(pace_certificate=True, then=note("certificate completed")),
                default=note("not transferred, no certificate"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="PACE_CERTIFICATE",
    name="Certificate when a charged child stays in custody",
    description="Charged child not transferred to the local authority: s38(6) certificate completed.",
    source="000 (6 of 16 missing), 002 (over half missing)",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 24},
    acknowledged_when_late=True,
    rule=rule,
)
