"""Layouts the sample documents lack, on small PDFs written by tests/pdfgen.py."""
from __future__ import annotations

import pytest

import extractors as ex
from pdfgen import write_pdf


def extract(path):
    return ex.extract_document(ex.open_document(str(path)))


def prose_rows(path, lines: list[str]) -> dict:
    """The published rows of a page of one-line sentences, by printed figure."""
    pdf = write_pdf(path, [{"text": [(40, 80 + 20 * i, 9, t) for i, t in enumerate(lines)]}])
    return {r.value_text: r for r in extract(pdf)}


def test_column_chart_gives_one_row_per_bar(tmp_path):
    pdf = write_pdf(tmp_path / "chart.pdf", [{
        "text": [(50, 60, 12, "Leeds City Council performance report 2019/20"),
                 (50, 100, 11, "Figure 2: Burglary rate per 1,000 households, 2019/20"),
                 (80, 150, 8, "12.5"), (180, 190, 8, "9.1"), (280, 170, 8, "10.4"), (380, 210, 8, "7.7"),
                 (70, 330, 8, "Leeds"), (170, 330, 8, "Bradford"), (270, 330, 8, "Wakefield"),
                 (370, 330, 8, "England")],
        "rects": [(75, 162, 105, 325), (175, 202, 205, 325), (275, 182, 305, 325), (375, 222, 405, 325)]}])
    rows = extract(pdf)
    bars = {r.geography: r for r in rows if r.method == "table:pdfplumber"}
    assert {k: v.value for k, v in bars.items()} == {"Leeds": 12.5, "Bradford": 9.1, "Wakefield": 10.4,
                                                      "England": 7.7}
    assert {r.unit for r in bars.values()} == {"rate_per_1000"}
    assert {r.indicator for r in bars.values()} == {"Burglary rate per 1,000 households"}
    assert len(rows) == 4          # the caption's "1,000" and years are not figures


def test_sentences_with_targets_baselines_and_traps(tmp_path):
    lines = [
        "Leeds City Council: Community Safety Plan. The data refers to 2019/20.",
        "Reduce first time entrants by 10% from 420 per 100,000 to 378 per 100,000.",
        "Call 0113 222 4444 or see paragraph 12 and pages 55 and 56 of the 2018 review.",
        "The 3 hubs took 1,250 calls, compared to 1,100 last year.",
        "Nationally, 64% of people felt safe, compared with 71% in Leeds.",
    ]
    rows = prose_rows(tmp_path / "text.pdf", lines)
    assert set(rows) == {"10%", "420", "378", "3", "1,250", "1,100", "64%", "71%"}
    assert (rows["10%"].measure, rows["10%"].value, rows["10%"].period) == ("target", -10, "2020/21")
    assert (rows["420"].measure, rows["420"].unit, rows["420"].period) == ("baseline", "rate_per_100000", "2019/20")
    assert (rows["378"].measure, rows["378"].unit) == ("target", "rate_per_100000")
    assert rows["1,100"].period == "2018/19" and rows["1,250"].period == "2019/20"
    assert rows["64%"].geography == "England" and rows["71%"].geography == "Leeds"


