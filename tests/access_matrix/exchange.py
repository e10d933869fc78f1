"""Exchange pages and the REST API over people, cases, flags and every stage entry.

The API rows ("v1:people-list" ...) resolve once safeguarding/api_urls.py includes
safeguarding.exchange.api_urls under v1 (until then they fail to reverse)."""

from django.urls import reverse

from safeguarding.cases.models import ENTRY_MODELS, Incident
from safeguarding.exchange.formats import entry_entity_name
from safeguarding.people.models import Flag
from tests.access_matrix.table import ALLOW, HIDDEN, Row
from tests.factories import at

# Roles that read child records, and what each sees of a north record.
NORTH_RECORD = {
    "officer_north": ALLOW,
    "supervisor_north": ALLOW,
    "officer_south": HIDDEN,
    "supervisor_south": HIDDEN,
    "safeguarding_unit": ALLOW,
    "auditor": ALLOW,
    "inspector": ALLOW,
}
READERS = {role: ALLOW for role in NORTH_RECORD}
# A detail URL of a record that does not exist: every reader gets 404, the rest 403.
ABSENT = {role: HIDDEN for role in NORTH_RECORD}


def build(world):
    case = world["case_north"]
    world["incident_north"] = Incident.objects.create(
        case=case, occurred_at=at("2026-03-02"), kind="domestic_abuse"
    )
    world["flag_north"] = Flag.objects.create(
        person=world["child_north"], kind="cse_risk", starts_on="2026-01-01", recorded_at=at("2026-01-01")
    )


def _detail(name: str, key: str | None):
    if key is None:
        return lambda w: reverse(f"v1:{name}-detail", args=[987654321])
    return lambda w: reverse(f"v1:{name}-detail", args=[w[key].pk])


ROWS = [
    # Bulk import is the data manager's alone (issue 12): not the administrator, not the unit.
    Row("exchange:index", lambda w: reverse("exchange:index"), {"data_manager": ALLOW}),
    # The queue: the data manager sees what waits; the safeguarding unit decides.
    Row(
        "exchange:review",
        lambda w: reverse("exchange:review"),
        {"safeguarding_unit": ALLOW, "data_manager": ALLOW},
    ),
    # Imported changes held back (issue 17): decided by the reviewer of child records alone.
    Row("exchange:conflicts", lambda w: reverse("exchange:conflicts"), {"safeguarding_unit": ALLOW}),
    Row("api:v1:people-list", lambda w: reverse("v1:people-list"), READERS),
    Row("api:v1:people-detail", _detail("people", "child_north"), NORTH_RECORD),
    Row("api:v1:cases-list", lambda w: reverse("v1:cases-list"), READERS),
    Row("api:v1:cases-detail", _detail("cases", "case_north"), NORTH_RECORD),
    Row("api:v1:flags-list", lambda w: reverse("v1:flags-list"), READERS),
    Row("api:v1:flags-detail", _detail("flags", "flag_north"), NORTH_RECORD),
    Row("api:v1:participants-list", lambda w: reverse("v1:participants-list"), READERS),
    Row("api:v1:participants-detail", _detail("participants", "subject_north"), NORTH_RECORD),
]
for _model in ENTRY_MODELS:
    _name = entry_entity_name(_model)
    ROWS.append(Row(f"api:v1:{_name}-list", lambda w, n=_name: reverse(f"v1:{n}-list"), READERS))
    ROWS.append(
        Row(
            f"api:v1:{_name}-detail",
            _detail(_name, "incident_north" if _model is Incident else None),
            NORTH_RECORD if _model is Incident else ABSENT,
        )
    )
