"""Retention under MoPI: review dates, decisions at review, and disposal with a second person's
approval (ADR 0018). Writes only; each logged in its own transaction."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.access.erasure import events_erase
from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.roles import Permission
from safeguarding.access.services import access_record
from safeguarding.cases.models import CaseParticipant
from safeguarding.people.models import Flag, Person
from safeguarding.retention import mopi
from safeguarding.retention.disposal import Removal, person_remove
from safeguarding.retention.models import (
    Decision,
    Disposal,
    DisposalState,
    RetentionDecision,
    RetentionReview,
)

CHUNK = 2000
LEGAL_GROUND = "MoPI retention review: disposal approved (DPA 2018 s47)"


def _refuse(field: str, message: str) -> None:
    raise ValidationError({field: [message]})


def reviews_compute(person_ids: Collection[int] | None = None, *, now: dt.datetime | None = None) -> int:
    """Work out each person's MoPI group and review date from their cases and flags, and keep it
    (`RetentionReview`). A review date set by a retain decision is kept unless new involvement
    puts the review later. Returns the people computed. Idempotent: run daily by the scheduler."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    people = Person.objects.order_by("pk")
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    done = 0
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).values("pk", "date_of_birth", "created_at")[:CHUNK])
        if not batch:
            return done
        last = batch[-1]["pk"]
        ids = [row["pk"] for row in batch]
        case_types: dict[int, set[str]] = defaultdict(set)
        clear_from: dict[int, dt.date] = {}
        for person_id, case_type, reported, closed in CaseParticipant.objects.filter(
            person_id__in=ids
        ).values_list("person_id", "case__case_type", "case__first_reported_at", "case__closed_at"):
            case_types[person_id].add(case_type)
            involvement = today if closed is None else timezone.localdate(max(closed, reported))
            clear_from[person_id] = max(clear_from.get(person_id, involvement), involvement)
        flags: dict[int, set[str]] = defaultdict(set)
        for person_id, kind in Flag.objects.filter(person_id__in=ids).values_list("person_id", "kind"):
            flags[person_id].add(kind)
        existing = {review.person_id: review for review in RetentionReview.objects.filter(person_id__in=ids)}
        new: list[RetentionReview] = []
        changed: list[RetentionReview] = []
        for row in batch:
            pk = row["pk"]
            assessment = mopi.assess(
                case_types=case_types[pk],
                flag_kinds=flags[pk],
                clear_from=clear_from.get(pk) or timezone.localdate(row["created_at"]),
                date_of_birth=row["date_of_birth"],
            )
            review = existing.get(pk) or RetentionReview(person_id=pk)
            due = assessment.review_due
            if review.decided_review_on is not None:
                due = max(due, review.decided_review_on)
            review.group = assessment.group
            review.grounds = assessment.grounds
            review.clear_from = assessment.clear_from
            review.review_due = due
            review.retain_until = assessment.retain_until
            review.computed_at = now
            (changed if review.pk else new).append(review)
        with transaction.atomic():
            RetentionReview.objects.bulk_create(new, batch_size=CHUNK)
            RetentionReview.objects.bulk_update(
                changed,
                ["group", "grounds", "clear_from", "review_due", "retain_until", "computed_at"],
                batch_size=CHUNK,
            )
        done += len(batch)


def reviews_refresh_due(now: dt.datetime) -> int:
    """The scheduler's reviewer (runtime/jobs.py `retention_reviewers`): recompute every review
    date, then count the reviews now due. Nothing is disposed of without two people."""
    reviews_compute(now=now)
    return RetentionReview.objects.filter(review_due__lte=timezone.localdate(now)).count()


def _check_reviewer(actor: User) -> None:
    if not actor.can(Permission.REVIEW_RETENTION):
        _refuse("review", "Only the safeguarding unit reviews records for retention.")


