"""Issue 14: the floors of the project import downwards only. A lower app (access, force,
records, people, cases) must never import an upper one (the features built on it), not even inside
a function: re-judging and every other "tell the floor above" goes through a hook the upper app
subscribes to in its AppConfig.ready() (cases/hooks.py, people/hooks.py; ADR 11). Among the lower
floors, records (every change kept) sit below people, and people below cases: cases may import
people, people never import cases (what people need of cases, cases supply through
people/casework.py)."""

import ast
from pathlib import Path

import pytest

import safeguarding

SRC = Path(safeguarding.__file__).parent
LOWER = ("access", "force", "records", "people", "cases")
UPPER = (
    "standards",
    "audits",
    "inspections",
    "reports",
    "exchange",
    "demo",
    "firstcontact",
    "runtime",
    "retention",
    "notifications",
    "home",
)
# The top floor (issue 19): the benches time the features and build the demo force to time them
# on, so they stand on both; nothing imports them, and the features do not import the demo force.
TOP = ("benches",)
FEATURES = (
    "standards",
    "audits",
    "inspections",
    "reports",
    "exchange",
    "firstcontact",
    "runtime",
    "retention",
    "notifications",
)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, absolute, with the line (module-level and inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(("safeguarding", *path.relative_to(SRC).parent.parts))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            found.append((node.lineno, module))
            # `from safeguarding import standards` names the app in the alias.
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


# Lower apps that must not import one another, beyond the upper apps: (app, apps it must not import).
ABOVE_WITHIN_LOWER = {"people": ("cases",), "records": ("people", "cases")}


def upward_imports(app: str, forbidden: tuple[str, ...] | None = None) -> list[str]:
    if forbidden is None:
        forbidden = (*UPPER, *TOP, *ABOVE_WITHIN_LOWER.get(app, ()))
    problems = []
    for path in sorted((SRC / app).rglob("*.py")):
        for line, module in imported_modules(path):
            parts = module.split(".")
            if len(parts) > 1 and parts[0] == "safeguarding" and parts[1] in forbidden:
                problems.append(f"{path.relative_to(SRC.parent)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("app", LOWER)
def test_a_lower_app_imports_no_upper_one(app):
    assert upward_imports(app) == []


def apps_below_the_benches() -> list[str]:
    return sorted(path.name for path in SRC.iterdir() if (path / "apps.py").exists() and path.name not in TOP)


def test_the_apps_found_are_the_installed_ones():
    """So a new app is not missed by the checks below."""
    found = apps_below_the_benches()
    assert {*LOWER, *UPPER} <= set(found)
    assert "benches" not in found and (SRC / "benches" / "apps.py").exists()


@pytest.mark.parametrize("app", apps_below_the_benches())
def test_no_app_imports_the_benches(app):
    """The bench registry and the benches are on the top floor: no app below registers with it."""
    assert upward_imports(app, forbidden=TOP) == []


@pytest.mark.parametrize("app", FEATURES)
def test_a_feature_app_imports_no_demo_force(app):
    """The demo force stands on the features (it builds their data), not under them."""
    assert upward_imports(app, forbidden=("demo", *TOP)) == []


def test_the_check_sees_a_feature_registering_a_bench(tmp_path, monkeypatch):
    fake = tmp_path / "safeguarding"
    (fake / "firstcontact").mkdir(parents=True)
    (fake / "firstcontact" / "bench.py").write_text(
        "from safeguarding.benches.registry import benchmark\n"
        "def f():\n    from safeguarding.demo.generator import ensure_demo_force\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__name__ + ".SRC", fake)
    assert [p.rsplit(" imports ", 1)[1] for p in upward_imports("firstcontact", forbidden=TOP)] == [
        "safeguarding.benches.registry",
        "safeguarding.benches.registry.benchmark",
    ]
    assert len(upward_imports("firstcontact", forbidden=("demo", *TOP))) == 4


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The check itself: an upward import, absolute, relative or inside a function, is caught."""
    fake = tmp_path / "safeguarding"
    (fake / "cases").mkdir(parents=True)
    (fake / "cases" / "services.py").write_text(
        "from safeguarding.standards.services import case_reevaluate\n"
        "def f():\n    from ..exchange import loader\n"
        "from safeguarding import demo\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__name__ + ".SRC", fake)
    found = upward_imports("cases")
    assert sorted(p.rsplit(" imports ", 1)[1] for p in found) == [
        "safeguarding.demo",
        "safeguarding.exchange",
        "safeguarding.exchange.loader",
        "safeguarding.standards.services",
        "safeguarding.standards.services.case_reevaluate",
    ]


def test_people_import_no_cases():
    """The one direction between the lower floors: cases import people, never the reverse."""
    assert upward_imports("people") == []


def test_the_check_sees_people_importing_cases(tmp_path, monkeypatch):
    """Absolute, relative, `from safeguarding import cases`, and inside a function or a method."""
    fake = tmp_path / "safeguarding"
    (fake / "people").mkdir(parents=True)
    (fake / "people" / "selectors.py").write_text(
        "import safeguarding.cases.models\n"
        "class Page:\n    def cases(self):\n        from ..cases.scoping import cases_visible_to\n"
        "def f():\n    from safeguarding import cases\n",
        encoding="utf-8",
    )
    (fake / "people" / "casework.py").write_text(
        "from safeguarding.people.models import Person\n", encoding="utf-8"
    )
    monkeypatch.setattr(__name__ + ".SRC", fake)
    found = upward_imports("people")
    assert sorted(p.rsplit(" imports ", 1)[1] for p in found) == [
        "safeguarding.cases",
        "safeguarding.cases.models",
        "safeguarding.cases.scoping",
        "safeguarding.cases.scoping.cases_visible_to",
    ]
    assert all(p.startswith("safeguarding/people/selectors.py:") for p in found)
    # And cases may still import people.
    (fake / "cases").mkdir()
    (fake / "cases" / "scoping.py").write_text(
        "from safeguarding.people.models import Person\n", encoding="utf-8"
    )
    assert upward_imports("cases") == []
