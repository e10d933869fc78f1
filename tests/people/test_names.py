"""The one name module (people/names.py, people/matching.py): folding that keeps every letter,
the parts and keys of a name, variants, the matcher's verdict, keys set in one place by every
way a person is written (services, import, API, demo), and the duplicate check's candidates."""

import datetime as dt

import pytest

from safeguarding.exchange.matching import Incoming, confidence
from safeguarding.people import services
from safeguarding.people.matching import (
    ALL_PARTS,
    EXACT,
    NONE,
    PHONETIC,
    TYPO,
    VARIANT,
    HeldName,
    candidates_for_new_person,
    duplicate_candidates,
    match_name,
    name_query,
    person_keys_refresh,
)
from safeguarding.people.models import PersonAlias, PersonNameKey
from safeguarding.people.names import (
    are_variants,
    name_compounds,
    name_parts,
    normalise_name,
    phone_e164,
    stored_keys,
)
from tests.exchange import extract
from tests.exchange.helpers import run_import
from tests.factories import make_address, make_person


@pytest.mark.parametrize(
    ("held", "folded"),
    [
        ("Łukasz", "lukasz"),
        ("Søren", "soren"),
        ("Straße", "strasse"),
        ("Siân", "sian"),
        ("Александр", "aleksandr"),
        ("Γιώργος", "giorgos"),
        ("王伟", "wang wei"),
        ("محمد", "mhmd"),
        ("الحسن", "al hsn"),
        ("Smith-Jones", "smith jones"),
    ],
)
def test_folding_keeps_every_letter(held, folded):
    assert normalise_name(held) == folded


def test_parts_drop_particles_and_key_mac_stems_and_compounds():
    assert name_parts("ap Rhys") == ("rhys",)
    assert name_parts("Ó Briain") == ("briain",)
    assert name_parts("McDonald") == ("macdonald", "donald")
    assert name_parts("van der Berg") == ("berg",)
    assert name_parts("Al") == ("al",)  # a particle alone is the name
    assert "annemarie" in name_compounds("Anne-Marie")
    assert "obrien" in name_compounds("O'Brien")


def test_every_kind_of_key():
    keys = stored_keys("Smith-Jones")
    assert {"w:smith", "w:jones", "w:smithjones", "p:SM0", "p:XMT", "p:JNS"} <= keys
    assert "s:mhmd" in stored_keys("محمد")  # consonants, matched by Latin spellings
    assert "c:mhmd" in stored_keys("Mohammed")  # matched by Arabic script typed
    assert "n:alexander" in stored_keys("Alex") and "m:alexander" in stored_keys("Alexander")
    assert "v:thomson" in stored_keys("Thompson")


def test_variants_are_hubs_not_chains():
    assert are_variants("mohammed", "muhammad") and are_variants("muhammad", "mohamed")
    assert are_variants("sean", "john") and are_variants("eoin", "john")
    assert not are_variants("sean", "eoin")
    assert are_variants("alex", "alexander")
    assert not are_variants("maggie", "daisy")  # both short for Margaret, not for each other


@pytest.mark.parametrize(
    ("typed", "held", "quality"),
    [
        ("Amelia Hartley", HeldName("Amelia", "", "Hartley"), EXACT),
        ("Hartley Amelia", HeldName("Amelia", "", "Hartley"), EXACT),
        ("Aoife MacCarthy", HeldName("Aoife", "", "McCarthy"), EXACT),
        ("Amelia Hartley", HeldName("Amelia", "Rose", "Smith-Hartley"), ALL_PARTS),
        ("Alex Hartley", HeldName("Alexander", "", "Hartley"), VARIANT),
        ("Mohammed Hassan", HeldName("محمد", "", "حسن"), EXACT),  # the same name in Arabic script
        ("Mohammed Hussein", HeldName("محمود", "", "حسين"), VARIANT),  # Mahmoud: a long vowel written
        ("Amelia Hartlee", HeldName("Amelia", "", "Hartley"), PHONETIC),
        ("Ronnie Aspinal", HeldName("Ronnie", "", "Aspinall"), PHONETIC),
        ("Rnonie Aspinall", HeldName("Ronnie", "", "Aspinall"), TYPO),
        ("Theo Whitworth", HeldName("Theo", "", "Hartley"), NONE),
    ],
)
def test_match_quality(typed, held, quality):
    assert match_name(name_query(typed), held).quality == quality


