"""Reads of people: the search, the child's page and the short-lived grants a reasoned
whole-force search gives. Every read starts from `people_visible_to(viewer)`."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Model, Q
from django.http import Http404
from django.utils import timezone

from safeguarding.access.models import User
from safeguarding.access.reasons import GivenReason
from safeguarding.access.roles import Permission, Scope
from safeguarding.people.casework import (
    casework,
    named_in_case_reason,
    people_editable_by,
    people_visible_to,
)
from safeguarding.people.matching import (
    EXACT,
    FEW,
    NONE,
    RISK_WEIGHT,
    HeldName,
    NameMatch,
    best_match,
    name_query,
    person_ids_holding,
    rank_key,
)
from safeguarding.people.models import Address, Flag, Person, Relationship, Residence
from safeguarding.people.names import normalise_name
from safeguarding.people.validators import IDENTIFIER_NAMES, MistypedIdentifier, find_identifier
from safeguarding.people.vocabulary import ADULT_RISK_FLAGS, FlagKind, LookedAfter

SEARCH_LIMIT = 50
# Candidates fetched by indexed keys before ranking in Python; generous so ranking decides.
CANDIDATE_LIMIT = 400
GRANT_MINUTES = 30
GRANTS_SESSION_KEY = "record_grants"


# --- The parsed search ---------------------------------------------------------------------


@dataclass(frozen=True)
class DateTerm:
    """A date of birth, whole or partial: the range [start, end)."""

    start: dt.date
    end: dt.date

    @property
    def exact(self) -> bool:
        return self.end - self.start == dt.timedelta(days=1)


@dataclass(frozen=True)
class SearchTerms:
    names: tuple[str, ...] = ()  # normalised words
    date: DateTerm | None = None
    typed_names: tuple[str, ...] = ()  # the name words as typed (their script matters)
    text: str = ""  # what the user typed, kept for the access log only
    # (field, normal form) of an NHS number, PNC ID or UPN typed: found by exact match
    identifier: tuple[str, str] | None = None


class SearchTermError(ValueError):
    pass


def _parse_date_token(token: str) -> DateTerm | None:
    """dd/mm/yyyy, d-m-yyyy, yyyy-mm-dd, mm/yyyy or yyyy. None when it is not date-like;
    SearchTermError when it looks like a date but cannot be one."""
    cleaned = token.replace(".", "/").replace("-", "/")
    parts = cleaned.split("/")
    if not all(part.isdigit() for part in parts):
        return None
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return DateTerm(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        if len(parts) == 2 and len(parts[1]) == 4:
            month, year = int(parts[0]), int(parts[1])
            start = dt.date(year, month, 1)
            end = dt.date(year + (month == 12), month % 12 + 1, 1)
            return DateTerm(start, end)
        if len(parts) == 3:
            if len(parts[0]) == 4:
                year, month, day = (int(p) for p in parts)
            elif len(parts[2]) == 4:
                day, month, year = (int(p) for p in parts)
            else:
                raise SearchTermError("Write the year in full, for example 12/04/2015.")
            start = dt.date(year, month, day)
            return DateTerm(start, start + dt.timedelta(days=1))
    except ValueError as error:
        if isinstance(error, SearchTermError):
            raise
        raise SearchTermError(f"“{token}” is not a real date.") from error
    raise SearchTermError(
        f"“{token}” is not a date we can read: use dd/mm/yyyy, yyyy-mm-dd or a year like 2015."
    )


def parse_search(text: str) -> SearchTerms:
    """Split what was typed into name words and at most one date of birth."""
    text = " ".join(text.split())
    if not text:
        raise SearchTermError("Type a name or a date of birth.")
    try:
        found = find_identifier(text)
    except MistypedIdentifier as problem:
        raise SearchTermError(str(problem)) from None
    identifier = (found[0], found[1]) if found else None
    rest = " ".join(found[2].split()) if found else text
    names: list[str] = []
    typed_names: list[str] = []
    date: DateTerm | None = None
    for token in rest.split(" ") if rest else []:
        parsed = _parse_date_token(token)
        if parsed is not None:
            if date is not None:
                raise SearchTermError("Give only one date of birth.")
            today = timezone.localdate()
            if parsed.start > today:
                raise SearchTermError("That date of birth is in the future.")
            date = parsed
            continue
        names.extend(normalise_name(token).split())
        typed_names.append(token)
    if identifier is not None and not names and date is None:
        return SearchTerms(text=text, identifier=identifier)
    if date is None and not names:
        raise SearchTermError("Type a name (two letters or more) or a date of birth.")
    if names and date is None and max(len(name) for name in names) < 2:
        raise SearchTermError("One letter is not enough: type at least two letters of a name.")
    if date is not None and not date.exact and not names:
        # A year alone would list thousands of children: ask for a name with it.
        raise SearchTermError(
            "A year or month alone matches too many people: add a name, or give the full date."
        )
    return SearchTerms(
        names=tuple(name for name in names if name),
        date=date,
        text=text,
        typed_names=tuple(typed_names),
        identifier=identifier,
    )


# --- Flags as the pages show them ------------------------------------------------------------

_FLAG_TONE: dict[str, str] = {
    FlagKind.CP_PLAN: "danger",
    FlagKind.CSE_RISK: "danger",
    FlagKind.REGISTERED_SEX_OFFENDER: "danger",
    FlagKind.RISK_TO_CHILDREN: "danger",
    FlagKind.REPEAT_MISSING: "warn",
    FlagKind.DOMESTIC_ABUSE_PERPETRATOR: "warn",
    FlagKind.VIOLENT: "warn",
    FlagKind.LOOKED_AFTER: "info",
}


_TONE_ORDER = {"danger": 0, "warn": 1, "info": 2}


@dataclass(frozen=True)
class FlagBadge:
    label: str
    tone: str  # danger / warn / info: the CSS class of site.css's .flag
    since: dt.date | None = None
    until: dt.date | None = None
    details: str = ""
    pk: int | None = None  # the flag's, for its history page
    edited: bool = False


def flag_badge(flag: Flag) -> FlagBadge:
    label = flag.get_kind_display()
    if flag.kind == FlagKind.CP_PLAN and flag.cp_category:
        label = f"{label}: {flag.get_cp_category_display()}"
    return FlagBadge(
        label=label,
        tone=_FLAG_TONE.get(flag.kind, "info"),
        since=flag.starts_on,
        until=flag.ends_on,
        details=flag.details,
        pk=flag.pk,
        edited=flag.version > 1,
    )


# --- The search -----------------------------------------------------------------------------


@dataclass
class SearchResult:
    person: Person
    match: str  # why it matched, in plain words ("exact name", "sounds like the name", ...)
    score: float
    outside_district: bool
    flags: list[FlagBadge] = field(default_factory=list)
    age: int | None = None


def search_people(
    viewer: User, terms: SearchTerms, *, whole_force: bool = False, limit: int = SEARCH_LIMIT
) -> list[SearchResult]:
    """People matching the terms, best first (people/matching.py: match quality, a date of birth
    that agrees, risk, the viewer's districts, the newest record). `whole_force` widens an
    officer's search beyond their districts (the caller has recorded a reason); results outside
    are marked. At most `limit` results: ask again with a larger limit for more."""
    scoped = people_visible_to(viewer)
    widened = whole_force and viewer.scope == Scope.OWN_DISTRICTS and viewer.can(Permission.VIEW_CHILD_RECORD)
    base = Person.objects.all() if widened else scoped
    query = name_query(terms.typed_names or terms.names)
    narrowed = Q()
    if terms.date is not None:
        narrowed = Q(date_of_birth__gte=terms.date.start, date_of_birth__lt=terms.date.end)
    if terms.identifier is not None:
        # Exact on the normal form the field holds (indexed: person_<field>_idx).
        narrowed &= Q(**{terms.identifier[0]: terms.identifier[1]})

    def fetch(condition: Q) -> list[Person]:
        return list(
            base.filter(condition)
            .select_related("district")
            .prefetch_related("aliases")
            .order_by("-pk")[:CANDIDATE_LIMIT]
        )

    if query.words:
        candidates = fetch(narrowed & Q(pk__in=person_ids_holding(query)))
        if len(candidates) < FEW:
            found = {p.pk for p in candidates}
            fallback = fetch(narrowed & Q(pk__in=person_ids_holding(query, fallback=True)))
            candidates += [p for p in fallback if p.pk not in found]
    else:
        candidates = fetch(narrowed)
    in_scope_ids: set[int] = set()
    if widened and candidates:
        in_scope_ids = set(scoped.filter(pk__in=[p.pk for p in candidates]).values_list("pk", flat=True))
    risk = _risk_of([p.pk for p in candidates])
    own = viewer.district_ids()
    ranked = []
    for person in candidates:
        if query.words:
            held = [HeldName(person.forename, person.middle_names, person.surname)] + [
                HeldName(a.forename, "", a.surname, alias=True) for a in person.aliases.all()
            ]
            match = best_match(query, held)
            if match.quality == NONE:
                continue
            reason = match.reason
        else:
            reason = IDENTIFIER_NAMES[terms.identifier[0]] if terms.identifier else "date of birth"
            match = NameMatch(EXACT, 1.0)
        key = rank_key(
            match, risk=risk.get(person.pk, 0), own_district=person.district_id in own, recency=person.pk
        )
        ranked.append(
            (
                key,
                SearchResult(
                    person=person,
                    match=reason,
                    score=match.quality + match.similarity / 2,
                    outside_district=widened and person.pk not in in_scope_ids,
                ),
            )
        )
    ranked.sort(key=lambda item: item[0])
    results = [result for _key, result in ranked[:limit]]
    _attach_flags(results)
    return results


def _risk_of(person_ids: list[int]) -> dict[int, int]:
    today = timezone.localdate()
    risk: dict[int, int] = {}
    flags = Flag.objects.filter(person_id__in=person_ids, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for person_id, kind in flags.values_list("person_id", "kind"):
        risk[person_id] = max(risk.get(person_id, 0), RISK_WEIGHT.get(kind, 0))
    return risk


def _attach_flags(results: list[SearchResult]) -> None:
    today = timezone.localdate()
    by_person: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(person_id__in=[r.person.pk for r in results]):
        if flag.is_active_on(today):
            by_person.setdefault(flag.person_id, []).append(flag)
    for result in results:
        result.flags = [flag_badge(flag) for flag in by_person.get(result.person.pk, [])]
        result.age = result.person.age_on(today)


# --- Grants after a reasoned whole-force search ----------------------------------------------


def grant_record_access(session, person_ids: list[int], reason: GivenReason) -> None:
    """Remember, for a short time, that the user gave a reason (checked: a choice from the list
    and a reference) to open these records. The child's page logs it, text and parts."""
    if not isinstance(reason, GivenReason):
        raise TypeError("A grant needs a checked reason (access.reasons.reason_given).")
    grants = live_grants(session)
    until = (timezone.now() + dt.timedelta(minutes=GRANT_MINUTES)).timestamp()
    for person_id in person_ids:
        grants[str(person_id)] = {"reason": reason.text, "detail": reason.detail(), "until": until}
    session[GRANTS_SESSION_KEY] = grants


def live_grants(session) -> dict[str, dict]:
    now = timezone.now().timestamp()
    return {pid: grant for pid, grant in session.get(GRANTS_SESSION_KEY, {}).items() if grant["until"] > now}


# --- The child's page ---------------------------------------------------------------------


@dataclass
class LinkedAdult:
    person: Person
    how: list[str]
    flags: list[FlagBadge]
    visible: bool


@dataclass
class ChildRecord:
    person: Person
    age: int | None
    access_reason: str  # "" when the record is in the viewer's own districts
    granted: bool  # opened through a reasoned whole-force search
    flags: list[FlagBadge]  # every active flag, worst first
    looked_after: bool
    missing_count: int
    risk_adults: list[LinkedAdult]
    household: list[Person]
    relationships: list[tuple[str, Person, bool]]  # (how, other person, visible)
    cases: list[Model]  # cases.Case (people does not import cases)
    hidden_case_count: int
    cases_linkable: set[int]


def person_for_viewer(viewer: User, person_id: int, grants: dict[str, dict]) -> tuple[Person, str, bool]:
    """The person if the viewer may open the record, with the reason to log; else Http404.

    Returns (person, access_reason, granted). access_reason is "" for the viewer's own district,
    the named case for a person in one of the viewer's cases, or the reason given for a grant."""
    person = (
        people_visible_to(viewer).select_related("district", "current_address").filter(pk=person_id).first()
    )
    if person is not None:
        if viewer.covers_district(person.district_id):
            return person, "", False
        reason = named_in_case_reason(viewer, person)
        if reason:
            return person, reason, False
    grant = grants.get(str(person_id))
    if grant and viewer.can(Permission.VIEW_CHILD_RECORD) and viewer.scope == Scope.OWN_DISTRICTS:
        person = Person.objects.select_related("district", "current_address").filter(pk=person_id).first()
        if person is not None:
            return person, grant["reason"], True
    raise Http404("No such person")


def child_record(viewer: User, person: Person, *, granted: bool, access_reason: str = "") -> ChildRecord:
    today = timezone.localdate()
    flags = [flag for flag in person.flags.all() if flag.is_active_on(today)]
    visible_people = people_visible_to(viewer)

    person_cases = casework().person_cases(viewer, person, granted=granted)

    relationships: list[tuple[str, Person, bool]] = []
    links: dict[int, tuple[Person, list[str]]] = {}
    for rel in Relationship.objects.filter(other=person).select_related("person"):
        relationships.append((rel.get_kind_display(), rel.person, False))
        links.setdefault(rel.person_id, (rel.person, []))[1].append(rel.get_kind_display())
    for rel in Relationship.objects.filter(person=person).select_related("other"):
        how = f"{person.forename} is their {rel.get_kind_display().lower()}"
        relationships.append((how, rel.other, False))
        links.setdefault(rel.other_id, (rel.other, []))[1].append(how)

    household: list[Person] = []
    if person.current_address_id:
        residents = Person.objects.filter(
            Q(current_address_id=person.current_address_id)
            | Q(
                pk__in=Residence.objects.filter(address_id=person.current_address_id)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
                .values("person_id")
            )
        ).exclude(pk=person.pk)
        for resident in residents.order_by("-date_of_birth"):
            household.append(resident)
            links.setdefault(resident.pk, (resident, []))[1].append("Lives at the same address")

    # A suspect's own page lists the adults around them, not the suspect themself.
    for suspect, reference in person_cases.suspects:
        links.setdefault(suspect.pk, (suspect, []))[1].append(f"Suspect in case {reference}")

    risk_flags: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(person_id__in=links, kind__in=ADULT_RISK_FLAGS):
        if flag.is_active_on(today):
            risk_flags.setdefault(flag.person_id, []).append(flag)
    visible_ids = set(visible_people.filter(pk__in=list(links)).values_list("pk", flat=True))
    risk_adults = [
        LinkedAdult(
            person=other, how=how, flags=[flag_badge(f) for f in risk_flags[pid]], visible=pid in visible_ids
        )
        for pid, (other, how) in links.items()
        if pid in risk_flags
    ]
    relationships = [(how, other, other.pk in visible_ids) for how, other, _ in relationships]

    return ChildRecord(
        person=person,
        age=person.age_on(today),
        access_reason=access_reason,
        granted=granted,
        flags=[
            flag_badge(f) for f in sorted(flags, key=lambda f: _TONE_ORDER[_FLAG_TONE.get(f.kind, "info")])
        ],
        looked_after=person.looked_after != LookedAfter.NO
        or any(f.kind == FlagKind.LOOKED_AFTER for f in flags),
        missing_count=person_cases.missing_count,
        risk_adults=risk_adults,
        household=household,
        relationships=relationships,
        cases=person_cases.cases,
        hidden_case_count=person_cases.hidden_count,
        cases_linkable=person_cases.linkable,
    )


# --- Households over time and who can be linked --------------------------------------------


@dataclass
class Housemate:
    person: Person
    starts_on: dt.date | None
    ends_on: dt.date | None
    visible: bool


@dataclass
class Household:
    """One address the person lived at, with the others who lived there at the same time."""

    address: Address
    starts_on: dt.date | None
    ends_on: dt.date | None  # None: still living there
    members: list[Housemate]


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    # An unknown start or end is open: a period with no dates overlaps every other.
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


def household_history(viewer: User, person: Person) -> list[Household]:
    """The person's addresses, newest first, each with who lived there while they did (from the
    residences: shared address over time). Two queries whatever the number of addresses."""
    own = list(
        Residence.objects.filter(person=person)
        .select_related("address")
        .order_by(F("starts_on").desc(nulls_last=True), "-id")
    )
    if not own:
        return []
    others = list(
        Residence.objects.filter(address_id__in={r.address_id for r in own})
        .exclude(person=person)
        .select_related("person")
        .order_by("person__surname", "person__forename", "starts_on")
    )
    visible = set(
        people_visible_to(viewer).filter(pk__in={r.person_id for r in others}).values_list("pk", flat=True)
    )
    households = []
    for home in own:
        members = [
            Housemate(other.person, other.starts_on, other.ends_on, other.person_id in visible)
            for other in others
            if other.address_id == home.address_id
            and _overlap(home.starts_on, home.ends_on, other.starts_on, other.ends_on)
        ]
        households.append(Household(home.address, home.starts_on, home.ends_on, members))
    return households


def link_candidates(actor: User, person: Person) -> list[Person]:
    """Whom the person can be linked to from their page: people the actor may edit who share a
    case or an address with them (a link to anyone else starts from a case they are both on)."""
    addresses = Residence.objects.filter(person=person).values("address_id")
    near = Q(pk__in=casework().people_sharing_a_case_with(person)) | Q(
        pk__in=Residence.objects.filter(address_id__in=addresses).values("person_id")
    )
    return list(
        people_editable_by(actor).filter(near).exclude(pk=person.pk).order_by("surname", "forename", "pk")
    )


def relationships_among(people: list[Person]) -> list[Relationship]:
    """The recorded links between these people (the case page's family tree)."""
    ids = [person.pk for person in people]
    return list(
        Relationship.objects.filter(person_id__in=ids, other_id__in=ids)
        .select_related("person", "other")
        .order_by("kind", "id")
    )
