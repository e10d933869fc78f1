"""One label per record type in the access log, whichever path wrote the event (pages, API,
import, commands). Before this, a page wrote `cases.Incident` and the API `incident` for the
same record, so "what happened to this incident" had to know both spellings.

The label is the model's class name in snake_case (`Incident` -> `incident`, `DemeanourRecord`
-> `demeanour_record`, `Person` -> `person`): derived from the model, so a new record type needs
no entry here, and this lowest floor imports no app above it. Old events keep their old labels.
"""

import re

from django.db import models

_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def record_type(model: type[models.Model] | models.Model) -> str:
    """The access-log `object_type` of a model class or instance."""
    cls = model if isinstance(model, type) else type(model)
    # A deferred-field or proxy subclass logs as the concrete model it stands for.
    cls = cls._meta.concrete_model or cls
    return _WORD_START.sub("_", cls.__name__).lower()


_SNAKE_OR_CAMEL = re.compile(r"_|(?<=[a-z])(?=[A-Z])")


def record_type_words(object_type: str) -> str:
    """A record type as words for a person: `child_outcome` and the old `cases.ChildOutcome`
    both read "Child outcome"; `access_log` reads "Access log"."""
    if not object_type:
        return ""
    name = object_type.rsplit(".", 1)[-1]
    words = [word.lower() for word in _SNAKE_OR_CAMEL.split(name) if word]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def record_description(object_type: str, object_id: str, object_label: str = "") -> str:
    """What an access event was about, in words: "Child outcome 4438", or its label when it has
    one ("Case NM-2026-00012"); never a model's repr."""
    kind = record_type_words(object_type)
    if object_label:
        return f"{kind} {object_label}".strip() if kind else object_label
    return f"{kind} {object_id}".strip()