def test_numbered_paragraphs_with_run_in_headings_and_compared_periods(tmp_path):
    lines = [
        "Performance report: April to September 2013",
        "1. Overall crime. There were 427 fewer crimes recorded between April and September 2013",
        "than in the same period last year (14,869 compared with 15,296).",
        "2. Robbery showed the greatest decrease, with 29 fewer offences.",
        "3. Anti-social behaviour. Reported incidents rose by 216, from 11,125 to 11,341.",
        "4. Violence with injury increased slightly, by 18 offences (1.3%).",
    ]
    tops = [120, 134, 170, 206, 242]       # the first paragraph runs over two lines
    text = [(50, 80, 12, lines[0])] + [(50, top, 10, t) for top, t in zip(tops, lines[1:])]
    pdf = write_pdf(tmp_path / "paras.pdf", [{"text": text}])
    rows = {r.value_text: r for r in extract(pdf)}
    this, last = "2013-04-2013-09", "2012-04-2012-09"
    # a run of months printed with one year is the period a change is over
    assert (rows["427"].measure, rows["427"].period) == ("change", this)
    # "X compared with Y" in a sentence comparing with last year: Y is last year's
    assert rows["14,869"].period == this and rows["15,296"].period == last
    assert rows["11,125"].period == last and rows["11,341"].period == this
    # a run-in heading names what the paragraph's figures count; a paragraph number does not
    assert "Anti-social behaviour" in rows["216"].indicator and "2." not in rows["29"].indicator
    # "..., with 29 fewer offences": the figure is about the main clause's subject
    assert "Robbery" in rows["29"].indicator
    # "(1.3%)" right after a change restates it in percent
    assert (rows["1.3%"].measure, rows["1.3%"].value) == ("change", 1.3)


def test_rotated_pages_are_read_the_right_way_up(tmp_path):
    """A page stored sideways or upside down with /Rotate (as scanners and landscape
    exports make them) gives the same words, boxes and figures as the upright page."""
    text = [(60, 80, 12, "Indicator"), (300, 80, 12, "2015/16"), (400, 80, 12, "2016/17"),
            (60, 110, 11, "Total crime"), (300, 110, 11, "27,261"), (400, 110, 11, "30,883"),
            (60, 130, 11, "Hate crime"), (300, 130, 11, "492"), (400, 130, 11, "567"),
            (60, 200, 11, "Crime in the area rose by 13% in 2016/17.")]
    read = {}
    for rotate in (0, 90, 180, 270):
        pdf = write_pdf(tmp_path / f"r{rotate}.pdf", [{"text": text, "rotate": rotate}])
        doc = ex.open_document(str(pdf))
        lay = ex.read_layout(doc)[0]
        assert (lay.width, lay.height) == (595, 842) and lay.rotation == rotate
        read[rotate] = ([(w.text, round(w.x0), round(w.top)) for w in lay.words],
                        sorted((o.value_text, o.period, o.bbox) for o in ex.extract_document(doc)))
    assert ("30,883", "2016/17") in {(v, p) for v, p, _ in read[0][1]}
    for rotate in (90, 180, 270):
        assert read[rotate] == read[0], rotate


