"""The cases behind a figure, for users who may see cases: the report's own selection, then the
viewer's scope (cases_visible_to), so a supervisor sees only the cases of their districts."""

from django.db.models import QuerySet

from safeguarding.access.models import User
from safeguarding.cases.models import Case
from safeguarding.cases.scoping import cases_visible_to
from safeguarding.reports.filters import ReportFilters
from safeguarding.reports.selectors import REPORTS

DRILLDOWN_LIMIT = 500


def figure_from(query) -> dict[str, str]:
    return {name[2:]: value for name, value in query.items() if name.startswith("f_")}


def drilldown_cases(
    viewer: User, slug: str, filters: ReportFilters, figure: dict[str, str]
) -> QuerySet[Case]:
    behind = REPORTS[slug].cases(filters, figure)
    return (
        cases_visible_to(viewer)
        .filter(pk__in=behind.values("pk"))
        .select_related("district")
        .order_by("-first_reported_at", "pk")
    )
