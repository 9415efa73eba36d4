"""The extractors on the sample PDFs in raw_docs/, called directly (no Prefect)."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

import extractors as ex
from extractors.context.periods import find_periods, reference_period

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
LEAFLET = RAW / "safe-city-annual-summary-2012-13.pdf"
REPORT = RAW / "osmc-safe-city-annual-review-2018-01-11.pdf"
SCORECARD = RAW / "safe-city-scorecard-2016-17.pdf"


@pytest.fixture(scope="module")
def extracted():
    """Each sample document's tables and rows, extracted once for the module."""
    out = {}
    for path in (LEAFLET, REPORT, SCORECARD):
        doc = ex.open_document(str(path))
        layouts = ex.read_layout(doc)
        doc = ex.describe_document(doc, layouts)
        tables = ex.find_tables(doc, layouts)
        rows = ex.extract_document(ex.open_document(str(path)))
        out[path.name] = (doc, tables, rows)
    return out


def rows_with(rows, page, value_text):
    return [r for r in rows if r.page == page and r.value_text == value_text]


def words_in_box(path, page, bbox):
    x0, top, x1, bottom = (float(v) for v in bbox.split(","))
    with pdfplumber.open(path) as pdf:
        crop = pdf.pages[page - 1].crop((x0 - 1, top - 1, x1 + 1, bottom + 1))
        return " ".join(w["text"] for w in crop.extract_words())


def test_document_reads_its_own_area_and_period(extracted):
    doc, _, _ = extracted[REPORT.name]
    assert doc.page_count == 12 and doc.text_pages == 12
    assert len(doc.sha256) == 64
    assert doc.geography == "Southampton"      # from "Southampton City Council" in the text
    assert doc.reference_period == "2016/17"   # "The data refers to 2016/17"
    leaflet, _, _ = extracted[LEAFLET.name]
    assert leaflet.reference_period == "2012/13"


def test_ruled_table_with_two_level_header(extracted):
    _, tables, rows = extracted[REPORT.name]
    lattice = [t for t in tables if t.page == 3 and t.method == "table:camelot-lattice"]
    assert len(lattice) == 1 and lattice[0].n_cols == 4
    total = {r.period + " " + r.measure: r for r in rows if r.page == 3 and r.indicator == "Total crime"}
    assert total["2015/16 actual"].value == 27261 and total["2015/16 actual"].value_text == "27,261"
    assert total["2016/17 actual"].value == 30883 and total["2016/17 actual"].unit == "count"
    change = total["2016/17 change"]
    assert (change.value, change.unit) == (10.7, "percent")
    # the spanning header names the data provider, not the place
    assert {r.geography for r in rows if r.page == 3} == {"Southampton"}
    theft = rows_with(rows, 3, "-25.9%")
    assert theft and theft[0].value == -25.9 and theft[0].measure == "change"


def test_unruled_side_by_side_tables(extracted):
    _, tables, rows = extracted[LEAFLET.name]
    unruled = [t for t in tables if t.page == 1 and t.method == "table:pdfplumber"]
    assert len(unruled) == 2                    # two rank tables side by side, kept apart
    damage = [r for r in rows if r.page == 1 and r.indicator == "Criminal damage"]
    assert sorted((r.period, r.value) for r in damage) == [("2011/12", 14), ("2012/13", 15)]
    assert {(r.measure, r.unit) for r in damage} == {("rank", "rank")}
    all_crime = [r for r in rows if r.page == 1 and r.indicator == "All crime"]
    assert len(all_crime) == 4                  # printed in both tables, both kept


def test_chart_data_labels_are_areas(extracted):
    _, _, rows = extracted[REPORT.name]
    chart = [r for r in rows if r.page == 2 and r.method == "table:pdfplumber"]
    assert len(chart) == 17                     # the bars, not the axis ticks 0..140
    by_area = {r.geography: r for r in chart}
    assert by_area["Portsmouth"].value == 120.6
    assert by_area["England"].value == 73.4     # "England*": footnote marker dropped
    assert {r.unit for r in chart} == {"rate_per_1000"} and {r.period for r in chart} == {"2016/17"}


def test_scorecard_periods_from_reporting_column(extracted):
    _, _, rows = extracted[SCORECARD.name]
    asb = sorted((r.period, r.value) for r in rows if r.indicator.startswith("Recorded anti-social"))
    assert asb == [("2016/17 Q3", 9.64), ("2016/17 Q4", 10.51)]
    assert all(r.unit == "rate_per_1000" for r in rows if "(Per 1,000)" in r.indicator)
    censored = [r for r in rows if r.value_text == "<10"]
    assert len(censored) == 4 and all(r.value is None for r in censored)
    assert not [r for r in rows if r.value_text in ("1.1a", "1.2", "3.1")]   # ref codes


def test_sentence_figures_with_sign_and_box(extracted):
    _, _, rows = extracted[LEAFLET.name]
    crime = rows_with(rows, 1, "16%")
    reduced = [r for r in crime if "crime" in r.indicator.lower() and r.measure == "change"]
    assert reduced and reduced[0].value == -16 and reduced[0].method == "text:spacy"
    assert "16%" in words_in_box(LEAFLET, 1, reduced[0].bbox)
    assert "reduced by 16%" in reduced[0].snippet
    # a bullet inherits "decreases of" from its lead-in
    dv = [r for r in crime if "domestic violence" in r.indicator.lower()]
    assert dv and dv[0].value == -16


