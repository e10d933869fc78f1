"""MEDICAL: medical examination within 24 h of alleged abuse; physical injuries photographed that day."""

from safeguarding.cases.models import Incident
from safeguarding.cases.vocabulary import IncidentKind, InvestigationStepKind, OffenceCategory
from tests.factories import make_entry
from tests.standards.catalogue._investigations import investigation_case, step

# Physical abuse alleged Monday 2 March 10:00: examination due Tuesday 3 March 10:00; photographs
# the same day (2 March).


def alleged(districts, cast):
    case, investigation = investigation_case(districts, cast, category=OffenceCategory.PHYSICAL)
    make_entry(Incident, case, "2026-03-02 10:00", kind=IncidentKind.PHYSICAL_ABUSE)
    return case, investigation


def test_met_when_examined_and_photographed_same_day(districts, cast, judge):
    case, investigation = alleged(districts, cast)
    step(investigation, InvestigationStepKind.PHOTOGRAPHS, "2026-03-02 15:00")
    exam = step(investigation, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-02 18:00")
    result = judge(case, "MEDICAL", "2026-03-10 12:00")[None]
    assert (result.state, result.evidence_id) == ("met", str(exam.pk))


def test_not_met_when_bite_mark_photographed_3_days_later(districts, cast, judge):
    case, investigation = alleged(districts, cast)
    step(investigation, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-02 18:00")
    step(investigation, InvestigationStepKind.PHOTOGRAPHS, "2026-03-05 10:00")
    result = judge(case, "MEDICAL", "2026-03-10 12:00")[None]
    assert (result.state, result.evidence_note) == ("not_met", "injuries not photographed the same day")


def test_not_yet_due_on_the_day(districts, cast, judge):
    case, investigation = alleged(districts, cast)
    step(investigation, InvestigationStepKind.PHOTOGRAPHS, "2026-03-02 15:00")
    assert judge(case, "MEDICAL", "2026-03-02 20:00")[None].state == "not_yet_due"
    assert judge(case, "MEDICAL", "2026-03-03 10:01")[None].state == "not_met"


def test_sexual_abuse_needs_no_photographs(districts, cast, judge):
    case, investigation = investigation_case(districts, cast, category=OffenceCategory.SEXUAL)
    step(investigation, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-02 20:00")
    assert judge(case, "MEDICAL", "2026-03-10 12:00")[None].state == "met"


def test_alleged_at_the_first_incident_even_with_an_earlier_investigation(districts, cast, judge):
    # Investigation opened 1 March; the physical-abuse incident of 2 March 10:00 is the allegation.
    case, investigation = investigation_case(districts, cast, opened="2026-03-01 10:00")
    make_entry(Incident, case, "2026-03-04 10:00", kind=IncidentKind.PHYSICAL_ABUSE)
    make_entry(Incident, case, "2026-03-02 10:00", kind=IncidentKind.PHYSICAL_ABUSE)
    step(investigation, InvestigationStepKind.PHOTOGRAPHS, "2026-03-02 15:00")
    late = step(investigation, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-03 11:00")  # created first
    first = step(investigation, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-03 09:00")
    result = judge(case, "MEDICAL", "2026-03-10 12:00")[None]
    assert late.pk < first.pk
    assert (result.state, result.evidence_id, result.due_at.isoformat()) == (
        "met",
        str(first.pk),
        "2026-03-03T10:00:00+00:00",
    )


def test_physical_abuse_alleged_by_a_later_investigation_needs_photographs(districts, cast, judge):
    case, investigation = investigation_case(districts, cast, category=OffenceCategory.SEXUAL)
    make_entry(Incident, case, "2026-03-01 10:00", kind=IncidentKind.SEXUAL_OFFENCE)
    from safeguarding.cases.models import Investigation

    make_entry(Investigation, case, "2026-03-05 10:00", offence_category=OffenceCategory.PHYSICAL)
    step(investigation, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-01 20:00")
    assert judge(case, "MEDICAL", "2026-03-10 12:00")[None].state == "not_met"
    step(investigation, InvestigationStepKind.PHOTOGRAPHS, "2026-03-01 21:00")
    assert judge(case, "MEDICAL", "2026-03-10 12:00")[None].state == "met"


def test_cases_judged_together(districts, cast, judge_together):
    (photographed, first), (unphotographed, second) = alleged(districts, cast), alleged(districts, cast)
    step(first, InvestigationStepKind.PHOTOGRAPHS, "2026-03-02 15:00")
    step(first, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-02 18:00")
    step(second, InvestigationStepKind.MEDICAL_EXAMINATION, "2026-03-02 18:00")
    results = judge_together([photographed, unphotographed], "MEDICAL", "2026-03-10 12:00")
    assert {key: row.state for key, row in results.items()} == {
        (photographed.pk, None): "met",
        (unphotographed.pk, None): "not_met",
    }
