"""Table structure (extractors.grid.read_grid) and `indicators tables` on the PDFs in raw_docs/.

Runs from the repository alone; the ICDAR 2013 benchmark (benchmarks/icdar2013.py) is
separate and needs the shared benchmarks folder.
"""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.tables.grid import read_grid
from extractors.tables.grid_rows import group_rows
from extractors.tables.grid_text import Line, Segment, TWord, split_segments
from flows.cli import main

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw_docs"
LEAFLET = RAW / "safe-city-annual-summary-2012-13.pdf"       # p1: two unruled rank tables side by side
REPORT = RAW / "osmc-safe-city-annual-review-2018-01-11.pdf"  # p3: ruled offence table, two-row header

LEFT_RANKS = (38, 293, 281, 530)       # "Our comparative position improved for" (without the banner below)
OFFENCES = (105, 179, 530, 490)


def test_unruled_rank_table_wrapped_header_is_one_cell():
    [g] = read_grid(str(LEAFLET), 1, LEFT_RANKS)
    assert (g.n_rows, g.n_cols) == (13, 3)
    # "Relative / position / 2011/12" is printed on three lines: one header cell, one header row
    assert g.rows[0] == ["Our comparative position\nimproved for",
                         "Relative\nposition\n2011/12", "Relative\nposition\n2012/13"]
    assert g.rows[1] == ["All crime", "14", "11"]
    assert g.rows[7] == ["Burglary (non dwelling)", "14", "12"]
    assert g.rows[-1] == ["Public order", "13", "9"]
    # every cell keeps the box of its text, inside the region
    for row, boxes in zip(g.rows, g.bboxes):
        for text, box in zip(row, boxes):
            assert (box is None) == (text == "")
            if box:
                assert LEFT_RANKS[0] - 3 <= box[0] <= box[2] <= LEFT_RANKS[2] + 3
                assert LEFT_RANKS[1] - 3 <= box[1] <= box[3] <= LEFT_RANKS[3] + 3


def test_side_by_side_tables_found_on_the_page_are_kept_apart():
    grids = read_grid(str(LEAFLET), 1)            # no area: the page's tables are found first
    assert len(grids) == 2
    left, right = sorted(grids, key=lambda g: g.bbox[0])
    assert left.bbox[2] < right.bbox[0]
    assert left.n_cols == right.n_cols == 3
    assert left.rows[1] == ["All crime", "14", "11"]
    assert right.rows[0] == ["We need to improve our\ncomparative position for",
                             "Relative\nposition\n2011/12", "Relative\nposition\n2012/13"]
    assert right.rows[1:3] == [["Criminal damage", "14", "15"], ["Criminal damage /Arson", "14", "15"]]
    assert right.rows[-1] == ["Possession of drugs", "8", "9"]
    assert right.n_rows == 9


def test_ruled_table_with_two_row_header():
    [g] = read_grid(str(REPORT), 3, OFFENCES)
    assert (g.n_rows, g.n_cols) == (25, 4)
    # "Hampshire Constabulary" spans the two year columns: written once, at its left;
    # "Offence Type" and the wrapped "Percentage change ..." span both header rows
    assert g.rows[0] == ["Offence Type", "Hampshire Constabulary", "",
                         "Percentage\nchange 2015/16 to\n2016/17"]
    assert g.rows[1] == ["", "2015/16", "2016/17", ""]
    assert g.rows[2] == ["Total crime*", "27,261", "30,883", "10.7%"]
    assert g.rows[-1] == ["Missing persons occurrences**", "1,394", "1,729", "24.0%"]
    assert g.method == "grid:text+rules"


def test_page_out_of_range_is_an_error():
    with pytest.raises(ValueError, match="no page 99"):
        read_grid(str(REPORT), 99, OFFENCES)


# --------------------------------------------------------------------------- rules on built lines
def _line(i: int, top: float, cells: list[tuple[float, str]], size: float = 10.0) -> Line:
    words = []
    for x, text in cells:
        for k, part in enumerate(text.split()):
            x0 = x + sum(len(p) + 1 for p in text.split()[:k]) * 5
            words.append(TWord(part, x0, top, x0 + 5 * len(part), top + size, size))
    return Line(words)


