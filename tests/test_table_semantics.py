"""What table, chart and callout figures are, on small PDFs written by tests/pdfgen.py:
header paths (a year over its quarters, YTD, months under a quarter), changes and their
base, places in stubs and headers, confidence limits, grouped column charts, callouts."""
from __future__ import annotations

from pathlib import Path

import extractors as ex
from pdfgen import write_pdf

TITLE = [(50, 40, 16, "Leeds City Council"), (50, 62, 11, "Performance report: Quarter 3 2023/24")]


def extract(tmp_path, name, text, **page):
    pdf = write_pdf(tmp_path / f"{name}.pdf", [{"text": TITLE + text, **page}])
    return ex.extract_document(ex.open_document(str(pdf)))


def by_text(rows):
    out = {}
    for r in rows:
        out.setdefault(r.value_text, []).append(r)
    return out


def test_quarters_under_a_year_ytd_and_a_target_column(tmp_path):
    cols = [250, 300, 350, 400, 450]
    text = [(50, 120, 10, "Table 1: Key performance indicators")]
    text += [(300, 145, 9, "2023/24"), (450, 145, 9, "2023/24")]
    text += [(50, 160, 9, "Indicator")] + [(x, 160, 9, t) for x, t in zip(cols, ["Q1", "Q2", "Q3", "YTD", "target"])]
    text += [(50, 180, 9, "Missed bin collections")] + [(x, 180, 9, t) for x, t in zip(cols, ["41", "35", "52", "128", "40"])]
    text += [(50, 196, 9, "Homes delivered")] + [(x, 196, 9, t) for x, t in zip(cols, ["58", "67", "n/a", "125", "(12)"])]
    rows = by_text(extract(tmp_path, "kpi", text, lines=[(300, 157, 440, 157)]))
    assert (rows["41"][0].period, rows["52"][0].period) == ("2023/24 Q1", "2023/24 Q3")
    assert rows["128"][0].period == "2023/24 Q1-2023/24 Q3"       # YTD runs to the last quarter
    assert rows["125"][0].period == "2023/24 Q1-2023/24 Q2"       # ... that the row has a figure for
    assert (rows["40"][0].measure, rows["40"][0].period) == ("target", "2023/24")
    assert rows["n/a"][0].value is None and rows["n/a"][0].indicator == "Homes delivered"
    assert rows["12"][0].value == -12                               # a bracketed figure is negative
    assert {r.geography for v in rows.values() for r in v} == {"Leeds"}


def test_a_stub_of_places_with_a_total_row_and_confidence_limits(tmp_path):
    text = [(50, 120, 10, "Table 2: Hospital admissions by ward, 2022/23")]
    text += [(50, 140, 9, "Ward"), (200, 140, 9, "Admissions"), (280, 140, 9, "Rate per 100,000"),
             (380, 132, 9, "95% confidence interval"), (380, 146, 9, "Lower"), (450, 146, 9, "Upper")]
    data = [("Headingley", "61", "412.5", "318.0", "530.1"), ("Kirkstall", "48", "388.0", "286.2", "514.6"),
            ("Leeds total", "109", "401.2", "329.9", "483.8")]
    for i, (place, *figs) in enumerate(data):
        text += [(50, 162 + 16 * i, 9, place)] + [(x, 162 + 16 * i, 9, f) for x, f in zip((200, 280, 380, 450), figs)]
    rows = by_text(extract(tmp_path, "wards", text))
    assert rows["61"][0].geography == "Headingley" and rows["61"][0].unit == "count"
    assert "Hospital admissions" in rows["61"][0].indicator
    assert (rows["412.5"][0].unit, rows["318.0"][0].unit) == ("rate_per_100000", "rate_per_100000")
    assert "Lower" in rows["318.0"][0].indicator and rows["318.0"][0].period == "2022/23"
    assert rows["109"][0].geography == "Leeds"                      # the whole area


