"""Carrying out an approved disposal: the person's personal data removed everywhere it is held
(ADR 0018). Models are found through their relations (`_meta`), as merging does, so a record
type added later is not forgotten.

- A case on which the person is the only child (or the only person) goes whole: every row that
  hangs on it (entries, participants, attachments, closure requests, results, audit rows).
- On a shared case only the person goes: their part in it and the entries about them (`child`);
  others' records stay. A nullable link to them from another's record (a bail condition's
  protected person, an order's subject) is cleared; a record that cannot stand without them goes.
- Their own rows: aliases, search keys, residences, relationships (both ends), flags, import
  links and match reviews, merge journals naming them, then the person.
- Attachments of removed cases and entries: rows now, files once the transaction commits.
- History (`RecordVersion`) of every removed record keeps its trail (who, when, version, door)
  and loses its values (ADR 0012).
"""

import contextlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Q

from safeguarding.access.labels import record_type
from safeguarding.cases.hooks import cases_changed
from safeguarding.cases.models import ENTRY_MODELS, Case, CaseParticipant
from safeguarding.cases.models.attachments import Attachment
from safeguarding.cases.vocabulary import CHILD_ROLES
from safeguarding.exchange.models import ImportConflict
from safeguarding.people.models import Person, PersonMerge
from safeguarding.records.models import RecordVersion

# Derived rows (practice-standard results) are not removed here: the cases are re-judged through
# `cases_changed` once removed, which deletes a gone case's results and corrects the indicator
# counts (standards/engine.py). Foreign keys are checked at commit, so the order holds.
_REJUDGED_APPS = {"standards"}
_ENTRY_KINDS: dict[type[models.Model], str] = {
    model: model.__name__.lower() for model in ENTRY_MODELS
}  # cases.timeline.entry_kind


@dataclass
class Removal:
    removed: Counter = field(default_factory=Counter)
    unlinked: Counter = field(default_factory=Counter)
    # Access-log objects whose events are about the person: (object_type, object_id).
    objects: set[tuple[str, str]] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    shared_cases: set[int] = field(default_factory=set)


def _reverse_foreign_keys(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Every foreign key pointing at `model`, hidden ones (related_name='+') included."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, models.ForeignObjectRel)
        and relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
    ]


def _remove(model: type[models.Model], ids: Iterable[int], removal: Removal) -> None:
    """Delete these rows and, first, what hangs on them: a dependent that can stand without them
    (nullable key) is unlinked, one that cannot is removed the same way."""
    ids = sorted(set(ids))
    if not ids:
        return
    for relation in _reverse_foreign_keys(model):
        dependent, key = relation.related_model, relation.field
        if dependent._meta.app_label in _REJUDGED_APPS:
            continue
        rows = dependent._base_manager.filter(**{f"{key.attname}__in": ids})
        if key.null and key.name != "child":
            count = rows.update(**{key.attname: None})
            if count:
                removal.unlinked[record_type(dependent)] += count
        else:
            _remove(dependent, rows.values_list("pk", flat=True), removal)
    kind = _ENTRY_KINDS.get(model)
    if kind is not None:
        attached = Attachment.objects.filter(entry_kind=kind, entry_id__in=ids)
        _remove(Attachment, attached.values_list("pk", flat=True), removal)
    if model is Attachment:
        removal.files += list(Attachment.objects.filter(pk__in=ids).values_list("stored_name", flat=True))
    entity = record_type(model)
    # The trail of each change stays; the values it held go (ADR 0012).
    RecordVersion.objects.filter(entity=entity, object_id__in=ids).update(previous={})
    # An imported change held back for review quotes the record's values (issue 17).
    ImportConflict.objects.filter(record_type=entity, object_id__in=ids).delete()
    removal.objects.update((entity, str(pk)) for pk in ids)
    deleted = model._base_manager.filter(pk__in=ids)._raw_delete(model._base_manager.db)
    removal.removed[entity] += deleted


def _whole_cases(person_id: int) -> tuple[set[int], set[int]]:
    """(cases to remove whole, cases the person only leaves)."""
    mine = set(CaseParticipant.objects.filter(person_id=person_id).values_list("case_id", flat=True))
    entries_about: set[int] = set()
    for model in ENTRY_MODELS:
        entries_about |= set(
            model._default_manager.filter(child_id=person_id).values_list("case_id", flat=True)
        )
    cases = mine | entries_about
    others = CaseParticipant.objects.filter(case_id__in=cases).exclude(person_id=person_id)
    with_other_child = set(others.filter(role__in=CHILD_ROLES).values_list("case_id", flat=True))
    with_anyone = set(others.values_list("case_id", flat=True))
    child_on = (
        set(
            CaseParticipant.objects.filter(person_id=person_id, role__in=CHILD_ROLES).values_list(
                "case_id", flat=True
            )
        )
        | entries_about
    )
    whole = {pk for pk in cases if (pk in child_on and pk not in with_other_child) or pk not in with_anyone}
    return whole, cases - whole


def person_remove(person: Person) -> Removal:
    """Remove the person and everything of theirs, in the caller's transaction."""
    removal = Removal()
    whole, shared = _whole_cases(person.pk)
    removal.shared_cases = shared
    _remove(Case, whole, removal)
    PersonMerge.objects.filter(Q(survivor_id=person.pk) | Q(merged_id=person.pk)).delete()
    _remove(Person, [person.pk], removal)
    files = list(removal.files)

    def unlink_files() -> None:
        from safeguarding.cases.attachments import attachment_path

        for stored_name in files:
            with contextlib.suppress(FileNotFoundError):
                attachment_path(stored_name).unlink()

    transaction.on_commit(unlink_files)
    cases_changed(whole | shared)
    # Anything derived that re-judging did not clear (no subscriber) goes the plain way.
    for relation in _reverse_foreign_keys(Case) + _reverse_foreign_keys(Person):
        dependent, key = relation.related_model, relation.field
        if dependent._meta.app_label in _REJUDGED_APPS:
            gone = whole if relation.model is Case else {person.pk}
            left = dependent._base_manager.filter(**{f"{key.attname}__in": sorted(gone)})
            left._raw_delete(left.db)
    return removal
