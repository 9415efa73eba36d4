"""The table reader on grids built in code: layouts the sample PDFs do not have."""
from __future__ import annotations

from extractors.tables.interpret import table_observations
from extractors.types import Cell, Document, Table

DOC = Document(path="/x/report.pdf", name="report.pdf", sha256="0" * 64, size_bytes=1,
               page_count=3, text_pages=3, geography="Leeds", reference_period="2019/20")


def grid(page: int, rows: list[list[str]], top: float = 100.0, spans=(), left: float = 50.0) -> Table:
    """A ruled table whose cell (r, c) sits at x = left + 100c, y = top + 20r."""
    cells = []
    covered = set()
    for (r, c, rs, cs) in spans:
        covered |= {(r + i, c + j) for i in range(rs) for j in range(cs)} - {(r, c)}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = next(((a, b) for (y, x, a, b) in spans if (y, x) == (r, c)), (1, 1))
            box = (left + 100 * c, top + 20 * r, left + 100 * (c + cs), top + 20 * (r + rs))
            cells.append(Cell(r, c, text, box, rs, cs))
    return Table(page, (left, top, left + 100 * len(rows[0]), top + 20 * len(rows)), "table:camelot-lattice",
                 cells, len(rows), len(rows[0]))


def by(rows, **want):
    return [r for r in rows if all(getattr(r, k) == v for k, v in want.items())]


def test_columns_that_are_places_give_the_geography():
    t = grid(1, [["Indicator", "Leeds", "England"],
                 ["Burglary rate per 1,000", "5.1", "4.2"]])
    rows = table_observations(DOC, [t])
    assert {(r.geography, r.value) for r in rows} == {("Leeds", 5.1), ("England", 4.2)}
    assert {r.unit for r in rows} == {"rate_per_1000"} and {r.period for r in rows} == {"2019/20"}


def test_a_provider_spanning_the_year_columns_is_not_a_place():
    t = grid(1, [["Offence", "West Yorkshire Police", "", "Change"],
                 ["", "2018/19", "2019/20", ""],
                 ["Robbery", "250", "327", "30.8%"]], spans=[(0, 1, 1, 2)])
    rows = table_observations(DOC, [t])
    assert {r.geography for r in rows} == {"Leeds"}
    assert {(r.period, r.measure, r.value) for r in rows} == {
        ("2018/19", "actual", 250), ("2019/20", "actual", 327), ("2019/20", "change", 30.8)}


def test_a_table_continued_without_its_header_keeps_its_columns_meaning():
    first = grid(1, [["Measure", "Target 2019/20", "Actual 2019/20"],
                     ["Repeat victims (%)", "20%", "23%"]], top=600)
    rest = grid(2, [["Arson", "<10", "N/A"],
                    ["Robbery", "90", "85"]], top=60)
    rows = table_observations(DOC, [first, rest])
    arson = by(rows, indicator="Arson")
    assert {(r.measure, r.value, r.value_text) for r in arson} == {("target", None, "<10"),
                                                                   ("actual", None, "N/A")}
    assert {(r.measure, r.value) for r in by(rows, indicator="Robbery")} == {("target", 90), ("actual", 85)}


def test_a_continued_table_set_at_another_place_on_its_page_keeps_its_columns():
    # centred on one page, at the margin on the next: the columns keep their spacing
    header = [["Offence", "2018/19", "2019/20", "% change"], ["Robbery", "250", "327", "30.8%"]]
    rest = [["Burglary", "1,210", "1,105", "(8.7%)"], ["Arson", "64", "71", "10.9%"]]
    for left in (50, 130):
        rows = table_observations(DOC, [grid(1, header, top=600, left=left), grid(2, rest, top=60)])
        assert {(r.period, r.measure, r.value) for r in by(rows, indicator="Burglary")} == {
            ("2018/19", "actual", 1210), ("2019/20", "actual", 1105), ("2019/20", "change", -8.7)}


def test_a_continued_table_opening_with_a_group_row_and_an_extra_empty_column():
    # the grid made an empty column on the second page only; a group row opens it
    header = [["Offence", "2018/19", "2019/20", "% change"], ["Robbery", "250", "327", "30.8%"]]
    rest = [["Acquisitive crime", "", "", "", ""], ["Burglary", "", "1,210", "1,105", "(8.7%)"],
            ["Vehicle crime", "", "980", "1,002", "2.2%"]]
    rows = table_observations(DOC, [grid(1, header, top=600), grid(2, rest, top=60)])
    assert {(r.period, r.measure, r.value) for r in by(rows, indicator="Burglary")} == {
        ("2018/19", "actual", 1210), ("2019/20", "actual", 1105), ("2019/20", "change", -8.7)}


def test_row_labels_wrapped_beside_their_figures_are_joined_whole():
    # the grid gave a label's first line a row of its own, or left it in the row above;
    # the row that goes on in lower case takes it back; a group row stays a group row
    t = grid(1, [["Ref", "Measure", "2018", "2019"],
                 ["", "Major planning applications", "", ""],
                 ["C1", "determined in time", "79.6%", "84.3%"],
                 ["C2", "Leisure centre visits\nWorking age residents", "855,849", "902,561"],
                 ["C3", "claiming out-of-work benefits", "3.3%", "3.9%"],
                 ["", "Environment", "", ""],
                 ["E1", "Fly-tipping incidents", "2,074", "2,120"]])
    rows = table_observations(DOC, [t])
    assert {r.indicator for r in rows} == {
        "Major planning applications determined in time", "Leisure centre visits",
        "Working age residents claiming out-of-work benefits", "Fly-tipping incidents"}


def test_a_year_header_with_a_footnote_digit_glued_on():
    t = grid(1, [["Indicator", "2011", "2012", "20132"], ["Staff sickness absence (days)", "7.0", "6.8", "8.3"]])
    rows = table_observations(DOC, [t])
    assert [(r.period, r.value) for r in rows] == [("2011", 7.0), ("2012", 6.8), ("2013", 8.3)]


def test_a_target_after_an_outturn_without_a_period_is_for_the_report_year():
    t = grid(1, [["Indicator", "2018/19", "Outturn", "Target", "Variance from target"],
                 ["False alarms attended", "6,756", "6,492", "6,671", "-179"]])
    rows = table_observations(DOC, [t])
    assert [(r.period, r.measure) for r in rows] == [
        ("2018/19", "actual"), ("2019/20", "actual"), ("2019/20", "target"), ("2019/20", "change")]


def test_a_table_on_the_next_page_with_its_own_header_is_not_a_continuation():
    first = grid(1, [["Measure", "Target 2019/20"], ["Arson", "12"]], top=600)
    other = grid(2, [["Ward", "Rank 2019/20"], ["Headingley", "3"]], top=60)
    rows = table_observations(DOC, [first, other])
    assert by(rows, indicator="Headingley")[0].measure == "rank"
