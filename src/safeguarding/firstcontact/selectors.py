"""First contact: "what do we already know about this child, address or adult?"

Unlike every other read, the lookup is NOT limited to the viewer's districts: a response
officer may search the whole force at first contact (the reason is in the access log, written
by `services.lookup_run`). What crosses the district line is the summary: flags and the short
risk lines. Opening a full record outside the viewer's scope still needs a reason (the people
app's grant), so links to out-of-scope records say `needs_reason`.

Speed: candidates come from indexed fields (Double Metaphone keys, date of birth, postcode,
phone); they are ranked in Python with Jaro-Winkler. The risk summary for a page of results is
built with a fixed number of queries, batched over the page, whatever its size.
"""

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import get_urlconf, reverse
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.roles import Permission, Scope
from safeguarding.cases.models import (
    CaseParticipant,
    Incident,
    Investigation,
    InvestigationStep,
    MissingEpisode,
)
from safeguarding.cases.scoping import people_visible_to
from safeguarding.cases.vocabulary import (
    CHILD_ROLES,
    CaseType,
    IncidentKind,
    InvestigationStepKind,
    ParticipantRole,
    RiskGrade,
)
from safeguarding.firstcontact.query import LookupQuery
from safeguarding.firstcontact.statements import (
    CHILD_ABUSE_CASE_TYPES,
    as_date,
    as_datetime,
    fetch_candidates,
    fetch_facts,
)
from safeguarding.people.matching import (
    EXACT,
    FEW,
    NONE,
    HeldName,
    NameMatch,
    NameQuery,
    best_match,
    name_query,
    rank_key,
)
from safeguarding.people.models import Address, Flag, Person, Relationship, Residence
from safeguarding.people.validators import IDENTIFIER_NAMES
from safeguarding.people.vocabulary import (
    ADULT_RISK_FLAGS,
    CpPlanCategory,
    FlagKind,
    LookedAfter,
    RelationshipKind,
)

RESULT_LIMIT = 20
MORE_LIMIT = 100  # "show more": the next results on request
ADDRESS_LIMIT = 10
CANDIDATE_LIMIT = 400
# Below this Jaro-Winkler similarity a date-of-birth or address candidate is not shown as a name match.
NAME_THRESHOLD = 0.75
MISSING_RECENT_DAYS = 90
HOUSEHOLD_WINDOW_DAYS = 365
# CUMULATIVE_RISK (seed 002: 35 incidents before agencies met): 3+ DA incidents with children.
CUMULATIVE_RISK_INCIDENTS = 3

FLAG_SEVERITY = {
    FlagKind.CP_PLAN: "danger",
    FlagKind.CSE_RISK: "danger",
    FlagKind.REGISTERED_SEX_OFFENDER: "danger",
    FlagKind.RISK_TO_CHILDREN: "danger",
    FlagKind.VIOLENT: "danger",
    FlagKind.DOMESTIC_ABUSE_PERPETRATOR: "warn",
    FlagKind.REPEAT_MISSING: "warn",
    FlagKind.LOOKED_AFTER: "info",
}

_PERSON_FIELDS = (
    "id",
    "forename",
    "surname",
    "date_of_birth",
    "is_child",
    "looked_after",
    "district_id",
    "district__name",
    "current_address_id",
)


# --- What the lookup returns ----------------------------------------------------------------


@dataclass(frozen=True)
class FlagBadge:
    kind: str
    label: str
    severity: str
    since: dt.date
    detail: str = ""


@dataclass(frozen=True)
class SummaryLine:
    """One joined-up fact, with the record behind it."""

    kind: str  # cp_plan, cse_risk, looked_after, missing, domestic_abuse, cumulative_risk,
    # risk_adult, open_investigation, protective_bail
    severity: str  # danger, warn, info
    text: str
    record_type: str  # "person" or "case"
    record_id: int
    url: str  # "" when the page does not exist (yet)
    needs_reason: bool  # the record is outside the viewer's scope: opening it needs a reason


@dataclass(frozen=True)
class RiskAdult:
    person_id: int
    name: str
    how: tuple[str, ...]  # "lives at the same address", "parent", ...
    why: tuple[str, ...]  # "Registered sex offender", "Suspect in CP-000123 (CSE)"


