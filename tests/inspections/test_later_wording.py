# ruff: noqa: E501  (report passages are kept on one line)
"""The importer on the wording of later reports (issue 20): the corpus in corpus/later_wording.py,
each passage read inside a minimal report, through the same parser the import uses."""

import re

import pytest

from safeguarding.inspections.report_parser import (
    KNOWN_FORCES,
    TERRITORIAL_FORCES,
    canonical_force,
    parse_force_report,
)
from safeguarding.inspections.report_parser.documents import split_reports
from tests.inspections.corpus import later_wording as corpus

pytestmark = pytest.mark.filterwarnings("error")


def report_with(
    passage: str, force: str = "Kent Police", title: str = "National child protection inspection"
) -> dict:
    text = (
        f"{force} – {title}\n\nMarch 2024\n\n1. Introduction\n\n"
        f"This report sets out the findings of our inspection of child protection services in {force}.\n\n"
        f"{passage}\n"
    )
    return parse_force_report(text)


def ids(passages):
    return [passage[0] for passage in passages]


def test_the_corpus_has_at_least_forty_passages_each_citing_its_family():
    passages = corpus.all_passages()
    assert len(passages) >= 40
    cited = {passage[2] for passage in passages}
    assert cited <= {"PIR-CHESHIRE", "REINSP-DERBY", "CHESHIRE-2022", "METHOD-2024", "FOLLOWUP", "PANEL-WY",
                     "PCC-2019", "NEWS-SHARES", "PEEL-STYLE"}  # fmt: skip
    for code in cited:
        assert f"[{code}]" in corpus.__doc__


@pytest.mark.parametrize("passage", corpus.COUNTS, ids=ids(corpus.COUNTS))
def test_counts_in_every_wording_family(passage):
    _, _, _, text, expected = passage
    report = report_with(text)
    readings = report["grades"]
    if "readings" in expected:
        assert [(r["assessor"], r["counts"]) for r in readings] == expected["readings"]
        return
    assert len(readings) == 1, readings
    reading = readings[0]
    assert reading["counts"] == expected["counts"]
    assert reading["source"] in text  # the sentence the figures were read from
    if "cases" in expected:
        assert reading["cases"] == expected["cases"]
    if "assessor" in expected:
        assert reading["assessor"] == expected["assessor"]
    assert not [w for w in report["warnings"] if w["code"] == "numbers-not-read"]


@pytest.mark.parametrize("passage", corpus.COMBINED, ids=ids(corpus.COMBINED))
def test_a_combined_count_is_stored_as_combined(passage):
    _, _, _, text, expected = passage
    (reading,) = report_with(text)["grades"]
    assert reading["counts"] == {}  # never split into invented separate counts
    (combined,) = reading["combined"]
    assert combined["grades"] == expected["grades"] and combined["count"] == expected["count"]
    if "of" in expected:
        assert combined["of"] == expected["of"]


@pytest.mark.parametrize("passage", corpus.SHARES, ids=ids(corpus.SHARES))
def test_a_share_is_stored_as_a_share_never_a_count(passage):
    _, _, _, text, expected = passage
    (reading,) = report_with(text)["grades"]
    assert reading["shares"] == expected and reading["counts"] == {}


@pytest.mark.parametrize("passage", corpus.VAGUE, ids=ids(corpus.VAGUE))
def test_a_proportion_in_words_is_never_a_count_and_is_warned_about(passage):
    report = report_with(passage[3])
    assert report["grades"] == [] and report["case_assessments"] == []
    assert any(w["code"] == "share-in-words" and w["source"] == passage[3] for w in report["warnings"])


@pytest.mark.parametrize("passage", corpus.TABLES, ids=ids(corpus.TABLES))
def test_tables_of_grades_by_area(passage):
    _, _, _, text, expected = passage
    report = report_with(text)
    assert len(report["grades"]) == expected["rows"]
    (summary,) = [g for g in report["grades"] if g["scope"] == "summary"]
    assert summary["counts"] == expected["summary"] and summary["cases"] == expected["cases"]
    assert report["case_assessments"][0]["cases"] == expected["cases"]


@pytest.mark.parametrize("passage", corpus.REVIEW_FINDINGS, ids=ids(corpus.REVIEW_FINDINGS))
def test_review_findings_in_the_inspectorates_words(passage):
    _, _, _, text, (wording, status) = passage
    report = report_with(
        f"Recommendation 1\n\nWithin three months, Kent Police should audit case files.\n\n{text}",
        title="National child protection inspection post-inspection review",
    )
    assert [(f["number"], f["wording"], f["status"]) for f in report["review_findings"]] == [
        (1, wording, status)
    ]


@pytest.mark.parametrize("passage", corpus.TOPICS, ids=ids(corpus.TOPICS))
def test_topic_grades_of_the_2024_framework(passage):
    report = report_with(passage[3])
    topic, grade = passage[4]
    assert [(t["topic"], t["grade"]) for t in report["topic_grades"]] == [(topic, grade)]
    assert report["scale"] == "5-point-2024" and report["report_type"] == "framework_2024"


def test_scales_follow_the_grades_the_report_uses():
    assert report_with(corpus.COUNTS[0][3])["scale"] == "3-point-2016"
    assert report_with(corpus.COUNTS[14][3])["scale"] == "4-point-2014"  # "adequate" is a grade
    assert report_with(corpus.TOPICS[0][3])["scale"] == "5-point-2024"


