"""GET /api/v1/aggregates/recommendations/: the recommendation tracker for the PCC analyst's and
the inspectorate's tools: each recommendation of each report, its published text, due date,
status and how many of its actions are done. No owner, no notes, no status comments (they may
name people): what the panel paper gives."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguarding.access.models import AccessAction, TokenScope
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.inspections.selectors import recommendations_for
from safeguarding.inspections.vocabulary import STILL_OPEN, tracker_status


class TrackedRecommendationSerializer(serializers.Serializer):
    report = serializers.CharField(help_text="The report's title (or its force when untitled).")
    report_published = serializers.CharField(allow_null=True, help_text="YYYY-MM-DD")
    number = serializers.IntegerField()
    text = serializers.CharField()
    timescale = serializers.CharField(allow_blank=True)
    due_date = serializers.CharField(allow_null=True, help_text="YYYY-MM-DD; null if unknown.")
    status = serializers.CharField()
    tracker_status = serializers.CharField(help_text="The inspectorate's tracker wording.")
    overdue = serializers.BooleanField()
    actions_total = serializers.IntegerField()
    actions_done = serializers.IntegerField()


class RecommendationTrackerSerializer(serializers.Serializer):
    recommendations = TrackedRecommendationSerializer(many=True)


class AggregateRecommendationsView(APIView):
    required_permission = Permission.VIEW_RECOMMENDATIONS
    token_scope = TokenScope.READ

    @extend_schema(
        operation_id="aggregate_recommendations",
        summary="The recommendation tracker (aggregates and published texts only)",
        responses={200: RecommendationTrackerSerializer},
    )
    def get(self, request):
        today = timezone.localdate()
        rows = []
        for recommendation in recommendations_for(request.user):
            report = recommendation.report
            rows.append(
                {
                    "report": report.title or report.force,
                    "report_published": report.published.isoformat() if report.published else None,
                    "number": recommendation.number,
                    "text": recommendation.text,
                    "timescale": recommendation.timescale,
                    "due_date": recommendation.due_date.isoformat() if recommendation.due_date else None,
                    "status": recommendation.get_status_display(),
                    "tracker_status": tracker_status(recommendation.status).label,
                    "overdue": bool(
                        recommendation.status in STILL_OPEN
                        and recommendation.due_date
                        and recommendation.due_date < today
                    ),
                    "actions_total": recommendation.actions_total,
                    "actions_done": recommendation.actions_done,
                }
            )
        access_record(
            actor=request.user,
            action=AccessAction.EXPORT,
            object_type="recommendations",
            detail={"format": "api"},
        )
        return Response(RecommendationTrackerSerializer({"recommendations": rows}).data)