def _rows(lines: list[Line]) -> list[list[int]]:
    segs = split_segments(lines)
    for s in segs:
        s.col = s.col_end = 0 if s.x0 < 100 else (1 if s.x0 < 200 else 2)
    rows, _ = group_rows(lines, segs)
    return rows


def test_wrapped_label_joins_its_row_but_a_new_label_does_not():
    lines = [_line(0, 100, [(10, "Violence"), (150, "12"), (250, "14")]),
             _line(1, 112, [(10, "without injury")]),                 # starts in lower case
             _line(2, 124, [(10, "Robbery"), (150, "3"), (250, "5")]),
             _line(3, 136, [(10, "Theft")])]                          # a label of its own
    assert _rows(lines) == [[0, 1], [2], [3]]


def test_label_completed_by_its_figures_on_the_next_line():
    lines = [_line(0, 88, [(10, "Offence"), (150, "2015/16"), (250, "2016/17")]),
             _line(1, 100, [(10, "Serious sexual offences -")]),       # ends mid-phrase
             _line(2, 112, [(10, "other"), (150, "371"), (250, "585")]),
             _line(3, 124, [(10, "Robbery"), (150, "3"), (250, "5")])]
    assert _rows(lines) == [[0], [1, 2], [3]]


def test_bullet_stays_with_its_text():
    line = Line([TWord("•", 10, 0, 14, 10, 10), TWord("Within", 40, 0, 70, 10, 10),
                 TWord("person", 73, 0, 103, 10, 10)])
    [seg] = split_segments([line])
    assert isinstance(seg, Segment) and seg.text == "• Within person"


# --------------------------------------------------------------------------- the CLI
def _read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_cli_writes_one_csv_per_table(tmp_path, capsys):
    assert main(["tables", str(REPORT), "--page", "3", "--area", ",".join(map(str, OFFENCES)),
                 "--out", str(tmp_path)]) == 0
    out = tmp_path / f"{REPORT.stem}_p3_t1.csv"
    assert str(out) in capsys.readouterr().out
    rows = _read(out)
    assert rows[0][0] == "Offence Type" and rows[2] == ["Total crime*", "27,261", "30,883", "10.7%"]
    assert len(rows) == 25

    assert main(["tables", str(LEAFLET), "--page", "1", "--out", str(tmp_path / "found")]) == 0
    written = sorted(p.name for p in (tmp_path / "found").glob("*.csv"))
    assert written == [f"{LEAFLET.stem}_p1_t1.csv", f"{LEAFLET.stem}_p1_t2.csv"]
    assert _read(tmp_path / "found" / written[0])[1] == ["All crime", "14", "11"]


def test_cli_rejects_a_bad_area(tmp_path):
    with pytest.raises(SystemExit):
        main(["tables", str(REPORT), "--page", "3", "--area", "1,2,3", "--out", str(tmp_path)])


