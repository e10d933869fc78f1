"""API tokens (issue 13): stored as digests, expiring, scoped, revocable; refused after a
password change or deactivation; a missing or bad token answers 401 with WWW-Authenticate."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from safeguarding.access.models import AccessAction, AccessEvent, ApiToken
from safeguarding.access.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/first-contact/lookup/"


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.world import build_world

    return build_world(cast, districts)


@pytest.fixture
def issue(cast):
    def make(username="officer_north", scopes=("read",), days=30, label="test") -> str:
        user = cast[username]
        return api_token_create(
            actor=cast["admin"],
            user=user,
            label=label,
            scopes=list(scopes),
            expires_in=dt.timedelta(days=days),
        ).plaintext

    return make


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def person_url(world) -> str:
    return f"/api/v1/people/{world['child_north'].pk}/"


# --- hashing --------------------------------------------------------------------------------


def test_only_a_digest_of_the_token_is_stored(issue, world):
    plaintext = issue()
    _sg, prefix, secret = plaintext.split("_", 2)
    assert len(secret) >= 40  # 256 random bits

    token = ApiToken.objects.get()
    assert token.prefix == prefix and token.digest != secret and len(token.digest) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM access_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored
    assert bearer(plaintext).get(person_url(world)).status_code == 200


def test_the_right_prefix_with_a_wrong_secret_is_refused(issue, world):
    plaintext = issue()
    forged = plaintext[:-4] + ("AAAA" if not plaintext.endswith("AAAA") else "BBBB")
    assert bearer(forged).get(person_url(world)).status_code == 401


# --- 401 with WWW-Authenticate ---------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer sg_nothere_nosecret", "Bearer not-a-token", "Bearer a b", "Token abcdef"],
)
def test_missing_or_invalid_credentials_answer_401_naming_the_scheme(world, authorization):
    client = APIClient()
    if authorization is not None:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    for response in (
        client.get(person_url(world)),
        client.post(LOOKUP, {"q": "x", "reason": "y"}, format="json"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_signed_in_browser_still_uses_the_api_by_session(client_for, world):
    assert client_for("officer_north").get(person_url(world)).status_code == 200


# --- expiry ----------------------------------------------------------------------------------


def test_a_token_stops_working_when_it_expires(issue, world):
    plaintext = issue(days=1)
    assert bearer(plaintext).get(person_url(world)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        assert bearer(plaintext).get(person_url(world)).status_code == 401


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_token_must_expire_within_the_allowed_life(cast, days):
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            actor=cast["admin"],
            user=cast["officer_north"],
            label="x",
            scopes=["read"],
            expires_in=dt.timedelta(days=days),
        )
    assert "expires_in" in refused.value.message_dict
    assert not ApiToken.objects.exists()


# --- scopes ----------------------------------------------------------------------------------


def test_a_read_token_reads_but_cannot_write(issue, world):
    client = bearer(issue(scopes=["read"]))
    assert client.get(person_url(world)).status_code == 200
    assert client.get("/api/v1/people/").status_code == 200
    # The lookup is a POST that only reads.
    assert (
        client.post(
            LOOKUP,
            {"q": "Amelia Hartley", "reason_code": "call_for_service", "reason_reference": "INC-0001"},
            format="json",
        ).status_code
        == 200
    )
    refused = client.patch(person_url(world), {"surname": "Muhammad"}, format="json")
    assert refused.status_code == 403 and "write" in refused.json()["detail"]
    world["child_north"].refresh_from_db()
    assert world["child_north"].surname == "Hartley"


def test_a_write_only_token_cannot_read(issue, world):
    client = bearer(issue(scopes=["write"]))
    assert client.get(person_url(world)).status_code == 403
    assert (
        client.patch(
            person_url(world), {"surname": "Muhammad"}, format="json", HTTP_IF_MATCH='"1"'
        ).status_code
        == 200
    )


def test_a_token_never_exceeds_its_users_role_or_districts(issue, world):
    # District scope: out of scope looks like not found, as for the user.
    assert bearer(issue("officer_south", scopes=["read", "write"])).get(person_url(world)).status_code == 404
    # Role: a read token of a role without case access reads no records.
    assert bearer(issue("pcc_analyst", scopes=["read"])).get("/api/v1/people/").status_code == 403


@pytest.mark.parametrize(
    ("username", "scope"), [("auditor", "write"), ("officer_north", "import"), ("admin", "write")]
)
def test_a_scope_the_users_role_cannot_use_is_refused_at_creation(cast, username, scope):
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            actor=cast["admin"],
            user=cast[username],
            label="x",
            scopes=[scope],
            expires_in=dt.timedelta(days=1),
        )
    assert scope in refused.value.message_dict["scopes"][0]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(("scopes", "field"), [([], "scopes"), (["everything"], "scopes")])
def test_bad_scopes_are_refused_naming_the_field(cast, scopes, field):
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            actor=cast["admin"],
            user=cast["officer_north"],
            label="x",
            scopes=scopes,
            expires_in=dt.timedelta(days=1),
        )
    assert field in refused.value.message_dict


# --- revocation ------------------------------------------------------------------------------


def test_a_revoked_token_is_refused_and_both_ends_are_logged(issue, world, cast):
    plaintext = issue()
    token = ApiToken.objects.get()
    assert bearer(plaintext).get(person_url(world)).status_code == 200

    api_token_revoke(actor=cast["admin"], token=token, reason="laptop lost")

    assert bearer(plaintext).get(person_url(world)).status_code == 401
    issued = AccessEvent.objects.get(action=AccessAction.TOKEN_ISSUE)
    revoked = AccessEvent.objects.get(action=AccessAction.TOKEN_REVOKE)
    assert issued.object_id == revoked.object_id == str(token.pk)
    assert issued.detail["user"] == "officer_north" and issued.detail["scopes"] == ["read"]
    assert plaintext.split("_", 2)[2] not in str(issued.detail)
    assert revoked.reason == "laptop lost" and revoked.actor_username == "admin"


def test_revocation_needs_a_reason(issue, cast):
    issue()
    with pytest.raises(ValidationError) as refused:
        api_token_revoke(actor=cast["admin"], token=ApiToken.objects.get(), reason=" ")
    assert "reason" in refused.value.message_dict
    assert ApiToken.objects.get().revoked_at is None


def test_a_password_change_revokes_the_users_tokens(issue, world, cast):
    plaintext = issue()
    user = cast["officer_north"]
    user.set_password("a-new-password-456")
    user.save()
    assert bearer(plaintext).get(person_url(world)).status_code == 401
    # A token issued under the new password works.
    assert bearer(issue()).get(person_url(world)).status_code == 200


def test_deactivating_the_user_revokes_their_tokens(issue, world, cast):
    plaintext = issue()
    user = cast["officer_north"]
    user.is_active = False
    user.save()
    assert bearer(plaintext).get(person_url(world)).status_code == 401


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_only_my_tokens_and_never_their_secrets(issue, client_for):
    mine = issue("officer_north", label="my integration")
    theirs = issue("officer_south", label="their integration")
    page = client_for("officer_north").get("/api-tokens/").content.decode()
    assert "my integration" in page and "their integration" not in page
    assert mine.split("_", 2)[2] not in page and theirs.split("_", 2)[1] not in page


def test_i_can_revoke_my_token_but_not_someone_elses(issue, client_for, world):
    mine = issue("officer_north")
    theirs = issue("officer_south", label="theirs")
    mine_pk = ApiToken.objects.get(user__username="officer_north").pk
    theirs_pk = ApiToken.objects.get(user__username="officer_south").pk

    officer = client_for("officer_north")
    assert officer.post(f"/api-tokens/{theirs_pk}/revoke/").status_code == 404
    assert officer.get(f"/api-tokens/{mine_pk}/revoke/").status_code == 405
    assert officer.post(f"/api-tokens/{mine_pk}/revoke/").status_code == 302

    assert bearer(mine).get(person_url(world)).status_code == 401
    assert ApiToken.objects.get(pk=theirs_pk).revoked_at is None and theirs
    event = AccessEvent.objects.get(action=AccessAction.TOKEN_REVOKE)
    assert event.actor_username == "officer_north" and event.object_id == str(mine_pk)


# --- the command -----------------------------------------------------------------------------


def test_the_command_creates_lists_and_revokes(cast, world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token", "create", "--user", "officer_north", "--scope", "read", "--expires-in", "90d",
        "--label", "CAD", stdout=out, stderr=err,
    )  # fmt: skip
    plaintext = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert plaintext.startswith(f"sg_{token.prefix}_") and "shown once" in err.getvalue()
    assert token.expires_at - token.created_at == dt.timedelta(days=90) and token.label == "CAD"
    assert bearer(plaintext).get(person_url(world)).status_code == 200
    assert AccessEvent.objects.get(action=AccessAction.TOKEN_ISSUE).actor_username.startswith("cli:")

    listed = io.StringIO()
    call_command("api_token", "list", stdout=listed)
    assert token.prefix in listed.getvalue() and plaintext.split("_", 2)[2] not in listed.getvalue()

    call_command("api_token", "revoke", token.prefix, "--reason", "left the force", stdout=io.StringIO())
    assert bearer(plaintext).get(person_url(world)).status_code == 401


def test_the_command_refuses_bad_input_naming_it(cast):
    with pytest.raises(CommandError, match="expires-in"):
        call_command(
            "api_token", "create", "--user", "officer_north", "--scope", "read", "--expires-in", "soon"
        )
    with pytest.raises(CommandError, match="scopes"):
        call_command("api_token", "create", "--user", "auditor", "--scope", "write")
    with pytest.raises(CommandError, match="--user"):
        call_command("api_token", "create", "--user", "nobody", "--scope", "read")
    assert not ApiToken.objects.exists()


def test_the_command_revokes_every_token_of_a_user(issue, world):
    first, second = issue(label="one"), issue(label="two")
    call_command("api_token", "revoke", "--user", "officer_north", "--reason", "left", stdout=io.StringIO())
    assert bearer(first).get(person_url(world)).status_code == 401
    assert bearer(second).get(person_url(world)).status_code == 401
