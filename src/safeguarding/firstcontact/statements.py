"""The lookup's two hand-written statements: candidates, then the facts behind a page's summaries.

A lookup is three round trips to the database besides the session and the user: one statement
finds the candidates (the address matches and every indexed way in, as one UNION), one fetches
every fact the page's risk summaries need (households, relationships, flags, suspects, missing
episodes, incidents, investigations, bail, labels, the viewer's scope) as tagged rows, and one
INSERT writes the access-log row. The ORM did the same work in about twenty statements, each a
round trip of ~0.2 ms idle and several ms on a loaded 2-core machine.

Both statements are portable SQL (CTEs, UNION, window numbering) and run on PostgreSQL and
SQLite; only the id lists and the postcode pattern differ by vendor. On PostgreSQL the facts
statement has a fixed text, so it is prepared once per connection (server-side binding).
"""

import datetime as dt
import json

from django.db import connection
from django.utils import timezone

from safeguarding.cases.vocabulary import (
    CHILD_ROLES,
    CaseType,
    IncidentKind,
    InvestigationStepKind,
    ParticipantRole,
)
from safeguarding.db import prepared_cursor
from safeguarding.firstcontact.query import LookupQuery
from safeguarding.people.matching import RISK_WEIGHT, NameQuery, fallback_sql, named_sql, pairs_sql
from safeguarding.people.names import phone_e164

# Cases whose suspects are "suspects in child abuse cases" on a child's summary.
CHILD_ABUSE_CASE_TYPES = (
    CaseType.CP_ENQUIRY,
    CaseType.SEX_OFFENDER,
    CaseType.CSE,
    CaseType.ONLINE_ABUSE,
    CaseType.POLICE_PROTECTION,
)


def _literal(value: str) -> str:
    # Vocabulary values are code constants (lower-case words), never user input.
    assert value.replace("_", "").isalnum(), value
    return f"'{value}'"


