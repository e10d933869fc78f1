"""Serializers built from the models, so every stage entry is served the same way. Foreign keys
only accept records the caller can see, and the models' check constraints are checked here, so
a bad request is a 400, never a database error."""

from django.db import models
from rest_framework import serializers

from safeguarding.access.models import User
from safeguarding.cases.models import Case, CaseEntry
from safeguarding.cases.scoping import cases_visible_to, people_visible_to
from safeguarding.cases.vocabulary import ViewTheme
from safeguarding.exchange.validation import model_rules
from safeguarding.people.models import Person

READ_ONLY = {"created_at", "updated_at", "created_by", "recorded_by", "forename_key", "surname_key"}


class ScopedModelSerializer(serializers.ModelSerializer):
    def _viewer(self) -> User | None:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_fields(self):
        fields = super().get_fields()
        viewer = self._viewer()
        for field in fields.values():
            if not isinstance(field, serializers.PrimaryKeyRelatedField) or field.read_only:
                continue
            related = field.queryset.model
            if viewer is None or not getattr(viewer, "is_authenticated", False):
                field.queryset = related.objects.none()
            elif related is Case:
                field.queryset = cases_visible_to(viewer)
            elif related is Person:
                field.queryset = people_visible_to(viewer)
            elif issubclass(related, CaseEntry):
                field.queryset = related.objects.filter(case__in=cases_visible_to(viewer))
        return fields

    def validate(self, attrs):
        model = self.Meta.model
        values = {}
        if self.instance is not None:
            for field in model._meta.concrete_fields:
                values[field.name] = getattr(self.instance, field.attname)
        values.update(attrs)
        problems = {}
        for rule in model_rules(model):
            if rule.broken_by(values):
                problems.setdefault(rule.fields[0], []).append(f"Breaks the rule {rule.name!r}.")
        if getattr(model, "child_required", False) and values.get("child") is None:
            problems.setdefault("child", []).append("This entry is about a child: child is required.")
        viewer = self._viewer()
        district = attrs.get("district")
        if district is not None and viewer is not None and not viewer.covers_district(district.pk):
            problems.setdefault("district", []).append("You cannot record in this district.")
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


def serializer_for(model: type[models.Model]) -> type[ScopedModelSerializer]:
    names = ["id"] + [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and (f.editable or f.name in READ_ONLY)
    ]
    attrs: dict = {
        "Meta": type(
            "Meta",
            (),
            {"model": model, "fields": names, "read_only_fields": [n for n in names if n in READ_ONLY]},
        )
    }
    if any(f.name == "themes" for f in model._meta.concrete_fields):
        attrs["themes"] = serializers.ListField(
            child=serializers.ChoiceField(choices=ViewTheme.choices),
            required=False,
            max_length=len(ViewTheme),
        )
    return type(f"{model.__name__}Serializer", (ScopedModelSerializer,), attrs)
