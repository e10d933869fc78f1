"""Writing a record re-judges the case's practice standards at once (issue 4: acting on a
worklist item clears it)."""

import time_machine

from safeguarding.cases.models import DemeanourRecord, Incident
from safeguarding.cases.services import entry_create
from safeguarding.cases.vocabulary import CaseType, Demeanour, IncidentKind, YesNoNa
from safeguarding.standards.models import StandardResult
from safeguarding.standards.services import case_reevaluate
from tests.factories import at, make_case, make_entry, make_person


def test_recording_the_missing_demeanour_clears_the_not_met_result(cast, districts):
    child = make_person(districts["north"])
    case = make_case(
        districts["north"],
        case_type=CaseType.DOMESTIC_ABUSE,
        children=[child],
        officer_in_charge=cast["officer_north"],
    )
    make_entry(Incident, case, "2026-03-02 22:00", kind=IncidentKind.DOMESTIC_ABUSE, children_present=1)
    with time_machine.travel(at("2026-03-03", "08:00"), tick=False):
        case_reevaluate(case_id=case.pk)
        before = StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child)
        assert before.state == "not_yet_due"
        entry_create(
            actor=cast["officer_north"],
            case=case,
            model=DemeanourRecord,
            cleaned_data={
                "child": child,
                "occurred_at": at("2026-03-02", "22:30"),
                "demeanour": Demeanour.FEARFUL,
                "seen_alone": YesNoNa.YES,
            },
        )
    after = StandardResult.objects.get(case=case, standard_id="DEMEANOUR", child=child)
    assert after.state == "met"
    assert after.evidence_type == "cases.demeanourrecord"
