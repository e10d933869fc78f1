"""`safeguarding bench lookup`: first-contact lookups end to end through the API, against the
floor of one hand-written SQL statement per query on the same database.

The query mix is fixed and derived deterministically (from the seed) from people in the
database: exact names, misspelt names, transposed names, name with date of birth, date of
birth alone, and postcodes. Each lookup is a real POST through Django's test client: session,
middleware, permission, parsing, candidates, ranking, the risk summary, the access-log row
(committed), and the JSON.
"""

import datetime as dt
import random
import statistics
import time

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.demo.benchmarks import benchmark
from safeguarding.force.models import District
from safeguarding.people.models import Address, Person
from safeguarding.people.names import normalise_name, phonetic_key

FULL_SIZE = 1_000_000
SMALL_SIZE = 300
ROUNDS = 3
BENCH_USER = "bench-firstcontact"
REASON = "benchmark: safeguarding bench lookup"
MIX = (("exact", 10), ("misspelt", 10), ("transposed", 5), ("name_dob", 5), ("dob", 10), ("postcode", 10))


def _ensure_force(children: int, seed: int) -> None:
    try:
        from safeguarding.demo.generator import ensure_demo_force
    except ImportError:  # the generator is another app's; without it, use the people already here
        ensure_demo_force = None
    if ensure_demo_force is not None:
        ensure_demo_force(children=children, seed=seed)
    elif not Person.objects.exists():
        _minimal_force(children, seed)


def _minimal_force(children: int, seed: int) -> None:
    """A bare force (names, dates of birth, addresses) so the bench runs before the generator."""
    rng = random.Random(seed)
    forenames = ["Amelia", "Oliver", "Muhammad", "Keira", "Jack", "Isla", "Leo", "Freya", "Noah", "Maya"]
    surnames = [
        "Hartley",
        "Khan",
        "Walsh",
        "Pennington",
        "Smith",
        "Okafor",
        "Nowak",
        "Patel",
        "Evans",
        "Hughes",
    ]
    district, _ = District.objects.get_or_create(code="bench", defaults={"name": "Bench District"})
    for index in range(children):
        address = Address.objects.create(
            line1=f"{index + 1} Mill Lane",
            town="Northmoor",
            postcode=f"NM{1 + index % 9}{index % 10}AB",
            district=district,
        )
        person = Person(
            forename=rng.choice(forenames),
            surname=rng.choice(surnames),
            date_of_birth=dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(17 * 365)),
            district=district,
            current_address=address,
        )
        person.set_name_keys()
        person.save()


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

_SUMMARY = """
SELECT c.id, c.forename, c.surname, c.date_of_birth,
  (SELECT {agg}(f.kind) FROM people_flag f WHERE f.person_id = c.id
     AND f.starts_on <= %(today)s AND (f.ends_on IS NULL OR f.ends_on >= %(today)s)) AS flags,
  (SELECT COUNT(*) FROM cases_missingepisode m WHERE m.child_id = c.id) AS missing_total,
  (SELECT COUNT(*) FROM cases_missingepisode m WHERE m.child_id = c.id AND m.occurred_at >= %(since90)s)
     AS missing_90,
  (SELECT m.risk_grade FROM cases_missingepisode m WHERE m.child_id = c.id
     ORDER BY m.occurred_at DESC LIMIT 1) AS missing_grade,
  (SELECT COUNT(*) FROM cases_incident i WHERE i.address_id = c.current_address_id
     AND i.kind = 'domestic_abuse' AND i.occurred_at >= %(since365)s) AS da,
  (SELECT COUNT(*) FROM cases_incident i WHERE i.address_id = c.current_address_id
     AND i.kind = 'domestic_abuse' AND i.occurred_at >= %(since365)s AND i.children_present > 0)
     AS da_children,
  (SELECT COUNT(*) FROM people_person r JOIN people_flag rf ON rf.person_id = r.id
     WHERE r.current_address_id = c.current_address_id AND r.id <> c.id
     AND rf.kind IN ('registered_sex_offender', 'risk_to_children', 'da_perpetrator', 'violent')
     AND (rf.ends_on IS NULL OR rf.ends_on >= %(today)s)) AS risk_residents,
  (SELECT COUNT(*) FROM people_relationship rel JOIN cases_caseparticipant cp ON cp.person_id = rel.person_id
     JOIN cases_case k ON k.id = cp.case_id
     WHERE rel.other_id = c.id AND cp.role = 'suspect'
     AND k.case_type IN ('cp_enquiry', 'sex_offender', 'cse', 'online_abuse', 'police_protection'))
     AS suspect_relatives,
  (SELECT COUNT(*) FROM cases_caseparticipant cp JOIN cases_investigation inv ON inv.case_id = cp.case_id
     WHERE cp.person_id = c.id AND inv.closed_at IS NULL) AS open_investigations,
  (SELECT COUNT(*) FROM cases_investigationstep s WHERE s.protected_person_id = c.id AND s.kind = 'bail'
     AND s.bail_until >= %(today)s) AS bail
FROM ({candidates}) c
"""

