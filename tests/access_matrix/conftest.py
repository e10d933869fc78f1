import pytest


@pytest.fixture
def world(cast, districts):
    """The objects every row can use, plus what each app's module adds (its `build`)."""
    from tests.access_matrix.test_matrix import _modules
    from tests.access_matrix.world import build_world

    world = build_world(cast, districts)
    for module in _modules():
        if hasattr(module, "build"):
            module.build(world)
    return world
