import pytest


@pytest.mark.django_db
def test_login_page_is_public(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
