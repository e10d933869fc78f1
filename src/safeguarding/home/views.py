"""Each role's home page (issue 25): where signing in lands, with the role's own work on it.
The view only picks the sections; every read is an app's selector, scoped to the viewer."""

from django.http import QueryDict
from django.shortcuts import render

from safeguarding.access.declarations import ANY_STAFF, requires
from safeguarding.access.models import AccessAction
from safeguarding.access.roles import Permission
from safeguarding.access.selectors import access_events_for
from safeguarding.access.services import access_record
from safeguarding.audits.selectors import audits_visible_to
from safeguarding.cases.selectors import recent_children_for
from safeguarding.exchange.selectors import recent_batches
from safeguarding.reports.selectors import REPORTS
from safeguarding.reports.views import DESCRIPTIONS
from safeguarding.standards.forms import IndicatorFilterForm
from safeguarding.standards.selectors import (
    IndicatorFilters,
    WorklistScope,
    indicators,
    percent,
    standard_name,
    worklist_for,
)

# Enough to start the day with; the full lists are one link away.
HOME_ITEMS = 10
WEAKEST_STANDARDS = 5


def _weakest_standards(limit: int) -> list[dict]:
    """The force's least-met standards over the last twelve months (aggregates only)."""
    form = IndicatorFilterForm.from_query(QueryDict())
    report = indicators(form.filters() if form.is_valid() else IndicatorFilters())
    rated = [s for s in report.standards if s.overall.total]  # worst first already
    return [
        {
            "name": standard_name(s.standard_id),
            "rate": percent(s.overall.rate),
            "met": s.overall.met,
            "total": s.overall.total,
        }
        for s in rated[:limit]
    ]


@requires(ANY_STAFF)
def home(request):
    user = request.user
    context: dict = {}
    logged: dict = {}
    if user.can(Permission.VIEW_WORKLIST):
        scope = WorklistScope.TEAM if user.can(Permission.VIEW_TEAM_WORKLIST) else WorklistScope.MINE
        work = worklist_for(user, scope=scope, limit=HOME_ITEMS)
        context["work"] = work
        logged["worklist_cases"] = sorted({item.case_id for item in work.items})
    if user.can(Permission.EDIT_RECORDS) and not user.can(Permission.VIEW_TEAM_WORKLIST):
        children = recent_children_for(user, limit=HOME_ITEMS)
        context["recent_children"] = children
        logged["children"] = [child.person_id for child in children]
    if user.can(Permission.DEFINE_AUDITS):
        context["weakest"] = _weakest_standards(WEAKEST_STANDARDS)
    # The auditor's and the inspector's audits (the unit, which defines audits, sees indicators).
    auditing = user.can(Permission.MANAGE_AUDITS) or user.can(Permission.GRADE_AS_INSPECTOR)
    if auditing and not user.can(Permission.DEFINE_AUDITS):
        context["audits"] = list(audits_visible_to(user).select_related("programme")[:HOME_ITEMS])
    if user.can(Permission.VIEW_REPORTS) and not user.can(Permission.VIEW_CHILD_RECORD):
        context["reports"] = [(slug, module.TITLE, DESCRIPTIONS[slug]) for slug, module in REPORTS.items()]
    if user.can(Permission.IMPORT_DATA):
        context["batches"] = list(recent_batches(limit=HOME_ITEMS))
    if user.can(Permission.VIEW_ACCESS_LOG):
        events = list(access_events_for(user)[:HOME_ITEMS])
        context["events"] = events
        logged["access_events"] = [event.pk for event in events]
    if logged:
        # The page names children or shows who read what: a consultation, logged (ids only).
        access_record(actor=user, action=AccessAction.VIEW, object_type="home", detail=logged)
    return render(request, "home/home.html", context)