# The children present at an incident are the children on its case (subject or present), as the
# standards judge them; the caller's reported number (`children_present`) is not read here.
_CHILD_ROLES_SQL = ", ".join(_literal(role) for role in sorted(CHILD_ROLES))


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _datetime_param(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _date_param(value: dt.date):
    return connection.ops.adapt_datefield_value(value)


def as_date(value) -> dt.date | None:
    """SQLite hands back text for dates read through a UNION; PostgreSQL a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


# --- Candidates -----------------------------------------------------------------------------

_PERSON_COLUMNS = (
    "p.id, p.forename, p.surname, p.date_of_birth, p.is_child, p.looked_after, p.district_id, "
    "p.current_address_id, p.middle_names"
)
# A candidate's risk for ranking: the weight of its worst active flag (flag_person_kind_idx).
_RISK = (
    "(SELECT MAX(CASE f.kind "
    + " ".join(f"WHEN {_literal(kind)} THEN {weight}" for kind, weight in RISK_WEIGHT.items())
    + " ELSE 0 END) FROM people_flag f WHERE f.person_id = c.id AND f.starts_on <= %(today)s"
    " AND (f.ends_on IS NULL OR f.ends_on >= %(today)s))"
)


def _phone_forms(digits: str) -> list[str]:
    """The ways a number is commonly held: 07700900123, 07700 900123, 0113 496 0000, ..."""
    forms = {digits}
    for cuts in ((5,), (4,), (3,), (4, 7), (3, 7), (5, 8)):
        parts, start = [], 0
        for cut in cuts:
            parts.append(digits[start:cut])
            start = cut
        parts.append(digits[start:])
        forms.add(" ".join(parts))
    if digits.startswith("0"):
        forms.add("+44" + digits[1:])
        forms.add("+44 " + digits[1:])
    return sorted(forms)


# Street words and their usual abbreviations: one LIKE fragment matching every form.
_STREET_PATTERNS = {
    **dict.fromkeys(("ROAD", "RD"), "R%D"),
    **dict.fromkeys(("STREET", "ST", "STR"), "ST%"),
    **dict.fromkeys(("AVENUE", "AVE", "AV"), "AV%"),
    **dict.fromkeys(("LANE", "LN"), "L%N%"),
    **dict.fromkeys(("DRIVE", "DR"), "DR%"),
    **dict.fromkeys(("CLOSE", "CL"), "CL%"),
    **dict.fromkeys(("CRESCENT", "CRES", "CRESC"), "CRES%"),
    **dict.fromkeys(("TERRACE", "TERR", "TER"), "TER%"),
    **dict.fromkeys(("GARDENS", "GDNS"), "G%D%NS"),
    **dict.fromkeys(("GROVE", "GRV"), "GR%V%"),
    **dict.fromkeys(("PLACE", "PL"), "PL%"),
    **dict.fromkeys(("COURT", "CT"), "C%T"),
    **dict.fromkeys(("SQUARE", "SQ"), "SQ%"),
    **dict.fromkeys(("PARK", "PK"), "P%K"),
}


def address_pattern(line: str) -> str:
    """'12 MILL RD' -> '12 MILL R%D': a LIKE fragment for the line however its street word is
    written."""
    return " ".join(_STREET_PATTERNS.get(word, word) for word in line.upper().split())


def _address_condition(query: LookupQuery, params: dict) -> str:
    parts = []
    if query.postcode:
        params["postcode"] = query.postcode
        parts.append("a.postcode = %(postcode)s")
    elif query.outward_code:
        # Outward code + any 3-character inward code: NM1 -> NM1 9AB (never NM10...). The prefix
        # test uses an index (pattern_ops on PostgreSQL, GLOB on SQLite); the pattern checks the rest.
        params["outward_pattern"] = "^" + query.outward_code + "[0-9][A-Z]{2}$"
        if _postgresql():
            params["outward_prefix"] = query.outward_code + "%"
            parts.append("a.postcode LIKE %(outward_prefix)s AND a.postcode ~ %(outward_pattern)s")
        else:
            params["outward_prefix"] = query.outward_code + "*"
            parts.append("a.postcode GLOB %(outward_prefix)s AND a.postcode REGEXP %(outward_pattern)s")
    if query.address_line:
        # The parser leaves only letters, digits and spaces: nothing to escape for LIKE. A street
        # word matches its usual abbreviation either way (Road/Rd); a house number may follow a
        # flat number held before it ("Flat 3, 12 Mill Road").
        pattern = address_pattern(query.address_line)
        if query.address_line[0].isdigit():
            params["line"], params["line_inner"] = pattern + "%", "% " + pattern + "%"
            parts.append("(UPPER(a.line1) LIKE %(line)s OR UPPER(a.line1) LIKE %(line_inner)s)")
        else:
            params["line"] = "%" + pattern + "%"
            parts.append("UPPER(a.line1) LIKE %(line)s")
    return " AND ".join(parts)


def _candidate_ctes(
    query: LookupQuery,
    names: NameQuery,
    today: dt.date,
    *,
    address_limit: int,
    candidate_limit: int,
    mode: str = "pairs",
) -> tuple[list[str], dict, bool]:
    """The CTEs `matched_address` (id, n: display order; when the query names a place) and
    `cand` (candidate people with the alias that matched, at most `candidate_limit + 1`)."""
    params: dict = {"today": _date_param(today)}
    ctes = []
    conditions = []  # each applies to p (people_person)
    by_place = bool(query.postcode or query.outward_code or query.address_line)
    if by_place:
        params["address_limit"] = address_limit
        ctes.append(
            "matched_address AS (SELECT a.id, ROW_NUMBER() OVER (ORDER BY a.postcode, a.line1, a.id) AS n "
            f"FROM people_address a WHERE {_address_condition(query, params)} "
            "ORDER BY a.postcode, a.line1, a.id LIMIT %(address_limit)s + 1)"
        )
        # Current residents of the addresses shown: by current address or a residence in force.
        ctes.append(
            "placed AS (SELECT p.id FROM people_person p "
            "WHERE p.current_address_id IN (SELECT id FROM matched_address WHERE n <= %(address_limit)s) "
            "UNION SELECT r.person_id FROM people_residence r "
            "WHERE r.address_id IN (SELECT id FROM matched_address WHERE n <= %(address_limit)s) "
            "AND (r.ends_on IS NULL OR r.ends_on >= %(today)s))"
        )
        conditions.append("p.id IN (SELECT id FROM placed)")
    if query.birth is not None:
        if query.birth.exact:
            params["born"] = _date_param(query.birth.start)
            conditions.append("p.date_of_birth = %(born)s")
        else:
            params["born_from"] = _date_param(query.birth.start)
            params["born_to"] = _date_param(query.birth.end)
            conditions.append("p.date_of_birth >= %(born_from)s AND p.date_of_birth < %(born_to)s")
    if query.phone:
        # Phones are keyed in E.164 whatever the layout they were recorded in.
        params["phone"] = "t:" + (phone_e164(query.phone) or query.phone)
        conditions.append("p.id IN (SELECT person_id FROM people_personnamekey WHERE key = %(phone)s)")
    if query.identifier:
        # Exact, on the normal form the person's field holds (indexed: person_<field>_idx).
        field, params["identifier"] = query.identifier
        if field not in ("nhs_number", "pnc_id", "upn"):
            raise ValueError(f"not an identifier: {field}")
        conditions.append(f"p.{field} = %(identifier)s")
    rest = " AND ".join(conditions)
    rest_and = f" AND {rest}" if rest else ""

    branches = []
    exact_birth = query.birth is not None and query.birth.exact
    if names.words and not exact_birth:
        # Every part of every name (aliases too): the people holding a key of each typed word.
        # With a whole date of birth the branch below already holds everyone the keys would.
        if mode == "fallback":
            # Keys found fewer than a handful: a typing slip, bounded by a key prefix.
            ctes.append(
                f"named AS (SELECT person_id FROM ({fallback_sql(names, params)}) fb "
                "ORDER BY person_id DESC LIMIT %(candidate_limit)s + 1)"
            )
        elif mode == "keys":
            # Every typed word's keys, counted per person (variants, short forms, other scripts).
            ctes.append(
                f"named AS (SELECT person_id FROM ({named_sql(names, params, array=_postgresql())}) nk "
                "ORDER BY hits DESC, person_id DESC LIMIT %(candidate_limit)s + 1)"
            )
        else:
            # Two typed words in one held name: one probe of the pair keys (one word: its keys).
            ctes.append(
                f"named AS (SELECT person_id FROM ({pairs_sql(names, params, array=_postgresql())}) pk "
                "LIMIT 3 * %(candidate_limit)s)"
            )
        branches.append(
            f"SELECT {_PERSON_COLUMNS} FROM people_person p "
            f"WHERE p.id IN (SELECT person_id FROM named){rest_and}"
        )
    if exact_birth and (query.names or not (by_place or query.phone)):
        # A misspelling that changes every key is still caught through the date of birth.
        branches.append(f"SELECT {_PERSON_COLUMNS} FROM people_person p WHERE {rest}")
    if not branches:
        branches.append(f"SELECT {_PERSON_COLUMNS} FROM people_person p WHERE {rest or '1 = 1'}")
    params["candidate_limit"] = candidate_limit
    ctes.append(f"cand AS ({' UNION '.join(branches)} LIMIT %(candidate_limit)s + 1)")
    return ctes, params, by_place


def candidates_statement(
    query: LookupQuery,
    names: NameQuery,
    today: dt.date,
    *,
    address_limit: int,
    candidate_limit: int,
    mode: str = "pairs",
) -> tuple[str, dict]:
    """One statement: the matching addresses (tag 'a', in display order) and the candidate
    people (tag 'p', with the alias that matched)."""
    ctes, params, by_place = _candidate_ctes(
        query, names, today, address_limit=address_limit, candidate_limit=candidate_limit, mode=mode
    )
    columns = (
        "c.id, c.forename, c.surname, c.date_of_birth, c.is_child, c.looked_after, c.district_id, "
        f"d.name, c.current_address_id, c.middle_names, {_RISK}"
    )
    sql = (
        f"WITH {', '.join(ctes)} "
        f"SELECT 'p' AS tag, {columns}, 0 AS n FROM cand c JOIN force_district d ON d.id = c.district_id"
        # The candidates' aliases, for ranking and the match reason.
        " UNION ALL SELECT 'l', al.person_id, al.forename, al.surname, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, NULL, 0 FROM people_personalias al WHERE al.person_id IN (SELECT id FROM cand)"
        # The viewer's districts: their own come first among equally good matches.
        " UNION ALL SELECT 'd', ud.district_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        "NULL, 0 "
        "FROM access_user_districts ud WHERE ud.user_id = %(viewer)s"
    )
    if by_place:
        blanks = ", ".join(["NULL"] * 10)
        sql += f" UNION ALL SELECT 'a', id, {blanks}, n FROM matched_address"
    return sql, params


def fetch_candidates(
    query: LookupQuery,
    names: NameQuery,
    today: dt.date,
    *,
    viewer_id: int,
    address_limit: int,
    candidate_limit: int,
    mode: str = "pairs",
) -> tuple[list[int], list[dict], dict[int, list[tuple[str, str]]], set[int]]:
    """(address ids in display order, candidate rows, the candidates' aliases, the viewer's
    districts); addresses and candidates may run one past their limit."""
    sql, params = candidates_statement(
        query, names, today, address_limit=address_limit, candidate_limit=candidate_limit, mode=mode
    )
    params["viewer"] = viewer_id
    if _postgresql():
        # Prepared, as the facts statement: a lookup's shape (name, date of birth, postcode)
        # gives one of a few texts, and planning one costs about as much as running it.
        with prepared_cursor() as cursor:
            cursor.execute(sql, params, prepare=True)
            rows = cursor.fetchall()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    addresses = sorted((row[12], row[1]) for row in rows if row[0] == "a")
    aliases: dict[int, list[tuple[str, str]]] = {}
    districts: set[int] = set()
    people = []
    for row in rows:
        tag = row[0]
        if tag == "p":
            people.append(
                {
                    "id": row[1],
                    "forename": row[2],
                    "surname": row[3],
                    "date_of_birth": as_date(row[4]),
                    "is_child": bool(row[5]),
                    "looked_after": row[6],
                    "district_id": row[7],
                    "district__name": row[8],
                    "current_address_id": row[9],
                    "middle_names": row[10] or "",
                    "risk": int(row[11] or 0),
                }
            )
        elif tag == "l":
            aliases.setdefault(row[1], []).append((row[2] or "", row[3] or ""))
        elif tag == "d":
            districts.add(row[1])
    return [pk for _n, pk in addresses], people, aliases, districts


# --- Facts for the summaries ----------------------------------------------------------------

# Every fact row: (tag, k, n1, n2, n3, n4, s1, s2, s3, s4, day, at). `k` is the person or address
# the fact belongs to; what the other columns hold depends on the tag (see `decode_facts`).
_CURRENT = "({t}.ends_on IS NULL OR {t}.ends_on >= %(today)s)"
_FACTS = f"""
WITH page(id) AS ({{page}}),
shown(id) AS ({{shown}}),
home(person_id, address_id) AS (
  SELECT p.id, p.current_address_id FROM people_person p
  WHERE p.id IN (SELECT id FROM page) AND p.current_address_id IS NOT NULL
  UNION
  SELECT r.person_id, r.address_id FROM people_residence r
  WHERE r.person_id IN (SELECT id FROM page) AND {_CURRENT.format(t="r")}
),
addr(id) AS (SELECT address_id FROM home UNION SELECT id FROM shown),
resident(address_id, person_id) AS (
  SELECT p.current_address_id, p.id FROM people_person p WHERE p.current_address_id IN (SELECT id FROM addr)
  UNION
  SELECT r.address_id, r.person_id FROM people_residence r
  WHERE r.address_id IN (SELECT id FROM addr) AND {_CURRENT.format(t="r")}
),
rel(person_id, other_id, kind) AS (
  SELECT person_id, other_id, kind FROM people_relationship WHERE person_id IN (SELECT id FROM page)
  UNION
  SELECT person_id, other_id, kind FROM people_relationship WHERE other_id IN (SELECT id FROM page)
),
everyone(id) AS (
  SELECT id FROM page UNION SELECT person_id FROM resident
  UNION SELECT person_id FROM rel UNION SELECT other_id FROM rel
),
viewer_district(id) AS (
  SELECT district_id FROM access_user_districts WHERE user_id = %(viewer)s
)
SELECT 'home' AS tag, person_id AS k, address_id AS n1, CAST(NULL AS bigint) AS n2,
  CAST(NULL AS bigint) AS n3, CAST(NULL AS bigint) AS n4, CAST(NULL AS text) AS s1, CAST(NULL AS text) AS s2,
  CAST(NULL AS text) AS s3, CAST(NULL AS text) AS s4, CAST(NULL AS date) AS day,
  CAST(NULL AS timestamp with time zone) AS at FROM home
UNION ALL
SELECT 'resident', address_id, person_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM resident
UNION ALL
SELECT 'rel', person_id, other_id, NULL, NULL, NULL, kind, NULL, NULL, NULL, NULL, NULL FROM rel
UNION ALL
SELECT 'person', p.id, p.district_id, p.current_address_id, CASE WHEN p.is_child THEN 1 ELSE 0 END, NULL,
  p.forename, p.surname, p.looked_after, d.name, p.date_of_birth, NULL
FROM people_person p JOIN force_district d ON d.id = p.district_id
WHERE p.id IN (SELECT id FROM everyone) AND p.id NOT IN (SELECT id FROM page)
UNION ALL
SELECT 'flag', f.person_id, f.id, NULL, NULL, NULL, f.kind, f.cp_category, f.details, NULL, f.starts_on, NULL
FROM people_flag f
WHERE f.person_id IN (SELECT id FROM everyone) AND f.starts_on <= %(today)s AND {_CURRENT.format(t="f")}
UNION ALL
SELECT 'suspect', cp.person_id, c.id, c.district_id, NULL, NULL, c.reference, c.case_type, NULL, NULL,
  NULL, NULL
FROM cases_caseparticipant cp JOIN cases_case c ON c.id = cp.case_id
WHERE cp.person_id IN (SELECT id FROM everyone) AND cp.role = {_literal(ParticipantRole.SUSPECT)}
  AND c.case_type IN ({", ".join(_literal(kind) for kind in CHILD_ABUSE_CASE_TYPES)})
UNION ALL
SELECT 'district', id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM viewer_district
UNION ALL
SELECT 'visible', p.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM people_person p
WHERE %(own_districts)s = 1 AND p.id IN (SELECT id FROM everyone) AND (
  p.district_id IN (SELECT id FROM viewer_district)
  OR EXISTS (SELECT 1 FROM cases_caseparticipant cp JOIN cases_case c ON c.id = cp.case_id
             WHERE cp.person_id = p.id AND c.district_id IN (SELECT id FROM viewer_district)))
UNION ALL
SELECT 'missing', m.child_id, m.case_id, c.district_id, m.id, NULL, m.risk_grade, NULL, NULL, NULL, NULL,
  m.occurred_at
FROM cases_missingepisode m JOIN cases_case c ON c.id = m.case_id
WHERE m.child_id IN (SELECT id FROM page)
UNION ALL
SELECT 'incident', i.address_id, i.case_id, c.district_id,
  (SELECT COUNT(DISTINCT cp.person_id) FROM cases_caseparticipant cp
   WHERE cp.case_id = i.case_id AND cp.role IN ({_CHILD_ROLES_SQL})), i.id, d.name, NULL, NULL,
  NULL, NULL, i.occurred_at
FROM cases_incident i JOIN cases_case c ON c.id = i.case_id JOIN force_district d ON d.id = c.district_id
WHERE i.address_id IN (SELECT id FROM addr) AND i.kind = {_literal(IncidentKind.DOMESTIC_ABUSE)}
  AND i.occurred_at >= %(since_12_months)s
UNION ALL
SELECT 'investigation', cp.person_id, c.id, c.district_id, inv.id, NULL, c.reference, inv.offence_category,
  cp.role, NULL, NULL, inv.occurred_at
FROM cases_caseparticipant cp JOIN cases_case c ON c.id = cp.case_id
JOIN cases_investigation inv ON inv.case_id = c.id
WHERE cp.person_id IN (SELECT id FROM page) AND inv.closed_at IS NULL AND c.closed_at IS NULL
UNION ALL
SELECT 'bail', s.protected_person_id, s.case_id, c.district_id, s.id, NULL, s.bail_conditions, NULL, NULL,
  NULL, s.bail_until, NULL
FROM cases_investigationstep s JOIN cases_case c ON c.id = s.case_id
WHERE s.protected_person_id IN (SELECT id FROM page) AND s.kind = {_literal(InvestigationStepKind.BAIL)}
  AND s.bail_until >= %(today)s
UNION ALL
SELECT 'address', a.id, NULL, NULL, NULL, NULL, a.line1, a.town, a.postcode, d.name, NULL, NULL
FROM people_address a JOIN force_district d ON d.id = a.district_id
WHERE a.id IN (SELECT id FROM addr)
"""

_POSTGRESQL_FACTS = _FACTS.format(
    page="SELECT unnest(%(people)s::bigint[])", shown="SELECT unnest(%(addresses)s::bigint[])"
)
_SQLITE_FACTS = _FACTS.format(
    page="SELECT value FROM json_each(%(people)s)", shown="SELECT value FROM json_each(%(addresses)s)"
)


def facts_statement(
    viewer_id: int, person_ids: list[int], address_ids: list[int], today: dt.date, *, own_districts: bool
) -> tuple[str, dict]:
    since_12_months = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=365), dt.time.min))
    params = {
        "viewer": viewer_id,
        "today": _date_param(today),
        "since_12_months": _datetime_param(since_12_months),
        "own_districts": 1 if own_districts else 0,
    }
    if _postgresql():
        params.update(people=list(person_ids), addresses=list(address_ids))
        return _POSTGRESQL_FACTS, params
    params.update(people=json.dumps(list(person_ids)), addresses=json.dumps(list(address_ids)))
    return _SQLITE_FACTS, params


def fetch_facts(
    viewer_id: int, person_ids: list[int], address_ids: list[int], today: dt.date, *, own_districts: bool
) -> list[tuple]:
    sql, params = facts_statement(viewer_id, person_ids, address_ids, today, own_districts=own_districts)
    if _postgresql():
        # Server-side binding, prepared once per connection: the statement's text never changes,
        # and planning its fourteen branches costs more than running them.
        with prepared_cursor() as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def floor_statement(
    query: LookupQuery,
    names: NameQuery,
    today: dt.date,
    viewer_id: int,
    *,
    own_districts: bool,
    address_limit: int,
    candidate_limit: int,
    page_size: int,
) -> tuple[str, dict]:
    """The benchmark's floor: the whole lookup as ONE statement, the candidates' CTEs feeding
    the facts' CTEs, with the page chosen in SQL (by name: no Jaro-Winkler in SQL) and every
    fact of the page returned, the page's own people included. What the design could do with
    no round trips between its steps and no Python."""
    ctes, params, by_place = _candidate_ctes(
        query, names, today, address_limit=address_limit, candidate_limit=candidate_limit
    )
    params.update(facts_statement(viewer_id, [], [], today, own_districts=own_districts)[1])
    params.pop("people"), params.pop("addresses")
    params["page_size"] = page_size
    shown = (
        "SELECT id FROM matched_address WHERE n <= %(address_limit)s"
        if by_place
        else "SELECT id FROM people_address WHERE 1 = 0"
    )
    facts = _FACTS.format(
        page="SELECT id FROM cand ORDER BY surname, forename, id LIMIT %(page_size)s", shown=shown
    )
    facts = facts.replace(" AND p.id NOT IN (SELECT id FROM page)", "")
    assert facts.startswith("\nWITH ")
    return "WITH " + ", ".join(ctes) + ",\n" + facts[len("\nWITH ") :], params
