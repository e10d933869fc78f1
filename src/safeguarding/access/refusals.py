"""Which record a refused or not-found request asked for, read from its resolved URL alone.

The access log keeps a refusal's record type and id (ASVS 16.3.2) without asking the database:
a 404 for a missing record and one for a record out of scope must cost and read the same.
"""

from django.apps import apps
from django.urls import ResolverMatch

from safeguarding.access.labels import record_type

# Path arguments that name a record, most specific first: an entry's edit URL names the case
# too, and the entry is what was asked for.
_NAMED_ARGUMENTS = (
    ("attachment_id", "attachment"),
    ("entry_id", None),  # its type is the URL's `kind`
    ("case_pk", "audit_case"),  # audits: /audits/<pk>/cases/<case_pk>/
    ("case_id", "case"),
    ("person_id", "person"),
    ("child_id", "person"),
    ("user_id", "user"),  # the administrator's user pages
    ("session_id", "signed_in_session"),  # ending one of one's sessions
    ("merge_id", "person_merge"),
    ("disposal_id", "disposal"),  # retention: a proposed disposal or its tombstone
    ("result_id", "standard_result"),  # a worklist item acknowledged
    ("notification_id", "notification"),  # marking another's notification read
)

# `<int:pk>` means a different record in each app: named here per URL.
_PK_TYPES = {
    "audits:programme": "audit_programme",
    "audits:programme_schedule": "audit_programme",
    "inspections:report": "inspection_report",
    "inspections:panel_paper": "inspection_report",
    "inspections:panel_paper_pdf": "inspection_report",
    "inspections:action_done": "recommendation_action",
    "inspections:evidence_download": "recommendation_evidence",
    "api_token_revoke": "api_token",
    "exchange:job": "background_job",
    "export_job": "background_job",  # a queued export (runtime/exports.py)
    "export_job_file": "background_job",
}
_PK_TYPES_BY_NAMESPACE = {"audits": "audit", "inspections": "recommendation"}


def _entry_type(kind: str) -> str:
    try:
        # The URL's kind is the model's lower-cased name (cases.timeline.entry_kind).
        return record_type(apps.get_model("cases", kind))
    except LookupError:
        return "case_entry"


def requested_record(match: ResolverMatch | None) -> tuple[str, str]:
    """(record type, id) the path names, or ("", "") for a URL that names no record."""
    if match is None:
        return "", ""
    kwargs = match.kwargs
    model = getattr(getattr(match.func, "cls", None), "model", None)
    if model is not None and "pk" in kwargs:  # an API detail route
        return record_type(model), str(kwargs["pk"])
    for argument, label in _NAMED_ARGUMENTS:
        if argument in kwargs:
            return label or _entry_type(str(kwargs.get("kind", ""))), str(kwargs[argument])
    if "pk" in kwargs:
        label = _PK_TYPES.get(match.view_name) or _PK_TYPES_BY_NAMESPACE.get(match.namespace, "")
        return label, str(kwargs["pk"])
    if "slug" in kwargs:
        return match.view_name, str(kwargs["slug"])
    return "", ""
