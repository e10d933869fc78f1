"""GET /api/v1/aggregates/audits/: for each audit drawn, what its sample says about all the cases
of its population (the force-wide estimate in plain words, as on the panel paper). Aggregates
only; the number of graded cases under the small-count rule."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguarding.access.models import AccessAction, TokenScope
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.audits.estimate import METHOD


class AuditResultSerializer(serializers.Serializer):
    audit = serializers.CharField()
    cases_first_reported = serializers.CharField()
    sampled_cases_graded = serializers.CharField(help_text="A count, or “<5”.")
    estimate = serializers.CharField(help_text="The share graded inadequate, force-wide, in words.")


class AuditResultsSerializer(serializers.Serializer):
    method = serializers.CharField()
    audits = AuditResultSerializer(many=True)


class AggregateAuditsView(APIView):
    required_permission = Permission.VIEW_REPORTS
    token_scope = TokenScope.READ

    @extend_schema(
        operation_id="aggregate_audits",
        summary="Audit results: the force-wide estimate from each drawn sample",
        responses={200: AuditResultsSerializer},
    )
    def get(self, request):
        from safeguarding.audits.selectors import audit_results_since

        rows = [
            {
                "audit": row["Audit"],
                "cases_first_reported": row["Cases first reported"],
                "sampled_cases_graded": row["Sampled cases graded by the force"],
                "estimate": row["What the sample says about all the cases"],
            }
            for row in audit_results_since(None)
        ]
        access_record(
            actor=request.user, action=AccessAction.EXPORT, object_type="audits", detail={"format": "api"}
        )
        return Response(AuditResultsSerializer({"method": METHOD, "audits": rows}).data)
