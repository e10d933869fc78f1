"""`safeguarding bench lookup`: first-contact lookups end to end through the API, against the
floor of one hand-written SQL statement per query on the same database.

The query mix is fixed and derived deterministically (from the seed) from people in the
database: exact names, misspelt names, transposed names, name with date of birth, date of
birth alone, and postcodes. Each lookup is a real POST through Django's test client, made as an
integration would make it: API token (minted for the run, revoked after it), middleware,
permission, throttle (counted, its limit lifted for the run: see below),
parsing, candidates, ranking, the risk summary, the access-log row (committed), and the JSON.
"""

import datetime as dt
import os
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import TokenScope, User
from safeguarding.access.roles import Role
from safeguarding.access.services import api_token_create, api_token_revoke
from safeguarding.benches.registry import benchmark
from safeguarding.db import prepared_cursor
from safeguarding.demo.generator import ensure_demo_force
from safeguarding.firstcontact.query import parse_lookup
from safeguarding.firstcontact.selectors import ADDRESS_LIMIT, CANDIDATE_LIMIT, RESULT_LIMIT
from safeguarding.firstcontact.statements import floor_statement
from safeguarding.force.models import District
from safeguarding.people.matching import name_query
from safeguarding.people.models import Person

FULL_SIZE = 1_000_000
SMALL_SIZE = 300
ROUNDS = 3
BENCH_USER = "bench-firstcontact"
# A checked reason, as the API takes it (access.reasons): a choice from the list and a reference.
REASON = {
    "reason_code": "other",
    "reason_reference": "BENCH-0001",
    "reason_description": "safeguarding bench lookup",
}
MIX = (("exact", 10), ("misspelt", 10), ("transposed", 5), ("name_dob", 5), ("dob", 10), ("postcode", 10))


def _misspell(name: str, rng: random.Random) -> str:
    """A realistic slip: a vowel swapped, a doubled letter dropped, or a letter doubled."""
    lower = name.lower()
    for index in range(1, len(lower) - 1):
        if lower[index] == lower[index + 1]:
            return name[:index] + name[index + 1 :]
    vowels = [i for i, ch in enumerate(lower) if ch in "aeiouy" and i > 0]
    if vowels:
        index = rng.choice(vowels)
        replacement = {"a": "e", "e": "a", "i": "y", "o": "u", "u": "o", "y": "ie"}[lower[index]]
        return name[:index] + replacement + name[index + 1 :]
    return name + name[-1]


def _sample_people(count: int, rng: random.Random) -> list[Person]:
    bounds = Person.objects.filter(is_child=True).order_by("pk").values_list("pk", flat=True)
    low, high = bounds.first(), bounds.last()
    if low is None:
        return []
    chosen: dict[int, Person] = {}
    attempts = 0
    while len(chosen) < count and attempts < count * 20:
        attempts += 1
        start = rng.randint(low, high)
        person = (
            Person.objects.filter(pk__gte=start, is_child=True)
            .exclude(date_of_birth=None)
            .select_related("current_address")
            .order_by("pk")
            .first()
        )
        if person is not None and person.pk not in chosen:
            chosen[person.pk] = person
    return list(chosen.values())


