"""Role and district scope, applied first by every selector that reads case data.

Out of scope looks like not found: callers use these querysets with get_object_or_404.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.people.models import Person


def cases_visible_to(viewer: User) -> QuerySet[Case]:
    if not viewer.can(Permission.VIEW_CHILD_RECORD):
        return Case.objects.none()
    if viewer.scope == Scope.FORCE:
        return Case.objects.all()
    if viewer.scope == Scope.OWN_DISTRICTS:
        return Case.objects.filter(district_id__in=viewer.district_ids())
    if viewer.scope == Scope.AUDIT_CASES:
        return Case.objects.filter(pk__in=_audited_case_ids(viewer))
    return Case.objects.none()


def _audited_case_ids(viewer: User) -> QuerySet:
    """Cases in an audit the viewer is assigned to (audits.AuditAssignment). The force side reads
    only the self-assessed sample: an inspector's further cases are the inspectors' alone (the
    audit pages already hide them from the force). "sample" is audits.vocabulary.CaseScope.SAMPLE,
    written out so this lower floor does not import the audits app."""
    if viewer.can(Permission.GRADE_AS_INSPECTOR):
        return Case.objects.filter(audit_entries__audit__assignments__auditor=viewer).values("pk")
    # One filter() call: the assignment and the scope are of the same audit entry.
    return Case.objects.filter(
        audit_entries__audit__assignments__auditor=viewer, audit_entries__scope="sample"
    ).values("pk")


def people_visible_to(viewer: User) -> QuerySet[Person]:
    """People whose home district is the viewer's, or who are in a case of the viewer's districts."""
    if not viewer.can(Permission.VIEW_CHILD_RECORD):
        return Person.objects.none()
    if viewer.scope == Scope.FORCE:
        return Person.objects.all()
    if viewer.scope == Scope.OWN_DISTRICTS:
        districts = viewer.district_ids()
        in_district_case = CaseParticipant.objects.filter(
            person=OuterRef("pk"), case__district_id__in=districts
        )
        return Person.objects.filter(Q(district_id__in=districts) | Exists(in_district_case))
    if viewer.scope == Scope.AUDIT_CASES:
        on_audited_case = CaseParticipant.objects.filter(
            person=OuterRef("pk"), case_id__in=_audited_case_ids(viewer)
        )
        return Person.objects.filter(Exists(on_audited_case))
    return Person.objects.none()


def person_in_scope(viewer: User, person: Person) -> bool:
    return people_visible_to(viewer).filter(pk=person.pk).exists()
