"""The panel paper as a PDF: tagged PDF/UA-1, rendered by WeasyPrint from the page's own body
(inspections/_panel_paper_body.html inside inspections/panel_paper_pdf.html), so the paper and
the page carry the same content (docs/adr/0016)."""

from django.template.loader import render_to_string

from safeguarding.inspections.panel_paper.content import PanelPaper
from safeguarding.tagged_pdf import pdf_from_html


def panel_paper_pdf(paper: PanelPaper) -> bytes:
    return pdf_from_html(render_to_string("inspections/panel_paper_pdf.html", {"paper": paper}))
