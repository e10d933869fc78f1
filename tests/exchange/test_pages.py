"""The import page and the match review queue."""

import io
import zipfile

import pytest

from safeguarding.exchange.models import MatchReview, PersonLink, ReviewStatus
from safeguarding.people.models import Person
from tests.exchange import extract
from tests.exchange.helpers import run_import
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _zip(files: dict[str, str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"extract/{name}", text)
    buffer.seek(0)
    buffer.name = "extract.zip"
    return buffer


def test_uploading_a_zip_loads_it_and_shows_the_summary(client_for):
    response = client_for("safeguarding_unit").post(
        "/exchange/", {"extract": _zip(extract.FILES), "source_system": "NICHE"}
    )
    assert response.status_code == 200
    assert b"Loaded" in response.content and Person.objects.count() == 3


def test_a_bad_upload_shows_every_error_and_loads_nothing(client_for):
    bad = dict(extract.FILES)
    bad["people.csv"] = bad["people.csv"].replace("2015-04-12", "12/04/2015")
    response = client_for("safeguarding_unit").post(
        "/exchange/", {"extract": _zip(bad), "source_system": "NICHE"}
    )
    assert response.status_code == 422
    assert b"not a date (YYYY-MM-DD)" in response.content and b"date_of_birth" in response.content
    assert not Person.objects.exists()


def test_only_importers_reach_the_page(client_for):
    assert client_for("officer_north").get("/exchange/").status_code == 403
    assert client_for("admin").get("/exchange/").status_code == 200


def test_the_review_queue_confirms_a_match(client_for, cast, districts, tmp_path):
    held = make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")
    run_import(cast["safeguarding_unit"], extract.write(tmp_path / "x"))
    review = MatchReview.objects.get()
    client = client_for("safeguarding_unit")

    page = client.get("/exchange/review/")
    assert b"Hartly" in page.content and b"Hartley" in page.content

    response = client.post("/exchange/review/", {"review": review.pk, "decision": "confirm"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED
    assert PersonLink.objects.get().person == held


def test_an_administrator_sees_the_queue_without_personal_data_and_cannot_decide(
    client_for, cast, districts, tmp_path
):
    make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")
    run_import(cast["safeguarding_unit"], extract.write(tmp_path / "x"))
    review = MatchReview.objects.get()
    client = client_for("admin")
    assert b"Hartly" not in client.get("/exchange/review/").content
    assert client.post("/exchange/review/", {"review": review.pk, "decision": "create"}).status_code == 403
