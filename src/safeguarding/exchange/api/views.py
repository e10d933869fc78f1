"""The REST API over people, cases, flags and every stage entry: read with VIEW_CHILD_RECORD,
write with EDIT_RECORDS, always within the caller's districts, every read and write logged."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.cases.models import ENTRY_MODELS, Case
from safeguarding.exchange.api import selectors
from safeguarding.exchange.api.filters import (
    CaseFilter,
    FlagFilter,
    Pages,
    PersonFilter,
    entry_filter,
)
from safeguarding.exchange.api.serializers import serializer_for
from safeguarding.exchange.api.services import _district_of, record_create, record_update, refusals_as_400
from safeguarding.exchange.formats import entry_entity_name
from safeguarding.people.models import Flag, Person


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"[0-9]{1,18}"
    pagination_class = Pages
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]
    model = None

    @property
    def required_permission(self) -> Permission:
        request = getattr(self, "request", None)
        if request is None or request.method in SAFE_METHODS:
            return Permission.VIEW_CHILD_RECORD
        return Permission.EDIT_RECORDS

    def scoped(self):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped()

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record = self.get_object()
        access_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type=record_type(self.model),
            object_id=record.pk,
            district_id=_district_of(record),
            detail={"via": "api"},
        )
        return response

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        ids = [item["id"] for item in response.data.get("results", [])]
        access_record(
            actor=request.user,
            action=AccessAction.VIEW,
            object_type=f"{record_type(self.model)} list",
            detail={"via": "api", "ids": ids},
        )
        return response

    def perform_create(self, serializer):
        with refusals_as_400():
            serializer.instance = record_create(
                actor=self.request.user, model=self.model, data=dict(serializer.validated_data)
            )

    def perform_update(self, serializer):
        with refusals_as_400():
            serializer.instance = record_update(
                actor=self.request.user, record=serializer.instance, data=dict(serializer.validated_data)
            )


class PersonViewSet(RecordViewSet):
    model = Person
    serializer_class = serializer_for(Person)
    filterset_class = PersonFilter
    ordering_fields = ["id", "updated_at", "surname", "date_of_birth"]

    def scoped(self):
        return selectors.api_people(self.request.user)


class CaseViewSet(RecordViewSet):
    model = Case
    serializer_class = serializer_for(Case)
    filterset_class = CaseFilter
    ordering_fields = ["id", "updated_at", "first_reported_at", "reference"]

    def scoped(self):
        return selectors.api_cases(self.request.user)


class FlagViewSet(RecordViewSet):
    model = Flag
    serializer_class = serializer_for(Flag)
    filterset_class = FlagFilter

    def scoped(self):
        return selectors.api_flags(self.request.user)


def entry_viewset(entry_model) -> type[RecordViewSet]:
    def scoped(self):
        return selectors.api_entries(self.request.user, self.model)

    return type(
        f"{entry_model.__name__}ViewSet",
        (RecordViewSet,),
        {
            "model": entry_model,
            "serializer_class": serializer_for(entry_model),
            "filterset_class": entry_filter(entry_model),
            "scoped": scoped,
            "__doc__": f"{entry_model._meta.verbose_name.capitalize()} entries ({entry_model.stage.label}).",
        },
    )


ENTRY_VIEWSETS = {entry_entity_name(m): entry_viewset(m) for m in ENTRY_MODELS}