def test_cli_tables_does_not_import_prefect(tmp_path):
    code = ("import sys; from flows.cli import main; "
            f"rc = main(['tables', {str(REPORT)!r}, '--page', '3', '--area', '105,179,530,490', "
            f"'--out', {str(tmp_path)!r}]); "
            "assert 'prefect' not in sys.modules, 'prefect was imported'; sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


ICDAR = Path(__file__).resolve().parent / "fixtures" / "icdar2013"


def test_unruled_tables_with_two_level_headers_are_found_whole():
    grids = read_grid(str(ICDAR / "us-025.pdf"), 3)     # no area: the finder's regions
    assert len(grids) == 3                              # not twelve column blocks
    boxes = sorted((g.bbox for g in grids), key=lambda b: b[1])
    for g in grids:
        assert g.bbox[0] < 40 and g.bbox[2] > 560        # each spans the page's width
        assert g.n_cols == 13
    for upper, lower in zip(boxes, boxes[1:]):
        assert upper[3] <= lower[1]                      # regions never overlap: text is read once


def test_ruled_grid_with_body_rows_in_one_cell_is_read_row_by_row():
    (grid,) = read_grid(str(ICDAR / "us-033.pdf"), 1)
    assert (grid.n_rows, grid.n_cols) == (15, 10)
    assert grid.rows[-1][0] == "All"


def test_cli_debug_draws_the_regions_found(tmp_path, capsys):
    from PIL import Image

    from extractors.tables.debug import REGION, column_bounds

    pdf = ICDAR / "us-025.pdf"
    assert main(["tables", str(pdf), "--page", "3", "--out", str(tmp_path), "--debug"]) == 0
    png = tmp_path / "us-025_p3_debug.png"
    assert str(png) in capsys.readouterr().out
    img = Image.open(png).convert("RGB")
    scale = img.width / 612                           # a US Letter page drawn at 100 dpi
    # each region's top edge is drawn in the region colour
    for g in read_grid(str(pdf), 3):
        x = int((g.bbox[0] + g.bbox[2]) / 2 * scale)
        ys = range(int(g.bbox[1] * scale) - 2, int(g.bbox[1] * scale) + 3)
        assert any(img.getpixel((x, y)) == REGION for y in ys)
        assert len(column_bounds(g)) == g.n_cols - 1   # a boundary between each pair of columns


def test_table_beside_a_text_column_leaves_the_column_out():
    (grid,) = read_grid(str(ICDAR / "us-025.pdf"), 4)
    assert grid.bbox[2] < 300                            # the text column starts at x 320
    assert grid.bbox[1] < 110                            # the spanning header is in
    assert grid.rows[0][:2] == ["State/Area", "Coronary heart disease"]
    assert grid.rows[-1][:3] == ["Utah", "1,462", "77.5"]


def test_header_printed_again_starts_a_second_table():
    upper, lower = sorted(read_grid(str(ICDAR / "us-034.pdf"), 2), key=lambda g: g.bbox[1])
    assert upper.bbox[3] < lower.bbox[1]                 # two regions, not overlapping
    assert upper.rows[-1][:2] == ["0.01", "800"] and lower.rows[-1][:2] == ["0.01", "1,360"]
    assert "Proportion" in " ".join(lower.rows[1]) and "1.7" in lower.rows[1]


def test_ruled_table_with_a_doubled_column_rule_is_read_in_two_columns():
    (grid,) = read_grid(str(ICDAR / "us-011a.pdf"), 3)
    assert grid.n_cols == 2
    assert grid.rows[0] == ["Program", "Budget"] and grid.rows[-1] == ["Total", "$34M"]


def test_entries_set_apart_by_blank_lines_in_one_ruled_cell_are_rows():
    (grid,) = read_grid(str(ICDAR / "us-032.pdf"), 1)
    assert (grid.n_rows, grid.n_cols) == (7, 3)
    assert [r[0] for r in grid.rows] == ["Source", "Stationary:", "Major", "Area", "Mobile:", "On-road", "Non-road"]


def test_caption_wrapped_onto_a_second_line_is_not_a_header():
    (grid,) = read_grid(str(ICDAR / "us-018.pdf"), 3)
    assert grid.bbox[1] > 60                             # the caption's second line ends at 57
    assert grid.rows[0][0] == "Region and state" and grid.n_cols == 5


def test_group_rows_and_a_stub_of_figures_stay_inside_one_table():
    """Bands under group rows ("Male", "Female"), each row keyed by a figure (a
    concentration), under a six-line header: one table, header included, notes left out."""
    (grid,) = read_grid(str(ICDAR / "us-037.pdf"), 1)
    stub = [r[0] for r in grid.rows]
    assert stub[0].startswith("Concentration") and "Male" in stub and "Female" in stub
    assert stub[-1] == "4,000" and stub.count("4,000") == 2          # both bands, no footnote rows
    assert grid.n_cols == 13
