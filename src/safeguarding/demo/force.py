"""The invented force: five districts, their teams, child populations and staff logins."""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from safeguarding.access.roles import Role
from safeguarding.demo import names
from safeguarding.demo.profile import DISTRICT_CODES
from safeguarding.demo.schema import Ids, Rows
from safeguarding.force.models import TeamKind

DEMO_PASSWORD = "northmoor-demo-2026"  # noqa: S105 - the published demo password, not a secret
DEMO_EMAIL_DOMAIN = "northmoor.police.invalid"  # marks demo staff, so --replace removes only them


@dataclass(frozen=True)
class DistrictPlan:
    code: str
    name: str
    town: str
    local_authority: str
    share: float  # of the force's children
    # census ethnicity -> share of the district's children (the rest of 1.0 is 'not_stated')
    ethnicity: dict[str, float]
    postcode_districts: tuple[int, ...]


DISTRICTS = (
    DistrictPlan(
        "city",
        "Northmoor City",
        "Northmoor",
        "Northmoor City Council",
        0.30,
        {"white": 0.56, "asian": 0.21, "black": 0.10, "mixed": 0.08, "other": 0.04},
        (1, 2, 3, 4, 5, 6, 7, 8),
    ),
    DistrictPlan(
        "riverside",
        "Riverside",
        "Calder Bridge",
        "Riverside Borough Council",
        0.18,
        {"white": 0.80, "asian": 0.09, "black": 0.03, "mixed": 0.05, "other": 0.02},
        (10, 11, 12, 13, 14),
    ),
    DistrictPlan(
        "eastfold",
        "Eastfold",
        "Eastfold",
        "Eastfold Metropolitan Borough Council",
        0.22,
        {"white": 0.63, "asian": 0.25, "black": 0.04, "mixed": 0.05, "other": 0.02},
        (20, 21, 22, 23, 24, 25),
    ),
    DistrictPlan(
        "westdale",
        "Westdale",
        "Westdale Moor",
        "Westdale District Council",
        0.12,
        {"white": 0.91, "asian": 0.03, "black": 0.01, "mixed": 0.03, "other": 0.01},
        (30, 31, 32, 33),
    ),
    DistrictPlan(
        "southmere",
        "Southmere",
        "Southmere",
        "Southmere Borough Council",
        0.18,
        {"white": 0.76, "asian": 0.08, "black": 0.07, "mixed": 0.06, "other": 0.02},
        (40, 41, 42, 43, 44),
    ),
)
assert tuple(d.code for d in DISTRICTS) == DISTRICT_CODES

TEAM_NAMES = {
    TeamKind.RESPONSE: "Response",
    TeamKind.SAFEGUARDING: "Safeguarding Hub",
    TeamKind.CHILD_ABUSE: "Child Abuse Investigation Team",
    TeamKind.SEXUAL_OFFENCES: "Sexual Offences Unit",
    TeamKind.CSE: "Child Exploitation Team",
    TeamKind.ONLINE: "Online Child Abuse Team",
    TeamKind.OFFENDER_MANAGEMENT: "Offender Management Unit",
    TeamKind.CUSTODY: "Custody Suite",
    TeamKind.MISSING: "Missing Persons Unit",
    TeamKind.CID: "CID",
}

# Shares of children by age band, gender and disability (England-like).
AGE_BANDS = (("0-4", 0.27), ("5-9", 0.29), ("10-15", 0.33), ("16-17", 0.11))
GENDERS = (("female", 0.488), ("male", 0.512))
DISABILITY_YES = 0.09


@dataclass
class DemoLogin:
    username: str
    role: str
    district: str  # name, or "(force-wide)"


@dataclass
class Force:
    district_ids: dict[str, int] = field(default_factory=dict)
    team_ids: dict[tuple[str, str], int] = field(default_factory=dict)  # (district code, kind)
    officers: dict[str, list[int]] = field(default_factory=dict)  # district code -> user ids
    supervisors: dict[str, list[int]] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    staff_count: int = 0


# Makes one named login through the user service and returns its id: (username, role, district
# id or None, team id or None, forename, surname). The generator's (generator.py) writes it.
NamedLogin = Callable[[str, str, int | None, int | None, str, str], int]


def build_force(
    rows: Rows,
    ids: Ids,
    *,
    children: int,
    seed: int,
    as_of: dt.datetime,
    write_force: Callable[[Rows], None] | None = None,
    named_login: NamedLogin | None = None,
) -> Force:
    """The districts, teams, populations and staff. In memory by default (the named logins as
    rows too); the generator passes `write_force`, which writes the districts and teams before
    the staff are made, and `named_login`, which makes the logins people sign in with through
    the user service (access/users.py), as an administrator would."""
    rng = random.Random(seed * 7919 + 1)
    force = Force()
    for plan in DISTRICTS:
        district_id = next(ids.district)
        force.district_ids[plan.code] = district_id
        rows.district.append((district_id, plan.code, plan.name, plan.local_authority))
        for kind, label in TEAM_NAMES.items():
            team_id = next(ids.team)
            force.team_ids[(plan.code, kind)] = team_id
            rows.team.append((team_id, district_id, f"{plan.name} {label}", kind.value))
        _population(rows, ids, plan, district_id, children)
    if write_force is not None:
        write_force(rows)
        for _, written in rows.items():
            written.clear()
    _staff(
        rows,
        ids,
        force,
        rng,
        children=children,
        seed=seed,
        joined=as_of - dt.timedelta(days=4 * 365),
        named_login=named_login,
    )
    return force


