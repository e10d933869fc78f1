"""The versioned REST API: /api/v1/... Each app contributes its routes in its api.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from safeguarding.access.api import DeclaredApiPermission
from safeguarding.access.declarations import ANY_STAFF
from safeguarding.audits.api import AggregateAuditsView
from safeguarding.inspections.api import AggregateRecommendationsView
from safeguarding.reports.api import AggregateReportView
from safeguarding.standards.api import AggregateIndicatorsView


class SchemaView(SpectacularAPIView):
    required_permission = ANY_STAFF
    permission_classes = [DeclaredApiPermission]


v1_patterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("first-contact/", include("safeguarding.firstcontact.api_urls")),
    path("aggregates/indicators/", AggregateIndicatorsView.as_view(), name="aggregate-indicators"),
    path("aggregates/reports/<slug:slug>/", AggregateReportView.as_view(), name="aggregate-report"),
    path("aggregates/audits/", AggregateAuditsView.as_view(), name="aggregate-audits"),
    path(
        "aggregates/recommendations/",
        AggregateRecommendationsView.as_view(),
        name="aggregate-recommendations",
    ),
    path("", include("safeguarding.exchange.api_urls")),
]

urlpatterns = [path("v1/", include((v1_patterns, "v1"), namespace="v1"))]
