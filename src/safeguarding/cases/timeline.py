"""One timeline of every record about a child (or on a case), newest first.

One query per entry model (ENTRY_MODELS), each with its foreign keys joined, so the page
costs the same whether the child has five records or five hundred."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from safeguarding.access.models import User
from safeguarding.access.roles import Permission
from safeguarding.cases.models import ENTRY_MODELS, Case, CaseEntry
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.cases.services import closed_problems
from safeguarding.people.models import Person

# TIMELY_RECORD: records entered within 24h of the event.
TIMELY_RECORD_HOURS = 24


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # model name lower-cased: the <kind> of the entry URLs
    entry_id: int
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: str
    stage: str
    title: str
    detail: str
    case_id: int
    case_reference: str
    case_linkable: bool
    editable: bool
    child_name: str
    text: str = ""  # the words on the record (CaseEntry.timeline_text)
    version: int = 1  # above 1: changed since first recorded, and its history page says how

    @property
    def edited(self) -> bool:
        return self.version > 1

    @property
    def late_by(self) -> dt.timedelta | None:
        gap = self.recorded_at - self.occurred_at
        return gap if gap > dt.timedelta(hours=TIMELY_RECORD_HOURS) else None

    @property
    def late_label(self) -> str:
        gap = self.late_by
        if gap is None:
            return ""
        hours = int(gap.total_seconds() // 3600)
        if hours < 48:
            return f"recorded {hours} hours late"
        return f"recorded {gap.days} days late"


def entry_kind(model: type[CaseEntry]) -> str:
    return model.__name__.lower()


ENTRY_KINDS: dict[str, type[CaseEntry]] = {entry_kind(model): model for model in ENTRY_MODELS}


def _recorder(user) -> str:
    if user is None:
        return ""  # loaded from another system: no user of ours recorded it
    return user.get_full_name() or user.get_username()


def _items(viewer: User, entries: QuerySet, *, show_child: bool) -> list[TimelineItem]:
    can_edit = viewer.can(Permission.EDIT_RECORDS)
    items = []
    for entry in entries:
        # The same rule as cases_visible_to, applied to the row already fetched.
        linkable = viewer.can(Permission.VIEW_CHILD_RECORD) and viewer.covers_district(entry.case.district_id)
        items.append(
            TimelineItem(
                kind=entry_kind(type(entry)),
                entry_id=entry.pk,
                occurred_at=entry.occurred_at,
                recorded_at=entry.recorded_at,
                recorded_by=_recorder(entry.recorded_by),
                stage=entry.stage.label,
                title=entry.timeline_title(),
                detail=entry.timeline_detail(),
                case_id=entry.case_id,
                case_reference=entry.case.reference,
                case_linkable=linkable,
                # A closed case is read-only but for what the standards allow after closure.
                editable=can_edit and linkable and not closed_problems(entry.case, type(entry)),
                child_name=entry.child.full_name if show_child and entry.child_id else "",
                text=entry.timeline_text(),
                version=entry.version,
            )
        )
    return items


def _newest_first(items: list[TimelineItem]) -> list[TimelineItem]:
    return sorted(items, key=lambda item: (item.occurred_at, item.recorded_at, item.entry_id), reverse=True)


def child_timeline(
    viewer: User, child: Person, *, include_other_districts: bool = False
) -> list[TimelineItem]:
    """Entries about this child, and entries about no one child on this child's cases.

    Limited to the viewer's cases unless the record was opened through a reasoned
    whole-force search (`include_other_districts`)."""
    cases = Case.objects.all() if include_other_districts else cases_visible_to(viewer)
    child_case_ids = set(cases.filter(participants__person=child).values_list("pk", flat=True))
    items: list[TimelineItem] = []
    for model in ENTRY_MODELS:
        entries = model.objects.filter(
            Q(child=child, case__in=cases) | Q(child__isnull=True, case_id__in=child_case_ids)
        ).select_related("case", "recorded_by")
        items.extend(_items(viewer, entries, show_child=False))
    return _newest_first(items)


def case_timeline(viewer: User, case: Case) -> list[TimelineItem]:
    """Every entry on one case (the caller has already checked the case is visible)."""
    items: list[TimelineItem] = []
    for model in ENTRY_MODELS:
        entries = model.objects.filter(case=case).select_related("case", "recorded_by", "child")
        items.extend(_items(viewer, entries, show_child=True))
    return _newest_first(items)
