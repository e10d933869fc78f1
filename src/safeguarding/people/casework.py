"""What the people floor needs to know of the cases above it.

A person is in a user's scope through the cases they take part in, and the child's page lists
those cases and their timeline. But cases sit above people: cases import people, never the
reverse (ADR 11; tests/test_layers.py). So the cases app supplies these answers when it starts
(`CasesConfig.ready()` calls `supply_casework`), as it subscribes to `people.hooks`. Before it
has, every question fails loudly rather than answering with no scope at all.
"""

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from safeguarding.access.models import User
from safeguarding.people.models import Person


@dataclass
class PersonCases:
    """A person's cases as the child's page shows them to one viewer."""

    cases: list[Model]  # shown, newest first
    linkable: set[int]  # the ids of those the viewer may open
    hidden_count: int  # the person's cases not shown (other districts, no grant)
    case_ids: set[int] = field(default_factory=set)  # every case of the person
    suspects: list[tuple[Person, str]] = field(default_factory=list)  # (suspect, case reference)
    missing_count: int = 0  # times reported missing, across the force


class Casework(Protocol):
    def people_visible_to(self, viewer: User) -> QuerySet[Person]: ...

    def people_editable_by(self, actor: User) -> QuerySet[Person]: ...

    def reference_problems(
        self, actor: User, model: type[Model], values: dict[str, Any]
    ) -> dict[str, list[str]]: ...

    def latest_case_reference(self, viewer: User, person: Person) -> str | None: ...

    def people_sharing_a_case_with(self, person: Person) -> QuerySet[Any]: ...

    def person_cases(self, viewer: User, person: Person, *, granted: bool) -> PersonCases: ...

    def child_timeline(self, viewer: User, child: Person, *, include_other_districts: bool) -> list[Any]: ...


_supplied: list[Casework] = []


def supply_casework(casework: Casework) -> None:
    """Called once by the cases app as it starts (a second call, as a reloaded AppConfig would
    make, replaces the first)."""
    _supplied[:] = [casework]


def casework() -> Casework:
    if not _supplied:
        raise ImproperlyConfigured("The cases app has not supplied people's casework (CasesConfig.ready).")
    return _supplied[0]


def people_visible_to(viewer: User) -> QuerySet[Person]:
    """People whose home district is the viewer's, or who are in a case of the viewer's districts."""
    return casework().people_visible_to(viewer)


def people_editable_by(actor: User) -> QuerySet[Person]:
    return casework().people_editable_by(actor)


def reference_problems(actor: User, model: type[Model], values: dict[str, Any]) -> dict[str, list[str]]:
    """The references in `values` the actor may not set, by field (cases/scoping.py)."""
    return casework().reference_problems(actor, model, values)


def named_in_case_reason(viewer: User, person: Person) -> str:
    """Why a person outside the viewer's districts is in their scope: named in a case of theirs."""
    reference = casework().latest_case_reference(viewer, person)
    return f"Named in case {reference} of your district" if reference is not None else ""
