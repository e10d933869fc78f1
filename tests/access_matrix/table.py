from collections.abc import Callable
from dataclasses import dataclass, field

ALLOW = 200
DENY = 403
HIDDEN = 404
LOGIN = 302

ROLES = (
    "officer_north",
    "supervisor_north",
    "officer_south",
    "supervisor_south",
    "safeguarding_unit",
    "auditor",
    "inspector",
    "pcc_analyst",
    "data_manager",
    "admin",
)


@dataclass(frozen=True)
class Row:
    url_name: str
    path: Callable[[dict], str]
    expected: dict[str, int]
    method: str = "get"
    data: dict | Callable[[dict], dict] = field(default_factory=dict)

    def status_for(self, username: str) -> int:
        return self.expected.get(username, DENY)


def everyone(status: int = ALLOW, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, status) for role in ROLES}
