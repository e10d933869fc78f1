"""Build the invented demo force: deterministic for (children, seed, as_of), streamed in chunks.

from safeguarding.demo.generator import ensure_demo_force
ensure_demo_force(children=100_000, seed=1)   # reuse the force in the database, or build it
"""

import datetime as dt
import queue
import random
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from tqdm import tqdm

from safeguarding.access.mfa import base32_secret, demo_device_ensure
from safeguarding.access.models import AccessEvent, User
from safeguarding.access.roles import Role
from safeguarding.access.users import Assignment, user_create
from safeguarding.demo.casework import Casework
from safeguarding.demo.force import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DISTRICTS,
    DemoLogin,
    Force,
    build_force,
)
from safeguarding.demo.households import WorkingDays
from safeguarding.demo.models import DemoForceBuild
from safeguarding.demo.schema import Ids, Rows, build_tables
from safeguarding.demo.tables import DeferredIndexes, Loader, reset_sequences, sequences_follow
from safeguarding.people.matching import person_keys_refresh
from safeguarding.people.models import Person

DEFAULT_AS_OF = dt.date(2026, 10, 31)
CHUNK_CHILDREN = 2000
# From this size up, PostgreSQL loads in bulk mode: non-unique indexes are dropped and rebuilt after
# the load, and (for a superuser) foreign-key triggers are skipped (session_replication_role =
# replica); the generator assigns every id itself and the tests run with the checks on.
BULK_FROM = 50_000
# Apps whose rows are the demo's case data; tables that point at them go too.
CASE_DATA_APPS = {"force", "people", "cases", "standards", "demo"}


class DemoForceExists(Exception):
    """The database already holds people; refuse to mix an invented force into it."""


