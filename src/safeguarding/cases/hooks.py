"""What the write path tells the floors above when cases change.

Cases sit below the practice standards (a standard reads cases; a case knows nothing of
standards), so the case services, the API and the bulk import do not call the evaluator
themselves. Every write that changes what a case holds calls `cases_changed(case_ids)` in its
own transaction, and the standards app subscribes in `StandardsConfig.ready()` to re-judge them:
one case at a time for a page's write, in one set-based pass for an import (ADR 2, ADR 11).
"""

from collections.abc import Callable, Collection

CasesChanged = Callable[[Collection[int]], object]  # what it returns is not used
_subscribers: list[CasesChanged] = []


def on_cases_changed(subscriber: CasesChanged) -> CasesChanged:
    """Register `subscriber(case_ids)`, called after each write that changes cases (once per
    subscriber: registering twice, as a reloaded AppConfig would, is harmless)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def cases_changed(case_ids: Collection[int]) -> None:
    """Tell the subscribers, inside the caller's transaction, that these cases changed."""
    ids = {pk for pk in case_ids if pk is not None}
    if not ids:
        return
    for subscriber in _subscribers:
        subscriber(ids)


# What else the write path announces, for the notifications (issue 25): a new entry recorded
# (an incident on a child with a plan tells the team) and a closure asked for (a supervisor
# must sign it off). Same rules as above: called by name in the service, inside its transaction.
EntryRecorded = Callable[[object], object]  # (entry) -> not used
ClosureRequested = Callable[[object], object]  # (closure request) -> not used
_entry_subscribers: list[EntryRecorded] = []
_closure_subscribers: list[ClosureRequested] = []


def on_entry_recorded(subscriber: EntryRecorded) -> EntryRecorded:
    """Register `subscriber(entry)`, called after each new stage entry is saved."""
    if subscriber not in _entry_subscribers:
        _entry_subscribers.append(subscriber)
    return subscriber


def entry_recorded(entry: object) -> None:
    for subscriber in _entry_subscribers:
        subscriber(entry)


def on_closure_requested(subscriber: ClosureRequested) -> ClosureRequested:
    """Register `subscriber(closure_request)`, called when an officer asks to close a case."""
    if subscriber not in _closure_subscribers:
        _closure_subscribers.append(subscriber)
    return subscriber


def closure_requested(request: object) -> None:
    for subscriber in _closure_subscribers:
        subscriber(request)


def open_cases_of(person_ids: Collection[int], *, fetch: Callable | None = None) -> set[int]:
    """The open cases these people take part in. `fetch(queryset, lookup, values, fields)` may
    be given to look up many ids in chunks (the bulk import's `_fetch`)."""
    from safeguarding.cases.models import CaseParticipant

    participants = CaseParticipant.objects.filter(case__closed_at__isnull=True)
    if fetch is not None:
        return {pk for (pk,) in fetch(participants, "person_id__in", sorted(person_ids), ("case_id",))}
    return set(participants.filter(person_id__in=list(person_ids)).values_list("case_id", flat=True))


def open_cases_of_people_changed(person_ids: Collection[int]) -> None:
    """A person's flags and demographics are judged on their open cases (CSE_FLAG, CP_PLAN_FLAG,
    DEMOGRAPHICS), so a change to people changes those cases. Subscribed to
    `people.hooks.on_people_changed` by `CasesConfig.ready()`."""
    cases_changed(open_cases_of(person_ids))
