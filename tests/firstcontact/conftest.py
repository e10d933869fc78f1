import pytest
from django.urls import Resolver404, resolve

API_PATH = "/api/v1/first-contact/lookup/"


@pytest.fixture
def api_path(settings):
    """The API path, wired through a test URLconf until the project's api_urls includes it."""
    try:
        resolve(API_PATH)
    except Resolver404:
        settings.ROOT_URLCONF = "tests.firstcontact.urls"
    return API_PATH
