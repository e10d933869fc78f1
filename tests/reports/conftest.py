import datetime as dt

import pytest
import time_machine
from django.utils import timezone

NOW = dt.datetime(2026, 6, 15, 12, 0)
PERIOD = {"period_from": "2026-01", "period_to": "2026-06"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        yield
