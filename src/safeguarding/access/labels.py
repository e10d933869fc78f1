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
