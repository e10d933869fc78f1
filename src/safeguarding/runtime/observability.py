"""Request ids, structured logs and the request log.

Every request gets an id (the proxy's X-Request-ID if it is a plain token, else a new one),
returned in the response's X-Request-ID and put on every log line written while it runs, so
an operator can follow one request through the logs. The request log names the route (the
URL pattern's name), never the path or query string: paths hold record ids and query strings
may hold search terms. No log line carries personal data (settings.LOGGING).
"""

import contextvars
import json
import logging
import re
import time
import uuid

from safeguarding.runtime import metrics

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# A proxy's id is kept only if it cannot smuggle anything into a log line.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

request_logger = logging.getLogger("safeguarding.request")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# The standard LogRecord attributes; anything else a caller put in `extra` goes into the JSON.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestLogMiddleware:
    """First in MIDDLEWARE: sets the request id, logs one line per request, counts it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SAFE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            route = match.view_name if match else "unmatched"
            response["X-Request-ID"] = request_id
            metrics.observe_request(request.method, route, response.status_code, seconds)
            request_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
