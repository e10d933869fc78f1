"""Single sign-on routes, included only when OIDC_ENABLED (access/urls.py)."""

from django.urls import path

from safeguarding.access.oidc import SignOnCallback, SignOnStart

urlpatterns = [
    path("authenticate/", SignOnStart.as_view(), name="oidc_authentication_init"),
    path("callback/", SignOnCallback.as_view(), name="oidc_authentication_callback"),
]