def test_comparator_columns_and_a_change_measured_from_a_base(tmp_path):
    text = [(50, 120, 10, "Table 3: Crime rate per 1,000 population")]
    text += [(50, 140, 9, "Offence"), (200, 140, 9, "2022/23"), (260, 140, 9, "2023/24"),
             (320, 140, 9, "% change on 2022/23"), (430, 140, 9, "North East"), (500, 140, 9, "England")]
    text += [(50, 158, 9, "Violence with injury"), (200, 158, 9, "13.0"), (260, 158, 9, "12.5"),
             (320, 158, 9, "(3.8%)"), (430, 158, 9, "13.9"), (500, 158, 9, "9.6")]
    text += [(50, 174, 9, "Sexual offences"), (200, 174, 9, "3.1"), (260, 174, 9, "3.3"),
             (320, 174, 9, "6.5%"), (430, 174, 9, "3.4"), (500, 174, 9, "3.0")]
    rows = by_text(extract(tmp_path, "compare", text))
    change = rows["3.8%"][0]
    assert (change.measure, change.value, change.unit, change.period) == ("change", -3.8, "percent", "2023/24")
    assert (rows["13.9"][0].geography, rows["9.6"][0].geography) == ("North East", "England")
    assert rows["12.5"][0].unit == "rate_per_1000" and rows["12.5"][0].indicator == "Violence with injury"


def test_months_under_a_quarter_header(tmp_path):
    text = [(50, 120, 10, "Table 4: Anti-social behaviour incidents, 2023/24")]
    text += [(260, 140, 9, "Q1"), (380, 140, 9, "Q2")]
    text += [(50, 156, 9, "District")] + [(x, 156, 9, m) for x, m in
                                         zip((220, 260, 300, 340, 380, 420), ["Apr", "May", "Jun", "Jul", "Aug", "Sep"])]
    text += [(50, 174, 9, "Rugby")] + [(x, 174, 9, v) for x, v in
                                      zip((220, 260, 300, 340, 380, 420), ["101", "102", "103", "104", "105", "106"])]
    text += [(50, 190, 9, "Warwick")] + [(x, 190, 9, v) for x, v in
                                        zip((220, 260, 300, 340, 380, 420), ["201", "202", "203", "204", "205", "206"])]
    rows = by_text(extract(tmp_path, "months", text, lines=[(220, 152, 320, 152), (340, 152, 440, 152)]))
    assert rows["101"][0].period == "2023-04" and rows["106"][0].period == "2023-09"
    assert rows["201"][0].geography == "Warwick"


def test_a_grouped_column_chart_takes_its_series_from_the_legend(tmp_path):
    dark, light = (0.0, 0.34, 0.42), (0.6, 0.72, 0.75)
    cats = ["2019/20", "2020/21", "2021/22"]
    text = [(50, 120, 10, "Figure 1: Admission episodes per 100,000, 2019/20 to 2021/22")]
    rects = []
    for i, (cat, a, b) in enumerate(zip(cats, ("1,018", "1,037", "1,119"), ("644", "587", "626"))):
        x = 100 + 90 * i
        text += [(x + 5, 330, 8, cat), (x, 170 - 4 * i, 7, a), (x + 24, 230, 7, b)]
        rects += [(x, 180 - 4 * i, x + 22, 325, dark), (x + 22, 240, x + 44, 325, light)]
    text += [(62, 170, 7, "1,500"), (62, 218, 7, "1,000"), (70, 266, 7, "500"), (78, 314, 7, "0"),
             (420, 200, 8, "North Tyneside"), (420, 220, 8, "England")]
    rects += [(500, 200, 508, 208, dark), (500, 220, 508, 228, light)]
    rows = by_text(extract(tmp_path, "chart", text, rects=rects))
    assert {(r.geography, r.period) for r in rows["1,018"]} == {("North Tyneside", "2019/20")}
    assert {(r.geography, r.period) for r in rows["626"]} == {("England", "2021/22")}
    assert {r.unit for v in rows.values() for r in v} == {"rate_per_100000"}
    assert not {"1,500", "1,000", "500", "0"} & set(rows)          # axis ticks are not figures


def test_a_callout_takes_the_label_printed_under_it(tmp_path):
    text = [(60, 150, 30, "3,245"), (60, 190, 9, "police officers at 31 March 2024"),
            (300, 150, 30, "45%"), (300, 190, 9, "of residents feel safe after dark"),
            (50, 260, 10, "In 2023/24 the force answered 90% of emergency calls within 10 seconds.")]
    rows = by_text(extract(tmp_path, "callouts", [(50, 40, 16, "Kent Police and Crime Commissioner"),
                                                  (50, 62, 11, "Annual report 2023/24")] + text[:0] + text))
    assert rows["3,245"][0].indicator.lower().startswith("police officers")
    assert rows["3,245"][0].period == "2023/24"                     # a date closing the report's year
    assert "residents feel safe after dark" in rows["45%"][0].indicator


