"""The exchange's API routes, included by the project under /api/v1/ (names: v1:people-list ...)."""

from rest_framework.routers import SimpleRouter

from safeguarding.exchange.api.participants import ParticipantViewSet
from safeguarding.exchange.api.views import ENTRY_VIEWSETS, CaseViewSet, FlagViewSet, PersonViewSet

router = SimpleRouter()
router.register("people", PersonViewSet, basename="people")
router.register("cases", CaseViewSet, basename="cases")
router.register("flags", FlagViewSet, basename="flags")
router.register("participants", ParticipantViewSet, basename="participants")
for name, viewset in ENTRY_VIEWSETS.items():
    # Paths in kebab-case (ADR 0015); the URL names keep the bulk format's entity names.
    router.register(f"entries/{name.replace('_', '-')}", viewset, basename=name)

urlpatterns = router.urls
