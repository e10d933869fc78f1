from safeguarding.cases.models import ENTRY_MODELS, Case, CaseParticipant
from safeguarding.exchange.loader import sources_from_path
from safeguarding.exchange.services import extract_import
from safeguarding.people.models import Address, Flag, Person


def run_import(actor, directory, *, system="NICHE", skip_invalid=False):
    return extract_import(
        actor=actor, sources=sources_from_path(directory), source_system=system, skip_invalid=skip_invalid
    )


def snapshot(*, people_references: bool = True) -> dict[str, list]:
    """Every exchanged table's rows, ids and timestamps of the import itself left out."""
    tables = {
        "addresses": Address.objects.values_list("source_reference", "line1", "line2", "town", "postcode"),
        "people": Person.objects.values_list(
            *(["source_reference"] if people_references else []),
            "forename",
            "middle_names",
            "surname",
            "date_of_birth",
            "is_child",
            "gender",
            "ethnicity",
            "looked_after",
            "phone",
            "district__code",
            "current_address__source_reference",
            "forename_key",
            "surname_key",
        ),
        "cases": Case.objects.values_list(
            "reference",
            "case_type",
            "district__code",
            "team__name",
            "officer_in_charge__username",
            "first_reported_at",
            "significant_harm_suspected",
            "summary",
            "closed_at",
        ),
        "participants": CaseParticipant.objects.values_list("case__reference", "person__forename", "role"),
        "flags": Flag.objects.values_list(
            "person__forename",
            "kind",
            "cp_category",
            "starts_on",
            "details",
            "recorded_at",
            "recorded_by__username",
        ),
    }
    out = {name: sorted(map(repr, rows)) for name, rows in tables.items()}
    for model in ENTRY_MODELS:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in {"id", "updated_at"} and not f.is_relation
        ]
        out[model.__name__] = sorted(
            repr((row, case_ref)) for *row, case_ref in model.objects.values_list(*fields, "case__reference")
        )
    return out


def finished_import_page(client, response):
    """After an upload was queued (302 to the job's page): run the worker, then the page."""
    from tests.queue import run_worker

    assert response.status_code == 302 and "/exchange/jobs/" in response["Location"], response.status_code
    run_worker()
    return client.get(response["Location"])
