"""Parse published National Child Protection Inspection reports into plain data.

Pure Python (standard library only; pypdf is imported only when a .pdf is read), so it can be
used by the Django app, by command-line imports and by tests alike.

    parse_force_report(text)     -> force, inspection dates, case grades, case types, recommendations
    parse_thematic_report(text)  -> case grades by force (Table 2) and the most frequent recommendations
    read_report_text(path)       -> the text of a .txt or .pdf report
    suggest_standards(text)      -> practice-standard IDs (DOMAIN.md) a text is about
"""

from .force_report import parse_force_report
from .number_words import words_to_int
from .reader import ReportTooLarge, read_report_text
from .standards import STANDARD_KEYWORDS, suggest_standards
from .thematic_report import parse_thematic_report

__all__ = [
    "STANDARD_KEYWORDS",
    "parse_force_report",
    "parse_thematic_report",
    "ReportTooLarge",
    "read_report_text",
    "suggest_standards",
    "words_to_int",
]

from .documents import forces_introduced, split_reports  # noqa: E402
from .forces import KNOWN_FORCES, TERRITORIAL_FORCES, canonical_force  # noqa: E402

__all__ += ["KNOWN_FORCES", "TERRITORIAL_FORCES", "canonical_force", "forces_introduced", "split_reports"]
