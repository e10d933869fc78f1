"""Retention under MoPI (issue 23): the safeguarding unit's pages only. Posting decisions (who may
propose, who may approve) is tested in tests/retention/test_views.py."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from safeguarding.retention.models import Disposal
from tests.access_matrix.table import ALLOW, Row

UNIT_ONLY = {"safeguarding_unit": ALLOW}


def build(world):
    world["disposal_north"] = Disposal.objects.create(
        person_id=world["child_north"].pk,
        district=world["districts"]["north"],
        group=3,
        review_due=dt.date(2020, 1, 1),
        reason="No longer needed",
        proposed_by=world["cast"]["supervisor_north"],
        proposed_at=timezone.now(),
    )


ROWS = [
    Row("retention:worklist", lambda w: reverse("retention:worklist"), UNIT_ONLY),
    Row("retention:review", lambda w: reverse("retention:review", args=[w["child_north"].pk]), UNIT_ONLY),
    Row("retention:disposals", lambda w: reverse("retention:disposals"), UNIT_ONLY),
    Row(
        "retention:disposal",
        lambda w: reverse("retention:disposal", args=[w["disposal_north"].pk]),
        UNIT_ONLY,
    ),
]