def test_text_drawn_without_space_glyphs_reads_like_its_normal_copy(tmp_path):
    """Some producers (LaTeX, some print drivers) place each word by position and draw
    no space glyphs; with tight word gaps pdfplumber's fixed tolerance joins a whole line
    into one "word". The spaceless copy must give the same figures as the normal one."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    lines = [
        "Leeds City Council: Community Safety Plan. The data refers to 2019/20.",
        "The number of new claims rose to 1,284 in 2019/20, up 6.2% on the year before.",
        "Around 45% of respondents felt safe after dark, compared with 52% nationally.",
        "Reduce first time entrants by 10% from 420 per 100,000 to 378 per 100,000.",
        "There were 3,245 police officers and 258 community support officers at 31 March 2020.",
    ]
    size, gap = 10, 0.25          # a word gap of a quarter of an em: under pdfplumber's 3 pt
    normal = [(50, 80 + 20 * i, size, t) for i, t in enumerate(lines)]
    spaceless = []
    for i, t in enumerate(lines):
        x = 50.0
        for word in t.split():
            spaceless.append((x, 80 + 20 * i, size, word))
            x += stringWidth(word, "Helvetica", size) + gap * size
    a = write_pdf(tmp_path / "normal.pdf", [{"text": normal}])
    b = write_pdf(tmp_path / "spaceless.pdf", [{"text": spaceless}])
    lay = ex.read_layout(ex.open_document(str(b)))[0]
    assert [w.text for w in lay.words][:4] == ["Leeds", "City", "Council:", "Community"]

    def key(rows):
        return sorted((r.value_text, r.value, r.measure, r.unit, r.period, r.geography, r.indicator) for r in rows)
    got, want = key(extract(b)), key(extract(a))
    assert len(want) >= 9 and got == want


def test_prose_fractions_windows_targets_comparisons_and_non_figures(tmp_path):
    lines = [
        "Exeter Community Safety Partnership: Annual Report 2023.",
        "Domestic abuse makes up around a quarter of all violent offences in the city.",
        "The team counted 1,210 thefts between July 2022 and June 2023.",
        "In 2024 we plan to cut shoplifting by 12% from the 2023 baseline of 850 offences, to no more than 750.",
        "Exeter recorded 61.2 offences per 1,000 residents, against a regional average of 70.4.",
        "Anyone affected can call the 24-hour helpline on 0800 123 4567, or 999 in an emergency.",
        "Residents rated safety on a scale from 1 (very unsafe) to 10 (very safe).",
        "This plan sets out our four priorities and the work behind them.",
        "Burglary and robbery stay well below 2019 levels, by 30% and 6% respectively.",
    ]
    rows = prose_rows(tmp_path / "prose.pdf", lines)
    # a service number, a 24-hour service, the ends of a scale and a plan's own parts are not figures
    assert set(rows) == {"quarter", "1,210", "12%", "850", "750", "61.2", "70.4", "30%", "6%"}
    assert (rows["quarter"].value, rows["quarter"].unit, rows["quarter"].measure) == (25, "percent", "actual")
    assert rows["1,210"].period == "2022-07-2023-06"          # a twelve-month window
    assert (rows["12%"].measure, rows["12%"].value, rows["12%"].period) == ("target", -12, "2024")
    assert (rows["850"].measure, rows["850"].period) == ("baseline", "2023")
    assert (rows["750"].measure, rows["750"].value, rows["750"].period) == ("target", 750, "2024")
    # the level a figure is compared with measures the same thing in the same unit
    assert rows["70.4"].unit == "rate_per_1000" and rows["70.4"].indicator == rows["61.2"].indicator
    assert [(rows[k].measure, rows[k].value) for k in ("30%", "6%")] == [("change", -30), ("change", -6)]


def _unruled_table(top: float, caption: str, header: list[str], rows: list[tuple[str, list[str]]]) -> list:
    xs = (40, 220, 300, 380)
    text = [(40, top, 10, caption)] + [(x, top + 22, 9, h) for x, h in zip(xs, header)]
    for k, (label, values) in enumerate(rows):
        text += [(x, top + 38 + 13 * k, 9, v) for x, v in zip(xs, [label] + values)]
    return text


def test_stacked_tables_keep_their_own_captions_and_regions(tmp_path):
    text = _unruled_table(60, "Table 1: Recorded crime by type, Leeds", ["Offence", "2022/23", "2023/24", "Change"],
                          [("Burglary", ["1,204", "1,118", "-7.1%"]), ("Robbery", ["402", "377", "-6.2%"]),
                           ("Vehicle crime", ["2,310", "2,145", "-7.1%"])])
    text += _unruled_table(140, "Table 2: Anti-social behaviour incidents by ward",
                           ["Ward", "2022/23", "2023/24", "Change"],
                           [("Armley", ["812", "760", "-6.4%"]), ("Beeston", ["655", "701", "7.0%"]),
                            ("Headingley", ["590", "548", "-7.1%"])])
    pdf = write_pdf(tmp_path / "stacked.pdf", [{"text": text}])
    doc = ex.open_document(str(pdf))
    layouts = ex.read_layout(doc)
    first, second = sorted(ex.find_tables(ex.describe_document(doc, layouts), layouts), key=lambda t: t.bbox[1])
    assert first.title.startswith("Table 1") and second.title.startswith("Table 2")
    assert "Table 2" not in first.notes              # the next caption opens a table, it is no note
    assert first.bbox[3] <= second.bbox[1]           # the regions do not overlap
    assert (first.n_rows, second.n_rows) == (4, 4)


WARDS = ["Armley", "Beeston", "Bramley", "Burmantofts", "Chapel Allerton", "Cross Gates", "Farnley", "Garforth",
         "Gipton", "Guiseley", "Harehills", "Headingley", "Horsforth", "Hunslet", "Kippax", "Kirkstall",
         "Middleton", "Moortown", "Morley", "Otley", "Pudsey", "Rothwell", "Roundhay", "Seacroft",
         "Temple Newsam", "Weetwood", "Wetherby", "Yeadon"]


@pytest.mark.parametrize("header_again", [True, False])
def test_table_split_over_two_pages(tmp_path, header_again):
    """The part on the second page is a table of its own, without the prose under it or
    the page number, and its figures keep the columns' periods, whether or not the
    header is printed again."""
    xs, header = (40, 260, 340, 420), ["Ward", "2022/23", "2023/24", "Change"]
    rows = [(w, [f"{400 + 37 * k:,}", f"{380 + 41 * k:,}", f"{((380 + 41 * k) / (400 + 37 * k) - 1) * 100:.1f}%"])
            for k, w in enumerate(WARDS)]
    p1 = [(40, 60, 10, "Table 3: Anti-social behaviour incidents by ward")]
    p1 += [(x, 82, 9, h) for x, h in zip(xs, header)]
    for k, (ward, values) in enumerate(rows[:20]):
        p1 += [(x, 100 + 14 * k, 9, t) for x, t in zip(xs, [ward] + values)]
    p2, top = [], 60
    if header_again:
        p2 = [(40, 60, 10, "Table 3: Anti-social behaviour incidents by ward (continued)")]
        p2 += [(x, 82, 9, h) for x, h in zip(xs, header)]
        top = 100
    for k, (ward, values) in enumerate(rows[20:]):
        p2 += [(x, top + 14 * k, 9, t) for x, t in zip(xs, [ward] + values)]
    prose = top + 14 * 8 + 30
    p2 += [(40, prose, 9, "Incidents fell in most wards, and the partnership will review the four wards where they rose."),
           (40, prose + 12, 9, "Overall the city recorded 12,480 incidents in 2023/24, 3% fewer than the year before.")]
    pages = [{"text": p + [(280, 800, 8, f"Page {n}")]} for n, p in ((7, p1), (8, p2))]
    pdf = write_pdf(tmp_path / "split.pdf", pages)
    doc = ex.open_document(str(pdf))
    layouts = ex.read_layout(doc)
    first, second = sorted(ex.find_tables(ex.describe_document(doc, layouts), layouts), key=lambda t: t.page)
    assert (first.page, second.page) == (1, 2)
    assert first.n_rows == 21 and second.n_rows == 8 + header_again
    assert second.bbox[3] < prose and first.bbox[3] < 790       # no prose, no page number
    found = {(o.geography, o.period, o.measure): o.value for o in extract(pdf) if o.page == 2 and o.geography}
    assert found[("Yeadon", "2022/23", "actual")] == 1399 and found[("Yeadon", "2023/24", "actual")] == 1487
    assert found[("Pudsey", "2023/24", "change")] == 5.3


def _tables(pdf):
    doc = ex.open_document(str(pdf))
    layouts = ex.read_layout(doc)
    return ex.find_tables(ex.describe_document(doc, layouts), layouts)


def test_ruled_table_whose_rules_are_partly_drawn_as_filled_paths_is_one_table(tmp_path):
    """Row rules stroked over the first columns and drawn as thin filled paths over the
    rest (a lattice parser sees only the first part): one table of four columns."""
    edges, top, pitch = [60, 250, 330, 410, 490], 120, 18
    cells = [["Ward", "2022/23", "2023/24", "Change"], ["Armley", "812", "760", "-6.4%"],
             ["Beeston", "655", "701", "7.0%"], ["Bramley", "590", "548", "-7.1%"], ["Farnley", "433", "410", "-5.3%"]]
    text = [(60, 95, 10, "Table 4: Anti-social behaviour incidents by ward")]
    text += [(x + 4, top + k * pitch + 4, 9, t) for k, row in enumerate(cells) for x, t in zip(edges, row)]
    lines = [(x, top, x, top + len(cells) * pitch) for x in edges]
    polygons = []
    for k in range(len(cells) + 1):
        y = top + k * pitch
        lines.append((edges[0], y, edges[2], y))
        polygons.append([(edges[2], y - 0.25), (edges[4], y - 0.25), (edges[4], y + 0.3), (edges[2], y + 0.2)])
    pdf = write_pdf(tmp_path / "rules.pdf", [{"text": text, "lines": lines, "polygons": polygons}])
    (table,) = _tables(pdf)
    assert (table.n_rows, table.n_cols) == (5, 4)
    assert table.title.startswith("Table 4")


def test_header_between_a_top_rule_and_a_rule_under_it_belongs_to_the_table(tmp_path):
    """A table ruled above and below its header row only (booktabs), its cells bands of
    money ("$9,595–$17,992"): the header is the table's first row, not its caption."""
    xs, top = (80, 200, 320, 440), 200
    rows = [("Lowest", ["$9,594 or less", "$22,400 or less", "$34,000 or less"]),
            ("Lower middle", ["$9,595–$17,992", "$22,401–$29,992", "$34,001–$48,000"]),
            ("Upper middle", ["$17,993–$25,771", "$29,993–$40,888", "$48,001–$66,900"]),
            ("Highest", ["Greater than $25,771", "Greater than $40,888", "Greater than $66,900"])]
    text = [(80, 150, 9, "For each year, respondents were divided into four groups by their annual salary;"),
            (80, 162, 9, "the ranges for each group are as follows:")]
    text += [(x, top, 9, h) for x, h in zip(xs[1:], ["1994", "1997", "2003"])]
    text += [(x, top + 24 + 12 * k, 9, t) for k, (label, values) in enumerate(rows) for x, t in zip(xs, [label] + values)]
    rules = [(76, top - 5, 520, top - 5), (76, top + 13, 520, top + 13), (76, top + 24 + 12 * 4, 520, top + 24 + 12 * 4)]
    pdf = write_pdf(tmp_path / "bands.pdf", [{"text": text, "lines": rules}])
    (table,) = _tables(pdf)
    assert table.bbox[1] <= top + 1 and table.n_cols == 4
    assert {c.text for c in table.cells if c.row == 0} == {"1994", "1997", "2003"}
    assert not table.title.startswith("1994")


