"""The top navigation: one entry per capability, shown to the roles that may use it.
A capability whose pages are not installed yet is simply left out."""

from django.urls import NoReverseMatch, reverse

from safeguarding.access.roles import Permission

NAVIGATION = [
    ("Find a child", "people:search", Permission.SEARCH_PEOPLE),
    ("First contact", "firstcontact:lookup", Permission.FIRST_CONTACT_LOOKUP),
    ("My worklist", "standards:worklist", Permission.VIEW_WORKLIST),
    ("Indicators", "standards:indicators", Permission.VIEW_INDICATORS),
    ("Audits", "audits:index", Permission.MANAGE_AUDITS),
    ("Audits", "audits:index", Permission.GRADE_AS_INSPECTOR),
    ("Audit approvals", "audits:additions", Permission.APPROVE_AUDIT_ADDITIONS),
    ("Recommendations", "inspections:index", Permission.VIEW_RECOMMENDATIONS),
    ("Reports", "reports:index", Permission.VIEW_REPORTS),
    ("Import", "exchange:index", Permission.IMPORT_DATA),
    ("Match review", "exchange:review", Permission.REVIEW_MATCHES),
    ("Duplicates", "people:duplicates", Permission.APPROVE_MERGES),
    ("Retention review", "retention:worklist", Permission.REVIEW_RETENTION),
    ("Access log", "access_log", Permission.VIEW_ACCESS_LOG),
    ("Users", "users", Permission.MANAGE_USERS),
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
