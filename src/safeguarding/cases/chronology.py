"""A chronology of a child or a case for paper: the timeline oldest first, with the protective
marking, who printed it and when, on every page; as a print page and as a tagged PDF (PDF/UA-1)
rendered by WeasyPrint from the same template (cases/_chronology_body.html; docs/adr/0016).
Printing is a disclosure of personal data: the caller logs it (chronology_printed)."""

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.services import access_record
from safeguarding.cases.timeline import TimelineItem
from safeguarding.tagged_pdf import css_string, pdf_from_html

MARKING = "OFFICIAL-SENSITIVE"
HANDLING = "Personal data about a child. Do not copy or pass on except to safeguard the child."


@dataclass(frozen=True)
class Chronology:
    title: str
    subject: list[tuple[str, str]]  # (label, value) lines about the child or the case
    items: list[TimelineItem]  # oldest first
    printed_by: str
    printed_at: dt.datetime

    @property
    def printed_line(self) -> str:
        return f"Printed by {self.printed_by} on {timezone.localtime(self.printed_at):%-d %B %Y at %H:%M}"


def chronology(
    title: str, subject: list[tuple[str, str]], items: list[TimelineItem], viewer: User
) -> Chronology:
    oldest_first = sorted(items, key=lambda item: (item.occurred_at, item.recorded_at, item.entry_id))
    return Chronology(
        title=title,
        subject=subject,
        items=oldest_first,
        printed_by=viewer.get_full_name() or viewer.get_username(),
        printed_at=timezone.now(),
    )


def chronology_printed(
    *,
    actor: User,
    object_type: str,
    object_id: int,
    district_id: int | None,
    form: str,
    entries: int,
    reason: str = "",
) -> AccessEvent:
    """A chronology printed (the print page) or downloaded (the PDF): a disclosure on paper."""
    return access_record(
        actor=actor,
        action=AccessAction.EXPORT,
        object_type=object_type,
        object_id=object_id,
        district_id=district_id,
        reason=reason,
        detail={"chronology": form, "entries": entries},
    )


def chronology_pdf(chronology: Chronology) -> bytes:
    """The print page's record as PDF/UA-1: the marking at the head and foot of every page, with
    who printed it and when, and page n of m (chronology_pdf.html's page margins)."""
    html = render_to_string(
        "cases/chronology_pdf.html",
        {
            "chronology": chronology,
            "marking": MARKING,
            "handling": HANDLING,
            "marking_css": css_string(MARKING),
            "printed_css": css_string(chronology.printed_line),
        },
    )
    return pdf_from_html(html)
