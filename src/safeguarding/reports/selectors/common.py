"""Pieces the reports share: the districts in columns, the children on a case, ages in SQL."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import IsNull, LessThan

from safeguarding.cases.models import CaseParticipant
from safeguarding.cases.vocabulary import ParticipantRole
from safeguarding.force.models import District
from safeguarding.reports.filters import ReportFilters
from safeguarding.standards.catalogue._sql import age_gap

FORCE = "Force"


def report_districts(filters: ReportFilters) -> list[tuple[int, str]]:
    districts = District.objects.order_by("name").values_list("pk", "name")
    if filters.district_id:
        districts = districts.filter(pk=filters.district_id)
    return list(districts)


def all_districts() -> list[tuple[int, str]]:
    return list(District.objects.order_by("name").values_list("pk", "name"))


def children_of_cases() -> QuerySet[CaseParticipant]:
    """One row per (case, child): the subject child, or a child present who is not also the
    subject (a child can hold both roles on one case)."""
    subject_too = CaseParticipant.objects.filter(
        case=OuterRef("case"), person=OuterRef("person"), role=ParticipantRole.SUBJECT_CHILD
    )
    return CaseParticipant.objects.filter(
        Q(role=ParticipantRole.SUBJECT_CHILD) | (Q(role=ParticipantRole.CHILD_PRESENT) & ~Exists(subject_too))
    )


def has_child(case_ref: str = "pk") -> Exists:
    return Exists(CaseParticipant.objects.filter(case=OuterRef(case_ref), role__in=list(_CHILD_ROLES)))


_CHILD_ROLES = (ParticipantRole.SUBJECT_CHILD, ParticipantRole.CHILD_PRESENT)

# Age bands of the population table (force.DistrictPopulation, dimension "age_band").
AGE_BANDS = ("0-4", "5-9", "10-15", "16-17")
NOT_RECORDED = ""


def age_band(date_of_birth: str, on: str) -> DbCase:
    """The age band on the day of `on` (a datetime field); "" when the date of birth is unknown."""
    gap = ExpressionWrapper(age_gap(date_of_birth, on), output_field=IntegerField())
    return DbCase(
        When(IsNull(gap, True), then=Value(NOT_RECORDED)),
        When(LessThan(gap, 50000), then=Value("0-4")),
        When(LessThan(gap, 100000), then=Value("5-9")),
        When(LessThan(gap, 160000), then=Value("10-15")),
        When(LessThan(gap, 180000), then=Value("16-17")),
        default=Value("18+"),
        output_field=CharField(),
    )


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL compiles a query with JIT when its estimated cost is high, as these grouped
    reports' correlated subqueries are; at a 100,000-child force compiling took 1.6 s of a 6.7 s
    query that runs in under 1 s without it. Off for the report's own transaction only."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
