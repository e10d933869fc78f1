"""The sweep (issue 25): every page of the access matrix, opened by every role that may open it,
shows no standard code, no role code and no model repr where a person reads it.

Visible text only: tags, attributes, scripts and styles are dropped first (a `data-standard`
attribute or an option's value may carry a code; a person never reads it). A place meant for
analysts, where the code is wanted, is marked `data-analyst` (or class "analyst-code") and left
out of the check."""

import re
from html.parser import HTMLParser

import pytest

from safeguarding.access.roles import Role
from safeguarding.standards.catalogue import CATALOGUE
from tests.access_matrix.table import ALLOW, ROLES
from tests.access_matrix.test_matrix import ROWS
from tests.signin import verified_client

# CAWN is also the everyday abbreviation of a child abduction warning notice.
_CODES = sorted(code for code in CATALOGUE if code != "CAWN")
STANDARD_CODE = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(_CODES) + r")(?![A-Za-z0-9_])")
ROLE_CODE = re.compile(r"\b(" + "|".join(value for value in Role.values if "_" in value) + r")\b")
MODEL_REPR = re.compile(r"\bobject \(\d+\)|\b[a-z_]+\.[A-Z][A-Za-z]+ \d+\b")


class _VisibleText(HTMLParser):
    SKIPPED = {"script", "style", "template", "head"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is its content hidden from the check

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        names = dict(attrs)
        hidden = (
            tag in self.SKIPPED
            or "data-analyst" in names
            # a username is what its holder chose (the test cast's echo their roles)
            or {"analyst-code", "username"} & set((names.get("class") or "").split())
            or (self._stack and self._stack[-1])
        )
        self._stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def problems_in(text: str) -> list[str]:
    found = []
    for pattern, what in (
        (STANDARD_CODE, "standard code"),
        (ROLE_CODE, "role code"),
        (MODEL_REPR, "model repr"),
    ):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found.append(f"{what} {match.group(0)!r} in …{text[start : match.end() + 40]}…")
    return found


def test_the_sweep_sees_what_it_looks_for():
    html = (
        "<p>Standard DEMEANOUR, role safeguarding_unit, Incident object (3125), cases.ChildOutcome 4438</p>"
        '<td data-analyst>DRIFT</td><option value="DRIFT">An open investigation</option>'
        "<script>var s = 'VOICE';</script><p>CAWN served</p>"
    )
    found = problems_in(visible_text(html))

    assert [line.split(" in ")[0] for line in found] == [
        "standard code 'DEMEANOUR'",
        "role code 'safeguarding_unit'",
        "model repr 'object (3125)'",
        "model repr 'cases.ChildOutcome 4438'",
    ]


PAGES = [row for row in ROWS if row.method == "get"]


@pytest.fixture
def world(cast, districts):
    """The access matrix's world (tests/access_matrix/conftest.py), with every app's objects."""
    from tests.access_matrix.test_matrix import _modules
    from tests.access_matrix.world import build_world

    built = build_world(cast, districts)
    for module in _modules():
        if hasattr(module, "build"):
            module.build(built)
    return built


@pytest.mark.django_db
def test_no_page_shows_a_code_or_a_repr(world, cast):
    """One world for every page (building it per page would take minutes)."""
    clients = {username: verified_client(cast[username], stepped_up=True) for username in ROLES}
    found = []
    for row in PAGES:
        path = row.path(world)
        if path.startswith("/api/"):
            continue  # the API speaks codes by design
        for username in ROLES:
            if row.status_for(username) != ALLOW:
                continue
            response = clients[username].get(path)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue
            found += [
                f"{path} {username}: {line}" for line in problems_in(visible_text(response.content.decode()))
            ]
    assert not found, "\n".join(sorted(set(found)))
