"""{% load standards %}: a standard's ID as the words a person reads."""

from django import template

from safeguarding.standards.selectors import standard_name as _standard_name

register = template.Library()


@register.filter
def standard_name(standard_id: str) -> str:
    return _standard_name(str(standard_id))


@register.filter
def standard_names(standard_ids) -> str:
    """A list of IDs (or a comma-separated text of them) as names, joined with commas."""
    if isinstance(standard_ids, str):
        standard_ids = [part.strip() for part in standard_ids.split(",") if part.strip()]
    return ", ".join(_standard_name(str(standard_id)) for standard_id in standard_ids)
