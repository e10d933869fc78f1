"""The catalogue of practice standards: one module per standard, collected here.

Each module defines `STANDARD = Standard(...)` and its `rule`; its docstring is the standard's
documentation (the interpretation of DOMAIN.md's rule, where one was needed). Adding a
standard is adding a module here and its test file in tests/standards/catalogue/.

Result rows are written only where a standard applies to a case (and child): no row means not
applicable. `results_with_not_applicable` fills the gaps for a page that shows every standard.
"""

import dataclasses
import importlib
import pkgutil

from safeguarding.cases.vocabulary import Stage
from safeguarding.standards.catalogue._standard import ROW_FIELDS, Standard

_STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}


def _discover() -> dict[str, Standard]:
    found: list[Standard] = []
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        standard: Standard = module.STANDARD
        found.append(dataclasses.replace(standard, doc=(module.__doc__ or "").strip()))
    found.sort(key=lambda s: (_STAGE_ORDER[s.stage], s.id))
    ids = [s.id for s in found]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ImportError(f"Standard ids defined twice: {sorted(duplicates)}")
    return {s.id: s for s in found}


CATALOGUE: dict[str, Standard] = _discover()

__all__ = ["CATALOGUE", "ROW_FIELDS", "Standard"]
