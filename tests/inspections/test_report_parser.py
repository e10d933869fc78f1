"""The report parser against the published seed reports and an invented force's report.

No Django here: the parser is plain Python. The expected figures were read off the seed
texts by hand; the parser has to derive them from the documents' structure.
"""

import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from safeguarding.inspections.report_parser import (
    STANDARD_KEYWORDS,
    parse_force_report,
    parse_thematic_report,
    read_report_text,
    suggest_standards,
    words_to_int,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}")

WEST_YORKSHIRE = "000_*.txt"
WEST_YORKSHIRE_OTHER_TOOL = "001_*.txt"
IN_HARMS_WAY = "002_*.txt"
DEVON_AND_CORNWALL = "003_*.txt"

# Fields only the cover page states; the second extraction of West Yorkshire has no cover page.
COVER_FIELDS = ("inspection", "published")

ANNEX_A_CASE_TYPES = {
    "Child protection enquiry (s. 47)": 5,
    "Domestic abuse": 5,
    "General concerns with a child where a referral to children's social care services was made": 5,
    "Sex offender enquiry": 3,
    "Missing children": 3,
    "Police protection": 3,
    "At risk of sexual exploitation": 3,
    "Child in custody": 3,
}


def seed_text(pattern: str) -> str:
    (path,) = SEEDS.glob(pattern)
    return read_report_text(path)


def assessment(assessor, scope, cases, good, adequate, requires_improvement, inadequate) -> dict:
    return {
        "assessor": assessor,
        "scope": scope,
        "cases": cases,
        "good": good,
        "adequate": adequate,
        "requires_improvement": requires_improvement,
        "inadequate": inadequate,
    }


def per_timescale(report: dict) -> Counter:
    return Counter(recommendation["timescale"] for recommendation in report["recommendations"])


def stages(report: dict) -> list[tuple[str, str | None]]:
    return [(r["timescale"], r["stage"]) for r in report["recommendations"]]


@pytest.fixture(scope="module")
def west_yorkshire() -> dict:
    return parse_force_report(seed_text(WEST_YORKSHIRE))


@pytest.fixture(scope="module")
def devon_and_cornwall() -> dict:
    return parse_force_report(seed_text(DEVON_AND_CORNWALL))


@pytest.fixture(scope="module")
def in_harms_way() -> dict:
    return parse_thematic_report(seed_text(IN_HARMS_WAY))


# --- West Yorkshire (seeds 000 and 001) -------------------------------------------------------


@needs_seeds
def test_west_yorkshire_cover(west_yorkshire):
    assert west_yorkshire["force"] == "West Yorkshire Police"
    assert west_yorkshire["inspection"] == {"start": "2014-08-15", "end": "2014-08-29"}
    assert west_yorkshire["published"] == "2015-01"


@needs_seeds
def test_west_yorkshire_case_grades(west_yorkshire):
    # The force's own counts add up to 32 of the 33 cases; the report says so, and so do we.
    assert west_yorkshire["case_assessments"] == [
        assessment("force", "self-assessed", 33, 17, 7, 5, 3),
        assessment("inspectors", "self-assessed", 33, 9, 7, 7, 10),
        assessment("inspectors", "further", 64, 17, 20, 12, 15),
    ]


@needs_seeds
def test_west_yorkshire_case_types(west_yorkshire):
    assert west_yorkshire["case_types"] == {**ANNEX_A_CASE_TYPES, "On-line sexual abuse": 3}
    assert sum(west_yorkshire["case_types"].values()) == 33


@needs_seeds
def test_west_yorkshire_recommendations(west_yorkshire):
    assert per_timescale(west_yorkshire) == {"immediately": 2, "3 months": 6, "6 months": 2}
    assert stages(west_yorkshire) == [
        ("immediately", "Assessment and help"),
        ("immediately", "Decision making"),
        ("3 months", "Initial contact"),
        ("3 months", "Assessment and help"),
        ("3 months", "Assessment and help"),
        ("3 months", "Investigation"),
        ("3 months", "Decision making"),
        ("3 months", "Police detention"),
        ("6 months", "Trusted adult"),
        ("6 months", None),  # the force-wide good practice regime comes from the leadership chapter
    ]
    demeanour = west_yorkshire["recommendations"][2]
    assert demeanour["text"].startswith("We recommend that West Yorkshire Police improves staff awareness")
    assert "DEMEANOUR" in demeanour["standards"]
    detention = west_yorkshire["recommendations"][7]
    assert detention["text"].count("\n- ") == 4  # its four sub-bullets belong to it
    assert {"CUSTODY_ACCOMMODATION", "PACE_CERTIFICATE", "DETENTION_TIME"} <= set(detention["standards"])
    assert {"VOICE", "OUTCOME", "INFORMED"} <= set(west_yorkshire["recommendations"][8]["standards"])


