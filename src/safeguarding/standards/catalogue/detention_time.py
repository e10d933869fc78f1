"""DETENTION_TIME: children are held for the minimum time: time in custody reported; over 24 hours
flagged; overnight flagged.

Per child's latest detention on the case. The hours held run from arrival (occurred_at) to
release, or to now while still held. Not met when held over `hours`, or overnight (released on a
later local date than arrival, or still held on a later date); met when released within both;
not yet due while still held inside both (due_at: arrival + hours). The note gives the hours.
"""

from django.db.models import Case, DateField, F, Q, When
from django.db.models.functions import Coalesce, TruncDate

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    hours,
    hours_between,
    judged,
    latest_detentions,
    moment,
    note,
    plus,
    same_evidence,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    rows = latest_detentions(cases).annotate(
        r_due=plus("occurred_at", hours(t["hours"])),
        x_end=Coalesce(F("released_at"), moment(now)),
    )
    rows = rows.annotate(
        x_end_day=TruncDate("x_end", output_field=DateField()),
        x_arrival_day=TruncDate("occurred_at", output_field=DateField()),
    )
    too_long = Q(x_end__gt=F("r_due"))
    overnight = Q(x_end_day__gt=F("x_arrival_day"))
    return [
        rows.annotate(
            r_state=judged(breach=too_long | overnight, met=Q(released_at__isnull=False), now=now),
            **same_evidence("cases.custodydetention", F("id")),
            r_note=Case(
                When(
                    too_long & overnight,
                    then=note("held ", hours_between("occurred_at", "x_end"), " h, overnight"),
                ),
                When(overnight, then=note("held ", hours_between("occurred_at", "x_end"), " h, overnight")),
                default=note("held ", hours_between("occurred_at", "x_end"), " h"),
            ),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="DETENTION_TIME",
    name="Held in custody for the shortest time",
    description="Children held for the minimum time: over 24 h and overnight detention flagged.",
    source="000 (41h, 23h), 002 (52h)",
    stage=Stage.DETENTION,
    case_types=ALL_CASE_TYPES,
    thresholds={"hours": 24},
    acknowledged_when_late=True,
    rule=rule,
)
