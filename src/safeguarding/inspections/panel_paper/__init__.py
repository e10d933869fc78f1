"""The Police and Crime Panel paper (seed 004's kind), argued from measured evidence.

content.py assembles it (the one place that decides what goes in: no names, dates of birth,
addresses, case references or free-text notes); html is the template panel_paper.html;
pdf.py renders the PDF from the same template body (WeasyPrint, tagged PDF/UA).
"""

from safeguarding.inspections.panel_paper.content import PanelPaper, panel_paper_for
from safeguarding.inspections.panel_paper.pdf import panel_paper_pdf

__all__ = ["PanelPaper", "panel_paper_for", "panel_paper_pdf"]