@dataclass
class DemoResult:
    children: int
    seed: int
    as_of: dt.date
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    skipped: bool = False

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def generate_demo_force(
    *,
    children: int,
    seed: int,
    as_of: dt.date | None = None,
    replace: bool = False,
    if_empty: bool = False,
    progress: bool = False,
    bulk: bool | None = None,
) -> DemoResult:
    as_of = as_of or DEFAULT_AS_OF
    result = DemoResult(children=children, seed=seed, as_of=as_of)
    with transaction.atomic():
        if Person.objects.exists():
            if if_empty:
                result.skipped = True
                result.logins = existing_logins()
                demo_second_factors(result.logins)
                return result
            if not replace:
                raise DemoForceExists(
                    "The database already holds people. Use --if-empty to keep them, or --replace to "
                    "wipe the case data and build the demo force again (the access log is kept)."
                )
            wipe_case_data()
        started = time.perf_counter()
        bulk = (children >= BULK_FROM if bulk is None else bulk) and connection.vendor == "postgresql"
        counts, logins = _build(children=children, seed=seed, as_of=as_of, progress=progress, bulk=bulk)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        result.seconds = round(time.perf_counter() - started, 2)
        result.counts = counts
        result.logins = logins
        demo_second_factors(logins)
        DemoForceBuild.objects.create(
            children=children,
            seed=seed,
            as_of=as_of,
            built_at=timezone.now(),
            seconds=result.seconds,
            rows=result.rows,
        )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A freshly loaded key table has no visibility map, so name lookups read the heap (ten
        # times slower) until autovacuum comes round; VACUUM cannot run inside a transaction.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) people_personnamekey")
    return result


def _build(*, children: int, seed: int, as_of: dt.date, progress: bool, bulk: bool):
    as_of_at = dt.datetime.combine(as_of, dt.time(23, 0))  # naive UTC throughout the generator
    tables = build_tables(constant_time=as_of_at)
    deferred = DeferredIndexes(tables.values())
    if bulk:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # settle the wipe's deferred checks
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        deferred.drop()
        if _is_superuser():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
    loader = Loader()
    last_user = User.objects.order_by("-id").values_list("id", flat=True).first() or 0
    user_district = User.districts.through
    last_link = user_district.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = Ids(start={"user": last_user + 1, "user_district": last_link + 1})

    rows = Rows()

    def write_force(force_rows: Rows) -> None:
        _write(loader, tables, force_rows)
        # The named logins come next from the database's own ids: make those follow ours.
        sequences_follow(tables["user"], tables["user_district"])

    named_login = DemoLogins(joined=as_of_at - dt.timedelta(days=4 * 365), seed=seed)
    force = build_force(
        rows,
        ids,
        children=children,
        seed=seed,
        as_of=as_of_at,
        write_force=write_force,
        named_login=named_login,
    )
    _write(loader, tables, rows)
    with (
        _Writer(loader, tables) as writer,
        tqdm(total=children, unit="child", file=sys.stderr, disable=not progress, smoothing=0.1) as bar,
    ):
        for rows, n in casework_chunks(children=children, seed=seed, as_of=as_of_at, ids=ids, force=force):
            writer.put(rows)
            bar.update(n)
    if bulk:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")
        deferred.rebuild()
    reset_sequences(tables.values())
    person_keys_refresh()  # every name part's search keys, set-based (people/matching.py)
    return loader.counts, force.logins


class DemoLogins:
    """The named demo logins (officer, supervisor, admin, ...), made through the user service
    (access/users.py) as an administrator makes any account, so each is in the access log with
    its role, districts and team. The thousands of generated staff behind the cases stay bulk
    rows. Every login shares the published demo password, hashed once with a salt from the seed
    (hashing is slow, and two builds with one seed must write identical rows)."""

    ACTOR = "demo-data"  # who the access log says made them: this command, not a person

    def __init__(self, *, joined: dt.datetime, seed: int):
        self.joined = timezone.make_aware(joined, dt.UTC) if timezone.is_naive(joined) else joined
        self.password_hash = make_password(DEMO_PASSWORD, salt=f"northmoordemo{seed}")
        self.actor = User(username=self.ACTOR, role=Role.ADMIN)  # never saved

    def __call__(self, username, role, district_id, team_id, forename, surname) -> int:
        from safeguarding.force.models import District, Team

        districts = frozenset(District.objects.filter(pk=district_id)) if district_id else frozenset()
        team = Team.objects.get(pk=team_id) if team_id else None
        user, _ = user_create(
            actor=self.actor,
            username=username,
            first_name=forename,
            last_name=surname,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            assignment=Assignment(role=str(role), districts=districts, team=team),
            password_hash=self.password_hash,
        )
        # The demo's staff joined four years before its as-of date, the named logins with them.
        User.objects.filter(pk=user.pk).update(date_joined=self.joined)
        return user.pk


def casework_chunks(
    *, children: int, seed: int, as_of: dt.datetime, ids: Ids, force: Force
) -> Iterator[tuple[Rows, int]]:
    """The households and cases of `children` children, one chunk's rows at a time (with how
    many children the chunk holds). No database: the rows depend on (children, seed, as_of)."""
    calendar = WorkingDays(as_of.date() - dt.timedelta(days=5 * 365), as_of.date())
    made = 0
    chunk = 0
    while made < children:
        rows = Rows()
        work = Casework(
            rng=random.Random(seed * 1_000_003 + chunk),
            truth_rng=random.Random(f"true practice grades {seed} {chunk}"),
            ids=ids,
            rows=rows,
            force=force,
            as_of=as_of,
            cal=calendar,
        )
        target = min(CHUNK_CHILDREN, children - made)
        n = 0
        while n < target:
            n += work.history(max_children=min(5, target - n))
        yield rows, n
        made += n
        chunk += 1


class _Writer:
    """On PostgreSQL a thread COPYs one chunk while the next is generated (the server's work
    overlaps Python's); on SQLite rows are written in line."""

    def __init__(self, loader: Loader, tables):
        self.loader = loader
        self.tables = tables
        self.threaded = connection.vendor == "postgresql"
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="demo-copy", daemon=True)

    def __enter__(self):
        if self.threaded:
            self.thread.start()
        return self

    def put(self, rows: Rows) -> None:
        if not self.threaded:
            _write(self.loader, self.tables, rows)
            return
        if self.failure is not None:
            raise self.failure
        self.queue.put(rows)

    def _run(self) -> None:
        while (rows := self.queue.get()) is not None:
            if self.failure is None:
                try:
                    _write(self.loader, self.tables, rows)
                except BaseException as failure:  # re-raised in the generating thread
                    self.failure = failure

    def __exit__(self, *exc):
        if self.threaded:
            self.queue.put(None)
            self.thread.join()
            if self.failure is not None and exc[0] is None:
                raise self.failure
        return False


