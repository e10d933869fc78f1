"""DEMOGRAPHICS: the child's age, gender, ethnicity, disability and school are recorded.

Per subject child. Met when the child's record has a date of birth, gender, ethnicity (a stated
"chose not to say" counts), disability, and, for a child of school age (5 to 15 on the day of
the first report), a school. Due `days` after the case's first report (DOMAIN.md reports a
completeness rate: the days let a new case be completed first); not yet due before; not met
after. The note lists what is missing (field names only).

How: read from the cases joined to their subject children (one join; from the participants it
takes a second, to keep them to the cases judged), with the age worked out only where the
school is missing.
"""

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Concat

from safeguarding.cases.vocabulary import ParticipantRole, Stage
from safeguarding.standards.catalogue._sql import (
    NO_OWNER,
    age_gap,
    days,
    judged,
    note,
    plus,
    same_evidence,
    text,
)
from safeguarding.standards.catalogue._standard import ALL_CASE_TYPES, Standard


def rule(cases, now, t):
    rows = cases.filter(participants__role=ParticipantRole.SUBJECT_CHILD).annotate(
        r_case=F("pk"),
        r_child=F("participants__person"),
        r_due=plus("first_reported_at", days(t["days"])),
        x_dob=F("participants__person__date_of_birth"),
        x_age=age_gap("x_dob", "first_reported_at"),
    )
    school_age = Q(x_age__gte=5 * 10000, x_age__lt=16 * 10000)
    gaps = {
        "age": Q(x_dob__isnull=True),
        "gender": Q(participants__person__gender=""),
        "ethnicity": Q(participants__person__ethnicity=""),
        "disability": Q(participants__person__disability=""),
        # school first: the age arithmetic then runs only for children without a school
        "school": Q(participants__person__school="") & school_age,
    }
    complete = ~Q(gaps["age"] | gaps["gender"] | gaps["ethnicity"] | gaps["disability"] | gaps["school"])
    listed = Concat(
        *(Case(When(gap, then=text(f" {name}")), default=text("")) for name, gap in gaps.items()),
        output_field=CharField(),
    )
    return [
        rows.annotate(
            r_state=judged(met=complete, now=now),
            **same_evidence("people.person", F("r_child")),
            r_note=Case(When(complete, then=note("complete")), default=Concat(Value("missing:"), listed)),
            r_owner=NO_OWNER,
        )
    ]


STANDARD = Standard(
    id="DEMOGRAPHICS",
    name="Child's background recorded",
    description="The child's age, gender, ethnicity, disability and school recorded.",
    source="002 (background data poor in all forces)",
    stage=Stage.INITIAL_CONTACT,
    case_types=ALL_CASE_TYPES,
    thresholds={"days": 7},
    per_child=True,
    rule=rule,
)