@dataclass
class RiskSummary:
    person_id: int
    cp_plan_category: str = ""
    cp_plan_since: dt.date | None = None
    cse_risk: bool = False
    looked_after: bool = False
    missing_total: int = 0
    missing_last_90_days: int = 0
    missing_last_grade: str = ""
    da_incidents_12_months: int = 0
    da_incidents_with_children_12_months: int = 0
    da_children_present_12_months: int = 0
    cumulative_risk: bool = False
    risk_adults: list[RiskAdult] = field(default_factory=list)
    open_investigations: int = 0
    protective_bail: int = 0
    flags: list[FlagBadge] = field(default_factory=list)
    lines: list[SummaryLine] = field(default_factory=list)


@dataclass
class PersonResult:
    person_id: int
    name: str
    date_of_birth: dt.date | None
    age: int | None
    is_child: bool
    district_id: int
    district: str
    address: str
    match: str  # "exact", "alias", "sounds like", "date of birth", "address", "phone"
    score: float
    in_scope: bool
    url: str
    flags: list[FlagBadge] = field(default_factory=list)
    summary: RiskSummary | None = None


@dataclass
class Resident:
    person_id: int
    name: str
    age: int | None
    flags: list[FlagBadge]


@dataclass
class AddressResult:
    address_id: int
    label: str
    postcode: str
    district: str
    residents: list[Resident] = field(default_factory=list)
    da_incidents_12_months: int = 0
    cumulative_risk: bool = False
    lines: list[SummaryLine] = field(default_factory=list)


@dataclass
class LookupResult:
    people: list[PersonResult]
    addresses: list[AddressResult]
    more: bool  # more candidates than shown: the query could be narrowed
    outside_scope: int  # results whose full record is outside the viewer's scope


# --- Links ----------------------------------------------------------------------------------


_PK = 987654321  # a stand-in id, swapped for the real one in a reversed URL


@functools.lru_cache(maxsize=64)
def _url_template(urlconf: str | None, name: str) -> str:
    """The URL of `name` for the stand-in id: a results page links every line to its record,
    and reversing a URL costs more than the rest of a line's work."""
    return reverse(name, args=[_PK], urlconf=urlconf)


def _url(name: str, pk: int) -> str:
    return _url_template(get_urlconf(), name).replace(str(_PK), str(pk), 1)


@dataclass
class _Scope:
    """Which persons and cases the viewer may open without giving a reason."""

    force_wide: bool
    districts: set[int]
    people: set[int]

    def person(self, person_id: int) -> bool:
        return self.force_wide or person_id in self.people

    def case(self, district_id: int) -> bool:
        return self.force_wide or district_id in self.districts


def _own_districts(viewer: User) -> bool:
    """The viewer sees people of their own districts only (people_visible_to's rule)."""
    return viewer.scope == Scope.OWN_DISTRICTS and viewer.can(Permission.VIEW_CHILD_RECORD)


# --- Candidates -----------------------------------------------------------------------------


def _rank(
    query: LookupQuery,
    names: NameQuery,
    rows: list[dict],
    aliases: dict[int, list[tuple[str, str]]],
    own_districts: set[int],
    matched: dict[int, NameMatch] | None = None,
) -> list[tuple[dict, str, float]]:
    """Best first: match quality (exact > all parts > variant > sounds like > close spelling),
    a date of birth that agrees, risk, the viewer's own districts, the newest record. The match
    reason is said in plain words. `matched` keeps each person's name match between the passes
    of one lookup (the same names, the same aliases), so a widened search ranks only the new."""
    matched = {} if matched is None else matched
    ranked = []
    seen: set[int] = set()
    for row in rows:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        inside = (
            query.birth is not None
            and row["date_of_birth"] is not None
            and query.birth.start <= row["date_of_birth"] < query.birth.end
        )
        if names.words:
            match = matched.get(row["id"])
            if match is None:
                held = [HeldName(row["forename"], row["middle_names"], row["surname"])] + [
                    HeldName(fore, "", sur, alias=True) for fore, sur in aliases.get(row["id"], [])
                ]
                match = matched[row["id"]] = best_match(names, held)
            if match.quality == NONE and (match.similarity < NAME_THRESHOLD or not inside):
                continue
            reason = match.reason
            if match.quality == NONE:
                reason = "same date of birth; the name differs"
        else:
            match = NameMatch(EXACT, 1.0)
            if query.identifier:
                reason = IDENTIFIER_NAMES[query.identifier[0]]
            else:
                reason = "phone" if query.phone else ("date of birth" if query.birth else "address")
        if inside and names.words:
            reason += "; same date of birth"
        key = rank_key(
            match,
            risk=row["risk"],
            own_district=row["district_id"] in own_districts,
            recency=row["id"],
            dob_agrees=inside,
        )
        score = match.quality + match.similarity / 2 + (0.5 if inside else 0.0)
        ranked.append((key, (row, reason, score)))
    ranked.sort(key=lambda item: item[0])
    return [item for _key, item in ranked]