def test_uk_phone_numbers_in_e164():
    assert phone_e164("(01632) 960105") == phone_e164("01632960105") == "+441632960105"
    assert phone_e164("+44 7700 900102") == phone_e164("07700-900-102") == "+447700900102"
    assert phone_e164("12") == ""


@pytest.mark.django_db
def test_keys_are_set_by_the_people_services_on_create_and_update(cast, districts):
    data = {
        "forename": "Anne-Marie",
        "surname": "Ó Briain",
        "district": districts["north"],
        "phone": "07700 900555",
    }
    person = services.person_create(actor=cast["officer_north"], data=data)
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert {"w:anne", "w:marie", "w:annemarie", "w:briain", "t:+447700900555"} <= keys
    services.person_update(actor=cast["officer_north"], person=person, data={"surname": "Kershaw"})
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert "w:kershaw" in keys and "w:briain" not in keys


@pytest.mark.django_db
def test_refresh_is_set_based_and_keys_aliases(districts, django_assert_max_num_queries):
    people = [make_person(districts["north"], forename=f"Child{i}", surname="Jessop") for i in range(30)]
    PersonAlias.objects.create(person=people[0], forename="Jo", surname="Garside-Holroyd")
    with django_assert_max_num_queries(6):
        written = person_keys_refresh([p.pk for p in people])
    assert written == PersonNameKey.objects.filter(person__in=people).count()
    assert PersonNameKey.objects.filter(person=people[0], key="w:holroyd").exists()


