"""`safeguarding bench lookup-http`: first contact as a call handler and an integration meet it,
over HTTP through the production server (waitress with the production options, runtime/server.py),
CSRF on (a real form post with the page's token, never the test client's exemption).

* The HTML page: a signed-in officer (both factors) POSTs the search form with the CSRF token
  of the page, and reads the rendered page.
* The API: the same queries POSTed as JSON with an API token.

Connections are recycled as the server recycles them: before every RECYCLE_EVERY-th request the
serving thread's database connection is closed, so that request opens a new one (as after
CONN_MAX_AGE or a restart). Requests on a new connection are counted in the p95 and also
reported on their own (`*_first_on_new_connection_*`).

`found_rate`: the share of queries whose intended person is on the first page. The misspelt
names are misspellings that change the phonetic key (a letter dropped, two swapped, a consonant
changed), so fuzzy matching is exercised, not only the key.

Floor: the candidate statement alone for the same queries (`bench lookup`'s floor, prepared);
`ratio` = the worse of the page's and the API's p95 over the floor's p95.
"""

import datetime as dt
import http.client
import json
import random
import re
import statistics
import threading
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from safeguarding.access.models import TokenScope
from safeguarding.access.services import api_token_create, api_token_revoke
from safeguarding.benches.floors import percentile, ratio
from safeguarding.benches.lookup import REASON, _bench_user, _sample_people, run_floor
from safeguarding.benches.registry import benchmark
from safeguarding.demo.generator import ensure_demo_force
from safeguarding.demo.signin import bench_client
from safeguarding.people.names import phonetic_key
from safeguarding.runtime.server import waitress_options

FULL_SIZE = 1_000_000
SMALL_SIZE = 300
ROUNDS = 2
RECYCLE_EVERY = 10
MIX = (("exact", 10), ("misspelt", 10), ("transposed", 5), ("name_dob", 5), ("dob", 5), ("postcode", 5))
_CONSONANT_SWAPS = {"c": "k", "k": "c", "s": "z", "z": "s", "d": "t", "t": "d", "b": "p", "p": "b", "m": "n"}


def misspell_changing_key(name: str, rng: random.Random) -> str:
    """A slip a caller or a call handler makes that changes the name's phonetic key: a letter
    dropped, two letters swapped, a consonant heard as another. The name itself if none does."""
    key = phonetic_key(name)
    candidates = []
    for i in range(1, len(name)):
        candidates.append(name[:i] + name[i + 1 :])  # a letter dropped
        if i < len(name) - 1:
            candidates.append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])  # two swapped
        swap = _CONSONANT_SWAPS.get(name[i].lower())
        if swap:
            candidates.append(name[:i] + swap + name[i + 1 :])
    changed = [c for c in candidates if len(c) >= 3 and phonetic_key(c) != key]
    return rng.choice(changed) if changed else name


def build_mix(seed: int) -> list[tuple[str, str, int]]:
    """(kind, text, intended person) for each query, from children of the force."""
    rng = random.Random(seed)
    people = _sample_people(sum(n for _kind, n in MIX), rng)
    mix: list[tuple[str, str, int]] = []
    cursor = 0
    for kind, count in MIX:
        for person in people[cursor : cursor + count]:
            dob = f"{person.date_of_birth:%d/%m/%Y}"
            text = {
                "exact": f"{person.forename} {person.surname}",
                "misspelt": f"{person.forename} {misspell_changing_key(person.surname, rng)}",
                "transposed": f"{person.surname} {person.forename}",
                "name_dob": f"{person.forename} {person.surname} {dob}",
                "dob": dob,
                "postcode": person.current_address.display_postcode if person.current_address else "",
            }[kind]
            if text:
                mix.append((kind, text, person.pk))
        cursor += count
    return mix


class _Recycling:
    """Wraps the WSGI application: closes the serving thread's database connections before a
    request when asked to, and notes whether each request started without a connection."""

    def __init__(self, application):
        self.application = application
        self.recycle_next = False
        self.fresh: list[bool] = []
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            recycle, self.recycle_next = self.recycle_next, False
        if recycle:
            connections.close_all()
        fresh = connections["default"].connection is None
        with self.lock:
            self.fresh.append(fresh)
        return self.application(environ, start_response)


