"""Single sign-on by OpenID Connect against a local provider (oidc-provider-mock, test-only,
serving on a loopback port in a thread): the code flow signs an existing user in; the provider's
`amr` claim decides whether our own second factor is still asked for; unknown users are refused."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from safeguarding.access.models import AccessAction, AccessEvent

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    users = [
        oidc_provider_mock.User(
            sub="north-1", claims={"email": "officer.north@force.example", "amr": ["pwd", "mfa"]}
        ),
        oidc_provider_mock.User(
            sub="south-1", claims={"email": "officer.south@force.example", "amr": ["pwd"]}
        ),
        oidc_provider_mock.User(
            sub="stranger", claims={"email": "stranger@elsewhere.example", "amr": ["mfa"]}
        ),
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        base = f"http://localhost:{server.server_port}"
        discovery = requests.get(f"{base}/.well-known/openid-configuration", timeout=5).json()
        settings.ROOT_URLCONF = "tests.access.oidc_urlconf"
        settings.OIDC_ENABLED = True
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "safeguarding.access.oidc.ForceOIDCBackend",
        ]
        settings.OIDC_RP_CLIENT_ID = "safeguarding-test"
        settings.OIDC_RP_CLIENT_SECRET = "test-client-secret"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
        settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
        settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
        settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
        # The mock signs with its one key and names no `kid` in the token header; Entra ID does,
        # so production keeps mozilla-django-oidc's default check.
        settings.OIDC_VERIFY_KID = False
        yield base


def sign_on(client: Client, sub: str):
    """Start at our sign-on link, choose the user at the provider, come back with the code."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    authorize = start["Location"]
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text[:300]
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(back.path, {k: v[0] for k, v in parse_qs(back.query).items()})


def test_the_login_page_offers_single_sign_on_when_enabled(provider):
    assert reverse("oidc_authentication_init") in Client().get(reverse("login")).content.decode()


def test_a_user_whose_provider_did_mfa_signs_in_without_our_second_factor(provider, cast):
    cast["officer_north"].email = "officer.north@force.example"
    cast["officer_north"].save()
    client = Client()
    response = sign_on(client, "north-1")
    assert response.status_code == 302
    assert client.get(reverse("people:search")).status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.LOGIN, actor_username="officer_north")
    assert event.detail["step"] == "oidc"


def test_without_the_providers_mfa_claim_our_second_factor_is_still_asked(provider, cast):
    cast["officer_south"].email = "officer.south@force.example"
    cast["officer_south"].save()
    client = Client()
    sign_on(client, "south-1")
    response = client.get(reverse("people:search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))


def test_someone_the_force_has_no_account_for_is_refused(provider, cast):
    client = Client()
    sign_on(client, "stranger")
    assert client.get(reverse("people:search"))["Location"].startswith(reverse("login"))
    assert not AccessEvent.objects.filter(action=AccessAction.LOGIN).exists()
