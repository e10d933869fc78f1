"""Issue 15: the names bench must not win ties for its corpus because the corpus was inserted
last (ranking and the candidate cap prefer the newest record among equals). The bench swaps each
invented person's id with a demo person's; every row pointing at either follows its person."""

import pytest

from safeguarding.benches.names import SOURCE, spread_ids
from safeguarding.cases.models import CaseParticipant
from safeguarding.people.models import Person, PersonNameKey
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


def _keys_by_forename() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for forename, key in PersonNameKey.objects.values_list("person__forename", "key"):
        keys.setdefault(forename, set()).add(key)
    return keys


def test_invented_people_take_ids_among_the_force_and_their_rows_follow(districts):
    district = next(iter(districts.values()))
    demo = [make_person(district, forename=f"Demo{n}", surname="Force") for n in range(6)]
    case = make_case(district, children=[demo[0], demo[1]])
    invented = [
        make_person(district, forename=f"Invented{n}", surname="Corpus", source_system=SOURCE)
        for n in range(2)
    ]
    newest = max(person.pk for person in invented)
    keys_before = _keys_by_forename()

    spread = spread_ids({person.forename: person.pk for person in invented}, seed=1)

    assert set(spread.values()) <= {person.pk for person in demo}  # among the force's ids
    for forename, pk in spread.items():
        assert Person.objects.get(pk=pk).forename == forename
    # The demo people who gave up their ids hold the invented people's old ones, rows and all.
    assert max(Person.objects.values_list("pk", flat=True)) == newest
    assert Person.objects.filter(forename__startswith="Demo").count() == 6
    assert _keys_by_forename() == keys_before
    participants = CaseParticipant.objects.filter(case=case).values_list("person__forename", flat=True)
    assert set(participants) == {"Demo0", "Demo1"}
