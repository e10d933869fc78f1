"""Files as forces have them (issue 21): Windows-1252 from Excel loads correctly or is refused,
never stored with replacement characters; UK dates; `;`, tab and `|` delimiters."""

import datetime as dt

import pytest

from safeguarding.exchange import dates
from safeguarding.exchange.encodings import Undecodable, decode
from safeguarding.exchange.loader import sources_from_path
from safeguarding.exchange.services import extract_import
from safeguarding.people.models import Person
from tests.exchange import extract

HEADER = extract.FILES["people.csv"].splitlines()[0]
ADDRESSES = extract.FILES["addresses.csv"]


def _people_file(tmp_path, body: bytes, name: str = "people.csv"):
    directory = tmp_path / "extract"
    directory.mkdir(parents=True)
    (directory / "addresses.csv").write_text(ADDRESSES, encoding="utf-8")
    (directory / name).write_bytes(body)
    return directory


def _import(actor, directory, **options):
    return extract_import(actor=actor, sources=sources_from_path(directory), source_system="NICHE", **options)


def _row(reference: str, forename: str, surname: str, born: str) -> str:
    return f"{reference},{forename},,{surname},{born},true,female,white,none,,no,,north,A-1"


# -- decoding, without the database -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zoë Brönte,Seán Ó Briain,Siân ap Dafydd", "cp1252"),
        ("Renée “Rennie” O’Neill – Œuvre", "cp1252"),
        ("Zoë,Łukasz Wałęsa,Øyvind,Straße,محمد", "utf-8"),
        ("Zoë Brönte", "utf-8-sig"),
        ("Zoë Brönte", "utf-16"),
    ],
)
def test_files_in_the_encodings_forces_send_decode_to_the_same_letters(text, encoding):
    assert decode(text.encode(encoding)).text == text


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        # 0x81 is undefined in Windows-1252: neither encoding fits.
        (b"forename\nAmelia\nZo\x81\n", 3, "byte 18 (0x81) is neither UTF-8 nor Windows-1252"),
        # UTF-8 "é" on line 2, a lone Windows-1252 "ë" on line 3: mixed.
        ("forename\nRenée\n".encode() + b"Zo\xeb\n", 3, "mixes encodings"),
        # Polish in Windows-1250: "ł" is 0xB3, which Windows-1252 reads as "³" inside a word.
        ("forename\nŁukasz Wałęsa\n".encode("cp1250"), 2, "another code page"),
        ("forename\nZo\ufffd\n".encode(), 2, "replacement character"),
        ("forename\nZoë\n".encode("utf-16-le"), 1, "NUL bytes"),
    ],
)
def test_a_file_in_no_encoding_we_can_trust_is_refused_naming_the_line(data, line, says):
    with pytest.raises(Undecodable) as refused:
        decode(data)
    assert refused.value.line == line
    assert says in str(refused.value)


# -- dates, without the database ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "raw", "expected"),
    [
        (dates.DAY_MONTH_YEAR, "12/04/2015", dt.date(2015, 4, 12)),
        (dates.DAY_MONTH_YEAR, "2/4/2015", dt.date(2015, 4, 2)),
        (dates.DAY_MONTH_YEAR, "12-04-2015", dt.date(2015, 4, 12)),
        (dates.DAY_MONTH_YEAR, "12.04.2015", dt.date(2015, 4, 12)),
        (dates.UNSET, "25/12/2015", dt.date(2015, 12, 25)),  # no 25th month: unambiguous
        (dates.UNSET, "07/07/2015", dt.date(2015, 7, 7)),
    ],
)
def test_uk_dates_are_read_day_first(layout, raw, expected):
    with dates.reading_dates_as(layout):
        assert dates.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("layout", "raw", "says"),
    [
        (dates.UNSET, "04/12/2015", "ambiguous date"),
        (dates.DAY_MONTH_YEAR, "12/04/15", "two-digit year"),
        (dates.ISO, "25/12/2015", "ISO dates only"),
        (dates.DAY_MONTH_YEAR, "31/02/2015", "not a real date"),
        (dates.DAY_MONTH_YEAR, "12 April 2015", "not a date"),
    ],
)
def test_dates_that_could_be_misread_are_refused_saying_why(layout, raw, says):
    with dates.reading_dates_as(layout), pytest.raises(ValueError) as refused:
        dates.parse_date(raw)
    assert says in str(refused.value)


