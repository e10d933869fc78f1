"""Builders for first-contact tests: the records a risk summary joins up."""

import datetime as dt

from django.utils import timezone

from safeguarding.cases.models import Incident, Investigation, InvestigationStep, MissingEpisode
from safeguarding.cases.vocabulary import IncidentKind, InvestigationStepKind, OffenceCategory
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Flag, PersonAlias, Relationship, Residence
from tests.factories import at

TODAY = "2026-06-15"


def days_ago(days: int, day: str = TODAY) -> dt.datetime:
    return at(day) - dt.timedelta(days=days)


def flag(person, kind, *, since="2026-01-10", cp_category="", ends_on=None, details=""):
    return Flag.objects.create(
        person=person,
        kind=kind,
        cp_category=cp_category,
        starts_on=dt.date.fromisoformat(since),
        ends_on=dt.date.fromisoformat(ends_on) if ends_on else None,
        details=details,
        recorded_at=timezone.now(),
    )


def alias(person, forename, surname):
    made = PersonAlias(person=person, forename=forename, surname=surname)
    made.set_name_keys()
    made.save()
    person_keys_refresh([made.person_id])
    return made


def live_at(person, address, *, current=True):
    if current:
        person.current_address = address
        person.save(update_fields=["current_address"])
    return Residence.objects.create(person=person, address=address)


def relate(person, kind, other):
    return Relationship.objects.create(person=person, kind=kind, other=other)


def missing(case, child, when, grade=""):
    return MissingEpisode.objects.create(
        case=case, child=child, occurred_at=when, risk_grade=grade, graded_at=when if grade else None
    )


def da_incident(case, address, when, children_present):
    return Incident.objects.create(
        case=case,
        address=address,
        kind=IncidentKind.DOMESTIC_ABUSE,
        occurred_at=when,
        children_present=children_present,
    )


def investigation(case, child=None, *, opened=None, category=OffenceCategory.PHYSICAL, closed=None):
    return Investigation.objects.create(
        case=case,
        child=child,
        occurred_at=opened or days_ago(30),
        offence_category=category,
        closed_at=closed,
    )


def bail(inv, protected, until: str, conditions="Not to contact the child or attend the address"):
    return InvestigationStep.objects.create(
        case=inv.case,
        investigation=inv,
        kind=InvestigationStepKind.BAIL,
        occurred_at=days_ago(10),
        protected_person=protected,
        bail_until=dt.date.fromisoformat(until),
        bail_conditions=conditions,
    )