def build_mix(seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    people = _sample_people(sum(n for _kind, n in MIX), rng)
    mix: list[tuple[str, str]] = []
    cursor = 0
    for kind, count in MIX:
        for person in people[cursor : cursor + count]:
            dob = f"{person.date_of_birth:%d/%m/%Y}"
            if kind == "exact":
                mix.append((kind, f"{person.forename} {person.surname}"))
            elif kind == "misspelt":
                mix.append((kind, f"{person.forename} {_misspell(person.surname, rng)}"))
            elif kind == "transposed":
                mix.append((kind, f"{person.surname} {person.forename}"))
            elif kind == "name_dob":
                mix.append((kind, f"{person.forename} {person.surname} {dob}"))
            elif kind == "dob":
                mix.append((kind, dob))
            elif kind == "postcode" and person.current_address is not None:
                mix.append((kind, person.current_address.display_postcode))
        cursor += count
    return mix


# --- The floor: one hand-written statement per query -----------------------------------------


def run_floor(text: str, today: dt.date, viewer: User, *, prepared: bool) -> float:
    """One execution of the floor statement (statements.floor_statement) for this query: the
    candidates and every fact of the page's summaries, in one statement. `prepared` (PostgreSQL)
    uses a server-side prepared statement, so planning is not counted."""
    query = parse_lookup(text)
    sql, params = floor_statement(
        query,
        name_query(query.typed_names or query.names),
        today,
        viewer.pk,
        own_districts=viewer.scope == "own_districts",
        address_limit=ADDRESS_LIMIT,
        candidate_limit=CANDIDATE_LIMIT,
        page_size=RESULT_LIMIT,
    )
    if prepared:
        started = time.perf_counter()
        with prepared_cursor() as cursor:
            cursor.execute(sql, params, prepare=True)
            cursor.fetchall()
        return (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _bench_user() -> User:
    user, created = User.objects.get_or_create(
        username=BENCH_USER,
        defaults={"role": Role.OFFICER, "first_name": "Benchmark", "password": make_password(None)},
    )
    district = District.objects.order_by("pk").first()
    if created and district is not None:
        user.districts.set([district])
    return user


@benchmark("lookup")
def bench_lookup(*, children: int | None = None, seed: int = 1, small: bool = False, **_ignored) -> dict:
    size = children or (SMALL_SIZE if small else FULL_SIZE)
    ensure_demo_force(children=size, seed=seed)
    mix = build_mix(seed)
    user = _bench_user()
    issued = api_token_create(
        actor=user, user=user, label="safeguarding bench lookup", scopes=[TokenScope.READ],
        expires_in=dt.timedelta(hours=12),
    )  # fmt: skip
    client = Client(headers={"Authorization": f"Bearer {issued.plaintext}"})
    path = reverse("v1:firstcontact-lookup")
    today = timezone.localdate()
    # The throttle runs on every lookup, so its cost is measured; its limit is lifted for the run,
    # which is a measurement, not a caller to hold back (runs back to back share one count).
    unlimited = {**settings.API_THROTTLE_RATES, "user": "1000000/min"}
    with override_settings(API_THROTTLE_RATES=unlimited):
        for _kind, text in mix:  # warm caches and connections; not measured
            client.post(path, {"q": text, **REASON}, content_type="application/json")
        samples: list[float] = []
        found = 0
        for _round in range(ROUNDS):
            for _kind, text in mix:
                started = time.perf_counter()
                response = client.post(path, {"q": text, **REASON}, content_type="application/json")
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"lookup answered {response.status_code}")
                found += bool(response.json()["people"])
    api_token_revoke(actor=user, token=issued.token, reason="benchmark finished")
    # The best of the statement as sent (planned every time) and, on PostgreSQL, prepared.
    floors: dict[str, list[float]] = {"planned": [], "prepared": []}
    for mode in ("planned", "prepared") if connection.vendor == "postgresql" else ("planned",):
        for _kind, text in mix:  # warm, as the lookups were
            run_floor(text, today, user, prepared=mode == "prepared")
        floors[mode] = [
            run_floor(text, today, user, prepared=mode == "prepared")
            for _round in range(ROUNDS)
            for _kind, text in mix
        ]
    floor = min((samples for samples in floors.values() if samples), key=lambda s: _percentile(s, 0.95))
    p95, floor_p95 = _percentile(samples, 0.95), _percentile(floor, 0.95)
    return {
        "benchmark": "lookup",
        "database": connection.vendor,
        "children": Person.objects.filter(is_child=True).count(),
        "queries": len(mix),
        "rounds": ROUNDS,
        "mix": {kind: sum(1 for k, _t in mix if k == kind) for kind, _n in MIX},
        "found_rate": round(found / len(samples), 3) if samples else 0.0,
        "p50_ms": round(statistics.median(samples), 2) if samples else 0.0,
        "p95_ms": round(p95, 2),
        "max_ms": round(max(samples), 2) if samples else 0.0,
        "floor_p50_ms": round(statistics.median(floor), 2) if floor else 0.0,
        "floor_p95_ms": round(floor_p95, 2),
        "ratio_p95": round(p95 / floor_p95, 2) if floor_p95 else None,
        "floor": {
            "what": "the candidate statement alone (floor_statement), best of planned and prepared",
            "p95_ms": round(floor_p95, 2),
        },
        "ratio": round(p95 / floor_p95, 2) if floor_p95 else None,
        "floor_p95_by_mode_ms": {mode: round(_percentile(v, 0.95), 2) for mode, v in floors.items() if v},
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
