"""`safeguarding import-report` on the seeds: through the command and the database, not only the parser."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.inspections.models import (
    CaseAssessment,
    CaseTypeCount,
    FrequentRecommendation,
    InspectionReport,
    Recommendation,
    RecommendationStandard,
    RecommendationStatusChange,
    ThematicForceGrades,
)
from tests.inspections.seeds import needs_seeds, seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _importer(cast):
    """import-report needs --as: the tests import as the safeguarding unit."""


FORCE_KEYS = [
    "force", "inspection", "published", "case_assessments", "case_types", "recommendations",
    # issue 20: what later templates add, and what was not read (never silent)
    "report_type", "scale", "reviews", "grades", "topic_grades", "causes_of_concern",
    "areas_for_improvement", "review_findings", "corrections", "warnings",
]  # fmt: skip
ANNEX_A = {
    "Child protection enquiry (s. 47)": 5,
    "Domestic abuse": 5,
    "General concerns with a child where a referral to children's social care services was made": 5,
    "Sex offender enquiry": 3,
    "Missing children": 3,
    "Police protection": 3,
    "At risk of sexual exploitation": 3,
    "Child in custody": 3,
}


def import_json(path) -> dict:
    out = io.StringIO()
    call_command(
        "import_report", str(path), "--as=safeguarding_unit", "--json", stdout=out, stderr=io.StringIO()
    )
    return json.loads(out.getvalue())


def assessment(assessor, scope, cases, good, adequate, requires_improvement, inadequate) -> dict:
    return dict(
        assessor=assessor,
        scope=scope,
        cases=cases,
        good=good,
        adequate=adequate,
        requires_improvement=requires_improvement,
        inadequate=inadequate,
    )


def per_timescale(report: dict) -> Counter:
    return Counter(item["timescale"] for item in report["recommendations"])


@needs_seeds
def test_west_yorkshire_through_the_command():
    report = import_json(seed("000"))
    assert list(report) == FORCE_KEYS
    assert report["force"] == "West Yorkshire Police"
    assert report["inspection"] == {"start": "2014-08-15", "end": "2014-08-29"}
    assert report["published"] == "2015-01"
    # As printed: the force's own grades add up to 32 of its 33 cases.
    assert report["case_assessments"] == [
        assessment("force", "self-assessed", 33, 17, 7, 5, 3),
        assessment("inspectors", "self-assessed", 33, 9, 7, 7, 10),
        assessment("inspectors", "further", 64, 17, 20, 12, 15),
    ]
    assert report["case_types"] == {**ANNEX_A, "On-line sexual abuse": 3}
    assert per_timescale(report) == {"immediately": 2, "3 months": 6, "6 months": 2}
    assert all(set(item) == {"timescale", "text", "stage", "standards"} for item in report["recommendations"])
    assert "DEMEANOUR" in report["recommendations"][2]["standards"]

    stored = InspectionReport.objects.get()
    assert (stored.kind, stored.published) == ("force", dt.date(2015, 1, 1))
    assert CaseAssessment.objects.filter(report=stored).count() == 3
    assert CaseTypeCount.objects.filter(report=stored).count() == 9
    due = Counter((r.timescale, r.due_date) for r in Recommendation.objects.filter(report=stored))
    # Publication is a month: due dates count from its first day; "immediately" is the six-week update.
    assert due == {
        ("immediately", dt.date(2015, 2, 12)): 2,
        ("3 months", dt.date(2015, 4, 1)): 6,
        ("6 months", dt.date(2015, 7, 1)): 2,
    }
    assert set(Recommendation.objects.values_list("status", flat=True)) == {"open"}
    # Suggested standards are stored for a person to confirm; none is confirmed yet.
    assert RecommendationStandard.objects.filter(
        recommendation__report=stored, confirmed_at__isnull=True
    ).exists()
    assert not RecommendationStandard.objects.filter(confirmed_at__isnull=False).exists()
    event = AccessEvent.objects.get(action=AccessAction.IMPORT)
    assert event.object_id == str(stored.pk) and event.detail["created"] is True
    assert event.actor_username == "safeguarding_unit" and event.actor_id is not None


@needs_seeds
def test_the_other_extraction_gives_the_same_structure_without_the_cover():
    other = import_json(seed("001"))
    assert other["inspection"] == {"start": None, "end": None}
    assert other["published"] is None
    assert per_timescale(other) == {"immediately": 2, "3 months": 6, "6 months": 2}
    assert set(Recommendation.objects.values_list("due_date", flat=True)) == {None}  # not guessed


@needs_seeds
def test_both_extractions_read_alike_apart_from_the_cover():
    first = import_json(seed("001"))
    Recommendation.objects.all().delete()
    InspectionReport.objects.all().delete()
    second = import_json(seed("000"))
    cover = {"inspection", "published"}
    assert {k: v for k, v in first.items() if k not in cover} == {
        k: v for k, v in second.items() if k not in cover
    }


@needs_seeds
def test_importing_the_same_report_again_duplicates_nothing_and_fills_in_the_dates():
    import_json(seed("001"))
    assert Recommendation.objects.exclude(due_date=None).count() == 0
    again = import_json(seed("000"))
    import_json(seed("000"))
    assert InspectionReport.objects.count() == 1
    assert Recommendation.objects.count() == 10
    assert CaseAssessment.objects.count() == 3
    assert again["published"] == "2015-01"
    assert again["inspection"] == {"start": "2014-08-15", "end": "2014-08-29"}
    assert Recommendation.objects.filter(due_date=None).count() == 0
    opened = RecommendationStatusChange.objects.filter(from_status="").values_list("effective_on", flat=True)
    assert set(opened) == {dt.date(2015, 1, 1)}  # open from publication, once publication is known
    events = AccessEvent.objects.filter(action=AccessAction.IMPORT).order_by("id")
    assert [e.detail["created"] for e in events] == [True, False, False]
    assert events[1].detail["filled_in"] == ["inspection_start", "inspection_end", "published"]
    assert events[2].detail["filled_in"] == []
    # A later copy without the cover never blanks the dates already known.
    import_json(seed("001"))
    assert InspectionReport.objects.get().published == dt.date(2015, 1, 1)


@needs_seeds
def test_devon_and_cornwall_through_the_command():
    report = import_json(seed("003"))
    assert report["force"] == "Devon and Cornwall Police"
    assert report["inspection"] == {"start": "2015-05-18", "end": "2015-05-29"}
    assert report["published"] == "2015-09"
    assert report["case_assessments"] == [
        assessment("force", "self-assessed", 33, 12, 6, 13, 2),
        assessment("inspectors", "self-assessed", 33, 7, 2, 17, 7),
        assessment("inspectors", "further", 39, 7, 3, 21, 8),
    ]
    assert report["case_types"] == {**ANNEX_A, "Online sexual abuse": 3}
    assert sum(report["case_types"].values()) == 33
    assert per_timescale(report) == {"immediately": 2, "3 months": 8, "6 months": 1}
    assert Counter(Recommendation.objects.values_list("timescale", flat=True)) == {
        "immediately": 2,
        "3 months": 8,
        "6 months": 1,
    }
    assert Recommendation.objects.filter(timescale="6 months").get().due_date == dt.date(2016, 3, 1)


@needs_seeds
def test_thematic_table_2_through_the_command():
    report = import_json(seed("002"))
    assert report["title"] == "In harm's way: The role of the police in keeping children safe"
    assert report["published"] == "2015-07"
    assert len(report["table2"]) == 8
    assert report["table2"][0] == {
        "force": "Force A",
        "good": None,
        "adequate": None,
        "inadequate": None,
        "total": None,
    }
    assert report["table2_totals"] == {
        "force": "Total",
        "good": 177,
        "adequate": 179,
        "inadequate": 220,
        "total": 576,
    }
    recorded = [row for row in report["table2"] if row["total"] is not None]
    for grade in ("good", "adequate", "inadequate", "total"):
        assert sum(row[grade] for row in recorded) == report["table2_totals"][grade]
    assert len(report["frequent_recommendations"]) == 44
    stored = InspectionReport.objects.get()
    assert stored.kind == "thematic"
    assert ThematicForceGrades.objects.filter(report=stored, is_total=False).count() == 8
    assert ThematicForceGrades.objects.get(report=stored, is_total=True).total == 576
    assert FrequentRecommendation.objects.filter(report=stored).count() == 44
    assert not Recommendation.objects.exists()
    import_json(seed("002"))
    assert InspectionReport.objects.count() == 1


def test_a_report_given_as_a_pdf(tmp_path):
    pytest.importorskip("pypdf")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from tests.inspections.test_report_parser import NORTHMOOR, _rewrapped

    pdf = tmp_path / "northmoor.pdf"
    page = canvas.Canvas(str(pdf))
    y = 800
    for line in _rewrapped(NORTHMOOR.replace("•", "-")):
        page.drawString(50 + 4 * (len(line) - len(line.lstrip())), y, line.strip().replace("\t", "    "))
        y -= 14
        if y < 80:
            page.showPage()
            y = 800
    page.save()
    report = import_json(pdf)
    assert report["force"] == "Northmoor Police"
    assert per_timescale(report) == {"immediately": 2, "3 months": 2, "6 months": 1}
    assert InspectionReport.objects.get().source_file_name == "northmoor.pdf"


def test_a_file_that_is_not_an_inspection_report_is_refused(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear colleague, the meeting is on Tuesday.", encoding="utf-8")
    with pytest.raises(CommandError, match="does not read as a force inspection report"):
        call_command("import_report", str(letter), "--as=safeguarding_unit")
    document = tmp_path / "report.docx"
    document.write_bytes(b"PK\x03\x04")
    with pytest.raises(CommandError, match="expected a .txt or .pdf"):
        call_command("import_report", str(document), "--as=safeguarding_unit")
    assert not InspectionReport.objects.exists()


def test_the_import_is_recorded_against_a_named_user(cast, tmp_path):
    from tests.inspections.test_report_parser import NORTHMOOR

    path = tmp_path / "northmoor.txt"
    path.write_text(NORTHMOOR, encoding="utf-8")
    call_command("import_report", str(path), "--as", "safeguarding_unit", stdout=io.StringIO())
    assert InspectionReport.objects.get().imported_by == cast["safeguarding_unit"]
    assert AccessEvent.objects.get(action=AccessAction.IMPORT).actor_username == "safeguarding_unit"
