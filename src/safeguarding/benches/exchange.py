"""`safeguarding bench import --rows N`: load an N-row extract through the importer (all checks on)
and compare with saving a sample of the same rows one by one through the ORM.

Everything runs in one transaction that is rolled back, so the benchmark leaves no data behind.
The extract is people, cases, participants, flags and incidents in equal parts.

Floor (issue 19): a raw COPY of the same rows (as the importer stored them) into empty copies of
the five tables, with their indexes built, timed in the same run; `ratio` = import seconds /
floor seconds. (Before issue 19 `ratio` was the speed-up over the ORM: now `orm_speedup`.)"""

import datetime as dt
import random
import time

from django.db import connection, transaction

from safeguarding.access.models import User
from safeguarding.access.roles import Role
from safeguarding.benches.floors import copy_floor, ratio
from safeguarding.benches.registry import benchmark
from safeguarding.cases.models import Case, CaseParticipant, Incident
from safeguarding.exchange.loader import Source
from safeguarding.exchange.matching import cached_phonetic_key
from safeguarding.exchange.services import extract_import
from safeguarding.force.models import District
from safeguarding.people.models import Flag, Person
from safeguarding.records.models import RecordVersion

FORENAMES = [
    "Amelia",
    "Oliver",
    "Mohammed",
    "Isla",
    "Noah",
    "Ava",
    "Leo",
    "Freya",
    "Zofia",
    "Kai",
    "Ruby",
    "Jack",
]
SURNAMES = ["Hartley", "Pennington", "Khan", "Nowak", "Smith", "Okafor", "Evans", "Patel", "Walsh", "Murphy"]
ORM_SAMPLE = 5000


class _RolledBack(Exception):
    pass


def _vacuum(models) -> None:
    """PostgreSQL, outside a transaction: clear the rows an earlier run rolled back. They stay in
    the tables and their indexes until vacuumed (autovacuum may be off or behind) and would slow
    this run's inserts, a unique check visiting every dead duplicate of its key."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM " + ", ".join(m._meta.db_table for m in models))


def _commit_checks() -> None:
    """Run now the foreign-key checks a commit would run. The benchmark rolls back, and on
    PostgreSQL the checks are deferred to commit: without this a timing would leave out about a
    check per reference (over a million for a million-row extract)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _imported_rows(source_system: str) -> dict[str, str]:
    """The rows the extract became, table by table (a WHERE clause each), for the floor."""
    people = f"SELECT id FROM {Person._meta.db_table} WHERE source_system = '{source_system}'"
    cases = f"SELECT id FROM {Case._meta.db_table} WHERE source_system = '{source_system}'"
    return {
        Person._meta.db_table: f"id IN ({people})",
        Case._meta.db_table: f"id IN ({cases})",
        CaseParticipant._meta.db_table: f"case_id IN ({cases})",
        Flag._meta.db_table: f"person_id IN ({people})",
        Incident._meta.db_table: f"case_id IN ({cases})",
    }


def _extract(units: int, district: str, seed: int) -> list[Source]:
    rng = random.Random(seed)
    people = ["source_reference,forename,surname,date_of_birth,gender,district"]
    cases = ["source_reference,reference,case_type,district,first_reported_at,summary"]
    participants = ["case_reference,person_reference,role"]
    flags = ["person_reference,kind,starts_on,recorded_at"]
    incidents = ["source_reference,case_reference,occurred_at,recorded_at,kind,children_present,ppn_grade"]
    base = dt.date(2005, 1, 1)
    for i in range(units):
        dob = base + dt.timedelta(days=rng.randrange(6000))
        reported = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:15:00+00:00"
        people.append(
            f"P{i},{rng.choice(FORENAMES)},{rng.choice(SURNAMES)},{dob.isoformat()},female,{district}"
        )
        cases.append(f"C{i},BENCH/{i},domestic_abuse,{district},{reported},Bench case")
        participants.append(f"C{i},P{i},subject_child")
        flags.append(f"P{i},repeat_missing,2026-01-{1 + i % 28:02d},2026-02-01T10:00:00+00:00")
        incidents.append(f"E{i},C{i},{reported},{reported},domestic_abuse,1,amber")
    files = {
        "people.csv": people,
        "cases.csv": cases,
        "participants.csv": participants,
        "flags.csv": flags,
        "incidents.csv": incidents,
    }
    return [Source(name, "\n".join(lines) + "\n") for name, lines in files.items()]


