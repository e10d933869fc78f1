"""The project's API plus two views that fail on purpose, to see every error leave as a problem."""

from django.urls import path
from rest_framework import exceptions
from rest_framework.views import APIView

from safeguarding.access.declarations import ANY_STAFF, PUBLIC
from tests.exchange.urls import urlpatterns as exchange_patterns


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The record has changed since you read it."
    default_code = "precondition_failed"


class Failing(APIView):
    required_permission = PUBLIC
    permission_classes: list = []
    authentication_classes: list = []

    def get(self, request):
        raise RuntimeError("a bug")

    def put(self, request):
        raise PreconditionFailed()


class Undeclared(APIView):
    """Declares nothing on the class the middleware reads: refused by deny-by-default."""


class StaffOnly(APIView):
    required_permission = ANY_STAFF


urlpatterns = [
    *exchange_patterns,
    path("api/v1/test-failing/", Failing.as_view()),
    path("api/v1/test-undeclared/", Undeclared.as_view()),
]
