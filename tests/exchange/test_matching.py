"""Matching incoming people: by source reference, else name and date of birth with a confidence;
uncertain matches wait in the review queue and nothing that needs them is loaded meanwhile."""

import pytest

from safeguarding.access.models import AccessAction, AccessEvent
from safeguarding.exchange.matching import Incoming, confidence
from safeguarding.exchange.models import MatchReview, PersonLink, ReviewStatus
from safeguarding.exchange.services import match_confirm, match_create_person
from safeguarding.people.models import Person
from tests.exchange import extract
from tests.exchange.helpers import run_import
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_confidence_ranks_spelling_variants_and_swapped_names():
    incoming = Incoming("X", "Mohammed", "Khan", None)
    assert confidence(incoming, "Mohammed", "Khan") == 1.0
    assert 0.8 <= confidence(incoming, "Muhammad", "Khan") < 1.0
    assert confidence(Incoming("X", "Khan", "Mohammed", None), "Mohammed", "Khan") >= 0.8
    assert confidence(incoming, "Oliver", "Pennington") < 0.6


def test_a_spelling_variant_goes_to_review_and_what_needs_it_waits(cast, districts, tmp_path):
    held = make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")

    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))

    assert result.loaded
    assert result.counts["people"]["review"] == 1 and result.counts["people"]["inserted"] == 2
    review = MatchReview.objects.get()
    assert review.candidate == held and review.status == ReviewStatus.PENDING
    assert 0.8 <= review.confidence < 0.99
    assert review.incoming["forename"] == "Amelia" and review.incoming["date_of_birth"] == "2015-04-12"
    assert not Person.objects.filter(source_reference="P-1").exists()
    # Her participation, flag and entries wait for the decision.
    assert result.counts["participants"]["deferred"] == 1 and result.counts["flags"]["deferred"] == 1
    assert result.counts["demeanour_records"]["deferred"] == 1
    assert result.counts["investigation_steps"]["deferred"] == 1  # its investigation waits for her

    again = run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    assert MatchReview.objects.count() == 1 and again.totals()["inserted"] == 0


def test_confirming_a_match_links_the_source_reference_and_the_next_import_loads_the_rest(
    cast, districts, tmp_path
):
    held = make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")
    directory = extract.write(tmp_path / "x")
    run_import(cast["data_manager"], directory)
    review = MatchReview.objects.get()

    match_confirm(actor=cast["safeguarding_unit"], review_id=review.pk)

    assert PersonLink.objects.get(source_reference="P-1").person == held
    event = AccessEvent.objects.filter(action=AccessAction.COMBINE).get()
    assert event.object_id == str(held.pk)
    result = run_import(cast["data_manager"], directory)
    assert result.totals()["deferred"] == 0 and result.totals()["review"] == 0
    assert held.flags.count() == 1 and held.demeanourrecord_entries.count() == 1
    assert held.surname == "Hartly"  # the held record is not overwritten by the other source


def test_creating_a_new_person_from_the_review(cast, districts, tmp_path):
    make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")
    run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    review = MatchReview.objects.get()

    match_create_person(actor=cast["safeguarding_unit"], review_id=review.pk)

    created = Person.objects.get(source_system="NICHE", source_reference="P-1")
    assert created.surname == "Hartley" and created.surname_key
    review.refresh_from_db()
    assert review.status == ReviewStatus.CREATED and review.person == created


def test_an_exact_match_from_another_system_is_linked_without_review(cast, districts, tmp_path):
    held = make_person(
        districts["north"],
        forename="Amelia",
        surname="Hartley",
        date_of_birth="2015-04-12",
        source_system="MOSAIC",
        source_reference="M-77",
    )
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))

    assert result.counts["people"]["matched"] == 1 and result.counts["people"]["review"] == 0
    assert PersonLink.objects.get(source_system="NICHE", source_reference="P-1").person == held
    assert held.flags.count() == 1
    assert Person.objects.filter(forename="Amelia").count() == 1


def test_a_different_date_of_birth_is_a_new_person(cast, districts, tmp_path):
    make_person(districts["north"], forename="Amelia", surname="Hartley", date_of_birth="2015-04-13")
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    assert result.counts["people"]["inserted"] == 3 and not MatchReview.objects.exists()


def test_a_person_held_in_arabic_script_is_offered_for_review_not_linked(cast, districts, tmp_path):
    """An extract spells in Latin letters a child held as طارق عثمان: the one matcher reads it as
    the same name, but only the names as held link without a person deciding."""
    held = make_person(districts["south"], forename="طارق", surname="عثمان", date_of_birth="2012-09-03")
    people = extract.FILES["people.csv"].replace("P-3,Oliver,,Pennington,", "P-3,Tarek,,Osman,")
    result = run_import(cast["data_manager"], extract.write(tmp_path / "x", **{"people.csv": people}))
    assert result.loaded and result.counts["people"]["review"] == 1
    review = MatchReview.objects.get()
    assert review.candidate == held and 0.8 <= review.confidence < 0.99
    assert not Person.objects.filter(source_reference="P-3").exists()