def _log(actor: User, action: AccessAction, person_id: int, district_id: int | None, detail: dict) -> None:
    # No reason, label or name in the event: it stays after the person is disposed of.
    access_record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person_id,
        district_id=district_id,
        detail={"retention": True, **detail},
    )


def review_retain(
    *, actor: User, person: Person, reason: str, next_review_on: dt.date, now: dt.datetime | None = None
) -> RetentionDecision:
    """Retain after review, with the reason and the next review date (MoPI: every decision kept)."""
    _check_reviewer(actor)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", "Say why the records are retained.")
    if next_review_on is None or next_review_on <= timezone.localdate(now):
        _refuse("next_review_on", "The next review must be a date after today.")
    if Disposal.objects.filter(person_id=person.pk, state=DisposalState.PROPOSED).exists():
        _refuse("review", "A disposal of this person awaits approval: refuse it to retain.")
    with transaction.atomic():
        reviews_compute([person.pk], now=now)
        review = RetentionReview.objects.select_for_update().get(person_id=person.pk)
        review.decided_review_on = next_review_on
        review.review_due = next_review_on
        review.save(update_fields=["decided_review_on", "review_due"])
        decision = RetentionDecision.objects.create(
            review=review,
            decision=Decision.RETAIN,
            reason=reason,
            next_review_on=next_review_on,
            decided_by=actor,
            decided_at=now,
        )
        _log(
            actor,
            AccessAction.UPDATE,
            person.pk,
            person.district_id,
            {"step": "retained", "group": review.group, "next_review_on": next_review_on.isoformat()},
        )
    return decision


def disposal_propose(*, actor: User, person: Person, reason: str, now: dt.datetime | None = None) -> Disposal:
    """Propose disposing of a person's records. Nothing is removed until someone else approves."""
    _check_reviewer(actor)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", "Say why the records are no longer needed.")
    if Disposal.objects.filter(person_id=person.pk, state=DisposalState.PROPOSED).exists():
        _refuse("review", "A disposal of this person already awaits approval.")
    with transaction.atomic():
        reviews_compute([person.pk], now=now)
        review = RetentionReview.objects.get(person_id=person.pk)
        disposal = Disposal.objects.create(
            person_id=person.pk,
            district_id=person.district_id,
            group=review.group,
            review_due=review.review_due,
            reason=reason,
            proposed_by=actor,
            proposed_at=now,
        )
        RetentionDecision.objects.create(
            review=review, decision=Decision.PROPOSE_DISPOSAL, reason=reason, decided_by=actor, decided_at=now
        )
        _log(
            actor,
            AccessAction.UPDATE,
            person.pk,
            person.district_id,
            {"step": "disposal proposed", "disposal": disposal.reference},
        )
    return disposal


def _check_decider(actor: User, disposal: Disposal) -> None:
    _check_reviewer(actor)
    if disposal.state != DisposalState.PROPOSED:
        _refuse("disposal", f"This disposal is {disposal.get_state_display().lower()}.")


def disposal_refuse(*, actor: User, disposal: Disposal, now: dt.datetime | None = None) -> Disposal:
    """Refuse a proposal: the records stay and come up at their review date."""
    _check_decider(actor, disposal)
    with transaction.atomic():
        disposal.state = DisposalState.REFUSED
        disposal.decided_by = actor
        disposal.decided_at = now or timezone.now()
        disposal.save(update_fields=["state", "decided_by", "decided_at"])
        _log(
            actor,
            AccessAction.UPDATE,
            disposal.person_id,
            disposal.district_id,
            {"step": "disposal refused", "disposal": disposal.reference},
        )
    return disposal


