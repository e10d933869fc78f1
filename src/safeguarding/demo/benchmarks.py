"""Benchmarks are registered by the app that owns the capability, in its `bench.py`:

    from safeguarding.demo.benchmarks import benchmark

    @benchmark("lookup")
    def bench_lookup(*, children: int, seed: int, small: bool) -> dict: ...

`safeguarding bench NAME --children N --json` runs one and prints its JSON.
"""

import importlib
from collections.abc import Callable

from django.apps import apps

Benchmark = Callable[..., dict]
_REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    def register(func: Benchmark) -> Benchmark:
        _REGISTRY[name] = func
        return func

    return register


def registered_benchmarks() -> dict[str, Benchmark]:
    for config in apps.get_app_configs():
        if config.name.startswith("safeguarding."):
            try:
                importlib.import_module(f"{config.name}.bench")
            except ModuleNotFoundError as missing:
                if missing.name != f"{config.name}.bench":
                    raise
    return dict(sorted(_REGISTRY.items()))
