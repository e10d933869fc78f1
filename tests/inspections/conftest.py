import pytest


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Evidence files land in the test's own folder, never the demo's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