def test_uk_date_and_time():
    with dates.reading_dates_as(dates.DAY_MONTH_YEAR):
        assert dates.parse_datetime("02/03/2026 09:30") == dt.datetime(2026, 3, 2, 9, 30)


# -- through the import, on the database ----------------------------------------------------------


@pytest.mark.django_db
def test_a_windows_1252_file_from_excel_loads_with_every_letter(cast, tmp_path):
    body = (HEADER + "\r\n" + _row("P-1", "Zoë", "Brönte", "2015-04-12") + "\r\n").encode("cp1252")
    result = _import(cast["data_manager"], _people_file(tmp_path, body))
    assert result.loaded, result.errors
    zoe = Person.objects.get(source_reference="P-1")
    assert (zoe.forename, zoe.surname) == ("Zoë", "Brönte")


@pytest.mark.django_db
def test_an_undecodable_file_is_refused_whole_naming_file_and_line(cast, tmp_path):
    body = (HEADER + "\n" + _row("P-1", "Amelia", "Hartley", "2015-04-12") + "\n").encode() + b"P-2,Zo\x81\n"
    result = _import(cast["data_manager"], _people_file(tmp_path, body))
    assert not result.loaded
    assert not Person.objects.exists()
    [error] = [e for e in result.errors if e.file == "people.csv"]
    assert error.line == 3 and "neither UTF-8 nor Windows-1252" in error.reason
    assert not Person.objects.filter(forename__contains="\ufffd").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_semicolon_tab_and_bar_delimited_files_load(cast, tmp_path, delimiter):
    lines = [
        HEADER,
        _row("P-1", "Amelia", "Hartley", "2015-04-12"),
        _row("P-2", "Zoë", "Smith-Jones", "2016-01-02"),
    ]
    body = ("\n".join(line.replace(",", delimiter) for line in lines) + "\n").encode()
    result = _import(cast["data_manager"], _people_file(tmp_path, body))
    assert result.loaded, result.errors
    assert sorted(Person.objects.values_list("surname", flat=True)) == ["Hartley", "Smith-Jones"]


@pytest.mark.django_db
def test_uk_dates_load_when_the_source_writes_them_and_ambiguous_ones_are_refused_otherwise(cast, tmp_path):
    body = (HEADER + "\n" + _row("P-1", "Amelia", "Hartley", "04/12/2015") + "\n").encode()
    refused = _import(cast["data_manager"], _people_file(tmp_path, body))
    assert not refused.loaded
    [error] = refused.errors
    assert (error.file, error.line, error.column) == ("people.csv", 2, "date_of_birth")
    assert "ambiguous date" in error.reason

    loaded = _import(cast["data_manager"], _people_file(tmp_path / "again", body), date_layout="dmy")
    assert loaded.loaded, loaded.errors
    assert Person.objects.get(source_reference="P-1").date_of_birth == dt.date(2015, 12, 4)


@pytest.mark.django_db
def test_a_source_system_set_to_day_month_year_in_settings(cast, tmp_path, settings):
    settings.EXCHANGE_DATE_LAYOUTS = {"NICHE": "dmy"}
    body = (HEADER + "\n" + _row("P-1", "Amelia", "Hartley", "04/12/2015") + "\n").encode()
    result = _import(cast["data_manager"], _people_file(tmp_path, body))
    assert result.loaded, result.errors
    assert Person.objects.get().date_of_birth == dt.date(2015, 12, 4)
