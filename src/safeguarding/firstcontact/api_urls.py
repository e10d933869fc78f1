"""Included by safeguarding/api_urls.py under /api/v1/first-contact/."""

from django.urls import path

from safeguarding.firstcontact.api import LookupView

urlpatterns = [
    path("lookup/", LookupView.as_view(), name="firstcontact-lookup"),
]
