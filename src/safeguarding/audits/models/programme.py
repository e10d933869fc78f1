"""The force's rolling, themed audit programme (seed 004: a six-month rotating regime)."""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from safeguarding.audits.vocabulary import AuditTheme


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # 31 Jan + 1 month is the last day of February.
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class AuditProgramme(models.Model):
    name = models.CharField(max_length=200)
    # Ordered list of AuditTheme values; rounds take them in turn.
    themes = models.JSONField(default=list)
    interval_months = models.PositiveSmallIntegerField(default=6)
    first_round_on = models.DateField()
    cases_per_round = models.PositiveSmallIntegerField(default=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(interval_months__gte=1), name="programme_interval_positive"),
            models.CheckConstraint(condition=Q(cases_per_round__gte=1), name="programme_cases_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def round_date(self, round_number: int) -> dt.date:
        return add_months(self.first_round_on, (round_number - 1) * self.interval_months)

    @property
    def theme_labels(self) -> list[str]:
        return [AuditTheme(theme).label for theme in self.themes]

    def round_theme(self, round_number: int) -> str:
        return self.themes[(round_number - 1) % len(self.themes)]
