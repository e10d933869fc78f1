"""The fixed cast of named test users (STYLE.md rule 8) and hermetic defaults."""

import pytest
from django.test import Client

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.force.models import District, Team, TeamKind
from tests.signin import give_totp_device, verified_client

CAST = {
    # name: (role, districts)
    "officer_north": (Role.OFFICER, ["north"]),
    "supervisor_north": (Role.SUPERVISOR, ["north"]),
    "officer_south": (Role.OFFICER, ["south"]),
    "supervisor_south": (Role.SUPERVISOR, ["south"]),
    "safeguarding_unit": (Role.SAFEGUARDING_UNIT, []),
    "auditor": (Role.AUDITOR, []),
    "inspector": (Role.INSPECTOR, []),
    "pcc_analyst": (Role.PCC_ANALYST, []),
    "data_manager": (Role.DATA_MANAGER, []),
    "admin": (Role.ADMIN, []),
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """No persistent connections in tests: the live server's request threads must not keep
    sessions open on the test database, or PostgreSQL cannot drop it at the end."""
    from django.db import connections

    connections["default"].settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database only: Django flushes PostgreSQL with TRUNCATE, which the access log's
    guard refuses, so lift that one guard here (tests that need it put it back in their own
    transaction: `access_log_guarded`)."""
    from django.db import connection

    from safeguarding.access import guards

    with django_db_blocker.unblock():
        guards.lift_truncate_guard(connection)


@pytest.fixture
def access_log_guarded(db):
    """Every guard of the access log in place, as migrated, for this test (rolled back after)."""
    from django.db import connection

    from safeguarding.access import guards

    guards.install(connection)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _signin_limits_raised(settings):
    """Lockout thresholds come from settings; raised here so suites that sign in often are not
    locked out. The lockout's own tests lower them again."""
    settings.AXES_FAILURE_LIMIT = 1000


@pytest.fixture(autouse=True)
def _api_rates_raised(settings):
    """Tests make many API calls in a moment; the throttling tests lower the rates again."""
    settings.API_THROTTLE_RATES = {
        scope: "100000/min" for scope in ("user", "anon", "list_burst", "list_sustained")
    }
    # Counts kept outside the test's transaction (a locmem cache) would leak between tests.
    settings.API_THROTTLE_CACHE = "throttle_tests"
    settings.CACHES = {
        **settings.CACHES,
        "throttle_tests": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    }
    from django.core.cache import caches

    caches["throttle_tests"].clear()


@pytest.fixture(autouse=True)
def _uploads_in_a_throwaway_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"


@pytest.fixture
def districts(db) -> dict[str, District]:
    made = {}
    for code in ("north", "south"):
        district = District.objects.create(
            code=code, name=f"{code.title()} District", local_authority=f"{code.title()}shire"
        )
        Team.objects.create(district=district, name=f"{code.title()} Response", kind=TeamKind.RESPONSE)
        Team.objects.create(
            district=district, name=f"{code.title()} Child Abuse Team", kind=TeamKind.CHILD_ABUSE
        )
        made[code] = district
    return made


@pytest.fixture
def cast(districts) -> dict[str, User]:
    users = {}
    for username, (role, codes) in CAST.items():
        user = User.objects.create_user(
            username=username,
            password="test-password-123",
            role=role,
            first_name=username.split("_")[0].title(),
            last_name="Test",
        )
        user.districts.set([districts[code] for code in codes])
        give_totp_device(user)
        users[username] = user
    return users


@pytest.fixture
def client_for(cast):
    """client_for("officer_north") -> a logged-in test client."""

    def make(username: str) -> Client:
        # Signed in with both factors and freshly stepped up (tests/signin.py), so feature tests
        # reach exports directly; the sign-in controls' own tests use unstepped clients and the pages.
        return verified_client(cast[username], stepped_up=True)

    return make


def wipe_module_demo_force() -> None:
    """Undo a module-scoped demo force built outside the tests' transactions: its case data,
    its users and the access events their creation wrote (the demo users are made through the
    user service, which logs them), so later tests start from an empty log as every other does.
    The log's guards are lifted for the delete and put back, as the suite keeps them."""
    from django.db import connection, transaction

    from safeguarding.access import guards
    from safeguarding.access.models import AccessEvent
    from safeguarding.demo.generator import wipe_case_data

    with transaction.atomic():
        wipe_case_data()
    with transaction.atomic():
        guards.lift(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {AccessEvent._meta.db_table}")  # the model itself refuses
        guards.install(connection)
        guards.lift_truncate_guard(connection)
