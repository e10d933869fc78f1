"""The REST API over people, cases, flags and every stage entry: read with VIEW_CHILD_RECORD,
write with EDIT_RECORDS, always within the caller's districts, every read and write logged."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from safeguarding.access.labels import record_type
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record, written_via
from safeguarding.api_problems import PROBLEM_JSON, problem
from safeguarding.cases.models import ENTRY_MODELS, Case
from safeguarding.exchange.api import selectors
from safeguarding.exchange.api.filters import (
    CaseFilter,
    FlagFilter,
    Pages,
    PersonFilter,
    entry_filter,
)
from safeguarding.exchange.api.preconditions import (
    IF_MATCH,
    WRITE_PRECONDITION_RESPONSES,
    etag,
    stale_as_412,
    version_from_if_match,
)
from safeguarding.exchange.api.serializers import serializer_for
from safeguarding.exchange.api.services import _district_of, record_create, record_update, refusals_as_400
from safeguarding.exchange.formats import entry_entity_name
from safeguarding.people.duplicates import likely_duplicates
from safeguarding.people.models import Flag, Person
from safeguarding.people.services import duplicates_shown_record
from safeguarding.people.validators import IDENTIFIERS
from safeguarding.records.history import StaleRecord, stale_check


def _write_schema(serializer_class):
    return extend_schema(
        parameters=[IF_MATCH],
        responses={200: serializer_class, 400: OpenApiResponse(), **WRITE_PRECONDITION_RESPONSES},
    )


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
        response["ETag"] = etag(record)
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

    def update(self, request, *args, **kwargs):
        # If-Match first: a stale write is refused before its values are even read.
        self.seen_version = version_from_if_match(request.headers.get("If-Match"))
        try:
            stale_check(self.get_object(), self.seen_version)
        except StaleRecord as stale:
            raise stale_as_412(stale) from stale
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag(self.get_object())
        return response

    def perform_update(self, serializer):
        try:
            with refusals_as_400():
                serializer.instance = record_update(
                    actor=self.request.user,
                    record=serializer.instance,
                    data=dict(serializer.validated_data),
                    seen_version=self.seen_version,
                )
        except StaleRecord as stale:
            raise stale_as_412(stale) from stale


class LikelyDuplicates(Exception):
    def __init__(self, payload: dict):
        super().__init__("likely duplicates")
        self.payload = payload


def _documented(viewset):
    """If-Match and the 412/428 answers in the schema of every write."""
    write = _write_schema(viewset.serializer_class)
    return extend_schema_view(update=write, partial_update=write)(viewset)


@_documented
class PersonViewSet(RecordViewSet):
    model = Person
    serializer_class = serializer_for(Person)
    filterset_class = PersonFilter
    ordering_fields = ["id", "updated_at", "surname", "date_of_birth"]

    def scoped(self):
        return selectors.api_people(self.request.user)

    def create(self, request, *args, **kwargs):
        try:
            return super().create(request, *args, **kwargs)
        except LikelyDuplicates as offered:
            # A problem (RFC 9457) whose extension members name the people already held.
            body = {
                **problem(409, code="likely-duplicates", instance=request.get_full_path()),
                **offered.payload,
            }
            return Response(body, status=409, content_type=PROBLEM_JSON)

    def perform_create(self, serializer):
        """As on the page: the likely duplicates first (409 naming them); `?confirm_new=true`
        creates anyway, and the access log keeps which were offered (issue 18)."""
        data = dict(serializer.validated_data)
        found, hidden = likely_duplicates(
            self.request.user,
            forename=data.get("forename", ""),
            surname=data.get("surname", ""),
            middle_names=data.get("middle_names", ""),
            date_of_birth=data.get("date_of_birth"),
            identifiers={field: data.get(field) or "" for field in IDENTIFIERS},
        )
        offered = [d.person.pk for d in found]
        confirmed = self.request.query_params.get("confirm_new", "").lower() in {"1", "true", "yes"}
        if (found or hidden) and not confirmed:
            with written_via("api"):
                duplicates_shown_record(actor=self.request.user, offered=offered, hidden=hidden)
            raise LikelyDuplicates(
                {
                    "detail": "This person may already be held: use one of these, or send again with "
                    "?confirm_new=true to add a new person.",
                    "duplicates": [
                        {"id": d.person.pk, "confidence": d.confidence, "reason": d.reason} for d in found
                    ],
                    "outside_your_districts": hidden,
                }
            )
        with refusals_as_400():
            serializer.instance = record_create(
                actor=self.request.user, model=self.model, data=data, duplicates_offered=offered
            )


@_documented
class CaseViewSet(RecordViewSet):
    model = Case
    serializer_class = serializer_for(Case)
    filterset_class = CaseFilter
    ordering_fields = ["id", "updated_at", "first_reported_at", "reference"]

    def scoped(self):
        return selectors.api_cases(self.request.user)


@_documented
class FlagViewSet(RecordViewSet):
    model = Flag
    serializer_class = serializer_for(Flag)
    filterset_class = FlagFilter

    def scoped(self):
        return selectors.api_flags(self.request.user)


def entry_viewset(entry_model) -> type[RecordViewSet]:
    label = entry_model._meta.verbose_name.capitalize()

    def scoped(self):
        return selectors.api_entries(self.request.user, self.model)

    return _documented(
        type(
            f"{entry_model.__name__}ViewSet",
            (RecordViewSet,),
            {
                "model": entry_model,
                "serializer_class": serializer_for(entry_model),
                "filterset_class": entry_filter(entry_model),
                "scoped": scoped,
                "__doc__": f"{label} entries ({entry_model.stage.label}).",
            },
        )
    )


ENTRY_VIEWSETS = {entry_entity_name(m): entry_viewset(m) for m in ENTRY_MODELS}
