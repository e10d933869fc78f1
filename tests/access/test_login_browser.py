import pytest

from tests.browser import browser_page, login  # noqa: F401


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_signs_in_and_sees_the_access_log(browser_page, cast):  # noqa: F811
    login(browser_page, "admin")
    browser_page.goto("/access-log/")
    assert browser_page.locator("h1").inner_text() == "Access log"
    # the sign-in itself is not personal data; the page lists events in a table
    assert browser_page.locator("table").count() == 1