@pytest.mark.django_db
def test_the_bulk_import_keys_every_person_it_loads(cast, districts, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    amelia = PersonNameKey.objects.filter(person__source_reference="P-1").values_list("key", flat=True)
    assert {"w:amelia", "w:rose", "w:hartley"} <= set(amelia)  # the middle name too
    darren = PersonNameKey.objects.filter(person__source_reference="P-2").values_list("key", flat=True)
    assert "t:+441632960001" in set(darren)


def _keys_by_reference() -> dict[str, set[str]]:
    held: dict[str, set[str]] = {}
    for ref, key in PersonNameKey.objects.values_list("person__source_reference", "key"):
        held.setdefault(ref, set()).add(key)
    return held


@pytest.mark.django_db
def test_the_keys_the_import_writes_for_new_people_are_those_a_refresh_sets(cast, districts, tmp_path):
    # The loader works the new people's keys out from the rows it loads; the refresh reads the
    # people back. Both go by people/names.py, so they must agree key for key.
    run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    written = _keys_by_reference()
    assert set(written) == {"P-1", "P-2", "P-3"}
    person_keys_refresh([pk for (pk,) in PersonNameKey.objects.values_list("person_id").distinct()])
    assert _keys_by_reference() == written


@pytest.mark.django_db
def test_a_reimport_sets_the_keys_of_renamed_people_only(cast, districts, tmp_path):
    run_import(cast["data_manager"], extract.write(tmp_path / "v1"))
    before = dict(PersonNameKey.objects.filter(person__source_reference="P-1").values_list("id", "key"))
    renamed = extract.FILES["people.csv"].replace("P-3,Oliver,,Pennington", "P-3,Oliver,,Kershaw")
    renamed = renamed.replace("01632 960001", "01632 960002")
    result = run_import(cast["data_manager"], extract.write(tmp_path / "v2", **{"people.csv": renamed}))
    assert result.counts["people"]["updated"] == 2
    keys = _keys_by_reference()
    assert "w:kershaw" in keys["P-3"] and "w:pennington" not in keys["P-3"]
    assert "t:+441632960002" in keys["P-2"] and "t:+441632960001" not in keys["P-2"]
    # Amelia is unchanged: her key rows are the same rows, not written again.
    after = dict(PersonNameKey.objects.filter(person__source_reference="P-1").values_list("id", "key"))
    assert after == before


@pytest.mark.django_db
def test_import_matching_finds_a_held_person_by_another_part_of_the_name(cast, districts, tmp_path):
    # Held as "Rose Hartley-Smith": the extract's "Amelia Rose Hartley" shares parts, not the first word.
    held = make_person(
        districts["north"], forename="Amelia", surname="Hartley-Smith", date_of_birth="2015-04-12"
    )
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    assert result.counts["people"]["review"] == 1
    from safeguarding.exchange.models import MatchReview

    review = MatchReview.objects.get()
    assert review.candidate == held and 0.8 <= review.confidence < 0.99  # a person decides


def test_import_confidence_never_certain_for_a_variant():
    incoming = Incoming("X", "Alex", "Hartley", None)
    assert 0.8 <= confidence(incoming, "Alexander", "Hartley") < 0.99
    assert confidence(Incoming("X", "Amelia", "Hartley", None), "Amelia", "Hartley") == 1.0


@pytest.mark.django_db
def test_duplicate_candidates_for_a_new_person(districts):
    same = make_person(districts["north"], forename="Siân", surname="ap Rhys", date_of_birth="2014-05-06")
    same.current_address = make_address(districts["north"], postcode="NM1 4AB")
    same.save()
    other_dob = make_person(districts["north"], forename="Sian", surname="Rhys", date_of_birth="2011-01-01")
    make_person(districts["north"], forename="Oliver", surname="Pennington", date_of_birth="2014-05-06")
    found = duplicate_candidates(
        forename="Sian", surname="Rhys", date_of_birth=dt.date(2014, 5, 6), postcode="nm1 4ab"
    )
    assert [c.person_id for c in found] == [same.pk, other_dob.pk]
    assert found[0].confidence > found[1].confidence
    assert "same date of birth" in found[0].reason and "same postcode" in found[0].reason


@pytest.mark.django_db
def test_candidates_for_a_new_person_by_names_date_of_birth_and_address(districts):
    """The duplicate check of "one person, one record": (person, confidence, reasons), best first."""
    same = make_person(
        districts["north"], forename="Katherine", surname="Fenwick-Lowe", date_of_birth="2012-09-30"
    )
    same.current_address = make_address(
        districts["north"], line1="Flat 2, 41 Quarry Gardens", postcode="NM2 5ZZ"
    )
    same.save()
    other_home = make_person(districts["south"], forename="Kate", surname="Lowe", date_of_birth="2012-09-30")
    older = make_person(districts["north"], forename="Katherine", surname="Lowe", date_of_birth="1979-01-01")
    make_person(districts["north"], forename="Oliver", surname="Quarmby", date_of_birth="2012-09-30")
    found = candidates_for_new_person(
        "Kate", "Lowe", dt.date(2012, 9, 30), address_line="41 Quarry Gdns", postcode="nm25zz"
    )
    people = [person.pk for person, _confidence, _reasons in found]
    assert people[:2] == [same.pk, other_home.pk]
    assert older.pk not in people[:2]
    (_person, confidence, reasons), second = found[0], found[1]
    assert confidence > second.confidence and 0.0 < confidence <= 1.0
    assert "same date of birth" in reasons and "same postcode" in reasons and "same address" in reasons
    assert "same address" not in second.reasons


@pytest.mark.django_db
def test_candidates_for_a_new_person_across_scripts_and_within_the_users_scope(cast, districts):
    held = make_person(districts["south"], forename="طارق", surname="عثمان", date_of_birth="2011-04-04")
    found = candidates_for_new_person("Tarek", "Osman", dt.date(2011, 4, 4))
    assert [c.person.pk for c in found] == [held.pk]
    assert "Arabic script" in found[0].reasons[0]
    assert candidates_for_new_person("Tarek", "Osman", dt.date(2011, 4, 4), user=cast["officer_south"])
    assert candidates_for_new_person("Tarek", "Osman", dt.date(2011, 4, 4), user=cast["officer_north"]) == []


@pytest.mark.django_db
def test_candidates_for_a_new_person_a_typing_slip_and_nothing_for_a_stranger(districts):
    held = make_person(districts["north"], forename="Lucy", surname="Pemberton", date_of_birth="2014-02-02")
    slip = candidates_for_new_person("Lcuy", "Pemberton", dt.date(2014, 2, 2))
    assert [c.person.pk for c in slip] == [held.pk]
    assert "typing slip" in slip[0].reasons[0]
    assert candidates_for_new_person("Lcuy", "Pemberton", None) == []  # a slip alone says too little
    assert candidates_for_new_person("Oliver", "Quarmby", dt.date(2001, 1, 1)) == []
    assert candidates_for_new_person("", "", None) == []
