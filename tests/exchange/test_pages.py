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
from tests.exchange.helpers import finished_import_page, run_import
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


def test_uploading_a_zip_queues_it_and_the_page_shows_the_summary_once_loaded(client_for):
    client = client_for("data_manager")
    response = client.post("/exchange/", {"extract": _zip(extract.FILES), "source_system": "NICHE"})
    # Nothing runs in the request: the upload waits for the worker.
    waiting = client.get(response["Location"])
    assert b"Waiting for the worker" in waiting.content and not Person.objects.exists()
    assert b'hx-trigger="every 2s"' in waiting.content
    page = finished_import_page(client, response)
    assert page.status_code == 200
    assert b"Loaded" in page.content and Person.objects.count() == 3
    assert b"hx-trigger" not in page.content  # finished: the fragment stops polling
    assert b"extract.zip" in client.get("/exchange/").content  # listed under "Your imports"


def test_the_polled_fragment_is_the_status_panel_alone(client_for):
    client = client_for("data_manager")
    response = client.post("/exchange/", {"extract": _zip(extract.FILES), "source_system": "NICHE"})
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content and b'id="job-' in fragment.content
    assert b"Waiting for the worker" in fragment.content


def test_an_import_is_seen_by_its_importer_and_administrators_only(client_for, cast):
    from safeguarding.access.models import AccessEvent, User
    from safeguarding.access.roles import Role
    from tests.signin import give_totp_device, verified_client

    bad = {**extract.FILES, "people.csv": extract.FILES["people.csv"].replace("2015-04-12", "12/04/2015")}
    importer = client_for("data_manager")
    queued = importer.post("/exchange/", {"extract": _zip(bad), "source_system": "NICHE"})
    finished_import_page(importer, queued)
    # Another data manager may import too, but not read this one's rows back.
    colleague = User.objects.create_user(username="data_manager_2", password="x" * 12, role=Role.DATA_MANAGER)
    give_totp_device(colleague)
    assert verified_client(colleague).get(queued["Location"]).status_code == 404
    assert b"12/04/2015" not in verified_client(colleague).get("/exchange/").content
    # A job that does not exist reads the same.
    assert importer.get("/exchange/jobs/987654/").status_code == 404
    # Each showing of the error table is in the access log, as a view of the batch's rejected rows.
    shown = AccessEvent.objects.filter(
        actor_id=cast["data_manager"].pk, action="view", object_type="import_batch"
    )
    assert shown.count() == 1 and shown.get().detail["errors_shown"] == 1
    admin_page = client_for("admin").get(queued["Location"])
    assert admin_page.status_code == 200 and b"only the importer sees it" in admin_page.content


def test_a_bad_upload_shows_every_error_and_loads_nothing(client_for):
    bad = dict(extract.FILES)
    bad["people.csv"] = bad["people.csv"].replace("2015-04-12", "12/04/2015")
    client = client_for("data_manager")
    page = finished_import_page(
        client, client.post("/exchange/", {"extract": _zip(bad), "source_system": "NICHE"})
    )
    assert b"Not loaded: nothing changed" in page.content
    assert b"ambiguous date" in page.content and b"date_of_birth" in page.content
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
    importer = client_for("data_manager")
    queued = importer.post("/exchange/", {"extract": _zip(bad), "source_system": "NICHE"})
    shown = finished_import_page(importer, queued)
    assert shown.status_code == 200 and b"12/04/2015" in shown.content
    assert not Person.objects.exists()
    # The importer's job page: another role sees it not at all, or (the administrator) without the values.
    other = client_for(username).get(queued["Location"])
    assert b"12/04/2015" not in other.content
    assert other.status_code == (200 if username == "admin" else 404)


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
