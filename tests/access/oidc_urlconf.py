"""The project's URLs with single sign-on switched on (OIDC_ENABLED decides at import time)."""

from django.urls import include, path

from safeguarding.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("oidc/", include("safeguarding.access.oidc_urls"))]
