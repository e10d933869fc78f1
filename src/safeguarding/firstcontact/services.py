"""First-contact lookups: every one is written to the access log with its reason before its result
is returned, so a search cannot be seen without its trail."""

import logging

from safeguarding.access.models import AccessAction, User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.services import access_record
from safeguarding.firstcontact.query import BadQuery, parse_lookup
from safeguarding.firstcontact.selectors import MORE_LIMIT, RESULT_LIMIT, LookupResult, lookup

logger = logging.getLogger(__name__)


class MissingReason(BadQuery):
    pass


def lookup_run(*, actor: User, text: str, reason: GivenReason | None, more: bool = False) -> LookupResult:
    """Search the whole force at first contact. Raises BadQuery (nothing is searched and nothing
    personal is logged) when the query or the reason cannot be accepted. The reason is a
    checked `GivenReason` (access.reasons.reason_given): a choice from the list and a reference."""
    if not isinstance(reason, GivenReason):
        raise MissingReason(
            "Give the reason for this lookup: choose it from the list and give the reference."
        )
    query = parse_lookup(text)
    # More results on request (the page's "show more"), never a silent cap.
    result = lookup(actor, query, limit=MORE_LIMIT if more else RESULT_LIMIT)
    # One INSERT, committed on its own (autocommit): a single statement is its own transaction,
    # and the result is returned only once its trail is written. On PostgreSQL the INSERT also
    # seals the event into the access log's hash chain (access/chain.py), so an explicit atomic
    # block would only add BEGIN and COMMIT round trips to every lookup.
    access_record(
        actor=actor,
        action=AccessAction.LOOKUP,
        object_type="first_contact",
        reason=reason.text,
        query=query.text,
        detail={
            **reason.detail(),
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