@needs_seeds
def test_two_extractions_of_one_report_parse_alike(west_yorkshire):
    other_tool = parse_force_report(seed_text(WEST_YORKSHIRE_OTHER_TOOL))
    assert {k: v for k, v in other_tool.items() if k not in COVER_FIELDS} == {
        k: v for k, v in west_yorkshire.items() if k not in COVER_FIELDS
    }
    # That extraction starts at the foreword: the dates are not in its text, so they are not guessed.
    assert other_tool["inspection"] == {"start": None, "end": None}
    assert other_tool["published"] is None


@needs_seeds
@pytest.mark.parametrize("page_length", [23, 37])
def test_page_numbers_and_running_headers_inside_paragraphs_are_ignored(page_length):
    text = seed_text(WEST_YORKSHIRE_OTHER_TOOL)
    paged = []
    for number, line in enumerate(text.split("\n"), start=1):
        paged.append(line)
        if number % page_length == 0:
            paged += [
                str(number // page_length + 1),
                "National Child Protection Inspections - West Yorkshire",
            ]
    assert parse_force_report("\n".join(paged)) == parse_force_report(text)


# --- Devon and Cornwall (seed 003) ------------------------------------------------------------


@needs_seeds
def test_devon_and_cornwall_cover(devon_and_cornwall):
    assert devon_and_cornwall["force"] == "Devon and Cornwall Police"
    assert devon_and_cornwall["inspection"] == {"start": "2015-05-18", "end": "2015-05-29"}
    assert devon_and_cornwall["published"] == "2015-09"


@needs_seeds
def test_devon_and_cornwall_case_grades_and_types(devon_and_cornwall):
    assert devon_and_cornwall["case_assessments"] == [
        assessment("force", "self-assessed", 33, 12, 6, 13, 2),
        assessment("inspectors", "self-assessed", 33, 7, 2, 17, 7),
        assessment("inspectors", "further", 39, 7, 3, 21, 8),
    ]
    assert devon_and_cornwall["case_types"] == {**ANNEX_A_CASE_TYPES, "Online sexual abuse": 3}


@needs_seeds
def test_devon_and_cornwall_recommendations(devon_and_cornwall):
    # The chapter has one "We recommend" per timescale; each top-level bullet is a recommendation.
    assert per_timescale(devon_and_cornwall) == {"immediately": 2, "3 months": 8, "6 months": 1}
    assert stages(devon_and_cornwall) == [
        ("immediately", "Assessment and help"),
        ("immediately", "Investigation"),
        ("3 months", "Initial contact"),
        ("3 months", "Initial contact"),
        ("3 months", "Assessment and help"),
        ("3 months", "Investigation"),
        ("3 months", "Investigation"),
        ("3 months", "Decision making"),
        ("3 months", "Trusted adult"),
        ("3 months", "Managing those posing a risk"),
        ("6 months", "Police detention"),
    ]
    missing = devon_and_cornwall["recommendations"][0]
    assert missing["text"].startswith(
        "We recommend that Devon and Cornwall Police immediately takes steps to improve practice"
    )
    assert missing["text"].count("\n- ") == 5
    assert {"MISSING_RISK", "RETURN_INTERVIEW"} <= set(missing["standards"])
    recording = devon_and_cornwall["recommendations"][7]
    # Two of its bullets lost their glyph in extraction; they still belong to it.
    assert recording["text"].count("\n- ") == 3


# --- In harm's way (seed 002) -----------------------------------------------------------------


@needs_seeds
def test_thematic_cover(in_harms_way):
    assert in_harms_way["title"] == "In harm's way: The role of the police in keeping children safe"
    assert in_harms_way["published"] == "2015-07"


@needs_seeds
def test_thematic_table_2(in_harms_way):
    rows = {
        row["force"]: (row["good"], row["adequate"], row["inadequate"], row["total"])
        for row in in_harms_way["table2"]
    }
    assert rows == {
        "Force A": (None, None, None, None),  # "Not recorded"
        "Force B": (37, 20, 24, 81),
        "Force C": (24, 34, 57, 115),
        "Force D": (37, 49, 28, 114),
        "Force E": (26, 27, 44, 97),
        "Force F": (13, 9, 13, 35),
        "Force G": (20, 23, 20, 63),
        "Force H": (20, 17, 34, 71),
    }
    assert in_harms_way["table2_totals"] == {
        "force": "Total",
        "good": 177,
        "adequate": 179,
        "inadequate": 220,
        "total": 576,
    }
    recorded = [row for row in in_harms_way["table2"] if row["total"] is not None]
    for grade in ("good", "adequate", "inadequate", "total"):
        assert sum(row[grade] for row in recorded) == in_harms_way["table2_totals"][grade]


@needs_seeds
def test_thematic_most_frequent_recommendations(in_harms_way):
    frequent = in_harms_way["frequent_recommendations"]
    assert len(frequent) == 44
    assert frequent[0] == {
        "text": "Better force plans to identify disrupt and prosecute perpetrators.",
        "forces": None,  # the annex gives no per-recommendation count of forces
        "theme": "Child sexual exploitation",
    }
    assert Counter(item["theme"] for item in frequent)["Child detention"] == 8
    assert frequent[-1]["text"] == "Gather information and report on outcomes of police involvement."


# --- A force the parser has never seen --------------------------------------------------------

NORTHMOOR = """
National Child Protection Inspections

Northmoor Police
3-14 March 2025

June 2025

Contents

1. Introduction\t4
5. Findings: the experiences, progress and outcomes for children\t9
Initial contact\t9
8. Recommendations\t20

1. Introduction

This report is a summary of the findings of an inspection of child protection services in
Northmoor Police, which took place in March 2025.

5. Findings: the experiences, progress and outcomes for children who need help and protection

During the course of the inspection, Northmoor Police audited twenty-one cases in accordance
with criteria provided by HMIC. Practice was viewed as good by the force assessors in eight of
the cases, adequate in 6 and inadequate in 2.¹ Inspectors reviewed all twenty-one cases that had
been self-assessed. They found 4 cases to be good, 5 adequate, 7 requiring improvement and 5
inadequate. Inspectors selected and examined a further fifty two cases where children were
identified as being at risk. Eleven were assessed as good, 14 adequate, 15 requiring
improvement and twelve inadequate.

¹ The case types are set out in Annex A.

Initial contact

Officers seldom wrote down how a child at a domestic abuse incident appeared.

We recommend that, within three months, Northmoor Police ensures that officers record the
demeanour of every child present at a domestic abuse incident.

12

Trusted adult

We recommend that Northmoor Police immediately ensures that the views and wishes and feelings
of children are recorded on every case.

Police detention

We recommend that Northmoor Police immediately reviews how it detains children, to include:
• early requests to the local authority for alternative accommodation; and
• completing a detention certificate for every child kept in custody after charge.

6. Findings: leadership, management and governance

We recommend that, within six months, Northmoor Police audits case files in each district.

We recommend that, within 3 months, Northmoor Police reports to the police and crime
commissioner on outcomes for children.

8. Recommendations

Immediately

We recommend that Northmoor Police immediately

- ensures that the views and wishes and feelings of children are recorded on every case.
- reviews how it detains children, to include:
 - early requests to the local authority for alternative accommodation; and
 - completing a detention certificate for every child kept in custody after charge.

Within three months

We recommend that Northmoor Police ensures that officers record the demeanour of every child
present at a domestic abuse incident.

We recommend that Northmoor Police reports to the police and crime commissioner on outcomes
for children.

Within six months

We recommend that Northmoor Police audits case files in each district.

9. Next steps

Annex A Child protection inspection methodology

Type of case\tNumber of cases
Domestic abuse\t8
Missing children\t6
Child in custody, including children detained under section 136 of the Mental
Health Act\t7

Annex B Glossary
"""


def test_invented_force_report():
    report = parse_force_report(NORTHMOOR)
    assert report["force"] == "Northmoor Police"
    assert report["inspection"] == {"start": "2025-03-03", "end": "2025-03-14"}
    assert report["published"] == "2025-06"
    assert report["case_assessments"] == [
        # The force's "requires improvement" count is not stated: None, not 21 - 16.
        assessment("force", "self-assessed", 21, 8, 6, None, 2),
        assessment("inspectors", "self-assessed", 21, 4, 5, 7, 5),
        assessment("inspectors", "further", 52, 11, 14, 15, 12),
    ]
    assert report["case_types"] == {
        "Domestic abuse": 8,
        "Missing children": 6,
        "Child in custody, including children detained under section 136 of the Mental Health Act": 7,
    }
    assert per_timescale(report) == {"immediately": 2, "3 months": 2, "6 months": 1}
    assert stages(report) == [
        ("immediately", "Trusted adult"),
        ("immediately", "Police detention"),
        ("3 months", "Initial contact"),
        ("3 months", None),
        ("6 months", None),
    ]
    views, detention, demeanour, *_ = report["recommendations"]
    assert views["text"] == (
        "We recommend that Northmoor Police immediately ensures that the views and wishes and feelings "
        "of children are recorded on every case."
    )
    assert detention["text"].count("\n- ") == 2
    assert "VOICE" in views["standards"]
    assert {"CUSTODY_ACCOMMODATION", "PACE_CERTIFICATE"} <= set(detention["standards"])
    assert demeanour["standards"] == ["DEMEANOUR"]


def test_invented_force_report_read_from_a_pdf(tmp_path):
    """The same report as a PDF: pypdf leaves no blank lines and puts page numbers mid-list."""
    pytest.importorskip("pypdf")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdf = tmp_path / "northmoor.pdf"
    page = canvas.Canvas(str(pdf))
    y = 800
    for line in _rewrapped(NORTHMOOR.replace("•", "-")):
        page.drawString(50 + 4 * (len(line) - len(line.lstrip())), y, line.strip().replace("\t", "    "))
        y -= 14
        if y < 80:
            page.drawString(300, 30, "1")
            page.showPage()
            y = 800
    page.save()
    assert parse_force_report(read_report_text(pdf)) == parse_force_report(NORTHMOOR)


def _rewrapped(text: str, width: int = 95):
    """Lay out each paragraph afresh at a new width, as a PDF would."""
    paragraph: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip() and not line.lstrip().startswith(("-", "•")) and "\t" not in line:
            paragraph.append(line)
            continue
        if paragraph:
            yield from textwrap.wrap(" ".join(paragraph), width)
            paragraph = []
        if line.strip():
            yield line


def test_report_without_recommendations_chapter_uses_the_body():
    text = NORTHMOOR.split("8. Recommendations\n\nImmediately")[0]
    report = parse_force_report(text)
    assert per_timescale(report) == {"immediately": 2, "3 months": 2, "6 months": 1}
    assert report["recommendations"][0]["stage"] == "Initial contact"


def test_absent_sections_come_out_empty():
    report = parse_force_report("Nothing here resembles an inspection report.")
    # issue 20 added the later templates' parts: all empty here, and the warning says nothing was read.
    later = ["grades", "topic_grades", "causes_of_concern", "areas_for_improvement", "review_findings"]
    assert all(report.pop(key) == [] for key in later)
    assert [warning["code"] for warning in report.pop("warnings")] == ["no-grades"]
    assert (report.pop("force_listed"), report.pop("scale"), report.pop("reviews_inspection_year")) == (
        False,
        None,
        None,
    )
    assert report.pop("report_type") == "inspection"
    assert report == {
        "force": None,
        "inspection": {"start": None, "end": None},
        "published": None,
        "case_assessments": [],
        "case_types": {},
        "recommendations": [],
    }


# --- Numbers in words, standards, reading files -----------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("zero", 0),
        ("one", 1),
        ("Seventeen", 17),
        ("twenty", 20),
        ("thirty-three", 33),
        ("sixty four", 64),
        ("Ninety-Nine", 99),
        ("one hundred", 100),
        ("one hundred and twelve", 112),
        ("three hundred and five", 305),
        ("nine hundred and ninety-nine", 999),
        ("576", 576),
        ("9,054", 9054),
    ],
)
def test_words_to_int_reads_counts(phrase, value):
    assert words_to_int(phrase) == value


