"""One module per report; each has SLUG, TITLE, build(filters) -> Report and
cases(filters, figure) -> the cases behind one figure (before the viewer's scope is applied)."""

from types import ModuleType

from safeguarding.reports.selectors import consistency, custody, fairness, outcomes, voice

REPORTS: dict[str, ModuleType] = {
    module.SLUG: module for module in (voice, outcomes, custody, fairness, consistency)
}