@pytest.mark.parametrize("passage", corpus.RECOMMENDATIONS, ids=ids(corpus.RECOMMENDATIONS))
def test_recommendations_in_every_wording(passage):
    _, _, _, text, (timescale, standard) = passage
    report = report_with(text)
    (recommendation,) = report["recommendations"]
    assert recommendation["text"] == re.sub(
        r"^Recommendation[^\n]*\n\n", "", text
    )  # the heading is not its text
    assert recommendation["timescale"] == timescale
    assert standard in recommendation["standards"]


@pytest.mark.parametrize("passage", corpus.BULLETS, ids=ids(corpus.BULLETS))
def test_bullets_in_any_layout_stay_with_their_recommendation(passage):
    _, _, _, text, standards = passage
    (recommendation,) = report_with(text)["recommendations"]
    lines = recommendation["text"].split("\n")
    assert len(lines) == 3  # the lead and both points
    for standard in standards:
        assert standard in recommendation["standards"]


@pytest.mark.parametrize("passage", corpus.SECTIONS, ids=ids(corpus.SECTIONS))
def test_causes_of_concern_and_areas_for_improvement(passage):
    _, _, _, text, (key, words) = passage
    report = report_with(text)
    (section,) = report[key]
    assert words in section["text"]
    if key == "causes_of_concern":
        assert section["recommendations"] == [1]
        assert report["recommendations"][0]["timescale"] == "3 months"


def test_the_force_list_holds_the_43_territorial_forces_and_other_bodies():
    assert len(TERRITORIAL_FORCES) == 43 == len(set(TERRITORIAL_FORCES.values()))
    assert {"British Transport Police", "Ministry of Defence Police", "Civil Nuclear Constabulary",
            "National Crime Agency"} <= set(KNOWN_FORCES)  # fmt: skip


@pytest.mark.parametrize(("code", "written", "listed"), corpus.FORCE_NAMES)
def test_force_names_are_read_against_the_list(code, written, listed):
    assert (
        report_with("We recommend that, within three months, the force audits case files.", force=written)[
            "force"
        ]
        == listed
    )


def test_a_sentence_fragment_is_never_taken_for_the_force():
    text = (
        "National child protection inspection\n\nMarch 2024\n\n"
        "We recommend that, within three months, Greater Manchester Police reviews how it records the "
        "demeanour of children.\n"
    )
    report = parse_force_report(text)
    assert report["force"] == "Greater Manchester Police" and report["force_listed"]


@pytest.mark.parametrize("name", corpus.NOT_FORCES)
def test_a_body_not_on_the_list_is_not_listed(name):
    assert canonical_force(name) is None
    report = report_with("We recommend that, within three months, the force audits case files.", force=name)
    assert not report["force_listed"]


def test_the_installations_own_force_can_be_accepted_beside_the_list():
    assert canonical_force("Northmoor Police", ("Northmoor Police",)) == "Northmoor Police"


def test_figures_that_cannot_be_placed_are_warned_about():
    report = report_with(
        "We assessed 40 cases: good, requiring improvement and inadequate in 12, 20 and 8 of them."
    )
    assert report["grades"] == []
    (warning,) = [w for w in report["warnings"] if w["code"] == "numbers-not-read"]
    assert "40 cases" in warning["source"]


def test_counts_that_do_not_add_up_are_kept_as_printed_and_warned_about():
    report = report_with(
        "Of the 40 cases we examined, 12 were good, 20 required improvement and 9 were inadequate."
    )
    assert report["grades"][0]["counts"] == {"good": 12, "requires_improvement": 20, "inadequate": 9}
    assert [w["code"] for w in report["warnings"]] == ["counts-do-not-add-up"]


def test_a_post_inspection_review_reads_its_findings_in_the_inspectorates_words():
    text = (
        "Recommendation 1\n\nWithin three months, Kent Police should make sure officers record the views of children.\n\n"
        "We found that this recommendation has been partially met.\n\n"
        "Recommendation 2\n\nWithin six months, Kent Police should review its supervision of investigations.\n\n"
        "This recommendation has been met.\n"
    )
    report = report_with(text, title="National child protection inspection post-inspection review")
    assert report["report_type"] == "post_inspection_review"
    assert [(f["number"], f["wording"], f["status"]) for f in report["review_findings"]] == [
        (1, "partially met", "in_progress"),
        (2, "met", "verified"),
    ]


def test_a_re_inspection_is_told_from_an_inspection():
    report = report_with("Of the 44 cases we examined, 9 were good, 23 required improvement and 12 were inadequate.",
                         title="National child protection re-inspection")  # fmt: skip
    assert report["report_type"] == "re_inspection"


def test_several_reports_in_one_file_are_found():
    one = report_text("Kent Police")
    two = report_text("Essex Police")
    assert len(split_reports(one + "\n" + two)) == 2
    assert len(split_reports(one)) == 1


def report_text(force: str) -> str:
    return (
        f"National Child Protection Inspections\n\n{force}\n3-14 March 2024\n\nJune 2024\n\n1. Introduction\n\n"
        f"This report sets out the findings of our inspection of child protection services in {force}.\n\n"
        "Of the 44 cases we examined, 9 were good, 23 required improvement and 12 were inadequate.\n\n"
        f"We recommend that, within three months, {force} audits case files.\n"
    )


def test_a_case_file_section_with_nothing_read_is_warned_about():
    report = report_with("Results of case file reviews\n\nThe results are set out in the figure below.")
    assert "section-not-understood" in [warning["code"] for warning in report["warnings"]]


@pytest.mark.parametrize("passage", corpus.PLURAL_SECTIONS, ids=ids(corpus.PLURAL_SECTIONS))
def test_under_a_plural_heading_each_paragraph_is_one_area(passage):
    areas = report_with(passage[3])["areas_for_improvement"]
    assert [standard in area["standards"] for area, standard in zip(areas, passage[4], strict=True)] == [
        True,
        True,
    ]