def _orm_one_by_one(sources: list[Source], district: District, sample_units: int) -> int:
    """The same rows saved one at a time through the ORM (what a naive importer does)."""
    rows = {s.name: s.text.splitlines()[1 : sample_units + 1] for s in sources}
    people, cases = {}, {}
    saved = 0
    for line in rows["people.csv"]:
        ref, forename, surname, dob, gender, _ = line.split(",")
        person = Person(
            forename=forename,
            surname=surname,
            date_of_birth=dt.date.fromisoformat(dob),
            gender=gender,
            district=district,
            source_system="BENCH-ORM",
            source_reference=ref,
            forename_key=cached_phonetic_key(forename),
            surname_key=cached_phonetic_key(surname),
        )
        person.save()
        people[ref] = person
        saved += 1
    for line in rows["cases.csv"]:
        ref, reference, case_type, _, reported, summary = line.split(",")
        case = Case(
            reference=f"ORM-{reference}",
            case_type=case_type,
            district=district,
            first_reported_at=dt.datetime.fromisoformat(reported),
            summary=summary,
            source_system="BENCH-ORM",
            source_reference=ref,
        )
        case.save()
        cases[ref] = case
        saved += 1
    for line in rows["participants.csv"]:
        case_ref, person_ref, role = line.split(",")
        CaseParticipant(case=cases[case_ref], person=people[person_ref], role=role).save()
        saved += 1
    for line in rows["flags.csv"]:
        person_ref, kind, starts, recorded = line.split(",")
        Flag(
            person=people[person_ref],
            kind=kind,
            starts_on=dt.date.fromisoformat(starts),
            recorded_at=dt.datetime.fromisoformat(recorded),
        ).save()
        saved += 1
    for line in rows["incidents.csv"]:
        ref, case_ref, occurred, recorded, kind, present, grade = line.split(",")
        Incident(
            case=cases[case_ref],
            occurred_at=dt.datetime.fromisoformat(occurred),
            recorded_at=dt.datetime.fromisoformat(recorded),
            kind=kind,
            children_present=int(present),
            ppn_grade=grade,
            source_reference=ref,
        ).save()
        saved += 1
    return saved


@benchmark("import")
def bench_import(*, rows: int | None = None, seed: int = 1, small: bool = False, **_ignored) -> dict:
    total = 2_000 if small else (rows or 1_000_000)
    units = max(1, total // 5)
    result: dict = {}
    _vacuum([Person, Case, CaseParticipant, Flag, Incident, RecordVersion])
    try:
        with transaction.atomic():
            district = District.objects.first() or District.objects.create(
                code="bench", name="Bench District"
            )
            actor = User(username="bench", role=Role.DATA_MANAGER)
            sources = _extract(units, district.code, seed)

            started = time.perf_counter()
            outcome = extract_import(actor=actor, sources=sources, source_system="BENCH")
            _commit_checks()
            elapsed = time.perf_counter() - started
            loaded = outcome.total("inserted")
            if not outcome.loaded or loaded != units * 5:
                raise RuntimeError(f"benchmark extract did not load: {outcome.summary()}")

            floor = copy_floor(_imported_rows("BENCH"))

            started = time.perf_counter()
            again = extract_import(actor=actor, sources=sources, source_system="BENCH")
            _commit_checks()
            reimport = time.perf_counter() - started

            sample_units = min(units, ORM_SAMPLE // 5)
            started = time.perf_counter()
            orm_rows = _orm_one_by_one(sources, district, sample_units)
            _commit_checks()
            orm_elapsed = time.perf_counter() - started

            rows_per_s = loaded / elapsed
            orm_rows_per_s = orm_rows / orm_elapsed
            result = {
                "rows": loaded,
                "seconds": round(elapsed, 2),
                "rows_per_s": round(rows_per_s),
                "orm_rows_per_s": round(orm_rows_per_s),
                "orm_sample_rows": orm_rows,
                "orm_note": "ORM rate measured on a sample of min(rows, 5000) rows saved one by one",
                "orm_speedup": round(rows_per_s / orm_rows_per_s, 1),
                "floor": floor,
                "floor_rows_per_s": round(floor["rows"] / floor["s"]) if floor["s"] else None,
                "ratio": ratio(elapsed, floor["s"]),
                "reimport_rows_per_s": round(loaded / reimport),
                "reimport_unchanged": again.total("unchanged"),
                "database": connection.vendor,
                "validation": "all checks on (types, codes, rules, duplicates, references, matching)",
                "commit_checks": (
                    "deferred foreign-key checks run inside each timing"
                    if connection.vendor == "postgresql"
                    else "not run (rolled back before commit)"
                ),
            }
            raise _RolledBack
    except _RolledBack:
        pass
    return result
