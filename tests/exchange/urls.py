"""The project's URLs with the exchange API included under /api/v1/, until the lead includes
safeguarding.exchange.api_urls in safeguarding/api_urls.py (then this adds nothing)."""

from django.urls import include, path

from safeguarding import urls as project
from safeguarding.api_urls import v1_patterns

_included = any(
    getattr(getattr(p, "urlconf_name", None), "__name__", None) == "safeguarding.exchange.api_urls"
    for p in v1_patterns
)
_v1 = list(v1_patterns) if _included else [*v1_patterns, path("", include("safeguarding.exchange.api_urls"))]

urlpatterns = [p for p in project.urlpatterns if str(p.pattern) != "api/"] + [
    path("api/v1/", include((_v1, "v1"), namespace="v1"))
]
