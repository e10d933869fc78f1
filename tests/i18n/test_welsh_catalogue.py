"""The Welsh catalogue is complete for the pages it covers, compiled, and marked as awaiting a
Welsh speaker's review; the language choice and the pages follow it (issue 25)."""

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from safeguarding.standards.models import State
from tests.factories import make_case, make_person, make_standard_result
from tests.i18n.catalogue import HEADER, MO_PATH, PO_PATH, extracted, read_catalogue
from tests.signin import verified_client

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_marked_string_of_the_welsh_pages_has_a_welsh_translation():
    catalogue = read_catalogue()
    missing, untranslated = [], []
    for (msgid, context), forms in sorted(extracted().items(), key=lambda item: item[0][0]):
        message = catalogue.get(msgid, context=context)
        if message is None or (len(forms) > 1 and message.id != forms):
            missing.append(msgid)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings) or len(strings) != (4 if len(forms) > 1 else 1):
            untranslated.append(msgid)
    assert not missing, f"Not in {PO_PATH.name} (run `make messages`, then translate): {missing}"
    assert not untranslated, f"No Welsh yet for: {untranslated}"


def test_the_catalogue_is_not_fuzzy_and_keeps_every_placeholder():
    catalogue = read_catalogue()
    assert not catalogue.fuzzy
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert not problems, problems


def test_the_catalogue_says_it_awaits_review_by_a_welsh_speaker():
    text = PO_PATH.read_text(encoding="utf-8")
    assert "AWAITING REVIEW BY A WELSH SPEAKER" in HEADER
    assert "# AWAITING REVIEW BY A WELSH SPEAKER" in text
    assert "awaiting review by a Welsh speaker" in text  # the Last-Translator header too


def test_the_committed_mo_is_the_po_compiled():
    """Django reads the .mo: a translation edited in the .po but not compiled would not show."""
    catalogue = read_catalogue()
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n, expected in zip((1, 2, 3, 8), message.string, strict=True):
                if compiled.ngettext(message.id[0], message.id[1], n) != expected:
                    stale.append(message.id[0])
        elif compiled.gettext(message.id) != message.string:
            stale.append(message.id)
    assert not stale, f"django.mo is out of date (run `make messages`): {stale}"


def test_django_counts_welsh_plurals_with_the_catalogue():
    with translation.override("cy"):
        three = translation.ngettext("%(counter)s address", "%(counter)s addresses", 3)
        assert three == "%(counter)s cyfeiriad"
        assert translation.gettext("Find a child") == "Dod o hyd i blentyn"


@pytest.mark.django_db
def test_choosing_welsh_keeps_the_page_and_sets_the_language(cast):
    client = verified_client(cast["officer_north"])
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/first-contact/"})
    assert response.status_code == 302 and response["Location"] == "/first-contact/"
    page = client.get("/first-contact/").content.decode()
    assert '<html lang="cy">' in page
    assert "Cyswllt cyntaf: beth ydyn ni’n ei wybod yn barod?" in page
    assert 'value="en-gb"' in page  # the way back to English, named in English

    response = client.post(reverse("set_language"), {"language": "en-gb", "next": "https://evil.example/"})
    assert response["Location"] == "/"  # never off this site
    assert '<html lang="en-gb">' in client.get("/first-contact/").content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_offers_welsh_before_signing_in(client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="language" value="cy"' in page


# Per page: Welsh that must show, and English labels of the marked set that must not.
WELSH_PAGES = {
    "first contact": (
        ["Cyswllt cyntaf", "Rheswm", "Chwilio", "Neidio i’r prif gynnwys", "Allgofnodi"],
        ["What do we already know", "Look up", "Choose the reason", "Sign out", "Skip to main content"],
    ),
    "child": (
        ["Manylion personol", "Dyddiad geni", "Rhybuddion", "Achosion", "Aelwyd"],
        ["Personal details", "Date of birth", "Warnings", "Household", "Everything on record"],
    ),
    "case": (
        ["Am yr achos", "Swyddog â gofal", "Pobl yn yr achos", "Popeth ar yr achos hwn"],
        ["About the case", "Officer in charge", "People in the case", "Everything on this case"],
    ),
    "worklist": (
        ["Fy rhestr waith", "Beth sydd ei angen", "Dyddiad dyledus", "Dangos", "Y mwyaf brys yn gyntaf"],
        ["My worklist", "What is needed", "Most urgent first", "Nothing overdue", ">Show<"],
    ),
}


@pytest.mark.django_db
def test_the_four_pages_show_in_welsh(cast, districts):
    north = districts["north"]
    child = make_person(north, forename="Nia", surname="Prydderch", date_of_birth="2016-05-01")
    case = make_case(north, children=[child], officer_in_charge=cast["officer_north"])
    make_standard_result(case, "DRIFT", State.NOT_MET, due_at=case.first_reported_at)
    client = verified_client(cast["officer_north"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    urls = {
        "first contact": reverse("firstcontact:lookup"),
        "child": reverse("people:child", args=[child.pk]),
        "case": reverse("cases:case", args=[case.pk]),
        "worklist": reverse("standards:worklist"),
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        welsh, english = WELSH_PAGES[name]
        assert '<html lang="cy">' in page, name
        assert [text for text in welsh if text not in page] == [], name
        assert [text for text in english if text in page] == [], name
