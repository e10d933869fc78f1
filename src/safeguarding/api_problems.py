"""Every error under /api/ as an RFC 9457 problem (application/problem+json), ADR 0015.

Two ways in: DRF's EXCEPTION_HANDLER formats every APIException a view raises (validation,
refusal, not found, throttling, and the 412/428 of conditional requests), and ApiProblemMiddleware
turns the responses Django itself makes for an /api/ path (no such URL, a non-numeric id, a view
refused by the deny-by-default middleware, a server error) into the same shape instead of an HTML
page. The body never echoes what was sent, so no personal data reaches an error."""

from http import HTTPStatus

from django.http import HttpResponse, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_JSON = "application/problem+json"
API_PREFIX = "/api/"
# A problem type names the kind of error (RFC 9457 section 3.1.1); the list is in ADR 0015.
TYPE_PREFIX = "urn:safeguarding:problem:"

_CODE_BY_STATUS = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    412: "precondition_failed",
    415: "unsupported_media_type",
    428: "precondition_required",
    429: "throttled",
    500: "server_error",
}


def problem_type(code: str) -> str:
    return f"{TYPE_PREFIX}{code.replace('_', '-')}"


def problem(status: int, *, code: str | None = None, detail: str | None = None, instance: str = "") -> dict:
    title = HTTPStatus(status).phrase
    body = {
        "type": problem_type(code or _CODE_BY_STATUS.get(status, "error")),
        "title": title,
        "status": status,
        "detail": detail or title,
    }
    if instance:
        body["instance"] = instance
    return body


def field_errors(detail, pointer: str = "#") -> list[dict]:
    """A validation error's tree as a flat list of {"pointer", "detail"} (a JSON Pointer per
    field, RFC 6901); errors about the request as a whole have no pointer."""
    found: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                found += field_errors(value, pointer)
            else:
                name = str(key).replace("~", "~0").replace("/", "~1")
                found += field_errors(value, f"{pointer}/{name}")
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                found += field_errors(value, f"{pointer}/{index}")
            else:
                found += field_errors(value, pointer)
    else:
        item = {"detail": str(detail)}
        if pointer != "#":
            item["pointer"] = pointer
        item["code"] = getattr(detail, "code", None) or "invalid"
        found.append(item)
    return found


def _summary(errors: list[dict]) -> str:
    """One line naming the fields, for a person reading a log; errors holds the rest."""
    if len(errors) == 1:
        only = errors[0]
        field = only.get("pointer", "").removeprefix("#/")
        return f"{field}: {only['detail']}" if field else only["detail"]
    fields = sorted({e["pointer"].removeprefix("#/") for e in errors if "pointer" in e})
    named = f" (fields: {', '.join(fields)})" if fields else ""
    return f"The request has {len(errors)} problems{named}; see errors."


def _plain_detail(data) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return data["detail"]
    return None


def api_exception_handler(exc, context):
    """DRF's handler (status, WWW-Authenticate, Retry-After), then the body as a problem."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500, which the middleware formats
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    status = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        body = problem(status, code="invalid", detail=_summary(errors), instance=instance)
        body["errors"] = errors
    else:
        code = exc.default_code if isinstance(exc, exceptions.APIException) else None
        if isinstance(exc, exceptions.APIException) and isinstance(exc.detail, str):
            code = getattr(exc.detail, "code", None) or code
        body = problem(status, code=code, detail=_plain_detail(response.data), instance=instance)
    headers = {k: v for k, v in response.items() if k.lower() != "content-type"}
    return Response(body, status=status, headers=headers, content_type=PROBLEM_JSON)


class ApiProblemMiddleware:
    """Under /api/, a response Django made (not the API's own) becomes a problem: an HTML 404
    for an unknown path, the deny-by-default 403, a 500. Placed near the top so it sees the
    responses every inner middleware and the URL resolver produce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(PROBLEM_JSON)
            and not getattr(response, "streaming", False)
        ):
            return self.as_problem(request, response)
        return response

    @staticmethod
    def as_problem(request, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        detail = {
            404: "No such resource. Paths end in a slash; record ids are numbers.",
            403: "You may not do this.",
            500: "The server could not answer; the error is logged.",
        }.get(status)
        problem_response = JsonResponse(
            problem(status, detail=detail, instance=request.get_full_path()),
            status=status,
            content_type=PROBLEM_JSON,
        )
        for header, value in response.items():
            if header.lower() not in ("content-type", "content-length"):
                problem_response[header] = value
        return problem_response


# The schema: every operation documents its error responses as problems, so a generated client
# knows their shape and schemathesis checks them (tests/exchange/test_api_fuzz.py).
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "description": "A URN naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string", "description": "The path that was asked for."},
        "errors": {
            "type": "array",
            "description": "For a refused request (400): one item per problem.",
            "items": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "pointer": {
                        "type": "string",
                        "description": "JSON Pointer to the field, e.g. #/surname.",
                    },
                    "code": {"type": "string"},
                },
                "required": ["detail", "code"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_WRITES = {"post", "put", "patch"}


def _problem_response(description: str) -> dict:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _PROBLEM_REF}}}


def problem_responses_hook(result, generator, request, public):
    """drf-spectacular postprocessing hook: the Problem component and the error responses."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            extra = {
                "401": "No credentials, or credentials not accepted.",
                "403": "Your role, districts or token scopes do not allow this.",
                "404": "No such record (or not one you may see).",
                "405": "Method not allowed.",
                "429": "Too many requests; see Retry-After.",
            }
            if method in _WRITES or operation.get("parameters") or "{" in path:
                extra["400"] = "The request is refused; errors names each field."
            for status, description in extra.items():
                responses.setdefault(status, _problem_response(description))
            for status, response in responses.items():
                # A response the view declared itself (first-contact's 400) is a problem too.
                if status.startswith(("4", "5")) and "content" in response:
                    response["content"] = {PROBLEM_JSON: {"schema": _PROBLEM_REF}}
    return result
