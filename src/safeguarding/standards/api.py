"""GET /api/v1/aggregates/indicators/: the practice-standard indicators as published to
aggregate-only readers (the PCC analyst, the inspectorate's analysts): the latest calendar
quarter that has ended, force-wide, under the small-count rule of reports.disclosure. The same
figures as the indicators CSV gives an aggregate-only reader; never a name or a case reference."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguarding.access.models import AccessAction, TokenScope
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.reports.disclosure import RULE
from safeguarding.standards.selectors import Compliance, IndicatorFilters, indicators


class FigureSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["force", "district", "month"])
    district = serializers.CharField(help_text="District name on district rows, else empty.")
    month = serializers.CharField(help_text="YYYY-MM on month rows, else empty.")
    met = serializers.IntegerField(allow_null=True, help_text="null when hidden (see met_shown).")
    met_shown = serializers.CharField()
    not_met = serializers.IntegerField(allow_null=True)
    not_met_shown = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    total_shown = serializers.CharField()
    rate_percent = serializers.FloatField(allow_null=True)
    ci95_low_percent = serializers.FloatField(allow_null=True, help_text="Wilson score interval.")
    ci95_high_percent = serializers.FloatField(allow_null=True)


class StandardSerializer(serializers.Serializer):
    standard_id = serializers.CharField()
    description = serializers.CharField()
    figures = FigureSerializer(many=True)


class IndicatorsSerializer(serializers.Serializer):
    period_from = serializers.CharField()
    period_to = serializers.CharField()
    suppression_rule = serializers.CharField()
    standards = StandardSerializer(many=True)


class AggregateIndicatorsView(APIView):
    required_permission = Permission.VIEW_INDICATORS
    token_scope = TokenScope.READ

    @extend_schema(
        operation_id="aggregate_indicators",
        summary="Practice-standard indicators, as published (aggregates only)",
        description="The latest calendar quarter that has ended, force-wide. Counts from 1 to 4 "
        "and the figures that would reveal them are hidden (null, with the marker in *_shown).",
        responses={200: IndicatorsSerializer},
    )
    def get(self, request):
        from safeguarding.standards.views import Cell, _month, _protected_lines, _published_indicator_filters

        filters = _published_indicator_filters(IndicatorFilters())
        report = indicators(filters)
        access_record(
            actor=request.user,
            action=AccessAction.EXPORT,
            object_type="indicators",
            detail={"format": "api", "period": [_month(filters.period_from), _month(filters.period_to)]},
        )
        standards = []
        for indicator in report.standards:
            figures = []
            for level, district, month, (met, not_met, total) in _protected_lines(report, indicator, True):
                visible = not (met.hidden or not_met.hidden or total.hidden)
                cell = Cell.of(Compliance(met.value, not_met.value)) if visible else None
                figures.append(
                    {
                        "level": level,
                        "district": district,
                        "month": month,
                        "met": met.value,
                        "met_shown": met.text,
                        "not_met": not_met.value,
                        "not_met_shown": not_met.text,
                        "total": total.value,
                        "total_shown": total.text,
                        "rate_percent": cell.rate if cell else None,
                        "ci95_low_percent": cell.low if cell else None,
                        "ci95_high_percent": cell.high if cell else None,
                    }
                )
            standards.append(
                {
                    "standard_id": indicator.standard_id,
                    "description": indicator.description,
                    "figures": figures,
                }
            )
        body = {
            "period_from": _month(filters.period_from),
            "period_to": _month(filters.period_to),
            "suppression_rule": RULE,
            "standards": standards,
        }
        return Response(IndicatorsSerializer(body).data)
