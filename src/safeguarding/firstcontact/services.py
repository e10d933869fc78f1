"""First-contact lookups: every one is written to the access log with its reason before its result
is returned, so a search cannot be seen without its trail."""

import logging

from safeguarding.access.models import AccessAction, User
from safeguarding.access.services import access_record
from safeguarding.firstcontact.query import BadQuery, parse_lookup
from safeguarding.firstcontact.selectors import MORE_LIMIT, RESULT_LIMIT, LookupResult, lookup

logger = logging.getLogger(__name__)

# Offered on the form; free text is always allowed (e.g. the incident number).
COMMON_REASONS = (
    "Call: concern for a child",
    "Call: domestic abuse",
    "Call: missing child",
    "Attending an incident",
    "Child found or detained",
)
REASON_MIN_LENGTH = 5


class MissingReason(BadQuery):
    pass


def lookup_run(*, actor: User, text: str, reason: str, more: bool = False) -> LookupResult:
    """Search the whole force at first contact. Raises BadQuery (nothing is searched and nothing
    personal is logged) when the query or the reason cannot be accepted."""
    query = parse_lookup(text)
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise MissingReason(
            "Give the reason for this lookup, for example “call: incident 123, concern for child”."
        )
    # More results on request (the page's "show more"), never a silent cap.
    result = lookup(actor, query, limit=MORE_LIMIT if more else RESULT_LIMIT)
    # One INSERT, committed on its own (autocommit): a single statement is its own transaction,
    # and the result is returned only once its trail is written. An explicit atomic block would
    # add BEGIN and COMMIT round trips to every lookup for no gain.
    access_record(
        actor=actor,
        action=AccessAction.LOOKUP,
        object_type="first_contact",
        reason=reason,
        query=query.text,
        detail={
            "by": query.kinds,
            "people": [person.person_id for person in result.people],
            "addresses": [address.address_id for address in result.addresses],
            "outside_scope": result.outside_scope,
        },
    )
    # Counts only: the terms and the names stay in the access log.
    logger.info(
        "first-contact lookup by user %s: %d people, %d addresses",
        actor.pk,
        len(result.people),
        len(result.addresses),
    )
    return result
