import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safeguarding.access.models import AccessEvent, User
from safeguarding.cases.models import Case, CaseParticipant
from safeguarding.cases.vocabulary import CHILD_ROLES, CaseType
from safeguarding.demo.force import DEMO_PASSWORD
from safeguarding.demo.generator import DemoForceExists, ensure_demo_force, generate_demo_force
from safeguarding.demo.models import DemoForceBuild
from safeguarding.demo.schema import ROW_FIELDS
from safeguarding.force.models import District, DistrictPopulation, Team, TeamKind
from safeguarding.people.models import Person, PersonAlias
from safeguarding.people.names import phonetic_key

SEEDS = Path("/work/shared/seeds")


def snapshot() -> dict[str, list[tuple]]:
    """Every generated row of every table, in id order."""
    tables = {}
    for model, fields in ROW_FIELDS.items():
        names = [model._meta.get_field(f).attname for f in fields.split()]
        tables[model._meta.db_table] = list(model.objects.order_by("id").values_list(*names))
    return tables


@pytest.mark.django_db
def test_same_seed_gives_the_same_rows_and_another_seed_does_not():
    generate_demo_force(children=150, seed=11)
    first = snapshot()
    generate_demo_force(children=150, seed=11, replace=True)
    assert snapshot() == first
    generate_demo_force(children=150, seed=12, replace=True)
    other = snapshot()
    assert other["people_person"] != first["people_person"]
    assert other["cases_case"] != first["cases_case"]


@pytest.mark.django_db
def test_exactly_n_children_each_known_through_a_case():
    generate_demo_force(children=200, seed=5)
    children = Person.objects.filter(is_child=True)
    assert children.count() == 200
    without_case = children.exclude(case_roles__role__in=CHILD_ROLES)
    assert list(without_case.values_list("id", flat=True)) == []


@pytest.mark.django_db
def test_every_case_type_occurs_and_some_children_have_several_cases():
    generate_demo_force(children=400, seed=5)
    counts = {t: Case.objects.filter(case_type=t).count() for t in CaseType.values}
    assert all(counts.values()), counts
    per_child = {}
    for person_id in CaseParticipant.objects.filter(role__in=CHILD_ROLES).values_list("person_id", flat=True):
        per_child[person_id] = per_child.get(person_id, 0) + 1
    several = sum(1 for n in per_child.values() if n > 1)
    assert 0 < several < len(per_child)


@pytest.mark.django_db
def test_force_shape_districts_teams_population_and_staff():
    generate_demo_force(children=100, seed=1)
    assert District.objects.count() == 5
    for district in District.objects.all():
        assert district.local_authority
        kinds = set(Team.objects.filter(district=district).values_list("kind", flat=True))
        assert kinds == set(TeamKind.values)
        dimensions = set(
            DistrictPopulation.objects.filter(district=district).values_list("dimension", flat=True)
        )
        assert dimensions == {"ethnicity", "gender", "age_band", "disability"}
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {
        "officer",
        "supervisor",
        "safeguarding_unit",
        "auditor",
        "inspector",
        "pcc_analyst",
        "data_manager",
        "admin",
    }
    officer = User.objects.get(username="officer")
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.districts.count() == 1
    # Case officers are officers of the case's district.
    case = Case.objects.select_related("officer_in_charge").first()
    assert case.officer_in_charge.covers_district(case.district_id)


@pytest.mark.django_db
def test_name_keys_are_the_phonetic_keys_of_the_names():
    generate_demo_force(children=100, seed=2)
    for person in Person.objects.all()[:300]:
        assert person.forename_key == phonetic_key(person.forename)
        assert person.surname_key == phonetic_key(person.surname)
    for alias in PersonAlias.objects.all():
        assert alias.surname_key == phonetic_key(alias.surname)
    assert PersonAlias.objects.exists()


@pytest.mark.django_db
def test_no_generated_name_appears_in_the_inspection_reports():
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    words = re.findall(
        r"[A-Za-z][A-Za-z'-]*", " ".join(p.read_text(errors="ignore") for p in SEEDS.glob("*.txt"))
    )
    pairs_in_seeds = {f"{a} {b}".lower() for a, b in zip(words, words[1:], strict=False)}
    generate_demo_force(children=1500, seed=3)
    generated = set(Person.objects.values_list("forename", "surname")) | set(
        PersonAlias.objects.values_list("forename", "surname")
    )
    clashes = sorted(f"{f} {s}" for f, s in generated if f"{f} {s}".lower() in pairs_in_seeds)
    assert clashes == []


