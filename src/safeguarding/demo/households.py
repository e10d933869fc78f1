"""Invented households: an address, the adults and children living there, how they are related,
their aliases, phones and flags. Every value is drawn from the chunk's seeded generator."""

import datetime as dt
import functools
import random

import holidays

from safeguarding.demo import names
from safeguarding.demo.force import DISTRICTS, DistrictPlan, Force
from safeguarding.demo.profile import gap_rates
from safeguarding.demo.schema import Ids, Rows
from safeguarding.people.names import phonetic_key

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)

_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters real inward codes use
_ETHNICITIES = ("white", "asian", "black", "mixed", "other")
# Ofcom's ranges reserved for drama: no real subscriber has these numbers.
_PHONE_RANGES = ("07700900", "01134960", "01164960", "01214960", "01614960", "01632960", "02079460")


@functools.cache
def name_key(name: str) -> str:
    return phonetic_key(name)


class WorkingDays:
    """England working days (weekends and bank holidays excluded, from the holidays library)."""

    def __init__(self, start: dt.date, end: dt.date):
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 2))
        self.base = start.toordinal()
        self.days: list[dt.date] = []
        self.first_on_or_after: list[int] = []
        day = start
        while day <= end + dt.timedelta(days=400):
            if day.weekday() < 5 and day not in bank:
                self.days.append(day)
            day += DAY
        i = 0
        day = start
        while day <= end + dt.timedelta(days=380):
            while self.days[i] < day:
                i += 1
            self.first_on_or_after.append(i)
            day += DAY

    def add(self, when: dt.datetime, n: int) -> dt.datetime:
        """The same time of day on the n-th working day after `when`'s date."""
        i = self.first_on_or_after[when.toordinal() - self.base]
        if self.days[i] != when.date():
            i -= 1
        day = self.days[i + n]
        return dt.datetime.combine(day, when.time())


class Member:
    __slots__ = (
        "id",
        "dob",
        "age",
        "gender",
        "ethnicity",
        "looked_after",
        "heritage",
        "is_child",
        "forename",
    )

    def __init__(self, id, dob, age, gender, ethnicity, looked_after, heritage, is_child, forename):
        self.id = id
        self.dob = dob
        self.age = age
        self.gender = gender
        self.ethnicity = ethnicity
        self.looked_after = looked_after
        self.heritage = heritage
        self.is_child = is_child
        self.forename = forename

    def born_at(self) -> dt.datetime:
        return dt.datetime.combine(self.dob, dt.time(12))


class Household:
    __slots__ = (
        "plan",
        "district_id",
        "address_id",
        "children",
        "mother",
        "father",
        "partner",
        "carers",
        "kind",
    )

    def __init__(self, plan: DistrictPlan, district_id: int, address_id: int):
        self.plan = plan
        self.district_id = district_id
        self.address_id = address_id
        self.children: list[Member] = []
        self.mother: Member | None = None
        self.father: Member | None = None
        self.partner: Member | None = None  # mother's partner, not the children's parent
        self.carers: list[Member] = []
        self.kind = "family"

    def adults(self) -> list[Member]:
        return [a for a in (self.mother, self.father, self.partner, *self.carers) if a is not None]


