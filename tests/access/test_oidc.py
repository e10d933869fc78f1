"""Single sign-on by OpenID Connect against a local provider (oidc-provider-mock, test-only,
serving on a loopback port in a thread): the code flow (with PKCE) signs an existing user in by
the subject an administrator linked; the provider's `amr` claim decides whether our own second
factor is still asked for; unknown subjects, and ID tokens for another issuer or client, are
refused."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client, override_settings
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
        settings.OIDC_OP_ISSUER = discovery["issuer"]
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
    cast["officer_north"].oidc_subject = "north-1"
    cast["officer_north"].save()
    client = Client()
    response = sign_on(client, "north-1")
    assert response.status_code == 302
    assert client.get(reverse("people:search")).status_code == 200
    event = AccessEvent.objects.get(action=AccessAction.LOGIN, actor_username="officer_north")
    assert event.detail["step"] == "oidc"


def test_without_the_providers_mfa_claim_our_second_factor_is_still_asked(provider, cast):
    cast["officer_south"].oidc_subject = "south-1"
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


def test_a_matching_email_is_not_enough_without_the_linked_subject(provider, cast):
    cast["officer_north"].email = "officer.north@force.example"
    cast["officer_north"].save()
    client = Client()
    sign_on(client, "north-1")
    assert client.get(reverse("people:search"))["Location"].startswith(reverse("login"))
    assert not AccessEvent.objects.filter(action=AccessAction.LOGIN).exists()


def test_the_sign_on_request_uses_pkce(provider):
    start = Client().get(reverse("oidc_authentication_init"))
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43


@pytest.mark.parametrize(
    ("setting", "value"),
    [("OIDC_OP_ISSUER", "https://login.elsewhere.example/"), ("OIDC_OP_ISSUER", "")],
)
def test_an_id_token_from_another_issuer_is_refused(provider, cast, settings, setting, value):
    cast["officer_north"].oidc_subject = "north-1"
    cast["officer_north"].save()
    setattr(settings, setting, value)
    client = Client()
    sign_on(client, "north-1")
    assert client.get(reverse("people:search"))["Location"].startswith(reverse("login"))
    assert not AccessEvent.objects.filter(action=AccessAction.LOGIN).exists()


def test_an_id_token_for_another_client_is_refused(provider, cast):
    from safeguarding.access.oidc import ForceOIDCBackend

    backend = ForceOIDCBackend()
    good = {"iss": "https://idp.example/", "aud": "safeguarding-test", "sub": "north-1"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "mozilla_django_oidc.auth.OIDCAuthenticationBackend.verify_token", lambda *a, **k: dict(claims)
        )
        for claims, accepted in [
            (good, True),
            ({**good, "aud": ["safeguarding-test"]}, True),
            ({**good, "aud": "another-app"}, False),
            ({**good, "aud": ["another-app"]}, False),
            ({**good, "aud": ["safeguarding-test", "another-app"], "azp": "another-app"}, False),
            ({**good, "aud": ["safeguarding-test", "another-app"], "azp": "safeguarding-test"}, True),
            ({k: v for k, v in good.items() if k != "aud"}, False),
        ]:
            with override_settings(
                OIDC_OP_ISSUER="https://idp.example/", OIDC_RP_CLIENT_ID="safeguarding-test"
            ):
                assert bool(backend.verify_token("token", nonce="n")) is accepted, claims


def test_an_administrator_links_and_unlinks_the_subject_with_a_logged_command(cast):
    from django.core.management import CommandError, call_command

    user = cast["officer_north"]
    call_command("link_sign_on", user.username, "north-1")
    user.refresh_from_db()
    assert user.oidc_subject == "north-1"
    with pytest.raises(CommandError, match="already linked"):
        call_command("link_sign_on", "officer_south", "north-1")
    call_command("link_sign_on", user.username, "--unlink")
    user.refresh_from_db()
    assert user.oidc_subject is None
    changes = AccessEvent.objects.filter(object_id=str(user.pk), action=AccessAction.ACCOUNT)
    assert sorted(changes.values_list("detail__change", flat=True)) == ["sign_on_linked", "sign_on_unlinked"]


def test_the_deploy_check_asks_for_the_issuer_when_sign_on_is_enabled(settings):
    from safeguarding.access.checks import demo_second_factor_refused

    settings.OIDC_ENABLED = True
    settings.OIDC_OP_ISSUER = ""
    assert "safeguarding.E004" in [error.id for error in demo_second_factor_refused(None)]
    settings.OIDC_OP_ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
    assert "safeguarding.E004" not in [error.id for error in demo_second_factor_refused(None)]