def test_numbers_that_are_not_figures(extracted):
    _, _, rows = extracted[REPORT.name]
    page1 = [r.value_text for r in rows if r.page == 1]
    assert "101" not in page1 and "023" not in page1 and "3613" not in page1   # phone numbers
    texts = {r.value_text for r in rows}
    assert not texts & {"2017", "2016/17", "1,000", "100,000"}   # years and rate bases
    three = rows_with(rows, 7, "three")
    assert three and three[0].value == 3 and three[0].unit == "rate_per_1000"


def test_every_row_is_located_on_its_page(extracted):
    for name, (_, _, rows) in extracted.items():
        assert rows, name
        for r in rows[::7]:
            assert r.value_text.replace(" ", "") in words_in_box(RAW / name, r.page, r.bbox).replace(" ", "")


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><body>Not found</body></html>", "not a PDF"),
    (b"PK\x03\x04 zip bytes", "not a PDF"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "corrupt"),
])
def test_bad_files_are_rejected_with_a_reason(tmp_path, content, reason):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(ex.DocumentRejected) as err:
        ex.open_document(str(bad))
    assert reason in err.value.reason


def test_periods_are_normalised():
    def norm(text):
        return [p for m in find_periods(text) for p in m.periods]
    assert norm("Quarterly (Q3, Q4 2016/17)") == ["2016/17 Q3", "2016/17 Q4"]
    assert norm("in 2012/2013") == ["2012/13"]
    assert norm("(Q2 2016/17 to Q1 2017/18)") == ["2016/17 Q2-2017/18 Q1"]
    assert norm("June 2017") == ["2017-06"]
    assert norm("Target 08/09") == ["2008/09"]
    assert reference_period("The data refers to 2015/16. In 2016/17 and 2016/17") == "2015/16"


def test_period_stub_gives_every_column_its_year(extracted):
    _, _, rows = extracted[REPORT.name]
    year = [r for r in rows if r.page == 8 and r.method == "table:camelot-lattice"]
    assert len(year) == 14
    assert {(r.period, r.value) for r in year if r.period == "2010/11"} == {("2010/11", 26.0), ("2010/11", 1430)}
    assert {r.unit for r in year if r.value == 26.0} == {"percent"}   # "Percentage of all violent crime"


def test_same_measure_gets_the_same_id_across_documents(extracted):
    leaflet_ids = {r.indicator_id for r in extracted[LEAFLET.name][2] if r.indicator == "All crime"}
    report_ids = {r.indicator_id for r in extracted[REPORT.name][2] if r.indicator == "Total crime"}
    assert leaflet_ids == report_ids == {"all-crime"}     # via schemas/indicator_aliases.toml
    scorecard = {r.indicator: r.indicator_id for r in extracted[SCORECARD.name][2]}
    # bracketed unit qualifiers do not split an id; distinct client groups stay distinct
    assert scorecard["Recorded hate crime rates (Per 1,000)"] == "hate-crime-rates"
    assert len({v for k, v in scorecard.items() if k.startswith("Treatment Completion")}) == 3


def test_sentence_context_periods_places_and_labels(extracted):
    _, _, rows = extracted[REPORT.name]
    def one(page, text):
        found = rows_with(rows, page, text)
        assert len(found) == 1, (page, text, found)
        return found[0]
    # "compared with 85% in 2015": the comparison keeps its own year
    assert one(4, "85%").period == "2015" and one(4, "76%").period == "2017"
    # "national average of 73" is England's figure; Southampton's 121 is not
    assert one(2, "73").geography == "England" and one(2, "121").geography == "Southampton"
    # "higher than the national average" leaves the figure with its own area
    assert one(5, "38.2%").geography == "Southampton" and one(5, "37.7%").geography == "England"
    # "National Probation Service" is an organisation, not the nation
    assert one(4, "73.7%").geography == "Southampton"
    # a period names the figure before it: "722 offences ... in 2016/17, a rise of 2%"
    assert one(7, "722").period == "2016/17" and one(7, "2%").period == "2016/17"
    assert one(7, "2%").measure == "change"
    # "from 149 in 2015/16 to 118 in 2016/17"
    assert one(10, "149").period == "2015/16" and one(10, "118").period == "2016/17"
    # the comparison inherits the compared figure's unit
    assert one(7, "4.2").unit == "rate_per_100000" and one(7, "4.2").geography == "England"
    # "This represents an increase of over 16%": the label borrows the previous subject
    assert "hate crime" in one(6, "16%").indicator.lower()


def test_row_ids_are_stable_and_unique(extracted):
    _, _, rows = extracted[SCORECARD.name]
    again = ex.extract_document(ex.open_document(str(SCORECARD)))
    assert [r.row_id for r in rows] == [r.row_id for r in again]
    assert len({r.row_id for r in rows}) == len(rows) and all(len(r.row_id) == 16 for r in rows)
