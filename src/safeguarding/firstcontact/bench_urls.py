"""The project's URLs plus the first-contact API, for the bench until api_urls.py includes it."""

from django.urls import include, path

from safeguarding.urls import urlpatterns as project_patterns

urlpatterns = [
    path("api/v1/first-contact/", include("safeguarding.firstcontact.api_urls")),
    *project_patterns,
]