def test_a_callout_under_a_heading_in_capitals_with_its_change_below(tmp_path):
    # "ROBBERY" over "115" over "down 20.7% on 2022/23": the heading names the number, the
    # label's own figure is the change and the big number the level; "427" over "fewer
    # crimes than last year" (no figure of its own) is itself the change
    text = [(60, 130, 9, "ROBBERY"), (60, 150, 30, "115"), (60, 190, 9, "down 20.7% on 2022/23"),
            (300, 130, 9, "FEWER VICTIMS"), (300, 150, 30, "427"), (300, 190, 9, "fewer crimes than last year"),
            (50, 260, 10, "The force recorded 14,869 crimes in the year.")]
    rows = by_text(extract(tmp_path, "heads", [(50, 40, 16, "Kent Police and Crime Commissioner"),
                                               (50, 62, 11, "Annual report 2023/24")] + text))
    level, change = rows["115"][0], rows["20.7%"][0]
    assert (level.measure, level.value, level.period) == ("actual", 115, "2023/24")
    assert (change.measure, change.value, change.period) == ("change", -20.7, "2023/24")
    assert level.indicator.startswith("Robbery") and change.indicator.startswith("Robbery")
    assert (rows["427"][0].measure, rows["427"][0].value) == ("change", -427)


def test_a_ruled_table_reads_its_key_points_and_the_unit_of_a_censored_cell(tmp_path):
    # a fully ruled table (Camelot's lattice): the key printed under it says "-" is nil;
    # "5.1 pts" is a change in percent; "n/a" in a row of percentages is a percent
    xs, ys = [40, 230, 300, 370, 440], [120, 138, 156, 174, 192]
    lines = [(x, ys[0], x, ys[-1]) for x in xs] + [(xs[0], y, xs[-1], y) for y in ys]
    cells = [("Measure", "Apr-Sep 2012", "Apr-Sep 2013", "% change"),
             ("Robbery", "144", "-", "n/a"),
             ("Burglary detection rate", "14.9%", "20.0%", "5.1 pts"),
             ("Victims satisfied", "n/a", "86.7%", "n/a")]
    text = [(40, 100, 10, "Table 3: Police and Crime Plan measures")]
    for y, row in zip(ys, cells):
        text += [(x + 3, y + 4, 8, t) for x, t in zip(xs, row)]
    text += [(40, 198, 7, "Decreases are shown in brackets. <5 fewer than five offences; - nil; n/a not applicable.")]
    rows = by_text(extract(tmp_path, "ruled", text, lines=lines))
    assert rows["-"][0].value == 0 and rows["-"][0].period == "2013-04-2013-09"
    pts = rows["5.1"][0]
    assert (pts.measure, pts.unit, pts.value) == ("change", "percent", 5.1)
    first = [r for r in rows["n/a"] if r.period == "2012-04-2012-09" and "Victims" in r.indicator]
    assert first and first[0].unit == "percent"


def test_group_headers_centred_over_their_columns_and_a_percentage_of_budget(tmp_path):
    # "2014/15" centred over Target | Actual, "2015/16" over Target | Actual | Variance (its
    # text lies over the middle column only); "% of budget" beside a variance is a change
    cols = [250, 300, 350, 400, 450, 500]
    text = [(50, 120, 10, "Table 1: Budget and performance")]
    text += [(271, 140, 9, "2014/15"), (402, 140, 9, "2015/16")]
    text += [(50, 156, 9, "Service")] + [(x, 156, 9, t) for x, t in
                                         zip(cols, ["Target", "Actual", "Target", "Actual", "Variance", "% of budget"])]
    text += [(50, 174, 9, "Waste collection")] + [(x, 174, 9, t) for x, t in
                                                   zip(cols, ["4,100", "4,050", "4,200", "4,350", "150", "3.6%"])]
    text += [(50, 190, 9, "Street cleansing")] + [(x, 190, 9, t) for x, t in
                                                   zip(cols, ["2,300", "2,280", "2,400", "2,380", "(20)", "(0.8%)"])]
    rows = by_text(extract(tmp_path, "groups", text, rects=[(245, 152, 545, 167)]))   # a shaded header row
    assert [(rows[v][0].period, rows[v][0].measure) for v in ("4,100", "4,050", "4,200", "4,350", "150")] == [
        ("2014/15", "target"), ("2014/15", "actual"), ("2015/16", "target"), ("2015/16", "actual"),
        ("2015/16", "change")]
    assert (rows["3.6%"][0].measure, rows["0.8%"][0].value) == ("change", -0.8)


