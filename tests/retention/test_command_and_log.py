"""`safeguarding retention-review` (conventions of commandline.py), its scheduler hook, and the
access log's erasure rules (ADR 0004 items 2, 3, 5) as verification sees them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safeguarding.access import guards
from safeguarding.access.erasure import events_erase
from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.access.services import access_record
from safeguarding.access.verify import verify
from safeguarding.cases.vocabulary import CaseType
from safeguarding.retention.models import RetentionReview
from safeguarding.retention.services import reviews_refresh_due
from safeguarding.runtime import jobs
from tests.factories import at, make_case, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("access_log_guarded")]


@pytest.fixture
def due_child(districts):
    child = make_person(districts["north"], forename="Tamsin", surname="Orrell", date_of_birth="2003-02-01")
    make_case(
        districts["north"],
        case_type=CaseType.MISSING,
        reported="2012-01-01",
        children=[child],
        closed_at=at("2012-02-01"),
    )
    recent = make_person(districts["north"], forename="Ada", surname="Brook", date_of_birth="2012-02-01")
    make_case(districts["north"], case_type=CaseType.CP_ENQUIRY, reported="2025-01-01", children=[recent])
    return child


def test_the_command_computes_and_counts_the_reviews_due(cast, due_child):
    out = StringIO()
    call_command("retention_review", "--as", "safeguarding_unit", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["people"] == 2 and summary["due"] == 1 and summary["due_by_group"] == {"3": 1}
    review = RetentionReview.objects.get(person=due_child)
    assert (review.group, review.grounds, str(review.review_due)) == (3, "case:missing", "2018-02-01")


def test_the_command_needs_a_reviewer_and_a_dry_run_keeps_nothing(cast, due_child):
    with pytest.raises(CommandError) as refused:
        call_command("retention_review", stdout=StringIO())
    assert refused.value.returncode == 2
    with pytest.raises(CommandError) as refused:
        call_command("retention_review", "--as", "officer_north", stdout=StringIO())
    assert refused.value.returncode == 1
    call_command("retention_review", "--as", "safeguarding_unit", "--dry-run", stdout=StringIO())
    assert not RetentionReview.objects.exists()


def test_the_scheduler_runs_the_review(cast, due_child):
    assert reviews_refresh_due in jobs.retention_reviewers
    assert jobs.review_retention() >= 1
    assert RetentionReview.objects.filter(person=due_child).exists()


def _event(cast, label: str) -> AccessEvent:
    return access_record(
        actor=cast["officer_north"],
        action=AccessAction.SEARCH,
        object_type="person",
        object_label=label,
        query=label,
        detail={"q": label},
    )


def test_an_erased_event_verifies_through_its_redaction(cast):
    event = _event(cast, "Tamsin Orrell")
    _event(cast, "someone else")
    event.refresh_from_db()
    result = events_erase(
        actor=cast["safeguarding_unit"],
        event_ids=[event.pk],
        ground="test",
        authorised_by="unit",
        reference="T",
    )
    assert result.erased == 1 and result.done
    erased = AccessEvent.objects.get(pk=event.pk)
    assert (erased.object_label, erased.query, erased.detail, erased.salt) == ("", "", {}, "")
    assert event.seq is not None
    assert (erased.digest, erased.seq, erased.chain) == (event.digest, event.seq, event.chain)
    redaction = AccessEvent.objects.get(action=AccessAction.ERASE, object_id=str(event.pk))
    assert "Tamsin" not in json.dumps(redaction.detail) and redaction.seq > erased.seq
    assert verify().ok
    # The guard is back: the application's writes still cannot change the log.
    assert not guards.problems()
    # Erasing twice changes nothing.
    assert (
        events_erase(
            actor=cast["safeguarding_unit"],
            event_ids=[event.pk],
            ground="t",
            authorised_by="u",
            reference="T",
        ).erased
        == 0
    )


def test_a_blanked_event_without_its_redaction_is_a_broken_link(cast):
    event = _event(cast, "Tamsin Orrell")
    guards.lift(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_accessevent SET object_label = '', query = '', salt = '' WHERE id = %s", [event.pk]
        )
    guards.install(connection)
    result = verify()
    assert not result.ok
    assert "no chained redaction names it" in result.first_broken


def test_a_redaction_with_made_up_commitments_does_not_verify(cast):
    event = _event(cast, "Tamsin Orrell")
    AccessEvent.objects.create(
        actor_username="x",
        actor_role="admin",
        action=AccessAction.ERASE,
        object_type="access_event",
        object_id=str(event.pk),
        detail={
            "commitments": {
                name: "0" * 64 for name in ("object_label", "reason", "query", "detail", "recipient")
            }
        },
    )
    from safeguarding.access import chain

    chain.seal_all()
    guards.lift(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE access_accessevent SET object_label = '', salt = '' WHERE id = %s", [event.pk])
    guards.install(connection)
    assert "content does not match its digest" in verify().first_broken
