"""Issue 22: joiners, movers and leavers, by page and by CSV; every change in the access log
with before and after."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from safeguarding.access.models import AccessEvent, ApiToken, SignedInSession, User
from safeguarding.access.roles import Role
from safeguarding.access.services import api_token_create
from safeguarding.access.users import Assignment, user_change, user_create, user_deactivate
from safeguarding.force.models import Team
from tests.signin import verified_client

pytestmark = pytest.mark.django_db


def last_event(username: str) -> AccessEvent:
    return AccessEvent.objects.filter(object_type="user", object_label=username).latest("id")


def test_the_admin_creates_a_joiner_with_a_temporary_password(cast, districts):
    admin = verified_client(cast["admin"])
    team = Team.objects.get(district=districts["north"], name="North Response")
    response = admin.post(
        reverse("user_new"),
        {
            "username": "pc.new",
            "first_name": "Nia",
            "last_name": "Owens",
            "email": "nia.owens@example.police.uk",
            "role": Role.OFFICER,
            "districts": [districts["north"].pk],
            "team": team.pk,
        },
    )
    assert response.status_code == 200
    temporary = response.context["temporary"]
    user = User.objects.get(username="pc.new")
    assert user.check_password(temporary) and user.must_change_password
    assert [d.code for d in user.districts.all()] == ["north"] and user.team == team
    event = last_event("pc.new")
    assert event.actor_username == "admin" and event.action == "create"
    assert event.detail["before"] is None
    assert event.detail["after"] == {
        "role": "officer",
        "districts": ["north"],
        "team": "North Response",
        "active": True,
    }


def test_an_officer_without_a_district_is_refused_with_the_field_named(cast):
    admin = verified_client(cast["admin"])
    response = admin.post(
        reverse("user_new"), {"username": "pc.x", "first_name": "A", "last_name": "B", "role": Role.OFFICER}
    )
    assert response.status_code == 200
    assert "districts" in response.context["form"].errors
    assert not User.objects.filter(username="pc.x").exists()


def test_a_mover_is_logged_with_before_and_after(cast, districts):
    admin = verified_client(cast["admin"])
    target = cast["officer_north"]
    response = admin.post(
        reverse("user_edit", args=[target.pk]),
        {"role": Role.SUPERVISOR, "districts": [districts["north"].pk, districts["south"].pk]},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.SUPERVISOR
    event = last_event("officer_north")
    assert event.action == "update"
    assert event.detail["before"]["role"] == "officer" and event.detail["before"]["districts"] == ["north"]
    assert event.detail["after"]["role"] == "supervisor" and event.detail["after"]["districts"] == [
        "north",
        "south",
    ]


def test_a_change_that_changes_nothing_is_not_logged(cast, districts):
    target = cast["officer_north"]
    before = AccessEvent.objects.count()
    same = Assignment(role=Role.OFFICER, districts=frozenset([districts["north"]]))
    assert user_change(actor=cast["admin"], user=target, assignment=same) is False
    assert AccessEvent.objects.count() == before


def test_a_team_outside_the_users_districts_is_refused(cast, districts):
    south_team = Team.objects.filter(district=districts["south"]).first()
    wrong = Assignment(role=Role.OFFICER, districts=frozenset([districts["north"]]), team=south_team)
    with pytest.raises(Exception, match="team"):
        user_change(actor=cast["admin"], user=cast["officer_north"], assignment=wrong)


def test_a_leaver_loses_sign_in_sessions_and_tokens(cast):
    target = cast["officer_north"]
    officer = verified_client(target)
    token = api_token_create(
        actor=target, user=target, label="cad", scopes=["read"], expires_in=dt.timedelta(days=5)
    ).token
    admin = verified_client(cast["admin"])
    assert admin.post(reverse("user_deactivate", args=[target.pk])).status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    assert not SignedInSession.objects.filter(user=target).exists()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert officer.get(reverse("account")).status_code == 302  # signed out
    deactivated = AccessEvent.objects.filter(
        object_label="officer_north", detail__change="user_deactivated"
    ).get()
    assert deactivated.detail["before"]["active"] is True and deactivated.detail["after"]["active"] is False


def test_the_admin_cannot_deactivate_themself(cast):
    with pytest.raises(Exception, match="own account"):
        user_deactivate(actor=cast["admin"], user=cast["admin"])


def test_a_returner_is_reactivated_with_a_new_temporary_password(cast):
    target = cast["officer_north"]
    user_deactivate(actor=cast["admin"], user=target)
    response = verified_client(cast["admin"]).post(reverse("user_reactivate", args=[target.pk]))
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.is_active and target.check_password(response.context["temporary"])


def test_the_admin_resets_the_second_factor_and_ends_sessions(cast):
    target = cast["officer_north"]
    verified_client(target)
    admin = verified_client(cast["admin"])
    assert admin.post(reverse("user_mfa_reset", args=[target.pk])).status_code == 302
    assert not target.totpdevice_set.exists()
    assert not SignedInSession.objects.filter(user=target).exists()


CSV_HEADER = "action,username,first_name,last_name,email,role,districts,team\n"


def write_csv(tmp_path, body: str):
    path = tmp_path / "staff.csv"
    path.write_text(CSV_HEADER + body, encoding="utf-8")
    return str(path)


def test_users_import_joins_moves_and_leaves_in_one_go(cast, districts, tmp_path, capsys):
    path = write_csv(
        tmp_path,
        "join,pc.csv,Rhys,Jones,,officer,north;south,North Response\n"
        "move,officer_south,,,,supervisor,south,\n"
        "leave,supervisor_north,,,,,,\n",
    )
    call_command("users_import", path, "--actor", "admin")
    out = capsys.readouterr().out
    assert "joined 1, moved 1, left 1" in out
    joiner = User.objects.get(username="pc.csv")
    assert joiner.check_password(out.strip().splitlines()[-1].split("\t")[1])
    assert sorted(d.code for d in joiner.districts.all()) == ["north", "south"]
    assert User.objects.get(username="officer_south").role == Role.SUPERVISOR
    assert User.objects.get(username="supervisor_north").is_active is False
    changes = set(
        AccessEvent.objects.filter(object_type="user", actor_username="admin").values_list(
            "detail__change", flat=True
        )
    )
    assert {"user_created", "user_changed", "user_deactivated"} <= changes


def test_a_bad_row_names_its_line_and_field_and_nothing_is_saved(cast, districts, tmp_path):
    path = write_csv(
        tmp_path,
        "join,pc.ok,Ok,Person,,officer,north,\n"
        "join,pc.bad,Bad,Person,,officer,atlantis,\n"
        "leave,nobody,,,,,,\n",
    )
    with pytest.raises(CommandError) as raised:
        call_command("users_import", path, "--actor", "admin")
    message = str(raised.value)
    assert "line 3, districts: Unknown district code(s): atlantis." in message
    assert "line 4, username: No user nobody." in message
    assert not User.objects.filter(username="pc.ok").exists()


def test_users_import_needs_an_administrator(cast, districts, tmp_path):
    path = write_csv(tmp_path, "leave,officer_south,,,,,,\n")
    with pytest.raises(CommandError, match="no active administrator"):
        call_command("users_import", path, "--actor", "officer_north")
    assert User.objects.get(username="officer_south").is_active


def test_the_service_refuses_a_taken_username(cast):
    with pytest.raises(Exception, match="taken"):
        user_create(
            actor=cast["admin"],
            username="OFFICER_NORTH",
            first_name="A",
            last_name="B",
            email="",
            assignment=Assignment(role=Role.ADMIN, districts=frozenset()),
        )
