"""Issue 12: every reference a user can set on a case or a stage entry is checked against the
user's scope, on the pages and in the services every path goes through (pages, API, import).
Out of scope is refused as if missing, nothing is saved and no event claims an edit; the same
reference in scope is accepted. officer_north works in north; "_south" records are not theirs."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.cases import models as m
from safeguarding.cases import services
from safeguarding.cases.timeline import entry_kind
from tests.factories import at
from tests.scope_scene import build_scene

pytestmark = pytest.mark.django_db

WHEN = "2026-03-04T09:30"


@pytest.fixture
def scene(cast, districts):
    return build_scene(cast, districts)


def _writes() -> int:
    return AccessEvent.objects.filter(action__in=[AccessAction.CREATE, AccessAction.UPDATE]).count()


def _obj(scene, key):
    if key in ("north", "south"):
        return scene["districts"][key]
    return scene[key] if key in scene else scene["cast"][key]


# (id, entry model, other values(scene), field, in-scope key, out-of-scope key)
ENTRY_FKS = [
    ("child", m.ChildView, lambda s: {"views": "I feel safe."}, "child", "child_north", "child_south"),
    (
        "address",
        m.Incident,
        lambda s: {"kind": "other", "children_present": 0},
        "address",
        "address_north",
        "address_south",
    ),
    ("team", m.Investigation, lambda s: {"offence_category": "neglect"}, "team", "team_north", "team_south"),
    (
        "officer",
        m.Investigation,
        lambda s: {"offence_category": "neglect"},
        "officer",
        "officer_north",
        "officer_south",
    ),
    (
        "investigation",
        m.InvestigationStep,
        lambda s: {"kind": "update"},
        "investigation",
        "investigation_north",
        "investigation_south",
    ),
    (
        "protected-person",
        m.InvestigationStep,
        lambda s: {"kind": "update", "investigation": s["investigation_north"]},
        "protected_person",
        "child_north",
        "child_south",
    ),
    ("detention", m.DetentionReview, lambda s: {}, "detention", "detention_north", "detention_south"),
    (
        "subject",
        m.OffenderManagement,
        lambda s: {"risk_level": "low"},
        "subject",
        "adult_north",
        "adult_south",
    ),
    (
        "manager",
        m.OffenderManagement,
        lambda s: {"risk_level": "low", "subject": s["adult_north"]},
        "manager",
        "officer_north",
        "officer_south",
    ),
    ("management", m.OffenderVisit, lambda s: {}, "management", "management_north", "management_south"),
    (
        "order-subject",
        m.ProtectiveOrder,
        lambda s: {"kind": "cawn", "decision": "served"},
        "subject",
        "adult_north",
        "adult_south",
    ),
    (
        "incident",
        m.DemeanourRecord,
        lambda s: {"child": s["child_north"], "demeanour": "calm", "seen_alone": "yes"},
        "incident",
        "incident_north",
        "incident_south",
    ),
]
IDS = [row[0] for row in ENTRY_FKS]
PARAMS = [row[1:] for row in ENTRY_FKS]


def _form_value(value) -> str:
    return str(value.pk) if hasattr(value, "pk") else str(value)


# --- The entry service: every path (page, API, import) goes through it ------------------------


@pytest.mark.parametrize(("model", "other", "field", "inside", "outside"), PARAMS, ids=IDS)
def test_entry_service_refuses_a_reference_out_of_scope(scene, model, other, field, inside, outside):
    before = model.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.entry_create(
            actor=scene["cast"]["officer_north"],
            case=scene["case_north"],
            model=model,
            cleaned_data={"occurred_at": at("2026-03-04"), **other(scene), field: _obj(scene, outside)},
        )
    assert list(refused.value.message_dict) == [field]
    assert "does not exist" in refused.value.message_dict[field][0]
    assert model.objects.count() == before
    assert _writes() == 0


@pytest.mark.parametrize(("model", "other", "field", "inside", "outside"), PARAMS, ids=IDS)
def test_entry_service_accepts_a_reference_in_scope(scene, model, other, field, inside, outside):
    entry = services.entry_create(
        actor=scene["cast"]["officer_north"],
        case=scene["case_north"],
        model=model,
        cleaned_data={"occurred_at": at("2026-03-04"), **other(scene), field: _obj(scene, inside)},
    )
    assert getattr(entry, field) == _obj(scene, inside)


def test_entry_service_refuses_a_case_out_of_scope(scene):
    with pytest.raises(ValidationError) as refused:
        services.entry_create(
            actor=scene["cast"]["officer_north"],
            case=scene["case_south"],
            model=m.CaseNote,
            cleaned_data={"occurred_at": at("2026-03-04"), "kind": "general", "text": "Called"},
        )
    assert "case" in refused.value.message_dict
    assert not m.CaseNote.objects.exists() and _writes() == 0


def test_entry_service_refuses_to_repoint_an_entry_out_of_scope(scene):
    incident = scene["incident_north"]
    with pytest.raises(ValidationError) as refused:
        services.entry_update(
            actor=scene["cast"]["officer_north"],
            entry=incident,
            cleaned_data={"address": scene["address_south"]},
        )
    assert "address" in refused.value.message_dict
    incident.refresh_from_db()
    assert incident.address is None and _writes() == 0


def test_entry_service_refuses_an_entry_of_a_case_out_of_scope(scene):
    incident = scene["incident_south"]
    with pytest.raises(ValidationError):
        services.entry_update(
            actor=scene["cast"]["officer_north"], entry=incident, cleaned_data={"kind": "missing_report"}
        )
    incident.refresh_from_db()
    assert incident.kind == "domestic_abuse" and _writes() == 0


# --- The entry pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "other", "field", "inside", "outside"), PARAMS, ids=IDS)
def test_entry_page_refuses_a_reference_out_of_scope(scene, client_for, model, other, field, inside, outside):
    before = model.objects.count()
    data = {"occurred_at": WHEN, **{k: _form_value(v) for k, v in other(scene).items()}}
    data[field] = _form_value(_obj(scene, outside))
    url = reverse("cases:entry_add", args=[scene["case_north"].pk, entry_kind(model)])

    response = client_for("officer_north").post(url, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert model.objects.count() == before and _writes() == 0


@pytest.mark.parametrize(("model", "other", "field", "inside", "outside"), PARAMS, ids=IDS)
def test_entry_page_accepts_a_reference_in_scope(scene, client_for, model, other, field, inside, outside):
    data = {"occurred_at": WHEN, **{k: _form_value(v) for k, v in other(scene).items()}}
    data[field] = _form_value(_obj(scene, inside))
    url = reverse("cases:entry_add", args=[scene["case_north"].pk, entry_kind(model)])

    response = client_for("officer_north").post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    assert _writes() == 1


def test_entry_page_of_a_case_out_of_scope_is_not_found(scene, client_for):
    url = reverse("cases:entry_add", args=[scene["case_south"].pk, entry_kind(m.CaseNote)])
    response = client_for("officer_north").post(url, {"occurred_at": WHEN, "kind": "general", "text": "x"})
    assert response.status_code == 404
    assert not m.CaseNote.objects.exists() and _writes() == 0


# --- Cases: district, team, officer in charge, supervisor --------------------------------------

CASE_FKS = [
    ("district", "district", "north", "south"),
    ("team", "team", "team_north", "team_south"),
    ("officer-in-charge", "officer_in_charge", "supervisor_north", "officer_south"),
    ("supervisor", "supervisor", "supervisor_north", "supervisor_south"),
]


def _case_data(scene, **values):
    return {
        "case_type": "missing",
        "district": scene["districts"]["north"],
        "first_reported_at": at("2026-03-04"),
        **values,
    }


@pytest.mark.parametrize(
    ("field", "inside", "outside"), [r[1:] for r in CASE_FKS], ids=[r[0] for r in CASE_FKS]
)
def test_case_service_refuses_a_reference_out_of_scope(scene, field, inside, outside):
    before = m.Case.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.case_create(
            actor=scene["cast"]["officer_north"],
            child=scene["child_north"],
            cleaned_data=_case_data(scene, **{field: _obj(scene, outside)}),
        )
    assert field in refused.value.message_dict
    assert "does not exist" in refused.value.message_dict[field][0]
    assert m.Case.objects.count() == before and _writes() == 0


@pytest.mark.parametrize(
    ("field", "inside", "outside"), [r[1:] for r in CASE_FKS], ids=[r[0] for r in CASE_FKS]
)
def test_case_service_accepts_a_reference_in_scope(scene, field, inside, outside):
    case = services.case_create(
        actor=scene["cast"]["officer_north"],
        child=scene["child_north"],
        cleaned_data=_case_data(scene, **{field: _obj(scene, inside)}),
    )
    assert getattr(case, field) == _obj(scene, inside)


@pytest.mark.parametrize(
    ("field", "inside", "outside"), [r[1:] for r in CASE_FKS], ids=[r[0] for r in CASE_FKS]
)
def test_case_update_refuses_a_reference_out_of_scope(scene, field, inside, outside):
    case = scene["case_north"]
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            actor=scene["cast"]["officer_north"], case=case, data={field: _obj(scene, outside)}
        )
    assert field in refused.value.message_dict
    case.refresh_from_db()
    assert getattr(case, field) != _obj(scene, outside) and _writes() == 0


def test_case_service_refuses_a_child_out_of_scope(scene):
    with pytest.raises(ValidationError) as refused:
        services.case_create(
            actor=scene["cast"]["officer_north"], child=scene["child_south"], cleaned_data=_case_data(scene)
        )
    assert "child" in refused.value.message_dict
    assert _writes() == 0


def test_case_officer_must_work_in_the_cases_district(scene):
    # The unit may set any officer, but a case's officer works in the case's district.
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            actor=scene["cast"]["safeguarding_unit"],
            case=scene["case_north"],
            data={"officer_in_charge": scene["cast"]["officer_south"]},
        )
    assert "officer_in_charge" in refused.value.message_dict


@pytest.mark.parametrize(
    ("field", "inside", "outside"), [r[1:] for r in CASE_FKS[:2]], ids=[r[0] for r in CASE_FKS[:2]]
)
def test_new_case_page_refuses_a_reference_out_of_scope(scene, client_for, field, inside, outside):
    data = {"case_type": "missing", "district": scene["districts"]["north"].pk, "first_reported_at": WHEN}
    data[field] = _obj(scene, outside).pk
    before = m.Case.objects.count()

    response = client_for("officer_north").post(reverse("cases:create", args=[scene["child_north"].pk]), data)

    assert response.status_code == 200 and field in response.context["form"].errors
    assert m.Case.objects.count() == before and _writes() == 0


def test_new_case_page_accepts_references_in_scope(scene, client_for):
    data = {
        "case_type": "missing",
        "district": scene["districts"]["north"].pk,
        "team": scene["team_north"].pk,
        "first_reported_at": WHEN,
    }
    response = client_for("officer_north").post(reverse("cases:create", args=[scene["child_north"].pk]), data)
    assert response.status_code == 302
    assert m.Case.objects.filter(team=scene["team_north"]).exists()


def test_new_case_page_for_a_child_out_of_scope_is_not_found(scene, client_for):
    url = reverse("cases:create", args=[scene["child_south"].pk])
    assert client_for("officer_north").get(url).status_code == 404
