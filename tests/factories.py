"""Plain builder functions for hand-built cases (readable in a test, no magic)."""

import datetime as dt
import itertools

from django.utils import timezone

from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.cases.vocabulary import CaseType, ParticipantRole
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Address, Person

_sequence = itertools.count(1)


def at(day: str, time: str = "12:00") -> dt.datetime:
    """at("2026-03-02", "09:30") -> an aware datetime in the force's time zone."""
    naive = dt.datetime.fromisoformat(f"{day}T{time}")
    return timezone.make_aware(naive)


def make_address(district, *, line1="1 Mill Lane", town="Northmoor", postcode="NM1 4AB") -> Address:
    return Address.objects.create(
        line1=line1, town=town, postcode=Address.normalise_postcode(postcode), district=district
    )


def make_person(
    district, *, forename="Amelia", surname="Hartley", date_of_birth="2015-04-12", is_child=True, **fields
) -> Person:
    person = Person(
        forename=forename,
        surname=surname,
        date_of_birth=dt.date.fromisoformat(date_of_birth) if date_of_birth else None,
        is_child=is_child,
        district=district,
        **fields,
    )
    person.set_name_keys()
    person.save()
    person_keys_refresh([person.pk])
    return person


def make_case(
    district, *, case_type=CaseType.DOMESTIC_ABUSE, reported="2026-03-02", children=(), adults=(), **fields
) -> Case:
    case = Case.objects.create(
        reference=f"TST-{next(_sequence):06d}",
        case_type=case_type,
        district=district,
        first_reported_at=at(reported) if isinstance(reported, str) else reported,
        **fields,
    )
    for child in children:
        CaseParticipant.objects.create(case=case, person=child, role=ParticipantRole.SUBJECT_CHILD)
    for adult, role in adults:
        CaseParticipant.objects.create(case=case, person=adult, role=role)
    return case


_CASE_OFFICER = object()


def make_standard_result(case, standard_id, state, *, child=None, due_at=None, owner=_CASE_OFFICER, **fields):
    """A StandardResult row as the evaluator would write it, with the case's aggregation columns,
    `actionable` decided as `engine.ACTIONABLE_SQL` does, and counted in IndicatorCount.

    The owner defaults to the case's officer in charge (pass owner=None for none). Due dates
    default to the case's first report for not-yet-due rows (the table requires one).
    """
    from safeguarding.standards.catalogue import CATALOGUE
    from safeguarding.standards.engine import GROUP, apply_count_changes
    from safeguarding.standards.models import StandardResult, State

    if due_at is None and state == State.NOT_YET_DUE:
        due_at = case.first_reported_at
    standard = CATALOGUE.get(standard_id)
    evidence_id = fields.get("evidence_id", "")
    actionable = (
        state in (State.NOT_MET, State.NOT_YET_DUE)
        and (case.closed_at is None or (standard is not None and standard.fixable_after_closure))
        and not (
            standard is not None
            and standard.done_when_recorded_late
            and state == State.NOT_MET
            and evidence_id
        )
    )
    result = StandardResult.objects.create(
        case=case,
        child=child,
        standard_id=standard_id,
        state=state,
        due_at=at(due_at) if isinstance(due_at, str) else due_at,
        district_id=fields.pop("district_id", case.district_id),
        team_id=fields.pop("team_id", case.team_id),
        case_type=fields.pop("case_type", case.case_type),
        period=fields.pop("period", timezone.localdate(case.first_reported_at).replace(day=1)),
        owner=case.officer_in_charge if owner is _CASE_OFFICER else owner,
        evaluated_at=fields.pop("evaluated_at", timezone.now()),
        actionable=fields.pop("actionable", actionable),
        **fields,
    )
    apply_count_changes(removed=[], added=[tuple(getattr(result, column) for column in GROUP)])
    return result


def make_entry(model, case, occurred, *, recorded=None, child=None, **fields):
    """make_entry(Incident, case, "2026-03-02 22:00", kind=..., children_present=2).

    `occurred` / `recorded` take "YYYY-MM-DD HH:MM" or an aware datetime; recorded defaults to
    occurred (the record made at the time).
    """

    def when(value):
        if value is None or not isinstance(value, str):
            return value
        day, _, time = value.partition(" ")
        return at(day, time or "12:00")

    occurred_at = when(occurred)
    return model.objects.create(
        case=case,
        child=child,
        occurred_at=occurred_at,
        recorded_at=when(recorded) or occurred_at,
        **{name: when(value) if name.endswith("_at") else value for name, value in fields.items()},
    )
