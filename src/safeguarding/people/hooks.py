"""What the write path tells the floors above when people change.

People sit below cases (a case points at its people), so the people services cannot call up into
cases or standards. They call `people_changed(person_ids)` in the transaction of the write
instead, and an app above subscribes in its `AppConfig.ready()`: the cases app turns the people
into their open cases and passes them on to `cases.hooks.cases_changed` (see ADR 11).
"""

from collections.abc import Callable, Collection

PeopleChanged = Callable[[Collection[int]], object]  # what it returns is not used
_subscribers: list[PeopleChanged] = []


def on_people_changed(subscriber: PeopleChanged) -> PeopleChanged:
    """Register `subscriber(person_ids)`, called after each write that changes people (once per
    subscriber: registering twice, as a reloaded AppConfig would, is harmless)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def people_changed(person_ids: Collection[int]) -> None:
    """Tell the subscribers, inside the caller's transaction, that these people changed."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return
    for subscriber in _subscribers:
        subscriber(ids)