def _population(rows: Rows, ids: Ids, plan: DistrictPlan, district_id: int, children: int) -> None:
    # The child population is several times the children known to police, never implausibly small.
    total = round(max(400_000, 6 * children) * plan.share)
    groups = [("ethnicity", group, share) for group, share in plan.ethnicity.items()]
    groups.append(("ethnicity", "not_stated", max(0.0, 1 - sum(plan.ethnicity.values()))))
    groups += [("gender", group, share) for group, share in GENDERS]
    groups += [("age_band", group, share) for group, share in AGE_BANDS]
    groups += [("disability", "yes", DISABILITY_YES), ("disability", "none", 1 - DISABILITY_YES)]
    for dimension, group, share in groups:
        rows.population.append((next(ids.population), district_id, dimension, group, round(total * share)))


def _staff(
    rows: Rows,
    ids: Ids,
    force: Force,
    rng: random.Random,
    *,
    children: int,
    seed: int,
    joined,
    named_login: NamedLogin | None = None,
):
    # Hash once: every demo login shares the published demo password (hashing is slow). The salt
    # comes from the seed so that two runs with one seed write identical rows.
    password = make_password(DEMO_PASSWORD, salt=f"northmoordemo{seed}")
    per_district = max(4, min(400, children // 2500))
    supervisors_per_district = max(2, per_district // 7)
    casework_kinds = [k for k in TEAM_NAMES if k not in (TeamKind.CUSTODY, TeamKind.RESPONSE)]

    def add(
        username: str, role: str, district: DistrictPlan | None, team_kind: str | None, named: bool = False
    ) -> int:
        user_id = next(ids.user)
        surname = rng.choice(names.SURNAMES["white_british"] + names.SURNAMES["pakistani"])
        forename = rng.choice(rng.choice((names.WOMEN, names.MEN))["white_british"])
        if named and named_login is not None:
            made = named_login(
                username,
                role,
                force.district_ids[district.code] if district else None,
                force.team_ids[(district.code, team_kind)] if district and team_kind else None,
                forename,
                surname,
            )
            if district is not None:
                next(ids.user_district)
            # The service's ids follow the same counters (the generator set the sequences to
            # them), so every later explicit id, and every case naming this login, is as before.
            if made != user_id:
                raise RuntimeError(f"The login {username} was made as user {made}, not {user_id}.")
            force.staff_count += 1
            return user_id
        team = force.team_ids[(district.code, team_kind)] if district and team_kind else None
        rows.user.append(
            (
                user_id,
                password,
                False,
                username,
                forename,
                surname,
                f"{username}@{DEMO_EMAIL_DOMAIN}",
                False,
                True,
                joined,
                str(role),
                team,
            )
        )
        if district is not None:
            rows.user_district.append((next(ids.user_district), user_id, force.district_ids[district.code]))
        force.staff_count += 1
        return user_id

    city = DISTRICTS[0]
    named = [
        ("officer", Role.OFFICER, city, TeamKind.SAFEGUARDING),
        ("supervisor", Role.SUPERVISOR, city, TeamKind.SAFEGUARDING),
        ("safeguarding", Role.SAFEGUARDING_UNIT, None, None),
        ("auditor", Role.AUDITOR, None, None),
        ("inspector", Role.INSPECTOR, None, None),
        ("pcc", Role.PCC_ANALYST, None, None),
        ("data", Role.DATA_MANAGER, None, None),
        ("admin", Role.ADMIN, None, None),
    ]
    for plan in DISTRICTS[1:]:
        named.append((f"officer.{plan.code}", Role.OFFICER, plan, TeamKind.SAFEGUARDING))
        named.append((f"supervisor.{plan.code}", Role.SUPERVISOR, plan, TeamKind.SAFEGUARDING))
    for username, role, plan, kind in named:
        user_id = add(username, role, plan, kind, named=True)
        force.logins.append(DemoLogin(username, role, plan.name if plan else "(force-wide)"))
        if plan is not None:
            pool = force.officers if role == Role.OFFICER else force.supervisors
            pool.setdefault(plan.code, []).append(user_id)
    for plan in DISTRICTS:
        for n in range(1, per_district + 1):
            kind = casework_kinds[n % len(casework_kinds)]
            force.officers[plan.code].append(add(f"pc.{plan.code}.{n:03d}", Role.OFFICER, plan, kind))
        for n in range(1, supervisors_per_district + 1):
            force.supervisors[plan.code].append(
                add(f"ds.{plan.code}.{n:03d}", Role.SUPERVISOR, plan, TeamKind.SAFEGUARDING)
            )
    return force
