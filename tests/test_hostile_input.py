"""Odd input from pdfplumber's test suite (tests/fixtures/pdfplumber) and the user's limits:
every file gets a result with a reason, none raises."""
from __future__ import annotations

from pathlib import Path

import extractors as ex
from flows.extract import extract_file
from flows.limits import Limits

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdfplumber"
RAW = Path(__file__).resolve().parent.parent / "raw_docs"
REPORT = RAW / "osmc-safe-city-annual-review-2018-01-11.pdf"


def test_a_pdf_that_needs_a_password_is_rejected_as_encrypted():
    result = extract_file(str(FIXTURES / "password-example.pdf"))
    assert result.status == "rejected" and result.reason.startswith("encrypted:")
    assert "empty password does not work" in result.reason


def test_an_empty_user_password_opens_and_a_refusing_table_reader_makes_it_partial():
    result = extract_file(str(FIXTURES / "pr-138-example.pdf"))
    assert result.status == "partial" and result.figures > 50
    # its permissions forbid text extraction, which Camelot honours: the ruled tables are
    # read from the word geometry instead, and the report says so
    assert "Camelot failed" in result.reason and "page(s) 1, 2" in result.reason
    assert result.cacheable


def test_a_sideways_table_is_read_the_right_way_up():
    doc = ex.open_document(str(FIXTURES / "nics-background-checks-2015-11-rotated.pdf"))
    lay = ex.read_layout(doc)[0]
    assert (lay.width, lay.height, lay.rotation) == (1008, 612, 90)   # landscape, as shown
    text = " ".join(w.text for w in lay.words[:12])
    assert text.startswith("State / Territory Permit Handgun Long Gun")
    rows = ex.extract_document(doc)
    # each column counts a kind of check: the label is the state and the column's meaning
    assert len(rows) > 1000 and {"Alabama", "Wyoming"} <= {r.indicator.split(" - ")[0] for r in rows}
    assert any(r.indicator.startswith("Alabama - ") and "Handgun" in r.indicator for r in rows)


def test_a_zip_named_anything_is_not_read():
    result = extract_file(str(FIXTURES / "issue-948.zip"))
    assert result.status == "rejected" and "ZIP archive" in result.reason


def test_the_page_limit_rejects_a_long_document_without_reading_it():
    result = extract_file(str(REPORT), limits=Limits(max_pages=5))
    assert result.status == "rejected" and result.figures == 0
    assert result.reason == "too long: 12 pages, over the limit of 5"
    assert not result.cacheable          # another limit may let it through


def test_the_time_limit_stops_a_document_and_says_where():
    result = extract_file(str(REPORT), limits=Limits(max_seconds=0.01))
    assert result.status == "rejected" and not result.cacheable
    assert result.reason.startswith("stopped: over the time limit of 0.01 s per document (while ")
    assert extract_file(str(REPORT), limits=Limits(max_pages=50, max_seconds=120)).status == "ok"