class _Http:
    """One keep-alive HTTP connection to the server, with the cookies it was given."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


def _csrf_token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise RuntimeError("the lookup page carried no CSRF token")
    return found.group(1).decode()


def _found_in_page(page: bytes, person_id: int) -> bool:
    return re.search(rb"/(?:people/child|first-contact/open|people)/%d/" % person_id, page) is not None


@benchmark("lookup-http")
def bench_lookup_http(
    *, children: int | None = None, seed: int = 1, small: bool = False, **_: object
) -> dict:
    from waitress import wasyncore  # type: ignore[import-untyped]
    from waitress.server import create_server  # type: ignore[import-untyped]

    from safeguarding.wsgi import application

    size = children or (SMALL_SIZE if small else FULL_SIZE)
    ensure_demo_force(children=size, seed=seed)
    mix = build_mix(seed)
    user = _bench_user()
    signed_in = bench_client(user)
    issued = api_token_create(
        actor=user, user=user, label="safeguarding bench lookup-http", scopes=[TokenScope.READ],
        expires_in=dt.timedelta(hours=12),
    )  # fmt: skip
    # The throttle runs on every API call, so its cost is measured; its limit is lifted for the
    # run (the server is in this process), which is a measurement, not a caller to hold back.
    unlimited = override_settings(API_THROTTLE_RATES={**settings.API_THROTTLE_RATES, "user": "1000000/min"})
    unlimited.enable()
    wrapped = _Recycling(application)
    options = waitress_options(host="127.0.0.1", port=0, threads=settings.SERVER_THREADS)
    server = create_server(wrapped, **options)
    stopping = threading.Event()

    def serve() -> None:
        # waitress's own loop, stopped between turns (closing its socket under it would raise).
        while not stopping.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1)

    serving = threading.Thread(target=serve, daemon=True)
    serving.start()
    page_path, api_path = reverse("firstcontact:lookup"), reverse("v1:firstcontact-lookup")
    samples: dict[str, list[tuple[float, bool]]] = {"page": [], "api": []}
    found = {"page": 0, "api": 0}
    try:
        browser = _Http(server.effective_port)
        browser.cookies[settings.SESSION_COOKIE_NAME] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        status, page = browser.request("GET", page_path)
        if status != 200:
            raise RuntimeError(f"the lookup page answered {status}")
        token = _csrf_token(page)
        integration = _Http(server.effective_port)
        api_headers = {"Authorization": f"Bearer {issued.plaintext}", "Content-Type": "application/json"}

        def post_page(text: str) -> bytes:
            body = urlencode({"q": text, **REASON, "csrfmiddlewaretoken": token}).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            status, data = browser.request("POST", page_path, body, headers)
            if status != 200:
                raise RuntimeError(f"the lookup page answered {status}")
            return data

        def post_api(text: str) -> bytes:
            status, data = integration.request(
                "POST", api_path, json.dumps({"q": text, **REASON}).encode(), api_headers
            )
            if status != 200:
                raise RuntimeError(f"the lookup API answered {status}")
            return data

        count = 0
        for _round in range(ROUNDS):
            for _kind, text, person_id in mix:
                for door, post in (("page", post_page), ("api", post_api)):
                    count += 1
                    wrapped.recycle_next = count % RECYCLE_EVERY == 1
                    started = time.perf_counter()
                    data = post(text)
                    elapsed = (time.perf_counter() - started) * 1000
                    samples[door].append((elapsed, wrapped.fresh[-1]))
                    if _round == 0:
                        if door == "page":
                            found[door] += _found_in_page(data, person_id)
                        else:
                            found[door] += person_id in {p["person_id"] for p in json.loads(data)["people"]}
    finally:
        stopping.set()
        serving.join(timeout=10)
        server.task_dispatcher.shutdown()
        server.close()
        wasyncore.close_all(server._map)
        unlimited.disable()
        api_token_revoke(actor=user, token=issued.token, reason="benchmark finished")
    today = timezone.localdate()
    prepared = connection.vendor == "postgresql"
    for _kind, text, _pk in mix:  # warm, as the server's connections were
        run_floor(text, today, user, prepared=prepared)
    floor = [run_floor(text, today, user, prepared=prepared) for _r in range(ROUNDS) for _k, text, _pk in mix]
    result: dict = {
        "children": size,
        "queries": len(mix),
        "rounds": ROUNDS,
        "mix": {kind: sum(1 for k, _t, _p in mix if k == kind) for kind, _n in MIX},
        "server": f"waitress, {settings.SERVER_THREADS} threads, production options; CSRF on",
        "recycle_every": RECYCLE_EVERY,
    }
    floor_p95 = percentile(floor, 0.95)
    for door in ("page", "api"):
        every = [ms for ms, _fresh in samples[door]]
        fresh = [ms for ms, was_fresh in samples[door] if was_fresh]
        warm = [ms for ms, was_fresh in samples[door] if not was_fresh]
        result[f"{door}_p50_ms"] = round(statistics.median(every), 2) if every else 0.0
        result[f"{door}_p95_ms"] = round(percentile(every, 0.95), 2)
        result[f"{door}_warm_p95_ms"] = round(percentile(warm, 0.95), 2)
        result[f"{door}_first_on_new_connection_p95_ms"] = round(percentile(fresh, 0.95), 2)
        result[f"{door}_first_on_new_connection_max_ms"] = round(max(fresh), 2) if fresh else None
        result[f"{door}_requests_on_new_connection"] = len(fresh)
        result[f"{door}_found_rate"] = round(found[door] / len(mix), 3) if mix else 0.0
        result[f"{door}_ratio"] = ratio(percentile(every, 0.95), floor_p95)
    result["found_rate"] = result["api_found_rate"]
    result["floor"] = {
        "what": "the candidate statement alone (prepared on PostgreSQL), same queries",
        "p95_ms": round(floor_p95, 2),
    }
    result["ratio"] = (
        max(r for r in (result["page_ratio"], result["api_ratio"]) if r is not None) if floor_p95 else None
    )
    return result
