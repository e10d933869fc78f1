"""GET /api/v1/aggregates/reports/{slug}: a management report as published to aggregate-only
readers (the PCC analyst's and the inspectorate's tools): the latest calendar quarter that has
ended, force-wide, under the small-count rule (reports.publish), for every reader, so the API
gives what the PCC analyst's page, CSV and PDF give and nothing more."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguarding.access.models import AccessAction, TokenScope
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.reports.disclosure import RULE
from safeguarding.reports.filters import default_filters, published_filters
from safeguarding.reports.selectors import REPORTS


class CellSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="As shown: a figure, “<5”, “[c]” (hidden) or “–” (none).")
    value = serializers.FloatField(allow_null=True, help_text="null when hidden or when there is none.")


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.BooleanField(help_text="A total row.")
    cells = CellSerializer(many=True)


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(
        child=serializers.CharField(), help_text="The first names the row labels."
    )
    note = serializers.CharField(allow_blank=True)
    rows = RowSerializer(many=True)


class PublishedReportSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    period_from = serializers.CharField(help_text="YYYY-MM, the first month of the quarter.")
    period_to = serializers.CharField(help_text="YYYY-MM, the last month of the quarter.")
    suppression_rule = serializers.CharField()
    method = serializers.ListField(child=serializers.CharField())
    tables = TableSerializer(many=True)


class AggregateReportView(APIView):
    required_permission = Permission.VIEW_REPORTS
    token_scope = TokenScope.READ

    @extend_schema(
        operation_id="aggregate_report",
        summary="A management report, as published (aggregates only)",
        description="The latest calendar quarter that has ended, force-wide, with small counts and "
        "the figures that would reveal them hidden (value null, text “<5” or “[c]”).",
        parameters=[
            OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(REPORTS)),
        ],
        responses={200: PublishedReportSerializer},
    )
    def get(self, request, slug: str):
        from safeguarding.reports.views import build_report

        if slug not in REPORTS:
            raise Http404("No such report.")
        filters, _ = published_filters(default_filters(), timezone.localdate())
        report = build_report(slug, filters, published=True)
        access_record(
            actor=request.user,
            action=AccessAction.EXPORT,
            object_type="report",
            object_id=slug,
            detail={"format": "api", "filters": filters.as_query()},
        )
        body = {
            "slug": slug,
            "title": report.title,
            "period_from": f"{filters.period_from:%Y-%m}",
            "period_to": f"{filters.period_to:%Y-%m}",
            "suppression_rule": RULE,
            "method": report.method,
            "tables": [
                {
                    "key": table.key,
                    "title": table.title,
                    "columns": table.columns,
                    "note": table.note,
                    "rows": [
                        {
                            "label": row.label,
                            "total": row.heading,
                            "cells": [{"text": cell.text, "value": cell.value} for cell in row.cells],
                        }
                        for row in table.rows
                    ],
                }
                for table in report.tables
            ],
        }
        return Response(PublishedReportSerializer(body).data)