class Chunk:
    """Generates the households of one chunk of children into `rows`."""

    def __init__(self, *, rng: random.Random, ids: Ids, rows: Rows, force: Force, as_of: dt.datetime, cal):
        self.rng = rng
        self.ids = ids
        self.rows = rows
        self.force = force
        self.as_of = as_of
        self.as_of_date = as_of.date()
        self.cal = cal
        self.district_weights = [d.share for d in DISTRICTS]
        self.rates: dict[str, float] = {}
        self.plan: DistrictPlan = DISTRICTS[0]
        self.district_id = 0
        self.related: set[tuple[int, str, int]] = set()  # this household's relationships
        # The practice gaps drawn for each case of this household (practice_truth.py grades
        # them), and the case the next gap belongs to.
        self.practice: dict[int, list[str]] = {}
        self.gaps_of: list[str] | None = None

    # --- small draws -------------------------------------------------------------------------
    def rr(self, a: int, b: int | None = None) -> int:
        """Like randrange(a, b) for ints, several times faster (it is called millions of times)."""
        if b is None:
            a, b = 0, a
        return a + int(self.rng.random() * (b - a))

    def gap(self, standard: str) -> bool:
        missed = self.rng.random() < self.rates[standard]
        if missed and self.gaps_of is not None:
            self.gaps_of.append(standard)
        return missed

    def phone(self) -> str:
        return self.rng.choice(_PHONE_RANGES) + f"{self.rr(1000):03d}"

    def new_address(self, *, children_home: bool = False) -> int:
        rng = self.rng
        plan = self.plan
        address_id = next(self.ids.address)
        outward = f"NM{rng.choice(plan.postcode_districts)}"
        inward = f"{self.rr(1, 10)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
        street = rng.choice(names.STREETS)
        if children_home:
            line1, line2 = f"{rng.choice(names.SCHOOL_STEMS)} House (children's home)", street
        elif rng.random() < 0.18:
            line1, line2 = f"Flat {self.rr(1, 40)}", f"{self.rr(1, 120)} {street}"
        else:
            line1, line2 = f"{self.rr(1, 220)} {street}", ""
        self.rows.address.append((address_id, line1, line2, plan.town, outward + inward, self.district_id))
        return address_id

    def forename(self, heritage: str, gender: str, *, child: bool, age: int) -> str:
        rng = self.rng
        female = gender == "female" or (gender == "other" and rng.random() < 0.5)
        pools = names.pools()  # drawn by frequency, shaped like England and Wales (names.py)
        if not child and age >= 28 and heritage in names.WOMEN_OLDER and rng.random() < 0.7:
            pool = pools.older_women if female else pools.older_men
        elif child:
            pool = pools.girls if female else pools.boys
        else:
            pool = pools.women if female else pools.men
        return pool[heritage].draw(rng)

    def heritage_for(self, ethnicity: str) -> tuple[str, str]:
        """(heritage of the mother's side, of the father's side)."""
        rng = self.rng
        if ethnicity == "mixed":
            pair = rng.choice(names.MIXED_PAIRS)
            return pair if rng.random() < 0.5 else (pair[1], pair[0])
        groups = names.HERITAGES_BY_ETHNICITY[ethnicity]
        heritage = rng.choices([g for g, _ in groups], [w for _, w in groups])[0]
        return heritage, heritage

    # --- people --------------------------------------------------------------------------------
    def person(
        self,
        *,
        heritage: str,
        surname: str,
        gender: str,
        age: int,
        ethnicity: str,
        is_child: bool,
        address_id: int | None,
        looked_after: str = "no",
        demographics_gap: bool = False,
    ) -> Member:
        rng = self.rng
        forename = self.forename(heritage, gender, child=is_child, age=age)
        middle = ""
        if rng.random() < 0.35:
            middle = self.forename(heritage, gender, child=True, age=age)
            if middle == forename:
                middle = ""
        dob = dt.date.fromordinal(self.as_of_date.toordinal() - age * 365 - self.rr(1, 365) - age // 4)
        recorded_ethnicity = ethnicity if rng.random() > 0.02 else "not_stated"
        disability = "yes" if rng.random() < (0.12 if is_child else 0.08) else "none"
        school = ""
        if is_child and age >= 4:
            stem = rng.choice(names.SCHOOL_STEMS)
            if age <= 10:
                school = f"{stem} Primary School"
            elif age <= 15:
                school = f"{stem} Academy"
            else:
                school = f"{self.plan.town} College"
        if demographics_gap:
            blank = self.rr(3)
            if blank == 0:
                recorded_ethnicity = ""
            elif blank == 1:
                disability = ""
            else:
                school = ""
        elif not is_child and rng.random() < 0.15:
            recorded_ethnicity = ""  # adults' backgrounds are recorded less often
        phone = ""
        if (not is_child and rng.random() < 0.45) or (is_child and age >= 12 and rng.random() < 0.3):
            phone = self.phone()
        person_id = next(self.ids.person)
        self.rows.person.append(
            (
                person_id,
                forename,
                middle,
                surname,
                dob,
                is_child,
                gender,
                recorded_ethnicity,
                disability,
                school,
                looked_after,
                phone,
                self.district_id,
                address_id,
                name_key(forename),
                name_key(surname),
            )
        )
        if address_id is not None:
            starts = dob if is_child and age < 3 else self.as_of_date - dt.timedelta(days=self.rr(200, 3000))
            self.rows.residence.append(
                (next(self.ids.residence), person_id, address_id, max(starts, dob), None)
            )
        if rng.random() < 0.05:
            self.alias(person_id, forename, surname, heritage)
        return Member(person_id, dob, age, gender, ethnicity, looked_after, heritage, is_child, forename)

    def alias(self, person_id: int, forename: str, surname: str, heritage: str) -> None:
        rng = self.rng
        alias_forename = names.ALIAS_FORENAMES.get(forename)
        if alias_forename is None or rng.random() < 0.4:
            alias_forename = forename
            alias_surname = names.pools().surnames[heritage].draw(rng)
            if alias_surname == surname:
                return
        else:
            alias_surname = surname
        self.rows.alias.append(
            (
                next(self.ids.alias),
                person_id,
                alias_forename,
                alias_surname,
                name_key(alias_forename),
                name_key(alias_surname),
            )
        )

    def relate(self, person: Member, kind: str, other: Member, starts_on: dt.date | None = None) -> None:
        key = (person.id, kind, other.id)
        if key in self.related or person.id == other.id:
            return
        self.related.add(key)
        self.rows.relationship.append((next(self.ids.relationship), person.id, kind, other.id, starts_on))

    def flag(
        self,
        person_id: int,
        kind: str,
        starts: dt.datetime,
        *,
        ends: dt.datetime | None = None,
        category: str = "",
        details: str = "",
        recorded_at: dt.datetime | None = None,
        by: int | None = None,
    ) -> None:
        if starts > self.as_of:
            return
        ends_on = ends.date() if ends is not None and ends <= self.as_of else None
        if ends_on is not None and ends_on < starts.date():
            ends_on = starts.date()
        self.rows.flag.append(
            (
                next(self.ids.flag),
                person_id,
                kind,
                category,
                starts.date(),
                ends_on,
                details,
                min(recorded_at or starts + self.rr(10, 600) * MINUTE, self.as_of),
                by,
            )
        )

    # --- a household ---------------------------------------------------------------------------
    def household(self, max_children: int = 5) -> Household:
        rng = self.rng
        self.related.clear()
        self.plan = plan = rng.choices(DISTRICTS, self.district_weights)[0]
        self.district_id = self.force.district_ids[plan.code]
        self.rates = gap_rates(plan.code)
        weights = [plan.ethnicity[e] for e in _ETHNICITIES]
        ethnicity = rng.choices(_ETHNICITIES, weights)[0]
        mother_side, father_side = self.heritage_for(ethnicity)

        placement = rng.random() < 0.03
        home = self.new_address(children_home=placement and rng.random() < 0.45)
        hh = Household(plan, self.district_id, home)
        n_children = 1 if placement else rng.choices((1, 2, 3, 4, 5), (0.38, 0.34, 0.18, 0.07, 0.03))[0]
        n_children = min(n_children, max_children)
        # Children known to police skew to teenagers (children-in-need census: about 45% aged 10-15).
        oldest = min(17, int(rng.triangular(0, 17.99, 17.99)))
        ages = [oldest]
        for _ in range(n_children - 1):
            age = ages[-1] - rng.choice((1, 1, 2, 2, 3, 4, 5))
            if age < 0:
                break
            ages.append(age)
        father_surname = names.pools().surnames[father_side].draw(rng)
        mother_surname = names.pools().surnames[mother_side].draw(rng)
        children_surname = father_surname if rng.random() < 0.6 else mother_surname

        if placement:
            hh.kind = "childrens_home" if "children's home" in self.rows.address[-1][1] else "foster"
        else:
            single_father = rng.random() < 0.05
            if not single_father:
                mother_age = max(oldest + self.rr(17, 30), self.rr(19, 26))
                hh.mother = self.person(
                    heritage=mother_side,
                    surname=mother_surname if rng.random() < 0.5 else children_surname,
                    gender="female",
                    age=mother_age,
                    ethnicity=ethnicity,
                    is_child=False,
                    address_id=home,
                )
            if single_father or rng.random() < 0.5:
                hh.father = self.person(
                    heritage=father_side,
                    surname=father_surname,
                    gender="male",
                    age=oldest + self.rr(19, 34),
                    ethnicity=ethnicity,
                    is_child=False,
                    address_id=home,
                )
            elif rng.random() < 0.45:
                partner_side = rng.choice((father_side, "white_british", mother_side))
                hh.partner = self.person(
                    heritage=partner_side,
                    surname=names.pools().surnames[partner_side].draw(rng),
                    gender="male",
                    age=self.rr(20, 48),
                    ethnicity=ethnicity
                    if partner_side == father_side
                    else names.ETHNICITY_OF_HERITAGE[partner_side],
                    is_child=False,
                    address_id=home,
                )
                self.relate(hh.partner, "partner", hh.mother, self.as_of_date - self.rr(60, 1500) * DAY)
            if hh.mother and hh.father:
                self.relate(hh.mother, "partner", hh.father)
        if hh.kind == "foster" and rng.random() < 0.8:
            for gender in ("female", "male")[: self.rr(1, 3)]:
                hh.carers.append(
                    self.person(
                        heritage="white_british",
                        surname=mother_surname,
                        gender=gender,
                        age=self.rr(35, 66),
                        ethnicity="white",
                        is_child=False,
                        address_id=home,
                    )
                )

        gap_demographics = self.rates["DEMOGRAPHICS"]
        for age in ages:
            gender = "female" if rng.random() < 0.5 else "male"
            if age >= 12 and rng.random() < 0.006:
                gender = "other"
            looked_after = "no"
            if placement:
                looked_after = (
                    "childrens_home" if hh.kind == "childrens_home" else rng.choice(("foster", "kinship"))
                )
            child = self.person(
                heritage=rng.choice((mother_side, father_side)),
                surname=children_surname,
                gender=gender,
                age=age,
                ethnicity=ethnicity,
                is_child=True,
                address_id=home,
                looked_after=looked_after,
                demographics_gap=rng.random() < gap_demographics,
            )
            hh.children.append(child)
            if hh.mother:
                self.relate(hh.mother, "parent", child)
            if hh.father:
                self.relate(hh.father, "parent", child)
            for carer in hh.carers:
                self.relate(carer, "carer", child)
            if looked_after != "no":
                self.flag(
                    child.id,
                    "looked_after",
                    self.as_of - self.rr(30, 1200) * DAY,
                    details="Placed by the local authority.",
                )
        for i, older in enumerate(hh.children):
            for younger in hh.children[i + 1 :]:
                self.relate(older, "sibling", younger)
        if rng.random() < 0.2 and hh.adults():
            # A previous address: the household moved within the district.
            before = self.new_address()
            moved = self.as_of_date - self.rr(200, 900) * DAY
            for member in hh.adults() + hh.children:
                if member.dob < moved - 30 * DAY:
                    self.rows.residence.append(
                        (
                            next(self.ids.residence),
                            member.id,
                            before,
                            max(member.dob, moved - 2000 * DAY),
                            moved,
                        )
                    )
        return hh

    def outsider(self, *, gender: str = "male", age_range=(18, 55), heritage: str | None = None) -> Member:
        """An adult from outside the household: a suspect, offender or associate."""
        rng = self.rng
        if heritage is None:
            ethnicity = rng.choices(_ETHNICITIES, [self.plan.ethnicity[e] for e in _ETHNICITIES])[0]
            heritage = self.heritage_for(ethnicity)[0]
        else:
            ethnicity = names.ETHNICITY_OF_HERITAGE[heritage]
        address = self.new_address() if rng.random() < 0.7 else None
        return self.person(
            heritage=heritage,
            surname=names.pools().surnames[heritage].draw(rng),
            gender=gender,
            age=self.rr(*age_range),
            ethnicity=ethnicity,
            is_child=False,
            address_id=address,
        )
