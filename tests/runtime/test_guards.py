"""Issue 22: the demo's commands refuse to run in production."""

import pytest
from django.core.management import CommandError, call_command

from safeguarding.benches.registry import registered_benchmarks


@pytest.mark.parametrize(
    "command, args",
    [
        ("demo_data", ["--children", "10", "--replace"]),
        ("bench", ["standards", "--small"]),
        ("demo_code", []),
    ],
)
def test_demo_commands_refuse_in_production(settings, command, args):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses to run in production"):
        call_command(command, *args)  # no database mark: refused before any query


def test_the_nightly_rejudge_bench_is_registered():
    assert "nightly-rejudge" in registered_benchmarks()
