from django.urls import include, path

urlpatterns = [
    path("", include("safeguarding.runtime.urls")),
    path("", include("safeguarding.home.urls")),
    path("", include("safeguarding.access.urls")),
    path("people/", include("safeguarding.people.urls")),
    path("cases/", include("safeguarding.cases.urls")),
    path("first-contact/", include("safeguarding.firstcontact.urls")),
    path("standards/", include("safeguarding.standards.urls")),
    path("audits/", include("safeguarding.audits.urls")),
    path("inspections/", include("safeguarding.inspections.urls")),
    path("exchange/", include("safeguarding.exchange.urls")),
    path("reports/", include("safeguarding.reports.urls")),
    path("retention/", include("safeguarding.retention.urls")),
    path("notifications/", include("safeguarding.notifications.urls")),
    path("api/", include("safeguarding.api_urls")),
]