# --- The lookup -----------------------------------------------------------------------------


def lookup(
    viewer: User, query: LookupQuery, *, today: dt.date | None = None, limit: int = RESULT_LIMIT
) -> LookupResult:
    today = today or timezone.localdate()
    names = name_query(query.typed_names or query.names)
    address_ids, rows, aliases, own = fetch_candidates(
        query,
        names,
        today,
        viewer_id=viewer.pk,
        address_limit=ADDRESS_LIMIT,
        candidate_limit=CANDIDATE_LIMIT,
    )
    more_addresses = len(address_ids) > ADDRESS_LIMIT
    address_ids = address_ids[:ADDRESS_LIMIT]
    more_people = len(rows) > CANDIDATE_LIMIT
    matched: dict[int, NameMatch] = {}
    ranked = _rank(query, names, rows[:CANDIDATE_LIMIT], aliases, own, matched)
    exact_birth = query.birth is not None and query.birth.exact
    # Fewer than a handful found: widen, one statement a step. Two words in one held name by
    # their sounds (pair keys) first; then every word's keys counted (variants, short forms,
    # other scripts); then a typing slip in one word, bounded by a key prefix.
    for mode in ("keys", "fallback") if names.words and not exact_birth else ():
        if len(ranked) >= FEW or (mode == "keys" and len(names.words) < 2):
            continue
        if mode == "fallback" and any(match.startswith(_EXACT_REASON) for _row, match, _s in ranked):
            # Someone holds the very name typed: people a typing slip away would rank below
            # them, and ranking hundreds of those cost more than the rest of the lookup.
            continue
        _addresses, more_rows, more_aliases, _own = fetch_candidates(
            query,
            names,
            today,
            viewer_id=viewer.pk,
            address_limit=ADDRESS_LIMIT,
            candidate_limit=CANDIDATE_LIMIT,
            mode=mode,
        )
        rows += more_rows
        aliases.update(more_aliases)
        more_people = more_people or len(more_rows) > CANDIDATE_LIMIT
        ranked = _rank(query, names, rows, aliases, own, matched)
    more_people = more_people or len(ranked) > limit
    ranked = ranked[:limit]
    people_rows = {row["id"]: row for row, _match, _score in ranked}
    show_addresses = address_ids if (query.postcode or query.outward_code or query.address_line) else []
    summaries, residents, addresses, scope = _summarise(viewer, people_rows, show_addresses, today)

    people = []
    for row, match, score in ranked:
        person_id = row["id"]
        summary = summaries[person_id]
        address = addresses.get(row["current_address_id"])
        people.append(
            PersonResult(
                person_id=person_id,
                name=f"{row['forename']} {row['surname']}",
                date_of_birth=row["date_of_birth"],
                age=_age(row["date_of_birth"], today),
                is_child=row["is_child"],
                district_id=row["district_id"],
                district=row["district__name"],
                address=address.label if address else "",
                match=match,
                score=round(score, 3),
                in_scope=scope.person(person_id),
                url=_url("people:child", person_id),
                flags=summary.flags,
                summary=summary,
            )
        )
    _household_risk_once(people, [row["current_address_id"] for row, _m, _s in ranked])
    address_results = [addresses[pk] for pk in show_addresses if pk in addresses]
    for result in address_results:
        result.residents = residents.get(result.address_id, [])
    return LookupResult(
        people=people,
        addresses=address_results,
        more=more_people or more_addresses,
        outside_scope=sum(1 for person in people if not person.in_scope),
    )


_EXACT_REASON = NameMatch(EXACT, 1.0).reason


_HOUSEHOLD_KINDS = {"domestic_abuse", "cumulative_risk"}


def _household_risk_once(people: list[PersonResult], homes: list[int | None]) -> None:
    """A household's risk (domestic abuse there, adults who live there) is shown on the first
    result living at that address; the others point to it instead of repeating every line."""
    first_at: dict[int, PersonResult] = {}
    for person, home in zip(people, homes, strict=True):
        if home is None or person.summary is None:
            continue
        shown = first_at.setdefault(home, person)
        if shown is person:
            continue
        lines = person.summary.lines
        kept = [
            line
            for line in lines
            if line.kind not in _HOUSEHOLD_KINDS
            and not (line.kind == "risk_adult" and "(lives at the same address)" in line.text)
        ]
        if len(kept) < len(lines):
            kept.append(
                SummaryLine(
                    kind="household",
                    severity="info",
                    text=f"Household risk at this address: shown above under {shown.name}",
                    record_type="person",
                    record_id=shown.person_id,
                    url=shown.url,
                    needs_reason=not shown.in_scope,
                )
            )
        person.summary.lines = kept