@pytest.mark.django_db
def test_refuses_a_database_with_people_unless_replace_and_keeps_the_access_log():
    generate_demo_force(children=50, seed=1)
    with pytest.raises(DemoForceExists):
        generate_demo_force(children=50, seed=1)
    AccessEvent.objects.create(actor_username="someone", actor_role="admin", action="view")
    generate_demo_force(children=60, seed=1, replace=True)
    assert Person.objects.filter(is_child=True).count() == 60
    assert AccessEvent.objects.filter(actor_username="someone").count() == 1
    assert DemoForceBuild.objects.get().children == 60


@pytest.mark.django_db
def test_command_prints_the_logins_and_if_empty_leaves_data_alone():
    out = io.StringIO()
    call_command("demo_data", children=80, seed=4, quiet=True, stdout=out)
    text = out.getvalue()
    for username in ("officer", "supervisor", "safeguarding", "auditor", "inspector", "pcc", "data", "admin"):
        assert re.search(rf"^{re.escape(username)}\s", text, re.MULTILINE), username
    assert DEMO_PASSWORD in text
    people = Person.objects.count()

    out = io.StringIO()
    call_command("demo_data", children=500, seed=9, if_empty=True, quiet=True, stdout=out)
    assert Person.objects.count() == people
    assert "already holds people" in out.getvalue()
    assert re.search(r"^officer\.eastfold\s+officer\s+Eastfold", out.getvalue(), re.MULTILINE)

    with pytest.raises(CommandError, match="--replace"):
        call_command("demo_data", children=80, seed=4, quiet=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_ensure_demo_force_reuses_a_big_enough_force_with_the_same_seed():
    first = ensure_demo_force(children=100, seed=2)
    assert ensure_demo_force(children=80, seed=2).pk == first.pk
    bigger = ensure_demo_force(children=120, seed=2)
    assert bigger.children == 120
    assert Person.objects.filter(is_child=True).count() == 120


@pytest.mark.django_db
def test_ensure_demo_force_never_replaces_data_that_is_not_a_demo_force():
    from tests.factories import make_person

    district = District.objects.create(code="real", name="Real District")
    make_person(district)
    with pytest.raises(DemoForceExists):
        ensure_demo_force(children=10, seed=1)


@pytest.mark.django_db
def test_bulk_mode_rebuilds_every_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("bulk mode is PostgreSQL-only")

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
            return sorted(cursor.fetchall())

    before = indexes()
    generate_demo_force(children=120, seed=6, bulk=True)
    assert indexes() == before
    assert Person.objects.filter(is_child=True).count() == 120


@pytest.mark.django_db
def test_benchmark_leaves_the_database_as_it_was():
    from safeguarding.benches.demo import bench_demo

    generate_demo_force(children=40, seed=1)
    people = Person.objects.count()
    result = bench_demo(children=None, rows=None, seed=3, small=True)
    assert result["children"] == 300
    assert result["rows"] > 300
    assert Person.objects.count() == people


@pytest.mark.django_db
def test_the_named_logins_are_made_through_the_user_service_and_logged():
    """Issue 22: the demo's logins are made as an administrator makes any account, so each is in
    the access log with its role, districts and team (the generated staff stay bulk rows)."""
    generate_demo_force(children=60, seed=3)
    made = AccessEvent.objects.filter(object_type="user", action="create", actor_username="demo-data")
    by_name = {event.object_label: event for event in made}
    assert {"officer", "supervisor", "admin", "data", "auditor"} <= set(by_name)
    officer = User.objects.get(username="officer")
    after = by_name["officer"].detail["after"]
    assert by_name["officer"].object_id == str(officer.pk) and by_name["officer"].detail["before"] is None
    assert after == {
        "role": "officer",
        "districts": [d.code for d in officer.districts.all()],
        "team": officer.team.name,
        "active": True,
    }
    assert officer.check_password(DEMO_PASSWORD) and not officer.must_change_password
    assert not any(name.startswith(("pc.", "ds.")) for name in by_name)