def test_spanning_header_in_the_gap_between_its_columns_spans_them(tmp_path):
    """'Female' printed in the gutter between its 2019 and 2020 columns, touching neither,
    heads both: it gets no empty column of its own, and the figures under it take it."""
    cols = [200, 260, 340, 400]
    text = [(50, 60, 11, "Table 1: Victims of crime by sex, Leeds"),
            (222, 90, 9, "Male"), (362, 90, 9, "Female")]
    text += [(x, 104, 9, year) for x, year in zip(cols, ["2019", "2020", "2019", "2020"])]
    rows = [("Burglary", 120, 135, 98, 101), ("Robbery", 44, 51, 12, 15), ("Assault", 301, 322, 210, 230)]
    for k, (label, *values) in enumerate(rows):
        text += [(50, 120 + 14 * k, 9, label)] + [(x + 4, 120 + 14 * k, 9, str(v)) for x, v in zip(cols, values)]
    pdf = write_pdf(tmp_path / "gap.pdf", [{"text": text}])
    from extractors.tables.grid import read_grid
    (grid,) = read_grid(str(pdf), 1)
    assert grid.rows[:2] == [["", "Male", "", "Female", ""], ["", "2019", "2020", "2019", "2020"]]
    assert grid.rows[2] == ["Burglary", "120", "135", "98", "101"]
    published = {(r.indicator, r.period, r.value) for r in extract(pdf)}
    assert {("Burglary - Female", "2019", 98.0), ("Burglary - Female", "2020", 101.0)} <= published, published
