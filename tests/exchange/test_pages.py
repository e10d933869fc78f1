"""The import page and the match review queue."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safeguarding.access.navigation import navigation_for
from safeguarding.exchange.models import MatchReview, PersonLink, ReviewStatus
from safeguarding.exchange.services import match_confirm
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
    response = client_for("data_manager").post(
        "/exchange/", {"extract": _zip(extract.FILES), "source_system": "NICHE"}
    )
    assert response.status_code == 200
    assert b"Loaded" in response.content and Person.objects.count() == 3


def test_a_bad_upload_shows_every_error_and_loads_nothing(client_for):
    bad = dict(extract.FILES)
    bad["people.csv"] = bad["people.csv"].replace("2015-04-12", "12/04/2015")
    response = client_for("data_manager").post("/exchange/", {"extract": _zip(bad), "source_system": "NICHE"})
    assert response.status_code == 422
    assert b"ambiguous date" in response.content and b"date_of_birth" in response.content
    assert not Person.objects.exists()


def test_only_importers_reach_the_page(client_for):
    assert client_for("officer_north").get("/exchange/").status_code == 403
    assert client_for("data_manager").get("/exchange/").status_code == 200


def test_admin_cannot_import_extract(client_for, cast, tmp_path):
    """Issue 12, finding 4: the administrator (users and the access log only) uploaded an extract
    that changed a child's date of birth, and read the values back in the error table."""
    run_import(cast["data_manager"], extract.write(tmp_path / "first"))
    child = Person.objects.get(source_reference="P-1")
    changed = extract.FILES["people.csv"].replace("2015-04-12", "2015-05-12")
    bad = extract.FILES["people.csv"].replace("2015-04-12", "12/04/2015")
    client = client_for("admin")

    assert client.get("/exchange/").status_code == 403
    upload = {"extract": _zip({**extract.FILES, "people.csv": changed}), "source_system": "NICHE"}
    assert client.post("/exchange/", upload).status_code == 403
    refused = client.post(
        "/exchange/", {"extract": _zip({**extract.FILES, "people.csv": bad}), "source_system": "NICHE"}
    )
    assert refused.status_code == 403 and b"12/04/2015" not in refused.content
    # The service refuses too, whatever calls it (page, command, a future API).
    with pytest.raises(PermissionDenied):
        run_import(cast["admin"], extract.write(tmp_path / "second", **{"people.csv": changed}))
    child.refresh_from_db()
    assert str(child.date_of_birth) == "2015-04-12"
    assert "/exchange/" not in dict(navigation_for(cast["admin"])).values()


@pytest.mark.parametrize(
    "username", ["officer_north", "safeguarding_unit", "auditor", "inspector", "pcc_analyst", "admin"]
)
def test_the_error_table_with_its_values_is_shown_to_the_importer_only(client_for, username):
    bad = {**extract.FILES, "people.csv": extract.FILES["people.csv"].replace("2015-04-12", "12/04/2015")}
    refused = client_for(username).post("/exchange/", {"extract": _zip(bad), "source_system": "NICHE"})
    assert refused.status_code == 403 and b"12/04/2015" not in refused.content
    shown = client_for("data_manager").post("/exchange/", {"extract": _zip(bad), "source_system": "NICHE"})
    assert shown.status_code == 422 and b"12/04/2015" in shown.content
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "username", ["officer_north", "safeguarding_unit", "auditor", "inspector", "pcc_analyst", "admin"]
)
def test_only_the_data_manager_holds_bulk_import(cast, tmp_path, username):
    with pytest.raises(PermissionDenied):
        run_import(cast[username], extract.write(tmp_path / "x"))
    assert not Person.objects.exists()


def test_the_data_manager_reads_no_case_page_person_or_search(client_for, cast, districts):
    child = make_person(districts["north"])
    client = client_for("data_manager")
    assert client.get(reverse("people:child", args=[child.pk])).status_code in (403, 404)
    assert client.post(reverse("people:search"), {"q": "Amelia Hartley"}).status_code == 403
    assert client.get("/api/v1/people/").status_code == 403


def test_the_command_line_acts_only_in_a_named_users_name():
    from django.core.management.base import CommandError

    from safeguarding.exchange.management.commands.import_extract import command_actor

    # Never an implied administrator or data manager: --as is required (exit code 2).
    with pytest.raises(CommandError, match="--as USER is required") as refused:
        command_actor(None)
    assert refused.value.returncode == 2


def test_the_review_queue_confirms_a_match(client_for, cast, districts, tmp_path):
    held = make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")
    run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    review = MatchReview.objects.get()
    client = client_for("safeguarding_unit")

    page = client.get("/exchange/review/")
    assert b"Hartly" in page.content and b"Hartley" in page.content

    response = client.post("/exchange/review/", {"review": review.pk, "decision": "confirm"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONFIRMED
    assert PersonLink.objects.get().person == held


def test_the_data_manager_sees_the_queue_without_personal_data_and_cannot_decide(
    client_for, cast, districts, tmp_path
):
    make_person(districts["north"], forename="Amelia", surname="Hartly", date_of_birth="2015-04-12")
    run_import(cast["data_manager"], extract.write(tmp_path / "x"))
    review = MatchReview.objects.get()
    client = client_for("data_manager")
    assert b"Hartly" not in client.get("/exchange/review/").content
    assert client.post("/exchange/review/", {"review": review.pk, "decision": "create"}).status_code == 403
    assert client_for("admin").get("/exchange/review/").status_code == 403
    with pytest.raises(PermissionDenied):
        match_confirm(actor=cast["data_manager"], review_id=review.pk)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