def _age(born: dt.date | None, today: dt.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _name(row: dict) -> str:
    return f"{row['forename']} {row['surname']}"


def risk_summaries(
    viewer: User, person_ids: list[int], *, today: dt.date | None = None, facts_from: str = "sql"
) -> dict[int, RiskSummary]:
    """The joined-up risk summary of each person. `facts_from="orm"` reads the facts through the
    ORM instead of the one hand-written statement (the reference the tests compare it with)."""
    today = today or timezone.localdate()
    rows = {row["id"]: row for row in Person.objects.filter(pk__in=person_ids).values(*_PERSON_FIELDS)}
    summaries, *_rest = _summarise(viewer, rows, [], today, facts_from=facts_from)
    return summaries


@dataclass
class _Facts:
    """Everything a page of summaries is made from, however it was read. The lists hold rows of
    values() (dicts; typed Any, as the stubs type each query's rows as its own TypedDict)."""

    homes: dict[int, set[int]]  # person -> the addresses they live at now
    residents_at: dict[int, set[int]]  # address -> the people living there now
    relationships: list[tuple[int, int, str]]  # (person, other, kind): person is <kind> of other
    other_rows: dict[int, dict]  # people beyond the page: linked adults, residents
    flags: list[Any]  # active flags of everyone involved, newest first
    suspects: list[Any]  # child-abuse cases in which someone involved is a suspect
    scope: _Scope
    missing: list[Any]  # the page's missing episodes, newest first
    incidents: list[Any]  # domestic abuse at the addresses in 12 months, newest first
    investigations: list[Any]  # open investigations on cases the page's people are in
    bail: list[Any]  # bail conditions protecting the page's people, in force
    addresses: list[dict]  # labels of every address involved


def _address_label(address_id: int, line1: str, town: str, postcode: str, district: str) -> dict:
    address = Address(line1=line1, town=town, postcode=postcode)
    return {
        "id": address_id,
        "label": str(address),
        "postcode": address.display_postcode,
        "district": district,
    }


def _facts_orm(viewer: User, people: dict[int, dict], address_ids: list[int], today: dt.date) -> _Facts:
    """The facts through the ORM: about a dozen statements (the portable reference)."""
    person_ids = list(people)
    since_12_months = today - dt.timedelta(days=HOUSEHOLD_WINDOW_DAYS)
    current = Q(ends_on__isnull=True) | Q(ends_on__gte=today)

    homes: dict[int, set[int]] = defaultdict(set)
    for pk, row in people.items():
        if row["current_address_id"]:
            homes[pk].add(row["current_address_id"])
    if person_ids:
        for person_id, address_id in Residence.objects.filter(current, person_id__in=person_ids).values_list(
            "person_id", "address_id"
        ):
            homes[person_id].add(address_id)
    all_addresses = set(address_ids).union(*homes.values()) if homes else set(address_ids)

    residents_at: dict[int, set[int]] = defaultdict(set)
    if all_addresses:
        for person_id, address_id in Person.objects.filter(current_address_id__in=all_addresses).values_list(
            "pk", "current_address_id"
        ):
            residents_at[address_id].add(person_id)
        for person_id, address_id in Residence.objects.filter(
            current, address_id__in=all_addresses
        ).values_list("person_id", "address_id"):
            residents_at[address_id].add(person_id)

    relationships = []
    if person_ids:
        relationships = list(
            Relationship.objects.filter(Q(person_id__in=person_ids) | Q(other_id__in=person_ids)).values_list(
                "person_id", "other_id", "kind"
            )
        )
    everyone = set(person_ids).union(*residents_at.values())
    for person_id, other_id, _kind in relationships:
        everyone |= {person_id, other_id}

    other_rows = {}
    if everyone - set(people):
        for row in Person.objects.filter(pk__in=everyone - set(people)).values(*_PERSON_FIELDS):
            other_rows[row["id"]] = row

    flags = []
    suspects = []
    if everyone:
        flags = list(
            Flag.objects.filter(person_id__in=everyone, starts_on__lte=today)
            .filter(current)
            .order_by("-starts_on", "-id")
            .values("person_id", "kind", "cp_category", "starts_on", "details")
        )
        suspects = list(
            CaseParticipant.objects.filter(
                person_id__in=everyone,
                role=ParticipantRole.SUSPECT,
                case__case_type__in=CHILD_ABUSE_CASE_TYPES,
            )
            .order_by("person_id", "case_id")
            .values("person_id", "case_id", "case__reference", "case__case_type", "case__district_id")
        )

    force_wide = viewer.scope == Scope.FORCE
    visible: set[int] = set()
    if not force_wide and everyone:
        visible = set(people_visible_to(viewer).filter(pk__in=everyone).values_list("pk", flat=True))
    scope = _Scope(force_wide, set() if force_wide else viewer.district_ids(), visible)

    missing = []
    investigations = []
    bail = []
    if person_ids:
        missing = list(
            MissingEpisode.objects.filter(child_id__in=person_ids)
            .order_by("child_id", "-occurred_at", "-id")
            .values("child_id", "occurred_at", "risk_grade", "case_id", "case__district_id")
        )
        investigations = list(
            Investigation.objects.filter(
                closed_at__isnull=True,
                case__closed_at__isnull=True,
                case__participants__person_id__in=person_ids,
            )
            .order_by("case_id", "id", "case__participants__role")
            .values(
                "case_id",
                "case__reference",
                "case__district_id",
                "offence_category",
                "occurred_at",
                person_id=F("case__participants__person_id"),
                role=F("case__participants__role"),
            )
        )
        bail = list(
            InvestigationStep.objects.filter(
                kind=InvestigationStepKind.BAIL, protected_person_id__in=person_ids, bail_until__gte=today
            )
            .order_by("bail_until", "id")
            .values("protected_person_id", "bail_until", "bail_conditions", "case_id", "case__district_id")
        )
    incidents = []
    addresses = []
    if all_addresses:
        # The children present are the children on the incident's case, not the caller's number.
        children_on_case = (
            CaseParticipant.objects.filter(case=OuterRef("case"), role__in=CHILD_ROLES)
            .order_by()
            .values("case")
            .annotate(n=Count("person", distinct=True))
            .values("n")
        )
        incidents = list(
            Incident.objects.filter(
                address_id__in=all_addresses,
                kind=IncidentKind.DOMESTIC_ABUSE,
                occurred_at__gte=_start_of(since_12_months),
            )
            .annotate(children_on_case=Coalesce(Subquery(children_on_case), 0))
            .order_by("-occurred_at", "-id")
            .values(
                "address_id",
                "occurred_at",
                "children_on_case",
                "case_id",
                "case__district_id",
                "case__district__name",
            )
        )
        addresses = [
            _address_label(address.pk, address.line1, address.town, address.postcode, address.district.name)
            for address in Address.objects.filter(pk__in=all_addresses).select_related("district")
        ]
    return _Facts(
        homes=homes,
        residents_at=residents_at,
        relationships=relationships,
        other_rows=other_rows,
        flags=flags,
        suspects=suspects,
        scope=scope,
        missing=missing,
        incidents=incidents,
        investigations=investigations,
        bail=bail,
        addresses=addresses,
    )


def _facts_sql(viewer: User, people: dict[int, dict], address_ids: list[int], today: dt.date) -> _Facts:
    """The same facts from one hand-written statement (statements.py), as tagged rows."""
    force_wide = viewer.scope == Scope.FORCE
    rows = fetch_facts(
        viewer.pk, list(people), list(address_ids), today, own_districts=_own_districts(viewer)
    )
    facts = _Facts(
        defaultdict(set),
        defaultdict(set),
        [],
        {},
        [],
        [],
        _Scope(force_wide, set(), set()),
        [],
        [],
        [],
        [],
        [],
    )
    districts: set[int] = set()
    for tag, k, n1, n2, n3, n4, s1, s2, s3, s4, day, at in rows:
        if tag == "home":
            facts.homes[k].add(n1)
        elif tag == "resident":
            facts.residents_at[k].add(n1)
        elif tag == "rel":
            facts.relationships.append((k, n1, s1))
        elif tag == "person":
            facts.other_rows[k] = {
                "id": k,
                "forename": s1,
                "surname": s2,
                "date_of_birth": as_date(day),
                "is_child": bool(n3),
                "looked_after": s3,
                "district_id": n1,
                "district__name": s4,
                "current_address_id": n2,
            }
        elif tag == "flag":
            facts.flags.append(
                {
                    "id": n1,
                    "person_id": k,
                    "kind": s1,
                    "cp_category": s2,
                    "starts_on": as_date(day),
                    "details": s3,
                }
            )
        elif tag == "suspect":
            facts.suspects.append(
                {
                    "person_id": k,
                    "case_id": n1,
                    "case__reference": s1,
                    "case__case_type": s2,
                    "case__district_id": n2,
                }
            )
        elif tag == "district":
            districts.add(k)
        elif tag == "visible":
            facts.scope.people.add(k)
        elif tag == "missing":
            facts.missing.append(
                {
                    "id": n3,
                    "child_id": k,
                    "occurred_at": as_datetime(at),
                    "risk_grade": s1,
                    "case_id": n1,
                    "case__district_id": n2,
                }
            )
        elif tag == "incident":
            facts.incidents.append(
                {
                    "id": n4,
                    "address_id": k,
                    "occurred_at": as_datetime(at),
                    "children_on_case": n3,
                    "case_id": n1,
                    "case__district_id": n2,
                    "case__district__name": s1,
                }
            )
        elif tag == "investigation":
            facts.investigations.append(
                {
                    "id": n3,
                    "person_id": k,
                    "case_id": n1,
                    "case__reference": s1,
                    "case__district_id": n2,
                    "offence_category": s2,
                    "occurred_at": as_datetime(at),
                    "role": s3,
                }
            )
        elif tag == "bail":
            facts.bail.append(
                {
                    "id": n3,
                    "protected_person_id": k,
                    "bail_until": as_date(day),
                    "bail_conditions": s1,
                    "case_id": n1,
                    "case__district_id": n2,
                }
            )
        elif tag == "address":
            facts.addresses.append(_address_label(k, s1, s2, s3, s4))
    if not force_wide:
        facts.scope.districts = districts
    # The statement's UNION ALL has no order: give each list the ORM reference's.
    facts.flags.sort(key=lambda row: (row["starts_on"], row["id"]), reverse=True)
    facts.suspects.sort(key=lambda row: (row["person_id"], row["case_id"]))
    facts.missing.sort(key=lambda row: (row["occurred_at"], row["id"]), reverse=True)
    facts.missing.sort(key=lambda row: row["child_id"])
    facts.incidents.sort(key=lambda row: (row["occurred_at"], row["id"]), reverse=True)
    facts.investigations.sort(key=lambda row: (row["case_id"], row["id"], row["role"]))
    facts.bail.sort(key=lambda row: (row["bail_until"], row["id"]))
    return facts


def _summarise(
    viewer: User, people: dict[int, dict], address_ids: list[int], today: dt.date, *, facts_from: str = "sql"
):
    """The summaries of a page of people and addresses, from facts read in one statement (or,
    for comparison, about a dozen ORM queries), independent of how many results there are."""
    read = _facts_sql if facts_from == "sql" else _facts_orm
    facts = read(viewer, people, address_ids, today)
    person_ids = list(people)
    summaries: dict[int, RiskSummary] = {pk: RiskSummary(person_id=pk) for pk in person_ids}
    since_90_days = today - dt.timedelta(days=MISSING_RECENT_DAYS)
    homes, residents_at, scope = facts.homes, facts.residents_at, facts.scope

    related: dict[int, dict[int, str]] = defaultdict(dict)
    for person_id, other_id, kind in facts.relationships:
        # `person` is <kind> of `other`: the father is the child's parent.
        label = RelationshipKind(kind).label.lower()
        if other_id in summaries:
            related[other_id].setdefault(person_id, label)
        if person_id in summaries:
            related[person_id].setdefault(other_id, f"this person is their {label}")

    linked: dict[int, dict[int, str]] = defaultdict(dict)  # person -> other -> how
    for pk in person_ids:
        for address_id in homes.get(pk, ()):
            for other in residents_at.get(address_id, ()):
                if other != pk:
                    linked[pk].setdefault(other, "lives at the same address")
        for other, how in related.get(pk, {}).items():
            linked[pk].setdefault(other, how)
    other_rows = dict(people)
    other_rows.update(facts.other_rows)

    flags: dict[int, list[FlagBadge]] = defaultdict(list)
    cp_plan: dict[int, tuple[str, dt.date]] = {}
    for flag in facts.flags:
        kind = flag["kind"]
        label = FlagKind(kind).label if kind in FlagKind.values else kind
        if kind == FlagKind.CP_PLAN:
            category = CpPlanCategory(flag["cp_category"]).label if flag["cp_category"] else ""
            label = f"{label}: {category}" if category else label
            cp_plan.setdefault(flag["person_id"], (flag["cp_category"], flag["starts_on"]))
        flags[flag["person_id"]].append(
            FlagBadge(
                kind=kind,
                label=label,
                severity=FLAG_SEVERITY.get(kind, "info"),
                since=flag["starts_on"],
                detail=flag["details"],
            )
        )

    suspect_in: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for row in facts.suspects:
        suspect_in[row["person_id"]].append(
            (row["case_id"], row["case__reference"], row["case__case_type"], row["case__district_id"])
        )
    missing: dict[int, list[dict]] = defaultdict(list)
    for row in facts.missing:
        missing[row["child_id"]].append(row)
    incidents: dict[int, list[dict]] = defaultdict(list)
    for row in facts.incidents:
        incidents[row["address_id"]].append(row)
    investigations: dict[int, dict[int, dict]] = defaultdict(dict)
    for row in facts.investigations:
        investigations[row["person_id"]].setdefault(row["case_id"], row)
    bail: dict[int, list[dict]] = defaultdict(list)
    for row in facts.bail:
        bail[row["protected_person_id"]].append(row)
    addresses: dict[int, AddressResult] = {
        row["id"]: AddressResult(
            address_id=row["id"], label=row["label"], postcode=row["postcode"], district=row["district"]
        )
        for row in facts.addresses
    }

    def person_line(kind, severity, text, person_id) -> SummaryLine:
        return SummaryLine(
            kind=kind,
            severity=severity,
            text=text,
            record_type="person",
            record_id=person_id,
            url=_url("people:child", person_id),
            needs_reason=not scope.person(person_id),
        )

    def case_line(
        kind, severity, text, case_id, district_id, person_id: int | None, held_by=""
    ) -> SummaryLine:
        if scope.case(district_id):
            return SummaryLine(kind, severity, text, "case", case_id, _url("cases:case", case_id), False)
        if person_id is not None:
            # A case outside the viewer's districts is reached through the person's record (reasoned).
            return person_line(kind, severity, text, person_id)
        return SummaryLine(
            kind, severity, f"{text} (held by {held_by or 'another district'})", "case", case_id, "", True
        )

    def household_lines(
        address_id: int, person_id: int | None
    ) -> tuple[list[SummaryLine], int, int, int, bool]:
        rows = incidents.get(address_id, [])
        if not rows:
            return [], 0, 0, 0, False
        with_children = [row for row in rows if row["children_on_case"] > 0]
        children = sum(row["children_on_case"] for row in rows)
        label = addresses[address_id].label if address_id in addresses else "this address"
        latest = rows[0]
        text = (
            f"{len(rows)} domestic abuse incident(s) at {label} in the last 12 months; "
            f"children present at {len(with_children)} ({children} child(ren) in all); "
            f"latest {latest['occurred_at']:%d %b %Y}"
        )
        cumulative = len(with_children) >= CUMULATIVE_RISK_INCIDENTS
        lines = [
            case_line(
                "domestic_abuse",
                "danger" if with_children else "warn",
                text,
                latest["case_id"],
                latest["case__district_id"],
                person_id,
                latest["case__district__name"],
            )
        ]
        if cumulative:
            lines.append(
                case_line(
                    "cumulative_risk",
                    "danger",
                    f"CUMULATIVE_RISK: {len(with_children)} domestic abuse incidents with children present "
                    "at this household in 12 months: review the joined-up risk",
                    latest["case_id"],
                    latest["case__district_id"],
                    person_id,
                    latest["case__district__name"],
                )
            )
        return lines, len(rows), len(with_children), children, cumulative

    def risk_adult(other: int, how: tuple[str, ...]) -> RiskAdult | None:
        why = [badge.label for badge in flags.get(other, []) if badge.kind in ADULT_RISK_FLAGS]
        for _case_id, reference, case_type, _district in suspect_in.get(other, []):
            why.append(f"Suspect in {reference} ({CaseType(case_type).label})")
        if not why:
            return None
        row = other_rows.get(other)
        return RiskAdult(person_id=other, name=_name(row) if row else f"#{other}", how=how, why=tuple(why))

    for pk, summary in summaries.items():
        row = people[pk]
        lines = summary.lines
        summary.flags = flags.get(pk, [])
        if pk in cp_plan:
            category, since = cp_plan[pk]
            summary.cp_plan_category, summary.cp_plan_since = category, since
            label = CpPlanCategory(category).label if category else ""
            lines.append(
                person_line(
                    "cp_plan", "danger", f"Child protection plan ({label}) since {since:%d %b %Y}", pk
                )
            )
        if any(badge.kind == FlagKind.CSE_RISK for badge in summary.flags):
            summary.cse_risk = True
            lines.append(person_line("cse_risk", "danger", "At risk of child sexual exploitation", pk))
        if row["looked_after"] != LookedAfter.NO or any(
            badge.kind == FlagKind.LOOKED_AFTER for badge in summary.flags
        ):
            summary.looked_after = True
            placement = (
                LookedAfter(row["looked_after"]).label if row["looked_after"] != LookedAfter.NO else ""
            )
            lines.append(person_line("looked_after", "info", placement or "Looked-after child", pk))
        episodes = missing.get(pk, [])
        if episodes:
            summary.missing_total = len(episodes)
            summary.missing_last_90_days = sum(
                1 for episode in episodes if timezone.localdate(episode["occurred_at"]) >= since_90_days
            )
            last = episodes[0]
            summary.missing_last_grade = last["risk_grade"]
            grade = RiskGrade(last["risk_grade"]).label if last["risk_grade"] else "not graded"
            lines.append(
                case_line(
                    "missing",
                    "danger" if summary.missing_last_90_days >= 3 else "warn",
                    f"Missing {summary.missing_total} time(s), {summary.missing_last_90_days} in the last "
                    f"90 days; last {last['occurred_at']:%d %b %Y}, graded {grade}",
                    last["case_id"],
                    last["case__district_id"],
                    pk,
                )
            )
        for address_id in sorted(homes.get(pk, ())):
            household, count, with_children, children, cumulative = household_lines(address_id, pk)
            lines.extend(household)
            summary.da_incidents_12_months += count
            summary.da_incidents_with_children_12_months += with_children
            summary.da_children_present_12_months += children
            summary.cumulative_risk = summary.cumulative_risk or cumulative
        own = risk_adult(pk, ()) if not row["is_child"] else None
        if own is not None:
            lines.append(person_line("risk_adult", "danger", "; ".join(own.why), pk))
        for other, how in sorted(linked.get(pk, {}).items()):
            adult = risk_adult(other, (how,))
            if adult is None:
                continue
            summary.risk_adults.append(adult)
            lines.append(
                person_line("risk_adult", "danger", f"{adult.name} ({how}): {'; '.join(adult.why)}", other)
            )
        for case_id, inv in investigations.get(pk, {}).items():
            summary.open_investigations += 1
            role = ParticipantRole(inv["role"]).label.lower() if inv["role"] in ParticipantRole.values else ""
            lines.append(
                case_line(
                    "open_investigation",
                    "warn",
                    f"Open investigation in {inv['case__reference']} ({inv['offence_category']}, "
                    f"opened {inv['occurred_at']:%d %b %Y}); this person is {role}",
                    case_id,
                    inv["case__district_id"],
                    pk,
                )
            )
        for condition in bail.get(pk, []):
            summary.protective_bail += 1
            lines.append(
                case_line(
                    "protective_bail",
                    "warn",
                    f"Bail conditions protect this child until {condition['bail_until']:%d %b %Y}: "
                    f"{condition['bail_conditions'][:160]}",
                    condition["case_id"],
                    condition["case__district_id"],
                    pk,
                )
            )

    residents: dict[int, list[Resident]] = {}
    for address_id in address_ids:
        if address_id not in addresses:
            continue
        result = addresses[address_id]
        household, count, _with_children, _children, cumulative = household_lines(address_id, None)
        result.da_incidents_12_months = count
        result.cumulative_risk = cumulative
        result.lines = household
        members = []
        for other in sorted(residents_at.get(address_id, ())):
            resident = other_rows.get(other)
            if resident is None:
                continue
            members.append(
                Resident(
                    person_id=other,
                    name=_name(resident),
                    age=_age(resident["date_of_birth"], today),
                    flags=flags.get(other, []),
                )
            )
            adult = risk_adult(other, ("lives here",))
            if adult is not None and resident and not resident["is_child"]:
                result.lines.append(
                    person_line(
                        "risk_adult", "danger", f"{adult.name} (lives here): {'; '.join(adult.why)}", other
                    )
                )
        residents[address_id] = members
    return summaries, residents, addresses, scope
