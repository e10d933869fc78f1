"""Filtering, ordering and paging of every API list (ADR 0015).

Filters narrow a queryset that already starts from the viewer's scope (selectors.py), so a
filter can never reach a record the viewer may not see. Districts are named by code, as in the
bulk format. `updated_since` with the cursor pages is the incremental sync: ordered by
(updated_at, id), a record changed while a client pages is seen again on a later page, never
skipped."""

import datetime as dt
from collections import OrderedDict

import django_filters
from django import forms
from rest_framework.pagination import BasePagination, CursorPagination, LimitOffsetPagination

from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.cases.vocabulary import CaseType
from safeguarding.people.models import Flag, Person
from safeguarding.people.validators import IDENTIFIERS

SYNC_ORDER = ("updated_at", "id")


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment taken to UTC here: the database refuses offsets past +-15:59 (real ones
    are within +-14:00), and a moment beyond the calendar's ends is a bad parameter, not a 500."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(
                "Enter a moment between the years 1 and 9999.", code="invalid"
            ) from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class RecordFilter(django_filters.FilterSet):
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this moment (ISO 8601 with offset); pages by cursor.",
    )


class IdentifierFilter(django_filters.CharFilter):
    """Exact on the identifier's normal form, however it is typed ("943 476 5919")."""

    def filter(self, qs, value):
        if value:
            value = IDENTIFIERS[self.field_name][0](value)
        return super().filter(qs, value)


class PersonFilter(RecordFilter):
    surname = django_filters.CharFilter(lookup_expr="iexact")
    forename = django_filters.CharFilter(lookup_expr="iexact")
    district = django_filters.CharFilter(field_name="district__code", label="District code")
    nhs_number = IdentifierFilter(label="NHS number (spaces allowed)")
    pnc_id = IdentifierFilter(label="PNC ID (YY/NNNNNNNL; a four-digit year or short serial allowed)")
    upn = IdentifierFilter(label="Unique pupil number")

    class Meta:
        model = Person
        fields = [
            "surname",
            "forename",
            "date_of_birth",
            "is_child",
            "district",
            "ethnicity",
            "ethnicity_self_defined",
            "nhs_number",
            "pnc_id",
            "upn",
        ]


class CaseFilter(RecordFilter):
    district = django_filters.CharFilter(field_name="district__code", label="District code")
    case_type = django_filters.ChoiceFilter(choices=CaseType.choices)
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label="Still open")

    class Meta:
        model = Case
        fields = ["reference", "case_type", "district", "open"]


class IdFilter(django_filters.NumberFilter):
    """A whole number a database id can be (1 to 2**63 - 1); anything else is a 400 naming it."""

    field_class = forms.IntegerField


def _by_id(field: str) -> django_filters.NumberFilter:
    # A plain number, never checked against the table: a record out of scope and one that does
    # not exist both give an empty list, so a filter cannot tell whether an id exists.
    return IdFilter(field_name=f"{field}_id", label=f"The {field}'s id", min_value=1, max_value=2**63 - 1)


class FlagFilter(RecordFilter):
    person = _by_id("person")

    class Meta:
        model = Flag
        fields = ["person", "kind"]


class ParticipantFilter(RecordFilter):
    case = _by_id("case")
    person = _by_id("person")

    class Meta:
        model = CaseParticipant
        fields = ["case", "person", "role"]


def entry_filter(entry_model) -> type[RecordFilter]:
    meta = type("Meta", (), {"model": entry_model, "fields": ["case", "child"]})
    attrs = {"Meta": meta, "case": _by_id("case"), "child": _by_id("child")}
    return type(f"{entry_model.__name__}Filter", (RecordFilter,), attrs)


class OffsetPages(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


class SyncPages(CursorPagination):
    page_size = 50
    max_page_size = 500
    page_size_query_param = "limit"
    ordering = SYNC_ORDER

    def get_ordering(self, request, queryset, view):
        # The views' default (id) suits browsing; a sync pages in change order unless asked.
        if "ordering" in request.query_params:
            return super().get_ordering(request, queryset, view)
        return self.ordering


class Pages(BasePagination):
    """Limit/offset pages with a count; with `updated_since` or a `cursor`, cursor pages in
    (updated_at, id) order, which stay stable while records change."""

    def _chosen(self, request):
        params = request.query_params
        return SyncPages() if ("cursor" in params or "updated_since" in params) else OffsetPages()

    def paginate_queryset(self, queryset, request, view=None):
        self.chosen = self._chosen(request)
        return self.chosen.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.chosen.get_paginated_response(data)

    def get_schema_operation_parameters(self, view):
        return [
            *OffsetPages().get_schema_operation_parameters(view),
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "The cursor from the previous page's next link (with updated_since).",
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": OrderedDict(
                count={"type": "integer", "description": "Only on limit/offset pages."},
                next={"type": "string", "nullable": True, "format": "uri"},
                previous={"type": "string", "nullable": True, "format": "uri"},
                results=schema,
            ),
        }
