"""The panel paper as a PDF (reportlab platypus), from the same content as the HTML page."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from safeguarding.inspections.panel_paper.content import PanelPaper
from safeguarding.standards.selectors import standard_name

BRAND = colors.HexColor("#1d3557")
LINE = colors.HexColor("#b1b4b6")
PANEL = colors.HexColor("#f3f2f1")
RED = colors.HexColor("#d4351c")


def _styles():
    sheet = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=16, leading=20, textColor=BRAND),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=13, textColor=BRAND, spaceBefore=10),
        "h3": ParagraphStyle("h3", parent=sheet["Heading3"], fontSize=11, spaceBefore=8, spaceAfter=2),
        "body": ParagraphStyle("body", parent=sheet["BodyText"], fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", parent=sheet["BodyText"], fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=sheet["BodyText"], fontSize=8.5, leading=10.5),
        "marking": ParagraphStyle("marking", parent=sheet["BodyText"], fontSize=8, textColor=colors.grey),
    }


def _table(rows, widths, header=True):
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), PANEL), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]
    table.setStyle(TableStyle(style))
    return table


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def panel_paper_pdf(paper: PanelPaper) -> bytes:
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=paper.title,
        author="Police and Crime Panel paper",
    )
    width = doc.width
    story = [
        _p("OFFICIAL - contains no personal data", s["marking"]),
        _p(paper.title, s["title"]),
        _p(f"Prepared {paper.prepared_on:%-d %B %Y} from the recommendation tracker.", s["small"]),
        _p("Background", s["h2"]),
        *[_p(paragraph, s["body"]) for paragraph in paper.background],
        _p("Status of the recommendations", s["h2"]),
    ]
    rows = [["Status", "Inspectorate tracker", "Recommendations"]]
    rows += [[label, tracker, str(count)] for label, tracker, count in paper.status_counts]
    rows.append(["Overdue", "", str(paper.overdue)])
    story.append(_table(rows, [width * 0.4, width * 0.35, width * 0.25]))

    story.append(_p("Each recommendation and the measured evidence", s["h2"]))
    for entry in paper.recommendations:
        block = [
            _p(
                f"Recommendation {entry.number} ({entry.timescale}"
                f"{', ' + entry.stage if entry.stage else ''})",
                s["h3"],
            ),
            _p(entry.text, s["small"]),
            Spacer(1, 3),
        ]
        due = f"{entry.due_date:%-d %B %Y}" if entry.due_date else "unknown"
        facts = [
            ["Due", due + (" - OVERDUE" if entry.overdue else "")],
            [
                "Status",
                f"{entry.status} (tracker: {entry.tracker_status})"
                + (f", since {entry.status_since:%-d %B %Y}" if entry.status_since else ""),
            ],
            ["Action plan", f"{entry.actions_done} of {entry.actions_total} actions done"],
            ["Evidence files", str(entry.evidence_files)],
        ]
        facts_table = _table(facts, [width * 0.2, width * 0.8], header=False)
        if entry.overdue:
            facts_table.setStyle(TableStyle([("TEXTCOLOR", (1, 0), (1, 0), RED)]))
        block.append(facts_table)
        if entry.measured:
            measured = [["Standard", "12 months before", "Since publication", "Change", "District spread"]]
            for standard in entry.measured:
                districts = "; ".join(f"{name}: {rate}" for name, rate in standard.districts) or "no records"
                measured.append(
                    [
                        standard.standard_id,
                        standard.before,
                        standard.after,
                        standard.change,
                        _p(f"{standard.spread} ({districts})", s["cell"]),
                    ]
                )
            block.append(Spacer(1, 3))
            block.append(_table(measured, [width * w for w in (0.2, 0.17, 0.17, 0.12, 0.34)]))
        else:
            block.append(
                _p("No measured evidence: no practice standard has been confirmed for it.", s["small"])
            )
        if entry.awaiting_confirmation:
            block.append(
                _p(
                    "Suggested standards awaiting confirmation (not used as evidence): "
                    + ", ".join(standard_name(standard_id) for standard_id in entry.awaiting_confirmation),
                    s["small"],
                )
            )
        story.append(KeepTogether(block[:4]))
        story.extend(block[4:])

    story.append(_p("Audit results since the inspection", s["h2"]))
    if paper.audits:
        keys = list(paper.audits[0].keys())
        story.append(_table([keys] + [[str(row.get(key, "")) for key in keys] for row in paper.audits], None))
    else:
        story.append(_p("No audits recorded in this system since the inspection.", s["body"]))

    views = paper.childrens_views
    story.append(_p("Children's views, in aggregate", s["h2"]))
    story.append(
        _p(
            "Cases with the child's views and concerns recorded (or the reason they could not be given). "
            f"Counts only; counts under {paper.small_count} are shown as <{paper.small_count}.",
            s["small"],
        )
    )
    rows = [["Period or district", "Cases", "With views recorded", "Share"]]
    for share in (views.before, views.after, *views.by_district):
        rows.append([share.label, share.cases_shown, share.with_views_shown, share.percent])
    story.append(_table(rows, [width * 0.4, width * 0.2, width * 0.25, width * 0.15]))

    story.append(_p("Next steps", s["h2"]))
    story.extend(_p(f"- {step}", s["body"]) for step in paper.next_steps)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.grey)
    canvas.drawString(doc.leftMargin, 10 * mm, "OFFICIAL - Police and Crime Panel paper - no personal data")
    canvas.drawRightString(A4[0] - doc.rightMargin, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()