def _events_about(removal: Removal) -> list[int]:
    """Access events naming a removed record (by type and id)."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for object_type, object_id in removal.objects:
        by_type[object_type].append(object_id)
    found: list[int] = []
    for object_type, ids in by_type.items():
        for start in range(0, len(ids), CHUNK):
            found += AccessEvent.objects.filter(
                object_type=object_type, object_id__in=ids[start : start + CHUNK]
            ).values_list("pk", flat=True)
    return found


def _events_naming(person: Person) -> list[int]:
    """Events whose search terms or labels hold one of the person's whole names (forename and
    surname, their own or an alias's). A surname alone is not erased: it names a family, and
    erasing every search for it would erase others' trail (ADR 0018)."""
    names = [(person.forename, person.surname)]
    names += [(alias.forename, alias.surname) for alias in person.aliases.all()]
    found: list[int] = []
    for forename, surname in names:
        if len(forename) < 2 or len(surname) < 2:
            continue
        for column in ("query", "object_label"):
            found += (
                AccessEvent.objects.filter(**{f"{column}__icontains": forename})
                .filter(**{f"{column}__icontains": surname})
                .values_list("pk", flat=True)
            )
    return found


def disposal_approve(*, actor: User, disposal: Disposal, now: dt.datetime | None = None) -> Disposal:
    """The second person's approval: the person's records are removed everywhere, all or nothing,
    the tombstone kept, and the access log's events about them erased (ADR 0004) or, where this
    connection may not, left for `retention-review --erase-log`."""
    _check_decider(actor, disposal)
    if actor.pk == disposal.proposed_by_id:
        _refuse("disposal", "Someone other than the person who proposed it must approve the disposal.")
    now = now or timezone.now()
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=disposal.person_id).first()
        if person is None:
            raise ValidationError({"disposal": ["The person's record is no longer held."]})
        naming = _events_naming(person)
        removal = person_remove(person)
        log_events = sorted(set(_events_about(removal)) | set(naming))
        disposal.state = DisposalState.DISPOSED
        disposal.reason = ""
        disposal.decided_by = actor
        disposal.decided_at = now
        disposal.removed = dict(sorted(removal.removed.items()))
        if removal.unlinked:
            disposal.removed["unlinked"] = dict(sorted(removal.unlinked.items()))
        disposal.log_events_pending = log_events
        disposal.save()
        # The logged tombstone: who, when, the reference and group; no personal data.
        access_record(
            actor=actor,
            action=AccessAction.ERASE,
            object_type="person",
            object_id=disposal.person_id,
            district_id=disposal.district_id,
            reason=LEGAL_GROUND,
            detail={
                "disposal": disposal.reference,
                "group": disposal.group,
                "proposed_by": disposal.proposed_by.get_username(),
                "approved_by": actor.get_username(),
                "removed": sum(removal.removed.values()),
                "log_events": len(log_events),
            },
        )
        disposal_erase_log(actor=actor, disposal=disposal)
    return disposal


def disposal_erase_log(*, actor: User, disposal: Disposal) -> bool:
    """Erase the personal fields of the access events about a disposed person (ADR 0004). False,
    with nothing changed, when this connection may not lift the log's guard (the application's
    own role): the owner runs `safeguarding retention-review --erase-log`."""
    if not disposal.log_events_pending:
        return True
    result = events_erase(
        actor=actor,
        event_ids=disposal.log_events_pending,
        ground=f"{LEGAL_GROUND}: {disposal.reference}",
        authorised_by=disposal.decided_by.get_username() if disposal.decided_by else actor.get_username(),
        reference=disposal.reference,
    )
    if not result.done:
        return False
    disposal.log_events_erased += result.erased
    disposal.log_events_pending = []
    disposal.log_erased_at = timezone.now()
    disposal.save(update_fields=["log_events_erased", "log_events_pending", "log_erased_at"])
    return True


def disposals_erase_pending_logs(*, actor: User) -> tuple[int, int]:
    """Every disposal whose log erasure waits (the owner's command). Returns (done, still waiting)."""
    done = waiting = 0
    for disposal in Disposal.objects.filter(state=DisposalState.DISPOSED, log_erased_at__isnull=True):
        if not disposal.log_events_pending:
            continue
        with transaction.atomic():
            if disposal_erase_log(actor=actor, disposal=disposal):
                done += 1
            else:
                waiting += 1
    return done, waiting