def _write(loader: Loader, tables, rows: Rows) -> None:
    for key, table_rows in rows.items():
        if table_rows:
            loader.write(tables[key], table_rows)


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        return cursor.fetchone()[0] == "on"


def _case_data_models() -> list:
    everything = apps.get_models(include_auto_created=True)
    # The working-day calendar is not case data: its rows never change, and the standards engine
    # remembers for the life of the process which days it already holds (so it must not be emptied).
    target = {
        m
        for m in everything
        if m._meta.app_label in CASE_DATA_APPS and m._meta.label != "standards.WorkingDayOffset"
    }
    grown = True
    while grown:
        grown = False
        for model in everything:
            if model in target or model in (User, AccessEvent):
                continue
            if any(f.is_relation and f.related_model in target for f in model._meta.concrete_fields):
                target.add(model)
                grown = True
    return sorted(target, key=lambda m: m._meta.db_table)


def wipe_case_data() -> None:
    """Remove people, cases, the force and the demo staff; the access log stays (append-only)."""
    from safeguarding.force.models import District, Team

    targets = _case_data_models()
    quote = connection.ops.quote_name
    User.objects.exclude(team=None).update(team=None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred foreign-key checks still queued: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Not the force tables: TRUNCATE ... CASCADE on them would empty the user table too.
            big = [m._meta.db_table for m in targets if m not in (District, Team)]
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in big)} RESTART IDENTITY CASCADE")
            cursor.execute(f"DELETE FROM {quote(Team._meta.db_table)}")
            cursor.execute(f"DELETE FROM {quote(District._meta.db_table)}")
        else:
            # Django declares SQLite foreign keys DEFERRABLE INITIALLY DEFERRED: any order works.
            for model in targets:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
    User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()


def existing_logins() -> list[DemoLogin]:
    """The named demo logins already in the database (for --if-empty)."""
    logins = []
    named = ["officer", "supervisor", "safeguarding", "auditor", "inspector", "pcc", "data", "admin"]
    for plan in DISTRICTS[1:]:
        named += [f"officer.{plan.code}", f"supervisor.{plan.code}"]
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=named, email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
        ).prefetch_related("districts")
    }
    for username in named:
        user = users.get(username)
        if user is not None:
            district = ", ".join(d.name for d in user.districts.all()) or "(force-wide)"
            logins.append(DemoLogin(username, user.role, district))
    return logins


def demo_second_factors(logins: list[DemoLogin]) -> None:
    """Give each named demo login the demo force's known TOTP secret (settings.DEMO_MFA_SECRET),
    so `make demo` can print how to pass the second factor. Refused where the secret is unset
    (production: a deploy check fails if it is set there)."""
    for user in User.objects.filter(username__in=[login.username for login in logins]):
        demo_device_ensure(user)


def second_factor_help() -> str:
    secret = base32_secret(TOTPDevice(key=settings.DEMO_MFA_SECRET))
    return (
        "Second factor (every role): after the password, type the six-digit code of the demo key\n"
        f"  {secret}\n"
        "added to any authenticator app (TOTP, 30 s), or print the current code with\n"
        "  .venv/bin/safeguarding demo-code\n"
        "The demo key is refused in production (DEMO_MFA_SECRET; `make check-deploy`)."
    )


def logins_table(logins: list[DemoLogin]) -> str:
    header = ("username", "role", "district", "password")
    lines = [header] + [(lg.username, lg.role, lg.district, DEMO_PASSWORD) for lg in logins]
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def ensure_demo_force(*, children: int, seed: int = 1, progress: bool = False) -> DemoForceBuild:
    """Reuse the demo force in the database if it was built with this seed and at least this many
    children; otherwise build it (replacing an older demo force, never data that is not one)."""
    build = DemoForceBuild.objects.order_by("-built_at", "-id").first()
    if build is not None and build.seed == seed and build.children >= children and Person.objects.exists():
        return build
    if build is None and Person.objects.exists():
        raise DemoForceExists("The database holds people that are not a demo force; not replacing them.")
    generate_demo_force(children=children, seed=seed, replace=True, progress=progress)
    return DemoForceBuild.objects.order_by("-built_at", "-id").first()
