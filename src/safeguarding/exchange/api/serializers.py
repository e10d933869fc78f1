"""Serializers built from the models, so every stage entry is served the same way.

A foreign key resolves only among the records the caller may set it to (cases/scoping.py
`settable_by`, the same rule the forms and services use), so a record out of scope answers
exactly as a missing one. The models' check constraints and the shared rules of the forms
(people/validators.py, cases/validators.py) are checked here too, field by field, so a bad
request is a 400 naming the field, never a database error; the owning services then check
them again on the way in."""

from django.db import models
from django.db.models import Q
from rest_framework import serializers

from safeguarding.access.models import User
from safeguarding.cases.models import Case, CaseEntry
from safeguarding.cases.scoping import cases_editable_by, settable_by
from safeguarding.cases.validators import (
    FREE_TEXT_MAX_LENGTH,
    case_problems,
    entry_problems,
    free_text_fields,
)
from safeguarding.cases.vocabulary import ViewTheme
from safeguarding.exchange.validation import model_rules
from safeguarding.force.models import District
from safeguarding.people.models import Flag, Person
from safeguarding.people.validators import (
    IDENTIFIERS,
    flag_problems,
    merged,
    person_problems,
    person_values_normalised,
    values_after,
)

# The search keys derived from names are the system's own (ADR 0015): never served or set.
INTERNAL = {"forename_key", "surname_key"}

# Set by the system, never by a caller: who recorded what and when
# (TIMELY_RECORD and CP_PLAN_FLAG are measured from recorded_at), and the import's identifiers.
READ_ONLY = {
    "created_at",
    "updated_at",
    "created_by",
    "recorded_by",
    "recorded_at",
    "source_system",
    "source_reference",
    "version",
}


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Resolves an id only among the records the caller may point this field at."""

    def get_queryset(self):
        return self.parent.settable(self.field_name, super().get_queryset().model)


class ScopedCodeRelatedField(serializers.SlugRelatedField):
    """A district by its code, as the bulk format names it ("north"), resolved in scope too."""

    def get_queryset(self):
        return self.parent.settable(self.field_name, super().get_queryset().model)


class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        if relation_info.related_model is District:
            kwargs["slug_field"] = "code"
            return ScopedCodeRelatedField, kwargs
        return field_class, kwargs

    def _viewer(self) -> User | None:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def _case(self) -> Case | None:
        """The case an entry is (or will be) on, if the caller may edit it."""
        if not hasattr(self, "_resolved_case"):
            case = None
            if isinstance(self.instance, CaseEntry):
                case = self.instance.case
            elif issubclass(self.Meta.model, CaseEntry) and isinstance(
                getattr(self, "initial_data", None), dict
            ):
                raw = self.initial_data.get("case")
                viewer = self._viewer()
                if viewer is not None and isinstance(raw, (int, str)) and str(raw).isdigit():
                    case = cases_editable_by(viewer).filter(pk=int(raw)).first()
            self._resolved_case = case
        return self._resolved_case

    def settable(self, name: str, related: type[models.Model]):
        viewer = self._viewer()
        if viewer is None or not getattr(viewer, "is_authenticated", False):
            return related.objects.none()
        allowed = settable_by(viewer, self.Meta.model, name, case=self._case())
        if allowed is None:
            return related.objects.none()  # deny by default: not a reference a caller sets
        current = (
            getattr(self.instance, f"{name}_id", None) if isinstance(self.instance, models.Model) else None
        )
        if current is not None:
            # Keeping the value it has is not setting it.
            return related.objects.filter(Q(pk__in=allowed.values("pk")) | Q(pk=current))
        return allowed

    def validate(self, attrs):
        model = self.Meta.model
        if model is Person:
            # Identifiers in their normal form, the census group following the self-defined code.
            current = values_after(self.instance, {}) if self.instance is not None else None
            attrs = person_values_normalised(attrs, current=current)
        stored = {}
        if self.instance is not None:
            for field in model._meta.concrete_fields:
                stored[field.name] = getattr(self.instance, field.attname)
        stored.update(attrs)
        # What the record would hold: the model's defaults on a new one.
        values = values_after(self.instance if self.instance is not None else model(**attrs), attrs)
        problems: dict[str, list[str]] = {}
        for rule in model_rules(model):
            if rule.broken_by(stored):
                problems.setdefault(rule.fields[0], []).append(f"Breaks the rule {rule.name!r}.")
        problems = merged(problems, self.rule_problems(values, attrs))
        if problems:
            raise serializers.ValidationError(problems)
        return attrs

    def rule_problems(self, values: dict, attrs: dict) -> dict[str, list[str]]:
        """The forms' rules for this kind of record (the shared validators)."""
        model = self.Meta.model
        if model is Person:
            return person_problems(values, touched=None if self.instance is None else set(attrs))
        if model is Flag:
            return flag_problems(values)
        if model is Case:
            return case_problems(values, touched=None if self.instance is None else set(attrs))
        if issubclass(model, CaseEntry):
            case = values.get("case")
            return entry_problems(
                model, values, case=case, instance_pk=self.instance.pk if self.instance is not None else None
            )
        return {}


def serializer_for(model: type[models.Model]) -> type[ScopedModelSerializer]:
    names = ["id"] + [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in INTERNAL and (f.editable or f.name in READ_ONLY)
    ]
    meta = {
        "model": model,
        "fields": names,
        "read_only_fields": [n for n in names if n in READ_ONLY],
        # The forms' cap on free text, in the schema too.
        "extra_kwargs": {name: {"max_length": FREE_TEXT_MAX_LENGTH} for name in free_text_fields(model)},
    }
    if model is Person:
        # Identifiers may be sent as typed ("943 476 5919"); they are kept in their normal form.
        meta["extra_kwargs"].update({name: {"max_length": 20} for name in IDENTIFIERS})
    if issubclass(model, CaseEntry):
        # One outcome per child per case: the entry rules say so naming the child, as the form
        # does (DRF's own unique-together check would only say "non_field_errors").
        meta["validators"] = []
    attrs: dict = {"Meta": type("Meta", (), meta)}
    if any(f.name == "themes" for f in model._meta.concrete_fields):
        attrs["themes"] = serializers.ListField(
            child=serializers.ChoiceField(choices=ViewTheme.choices),
            required=False,
            max_length=len(ViewTheme),
        )
    return type(f"{model.__name__}Serializer", (ScopedModelSerializer,), attrs)
