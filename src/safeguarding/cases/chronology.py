"""A chronology of a child or a case for paper: the timeline oldest first, with the protective
marking, who printed it and when, on every page; as a print page and as a PDF (reportlab).
Printing is a disclosure of personal data: the caller logs it (chronology_printed)."""

import datetime as dt
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safeguarding.access.models import AccessAction, AccessEvent, User
from safeguarding.access.services import access_record
from safeguarding.cases.timeline import TimelineItem

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


def _marked_canvas(chronology: Chronology):
    """Each page: the marking at its head and foot, who printed it and when, page n of m (the
    count is known once every page is laid out)."""

    class MarkedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont("Helvetica-Bold", 10)
                self.setFillColor(colors.black)
                self.drawCentredString(width / 2, height - 9 * mm, MARKING)
                self.drawCentredString(width / 2, 5 * mm, MARKING)
                self.setFont("Helvetica", 7)
                self.setFillColor(colors.grey)
                self.drawString(14 * mm, 10 * mm, chronology.printed_line)
                self.drawRightString(width - 14 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return MarkedCanvas


def chronology_pdf(chronology: Chronology) -> bytes:
    sheet = getSampleStyleSheet()
    title = ParagraphStyle("title", parent=sheet["Title"], fontSize=15, leading=19, alignment=0)
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=8.5, leading=11)
    cell = ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=7.5, leading=9.5)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{chronology.title} ({MARKING})",
        author=chronology.printed_by,
    )

    def p(text: str, style) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story = [p(chronology.title, title), p(HANDLING, body)]
    story += [p(f"{label}: {value}", body) for label, value in chronology.subject]
    story += [p(chronology.printed_line, body), Spacer(1, 6)]
    rows = [[p(h, head) for h in ("When", "Record", "Case", "Recorded")]]
    for item in chronology.items:
        about = item.title + (f" · {item.child_name}" if item.child_name else "")
        words = "\n".join(part for part in (item.detail, item.text) if part)
        recorded = f"{item.recorded_by or 'imported'}, {timezone.localtime(item.recorded_at):%-d %b %Y %H:%M}"
        if item.late_label:
            recorded += f" ({item.late_label})"
        rows.append(
            [
                p(f"{timezone.localtime(item.occurred_at):%-d %b %Y %H:%M}", cell),
                [p(f"{item.stage}: {about}", head), p(words, cell)]
                if words
                else p(f"{item.stage}: {about}", head),
                p(item.case_reference, cell),
                p(recorded, cell),
            ]
        )
    if len(rows) == 1:
        rows.append([p("Nothing recorded.", cell), "", "", ""])
    table = Table(rows, colWidths=[28 * mm, 92 * mm, 25 * mm, 37 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#b1b4b6")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
            ]
        )
    )
    story.append(table)
    doc.build(story, canvasmaker=_marked_canvas(chronology))
    return out.getvalue()