@pytest.mark.parametrize("phrase", ["", "cases", "five five", "twenty thirty", "hundred", "fifteen four"])
def test_words_to_int_rejects_what_is_not_a_number(phrase):
    assert words_to_int(phrase) is None


def test_standard_keywords_use_domain_ids():
    assert {
        "DEMEANOUR",
        "MISSING_RISK",
        "RETURN_INTERVIEW",
        "VOICE",
        "STRATEGY",
        "CUSTODY_ACCOMMODATION",
        "PACE_CERTIFICATE",
        "DETENTION_TIME",
    } <= set(STANDARD_KEYWORDS)
    for phrases in STANDARD_KEYWORDS.values():
        assert phrases and all(phrase == phrase.lower() for phrase in phrases)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("record the child's demeanour", {"DEMEANOUR"}),
        ("children who go missing from home", {"MISSING_RISK", "RETURN_INTERVIEW"}),
        ("children held in police custody", {"CUSTODY_ACCOMMODATION", "PACE_CERTIFICATE", "DETENTION_TIME"}),
        ("record the views and concerns of children", {"VOICE"}),
        ("hold a strategy discussion when harm is suspected", {"STRATEGY"}),
    ],
)
def test_suggest_standards(text, expected):
    assert expected <= set(suggest_standards(text))


def test_suggest_standards_matches_whole_words_only():
    assert suggest_standards("The cases were discussed.") == []


def test_read_report_text(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Northmoor Police – ‘report’", encoding="utf-8")
    assert read_report_text(report) == "Northmoor Police – ‘report’"
    with pytest.raises(ValueError, match="expected a .txt or .pdf"):
        read_report_text(tmp_path / "report.docx")


def test_parser_imports_neither_django_nor_pypdf():
    src = Path(__file__).resolve().parents[2] / "src"
    check = (
        "import sys; import safeguarding.inspections.report_parser; "
        "assert not {'django', 'pypdf'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", check], check=True, env={"PYTHONPATH": str(src)})
