"""The top navigation: one entry per capability, shown to the roles that may use it.
A capability whose pages are not installed yet is simply left out."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from safeguarding.access.roles import Permission

NAVIGATION = [
    (_("Find a child"), "people:search", Permission.SEARCH_PEOPLE),
    (_("First contact"), "firstcontact:lookup", Permission.FIRST_CONTACT_LOOKUP),
    (_("My worklist"), "standards:worklist", Permission.VIEW_WORKLIST),
    (_("Indicators"), "standards:indicators", Permission.VIEW_INDICATORS),
    (_("Audits"), "audits:index", Permission.MANAGE_AUDITS),
    (_("Audits"), "audits:index", Permission.GRADE_AS_INSPECTOR),
    (_("Audit approvals"), "audits:additions", Permission.APPROVE_AUDIT_ADDITIONS),
    (_("Recommendations"), "inspections:index", Permission.VIEW_RECOMMENDATIONS),
    (_("Reports"), "reports:index", Permission.VIEW_REPORTS),
    (_("Import"), "exchange:index", Permission.IMPORT_DATA),
    (_("Match review"), "exchange:review", Permission.REVIEW_MATCHES),
    (_("Duplicates"), "people:duplicates", Permission.APPROVE_MERGES),
    (_("Retention review"), "retention:worklist", Permission.REVIEW_RETENTION),
    (_("Access log"), "access_log", Permission.VIEW_ACCESS_LOG),
    (_("Users"), "users", Permission.MANAGE_USERS),
]


def navigation_for(user) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    seen: set[str] = set()
    for label, url_name, permission in NAVIGATION:
        if url_name in seen or not user.can(permission):
            continue
        try:
            links.append((label, reverse(url_name)))
        except NoReverseMatch:
            continue
        seen.add(url_name)
    return links