def test_a_unit_centred_over_place_columns_of_a_browser_printed_table():
    # Chromium's PDF: "Rate per 100,000" over Coventry | West Midlands | England | CIPFA
    # nearest neighbours, its text over the middle two; Coventry's header is one line,
    # the comparator's two, set lower
    pdf = Path(__file__).parent / "fixtures" / "chromium" / "health-profile-spanning-unit.pdf"
    rows = [r for r in ex.extract_document(ex.open_document(str(pdf)))
            if r.indicator == "Alcohol-related mortality"]
    assert {(r.geography, r.unit, r.value) for r in rows} == {
        ("Coventry", "rate_per_100000", 29.3), ("West Midlands", "rate_per_100000", 34.7),
        ("England", "rate_per_100000", 33.0), ("Comparator group", "rate_per_100000", 30.3)}


def test_a_tight_unruled_table_with_labels_wrapped_around_their_figures():
    # cells one em apart ("crime  21,112", "14.5%  Green"): wider than any word space
    pdf = Path(__file__).parent / "fixtures" / "generated" / "kpi-tight-wrapped-labels.pdf"
    rows = [r for r in ex.extract_document(ex.open_document(str(pdf))) if r.method == "table:pdfplumber"]
    positive = {(r.period, r.measure, r.value_text) for r in rows
                if r.indicator == "Positive outcome rate for all crime"}
    assert positive == {("2014/15 Q3", "actual", "13.3%"), ("2014/15 Q3", "target", "12.7%"),
                        ("2014/15 Q3", "change", "–"), ("2014/15 Q1-2014/15 Q3", "actual", "13.8%"),
                        ("2014/15 Q1-2014/15 Q3", "target", "14.5%")}
    crime = {(r.measure, r.value) for r in rows if r.indicator == "Total recorded crime" and r.period == "2014/15 Q3"}
    assert crime == {("actual", 21112), ("target", 21750), ("change", -638)}


def test_a_caption_at_the_margin_over_a_header_that_starts_at_the_figures(tmp_path):
    # the caption is not the stub's header: its year dates the table
    text = [(50, 114, 9.5, "Benchmarking against comparators, 2013"), (330, 132, 8.5, "Per 100,000 population"),
            (50, 150, 8.5, "Measure"), (320, 150, 8.5, "Leeds"), (400, 150, 8.5, "England")]
    for i, (label, a, b) in enumerate([("Alcohol-specific mortality", "9.6", "11.1"), ("Suicide rate", "8.8", "11.1"),
                                       ("Alcohol-related mortality", "46.2", "45.0")]):
        text += [(50, 166 + 14 * i, 8.5, label), (330, 166 + 14 * i, 8.5, a), (410, 166 + 14 * i, 8.5, b)]
    rows = by_text(extract(tmp_path, "caption", text, lines=[(315, 143, 450, 143)]))
    assert {(r.geography, r.period, r.unit) for r in rows["9.6"] + rows["45.0"]} == {
        ("Leeds", "2013", "rate_per_100000"), ("England", "2013", "rate_per_100000")}


def test_a_header_with_a_year_wrapped_over_two_lines_is_a_header_not_a_row():
    # Chromium's PDF: "2012-" over "13" in the header, status words an em after the figures
    pdf = Path(__file__).parent / "fixtures" / "chromium" / "scorecard-wrapped-year.pdf"
    rows = {r.value_text: r for r in ex.extract_document(ex.open_document(str(pdf)))
            if r.indicator == "Fly-tipping incidents reported" and r.method == "table:pdfplumber"}
    assert [(rows[v].period, rows[v].measure) for v in ("n/a", "1,509", "1,318", "1,339")] == [
        ("2011/12", "actual"), ("2012/13", "actual"), ("2013/14", "actual"), ("2013/14", "target")]
