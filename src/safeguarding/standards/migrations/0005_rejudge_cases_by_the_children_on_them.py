"""Issue 16: the standards judge the children on a case, no longer the number the caller reported.

Results stored before this were judged with the incident's `children_present`: a case whose caller
reported no children but with a child on it was not applicable to DEMEANOUR, SEEN_ALONE and
MARAC_INFO, and CUMULATIVE_RISK counted incidents by the number. This migration re-judges the
cases where the two disagree, and every case with an incident at the same address (CUMULATIVE_RISK
counts the household's incidents). The reported number is kept as it is, and nobody is added to a
case: where the caller reported more children than are on it, the case page shows the mismatch
and the officer adds the children they identify.
"""

from django.db import DatabaseError, migrations, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

CHILD_ROLES = ("subject_child", "child_present")


def cases_whose_children_differ(apps) -> list[int]:
    """Cases with an incident whose reported number disagrees with the children on the case,
    with the cases sharing such an incident's address."""
    Incident = apps.get_model("cases", "Incident")
    CaseParticipant = apps.get_model("cases", "CaseParticipant")
    on_case = (
        CaseParticipant.objects.filter(case=OuterRef("case"), role__in=CHILD_ROLES)
        .order_by()
        .values("case")
        .annotate(n=Count("person", distinct=True))
        .values("n")
    )
    differing = list(
        Incident.objects.annotate(on_case=Coalesce(Subquery(on_case), 0))
        .exclude(children_present=F("on_case"))
        .values("case_id", "address_id")
    )
    case_ids = {row["case_id"] for row in differing}
    addresses = sorted({row["address_id"] for row in differing if row["address_id"] is not None})
    for start in range(0, len(addresses), 500):  # under SQLite's parameter limit
        chunk = addresses[start : start + 500]
        case_ids |= set(Incident.objects.filter(address_id__in=chunk).values_list("case_id", flat=True))
    return sorted(case_ids)


def rejudge(apps, schema_editor) -> None:
    StandardResult = apps.get_model("standards", "StandardResult")
    if not StandardResult.objects.exists():
        return  # nothing judged yet (a new installation): the first evaluation judges the children
    case_ids = cases_whose_children_differ(apps)
    if not case_ids:
        return
    # The current evaluator, not a snapshot: the results are derived (ADR 2), and the point is that
    # they are judged as the code now judges them. It writes results and indicator counts together.
    from safeguarding.standards.services import cases_reevaluate

    try:
        with transaction.atomic():  # a savepoint: a failure leaves the migration's transaction usable
            cases_reevaluate(case_ids)
    except DatabaseError:
        # The evaluator reads today's models; if a later migration has not yet added what they
        # read, the derived results are rebuilt by the full run instead (ADR 17).
        print(f"\n  {len(case_ids)} case(s) to re-judge by their children: run `safeguarding evaluate`.")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_updated_at_for_sync"),
        ("people", "0006_updated_at_for_sync"),
        ("records", "0001_initial"),
        ("standards", "0004_indicator_counts_and_actionable_results"),
    ]

    operations = [migrations.RunPython(rejudge, migrations.RunPython.noop)]
