"""Forms that a browser accepts and a screen reader can name, a skip link, and a print
stylesheet (issue 25)."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import safeguarding
from safeguarding.inspections.forms import StatusForm
from tests.signin import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, districts):
    from tests.access_matrix.test_matrix import _modules
    from tests.access_matrix.world import build_world

    built = build_world(cast, districts)
    for module in _modules():
        if hasattr(module, "build"):
            module.build(built)
    return built


def _ids(page: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', page))


def test_a_date_field_is_prefilled_in_the_boxes_it_posts_back():
    # "07/12/2026" pre-filled into <input type="date"> left it empty and blocked the form; the
    # day, month and year boxes are pre-filled each with its part, and posted back as they are.
    today = timezone.localdate()
    html = str(StatusForm()["effective_on"])

    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        assert re.search(rf'name="effective_on_{part}"[^>]*value="{value}"', html), html
    posted = {"status": "open"} | {
        f"effective_on_{part}": str(value)
        for part, value in (("day", today.day), ("month", today.month), ("year", today.year))
    }
    assert StatusForm(posted).is_valid()


def test_the_recommendation_page_has_no_duplicate_ids(world, cast):
    page = verified_client(cast["safeguarding_unit"]).get(
        reverse("inspections:recommendation", args=[world["recommendation"].pk])
    )

    assert page.status_code == 200
    duplicates = {element_id: n for element_id, n in _ids(page.content.decode()).items() if n > 1}
    assert duplicates == {}


def test_every_label_of_the_new_audit_names_a_field(world, cast):
    page = verified_client(cast["safeguarding_unit"]).get(reverse("audits:new")).content.decode()

    assert 'for=""' not in page
    assert "<legend>Districts</legend>" in page


def test_every_page_starts_with_a_skip_link_to_the_main_content(world, cast):
    page = verified_client(cast["officer_north"]).get(reverse("home")).content.decode()

    assert page.index('class="skip-link" href="#main"') < page.index('class="masthead"')
    assert '<main id="main"' in page


def test_printing_leaves_out_the_navigation_buttons_and_edit_links():
    css = (Path(safeguarding.__file__).parent / "static/safeguarding/site.css").read_text()
    printed = css[css.index("@media print") :]

    for selector in (".masthead nav", "button", ".button", 'a[href*="/edit/"]', "footer"):
        assert selector in printed
    assert "display:none" in printed


def test_the_recommendation_status_is_recorded_from_the_boxes_as_pre_filled(world, cast):
    client = verified_client(cast["safeguarding_unit"])
    recommendation = world["recommendation"]
    page = client.get(reverse("inspections:recommendation", args=[recommendation.pk])).content.decode()
    today = timezone.localdate()
    parts = {"day": today.day, "month": today.month, "year": today.year}
    for part, value in parts.items():
        assert re.search(rf'name="effective_on_{part}"[^>]*value="{value}"', page)

    posted = {"status": "in_progress"} | {f"effective_on_{part}": str(v) for part, v in parts.items()}
    response = client.post(reverse("inspections:status_change", args=[recommendation.pk]), posted)

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"


def test_a_missing_box_is_named_and_linked_from_the_error_summary(world, cast):
    client = verified_client(cast["officer_north"])
    case = world["case_north"]
    response = client.post(
        reverse("cases:entry_add", args=[case.pk, "incident"]),
        {"occurred_at_day": "7", "occurred_at_year": "2026", "occurred_at_time": "14:30"},
    )
    page = response.content.decode()

    assert "must include a month" in page
    assert 'href="#id_occurred_at_month"' in page


def test_the_standards_are_chosen_by_stage_not_from_one_list_of_38(world, cast):
    page = (
        verified_client(cast["safeguarding_unit"])
        .get(reverse("inspections:recommendation", args=[world["recommendation"].pk]))
        .content.decode()
    )
    groups = re.findall(r'<fieldset class="choices"><legend>([^<]+)</legend>(.*?)</fieldset>', page, re.S)

    assert [stage for stage, _ in groups][:2] == ["Initial contact", "Assessment and help"]
    boxes = [body.count('name="standards"') for _, body in groups]
    assert sum(boxes) == 38
    assert max(boxes) <= 10
