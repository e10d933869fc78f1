"""The benches stand above everything they measure (issue 19): each module of this package
times one capability of a feature app and registers itself here:

    from safeguarding.benches.registry import benchmark

    @benchmark("lookup")
    def bench_lookup(*, children: int | None, rows: int | None, seed: int, small: bool) -> dict: ...

No feature app imports this package (tests/test_layers.py), so the demo force and the benches
stand on the features, never under them. `safeguarding bench NAME --json` runs one.
"""

import functools
import importlib
import pkgutil
from collections.abc import Callable

import safeguarding.benches
from safeguarding.benches.floors import machine

Benchmark = Callable[..., dict]
_REGISTRY: dict[str, Benchmark] = {}
# Modules of this package that are helpers, not benches.
_NOT_BENCHES = {"apps", "registry", "floors", "management"}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a bench. Its result gains `cpu`, `calibration` and `load`, measured before it
    runs; the bench itself must return `floor` and `ratio` (floors.py)."""

    def register(func: Benchmark) -> Benchmark:
        @functools.wraps(func)
        def run(**options: object) -> dict:
            before = machine()
            result = func(**options)
            return {"benchmark": name, **result, **{k: v for k, v in before.items() if k not in result}}

        _REGISTRY[name] = run
        return func

    return register


def registered_benchmarks() -> dict[str, Benchmark]:
    for module in pkgutil.iter_modules(safeguarding.benches.__path__):
        if module.name not in _NOT_BENCHES:
            importlib.import_module(f"safeguarding.benches.{module.name}")
    return dict(sorted(_REGISTRY.items()))
