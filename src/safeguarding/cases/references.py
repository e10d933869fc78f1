"""Case references in the force's one format (settings.CASE_REFERENCE_FORMAT), e.g. NM26-0000222.

The format ends with {number}: the next number under the prefix the rest of the format gives
(force code, district code, year). The next number follows the highest one already used under the
prefix, so references loaded from another system in the same format are never reused."""

import string

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from safeguarding.cases.models import Case

FIELDS = {"force", "district", "yy", "yyyy", "number"}


def _split(fmt: str) -> tuple[str, str]:
    """(prefix template, number template); refuses a format that does not end with {number}."""
    parsed = list(string.Formatter().parse(fmt))
    names = {name for _, name, _, _ in parsed if name is not None}
    last = parsed[-1] if parsed else None
    if (
        names - FIELDS
        or last is None
        or last[1] != "number"
        or sum(n == "number" for _, n, _, _ in parsed) != 1
    ):
        raise ImproperlyConfigured(
            f"CASE_REFERENCE_FORMAT {fmt!r}: use only the fields {sorted(FIELDS)}, ending with {{number}}."
        )
    cut = fmt.rindex("{number")
    return fmt[:cut], fmt[cut:]


def next_reference(case: Case, fmt: str | None = None) -> str:
    prefix_template, number_template = _split(fmt or settings.CASE_REFERENCE_FORMAT)
    year = case.first_reported_at.year
    prefix = prefix_template.format(
        force=settings.FORCE_CODE, district=case.district.code.upper(), yy=f"{year % 100:02d}", yyyy=year
    )
    used = Case.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in used if ref[len(prefix) :].isdigit()]
    return prefix + number_template.format(number=max(numbers, default=0) + 1)
