"""Personal data (names, e-mail addresses, phone numbers) never reaches a published column."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest

import extractors as ex
from extractors.merge import row_id
from extractors.personal_data import (find_emails, find_names, find_phones, has_contact_details,
                                      is_contact_field, names_from_email, people_in, redact)
from extractors.types import Observation
from schemas.contract import STRING_COLUMNS, to_frame
from schemas.suite import validate
from pdfgen import write_pdf

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw_docs" / "osmc-safe-city-annual-review-2018-01-11.pdf"
TITLES = r"(?:Superintendent|Inspector|Sergeant|Councillor|Cllr|Mrs|Mr|Ms|Miss|Dr)\s+"


# --------------------------------------------------------------------------- the report
def _contact_block() -> dict[str, set[str]]:
    """What page 1's contact block prints, read with simple regexes of the test's own."""
    with pdfplumber.open(REPORT) as pdf:
        text = pdf.pages[0].extract_text()
    emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    names = set()
    for raw in re.findall(r"Name:\s*(.+?)\s*Tel", text):
        names.add(raw)
        names.add(re.sub(TITLES, "", raw))                      # without the rank
    for e in emails:                                            # "Alison.heydari@" -> "alison heydari"
        names.add(" ".join(re.split(r"[._]", e.split("@")[0])))
    phones = set(re.findall(r"Tel:\s*([+\d][\d ]*\d)", text))
    return {"emails": emails, "names": names, "phones": phones}


@pytest.fixture(scope="module")
def report_frame():
    return to_frame(ex.extract_document(ex.open_document(str(REPORT))))


def test_contact_block_is_read_by_the_test():
    block = _contact_block()
    assert len(block["emails"]) == 2 and len(block["phones"]) == 2
    assert len([n for n in block["names"] if "@" not in n]) >= 4


def test_report_publishes_no_contact_details(report_frame):
    block = _contact_block()
    assert len(report_frame) > 100                              # the figures are still read
    for col in STRING_COLUMNS:
        values = report_frame[col].str.lower()
        for needle in block["emails"] | block["names"]:
            assert not values.str.contains(needle.lower(), regex=False).any(), (col, needle)
        for phone in block["phones"]:
            digits = phone.replace(" ", "")
            if len(digits) >= 6:                                # a full number: nowhere at all
                assert not values.str.contains(phone, regex=False).any(), (col, phone)
                assert not values.str.replace(" ", "").str.contains(digits, regex=False).any()
            assert not values.str.contains(f"tel: {phone}", regex=False).any(), (col, phone)
        assert not values.map(has_contact_details).any(), col
    # no figure of the contact block is a row (the short "Tel: 101" included)
    page1 = report_frame[report_frame["page"] == 1]
    assert not page1["value_text"].isin(block["phones"]).any()


# --------------------------------------------------------------------------- detectors
@pytest.mark.parametrize("text", [
    "023 8083 3613", "02380 833613", "+44 23 8083 3613", "+44 (0)23 8083 3613", "07700 900123",
    "(023) 8083 3613", "0161 496 0000", "02380833613", "Tel: 101", "Tel 023 8083 3613",
    "Telephone no. 101", "Mobile: 07700 900 123", "Fax: 023 8083 3000", "call 0300 123 4567 today",
])
def test_phone_numbers_found(text):
    assert find_phones(text), text
    assert "[phone]" in redact(text)
    assert has_contact_details(text)


@pytest.mark.parametrize("text", [
    "1,087", "30,883", "2016/17", "2015/16 - 2016/17", "12.5%", "£1,234,567", "£023",
    "a rate of 44 per 1,000", "831 | 1087", "0.5 points", "increase of 10,234 (2.3%)",
    "Phone calls rose to 1,234", "mobile phones 345 stolen", "2012 2013 2014", "01/04/2017",
    "20 000 people", "calls to 101 rose", "-0.123 4567", "Rank 9/15", "£2.5m", "NI 015",
    "Annual (2015/16 - 2016/17) | 831 | 1087", "0800", "1 2 3 4 5 6 7 8 9",
])
def test_statistics_are_not_phone_numbers(text):
    assert not find_phones(text), text
    assert not has_contact_details(text)
    assert redact(text) == text


def test_emails():
    assert find_emails("E-mail: Mitch.sanders@southampton.gov.uk.") == ["Mitch.sanders@southampton.gov.uk"]
    assert redact("write to a.b-c@x.police.uk now") == "write to [e-mail] now"
    assert not find_emails("@council on Twitter, 5 @ £2") and not has_contact_details("5 @ £2")


@pytest.mark.parametrize("text,name", [
    ("AUTHOR: Name: Superintendent Jane Roe Tel: 101", "Jane Roe"),
    ("Director Name: Sam Smith Tel: 023 8083 3613", "Sam Smith"),
    ("Contact: Priya Patel, Community Safety", "Priya Patel"),
    ("Report author: Dr Ann O'Neil-Jones", "Ann O'Neil-Jones"),
    ("Cllr Satvir Kaur welcomed the figures", "Satvir Kaur"),
    ("Chief Inspector Bob McAllister said", "Bob McAllister"),
    ("Mrs J. Smith attended", "J. Smith"),
])
def test_names_found_and_redacted(text, name):
    assert name in find_names(text)
    out = redact(text)
    assert name not in out and "[name]" in out


@pytest.mark.parametrize("text", [
    "Contact: Community Safety Team", "Author: Southampton City Council",
    "Indicator name: Domestic Burglary", "HM Inspector of Constabulary reported 12%",
    "The Chair requested that the OSMC receives an annual update",
    "Police and Crime Commissioner for Hampshire", "Safe City Partnership | 1.3 | 1,087",
])
def test_not_names(text):
    assert not find_names(text)
    assert redact(text) == text


def test_names_from_email_local_parts():
    assert names_from_email("alison.heydari@hampshire.pnn.police.uk") == ["Alison Heydari"]
    assert names_from_email("jo_bloggs@x.gov.uk") == ["Jo Bloggs"]
    assert names_from_email("community.safety@x.gov.uk") == []   # a team mailbox
    assert names_from_email("info@x.gov.uk") == []
    # collected per document, redacted where printed without label or title
    people = people_in(["E-mail: kim.lee@x.gov.uk", "Cllr Dee"])
    assert people == {"Kim Lee"}                                   # one-word names stay local
    assert redact("Kim Lee presented 44 figures; KIM LEE too", people) == "[name] presented 44 figures; [name] too"


def test_contact_fields():
    assert is_contact_field("101", "AUTHOR: Name: Superintendent Jane Roe Tel:")
    assert is_contact_field("Sam Smith", "Director Name:")
    assert is_contact_field("sam.smith@x.gov.uk")
    assert not is_contact_field("44", "Indicator name:")
    assert not is_contact_field("1,087", "Calls by phone")
    assert not is_contact_field("Crime fell by 12%")
    assert is_contact_field("CONTACT DETAILS Name: Sam Smith Tel: 02380 833613 E-mail: s.smith@x.gov.uk")
    assert is_contact_field("Tel: 101")
    assert not is_contact_field("Name: Crime survey. Respondents: 1,087 (2016/17)")
    assert not is_contact_field("Telephone contacts rose by 12% to 30,883 in 2016/17")


def test_narrative_contact_sentence_keeps_the_figure(tmp_path):
    """A figure in a sentence that also names someone is kept, with the snippet redacted;
    the phone number in the same sentence is not a figure."""
    pdf = write_pdf(tmp_path / "r.pdf", [{"text": [
        (50, 80, 10, "Total recorded crime fell by 12% in 2016/17, said Cllr Jane Roe, who can be"),
        (50, 93, 10, "reached on 023 8083 3613 or at jane.roe@example.gov.uk for more information."),
        (50, 130, 10, "CONTACT DETAILS"),
        (50, 145, 10, "Name: Sam Smith Tel: 02380 833613"),
        (50, 160, 10, "E-mail: sam.smith@example.gov.uk"),
        (50, 190, 10, "Sam Smith reported 340 incidents of anti-social behaviour in 2016/17."),
    ]}])
    df = to_frame(ex.extract_document(ex.open_document(str(pdf))))
    assert set(df["value_text"]) >= {"12%", "340"}
    assert not df["value_text"].str.contains("8083|833613|3613").any()
    for col in STRING_COLUMNS:
        for needle in ("Jane Roe", "Sam Smith", "jane.roe", "sam.smith", "8083", "833613", "@"):
            assert not df[col].str.contains(needle, regex=False).any(), (col, needle)
    assert df["snippet"].str.contains(r"\[name\]").any()


# --------------------------------------------------------------------------- validation
def _row(**kw) -> Observation:
    row = dict(indicator="Recorded crime", indicator_id="recorded-crime", geography="Southampton",
               period="2016/17", measure="actual", value=1087.0, value_text="1,087", unit="count",
               source_document="a.pdf", source_sha256="0" * 63 + "a", page=1,
               bbox="100.0,200.0,120.0,210.0", method="table:pdfplumber", snippet="Recorded crime 1,087")
    row.update(kw)
    out = Observation(**row)
    out.row_id = row_id(out)
    return out


def test_suite_quarantines_contact_details():
    rows = [_row(),
            _row(bbox="10.0,10.0,20.0,20.0", snippet="Recorded crime 1,087 - ask jo.bloggs@x.gov.uk"),
            _row(bbox="10.0,30.0,20.0,40.0", indicator="Calls to 023 8083 3613"),
            _row(bbox="10.0,50.0,20.0,60.0", snippet="Recorded crime 30,883 in 2016/17 (rate 1.2%)")]
    out = validate(to_frame(rows))
    assert len(out.valid) == 2 and len(out.quarantine) == 2
    q = out.quarantine.set_index("bbox")
    assert "no_contact_details[snippet]" in q.at["10.0,10.0,20.0,20.0", "failed_expectation"]
    assert "e-mail address or phone number" in q.at["10.0,10.0,20.0,20.0", "reason"]
    assert "jo.bloggs" not in q.at["10.0,10.0,20.0,20.0", "reason"]   # the reason does not repeat it
    assert "no_contact_details[indicator]" in q.at["10.0,30.0,20.0,40.0", "failed_expectation"]
    assert out.success
    # the quarantine file and the GE results are written out too: redacted there as well
    assert q.at["10.0,10.0,20.0,20.0", "snippet"] == "Recorded crime 1,087 - ask [e-mail]"
    assert q.at["10.0,30.0,20.0,40.0", "indicator"] == "Calls to [phone]"
    dumped = json.dumps(out.results_json)
    assert "jo.bloggs" not in dumped and "8083" not in dumped
