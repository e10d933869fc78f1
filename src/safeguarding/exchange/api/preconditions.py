"""No lost updates through the API (ADR 0012): a single record is read with its `ETag` (its
version), and a write must send it back in `If-Match`. Missing: 428; another version: 412 with
what the other writer changed. Raised as DRF exceptions so the API's error handler formats them."""

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException

from safeguarding.records.history import StaleRecord


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send the record's ETag in If-Match (read the record first): a write without it could "
        "overwrite someone else's change."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it: read it again and re-apply your change."
    default_code = "precondition_failed"


def etag(record: models.Model) -> str:
    return f'"{record.version}"'  # type: ignore[attr-defined]


def version_from_if_match(header: str | None) -> int:
    """The version the caller last read, from If-Match; 428 without one, 412 if it names none."""
    if not header or not header.strip():
        raise PreconditionRequired()
    tags = [tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")]
    versions = [int(tag) for tag in tags if tag.isdigit() and len(tag) <= 9]
    if len(versions) != 1:
        raise PreconditionFailed("If-Match must name exactly one version, as the record's ETag gives it.")
    return versions[0]


def stale_as_412(stale: StaleRecord) -> PreconditionFailed:
    return PreconditionFailed(stale.message)


IF_MATCH = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the record as last read (e.g. "3"): a write against another version is refused.',
)
WRITE_PRECONDITION_RESPONSES = {
    412: OpenApiResponse(description="The record changed since it was read: read it again."),
    428: OpenApiResponse(description="If-Match is missing."),
}