_PERSON_COLUMNS = "p.id, p.forename, p.surname, p.date_of_birth, p.current_address_id"


def _floor_sql(kind: str, text: str) -> tuple[str, dict]:
    params: dict = {}
    if kind == "dob":
        day, month, year = (int(part) for part in text.split("/"))
        params["dob"] = dt.date(year, month, day)
        candidates = f"SELECT {_PERSON_COLUMNS} FROM people_person p WHERE p.date_of_birth = %(dob)s LIMIT 20"
    elif kind == "postcode":
        params["pc"] = Address.normalise_postcode(text)
        candidates = (
            f"SELECT {_PERSON_COLUMNS} FROM people_person p "
            "JOIN people_address a ON a.id = p.current_address_id WHERE a.postcode = %(pc)s LIMIT 20"
        )
    else:
        names = text.rsplit(" ", 1)[0] if kind == "name_dob" else text
        words = normalise_name(names).split()
        params["k1"], params["k2"] = phonetic_key(words[0]), phonetic_key(words[-1])
        keys = (
            "((p.forename_key = %(k1)s AND p.surname_key = %(k2)s)"
            " OR (p.forename_key = %(k2)s AND p.surname_key = %(k1)s))"
        )
        alias_keys = keys.replace("p.", "al.")
        by_date = ""
        if kind == "name_dob":
            day, month, year = (int(part) for part in text.rsplit(" ", 1)[1].split("/"))
            params["dob"] = dt.date(year, month, day)
            by_date = " OR p.date_of_birth = %(dob)s"
        candidates = (
            f"SELECT {_PERSON_COLUMNS} FROM people_person p WHERE {keys}{by_date} "
            f"UNION SELECT {_PERSON_COLUMNS} FROM people_person p "
            "JOIN people_personalias al ON al.person_id = p.id "
            f"WHERE {alias_keys} LIMIT 20"
        )
    return candidates, params


def _run_floor(kind: str, text: str, today: dt.date) -> float:
    candidates, params = _floor_sql(kind, text)
    aggregate = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    if connection.vendor == "postgresql":
        sql = _SUMMARY.replace("{agg}(f.kind)", "string_agg(f.kind, ',')").replace("{candidates}", candidates)
    else:
        sql = _SUMMARY.replace("{agg}", aggregate).replace("{candidates}", candidates)
    start_of = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    params.update(
        today=today,
        since90=start_of - dt.timedelta(days=90),
        since365=start_of - dt.timedelta(days=365),
    )
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


def _api_path() -> str:
    try:
        return reverse("v1:firstcontact-lookup")
    except NoReverseMatch:
        return ""


@benchmark("lookup")
def bench_lookup(*, children: int | None = None, seed: int = 1, small: bool = False, **_ignored) -> dict:
    size = children or (SMALL_SIZE if small else FULL_SIZE)
    _ensure_force(size, seed)
    mix = build_mix(seed)
    client = Client()
    client.force_login(_bench_user())
    path = _api_path()
    if not path:
        # Until /api/v1/first-contact/ is wired in api_urls.py, post through a URLconf that has it.
        from django.test.utils import override_settings

        override = override_settings(ROOT_URLCONF="safeguarding.firstcontact.bench_urls")
        override.enable()
        path = "/api/v1/first-contact/lookup"
    else:
        override = None
    today = timezone.localdate()
    try:
        for _kind, text in mix:  # warm caches and connections; not measured
            client.post(path, {"q": text, "reason": REASON}, content_type="application/json")
        samples: list[float] = []
        found = 0
        for _round in range(ROUNDS):
            for _kind, text in mix:
                started = time.perf_counter()
                response = client.post(path, {"q": text, "reason": REASON}, content_type="application/json")
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"lookup answered {response.status_code}")
                found += bool(response.json()["people"])
        floor = [_run_floor(kind, text, today) for _round in range(ROUNDS) for kind, text in mix]
    finally:
        if override is not None:
            override.disable()
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
    }
