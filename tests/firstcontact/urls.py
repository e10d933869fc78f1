"""Test-only URLconf: the project's URLs plus the first-contact API under /api/v1/, for as long
as safeguarding/api_urls.py does not include it yet."""

from django.urls import include, path

from safeguarding.urls import urlpatterns as project_patterns

urlpatterns = [
    path("api/v1/first-contact/", include("safeguarding.firstcontact.api_urls")),
    *project_patterns,
]
