"""Table structure: the grid of cell texts inside one table region of a page.

    read_grid(pdf_path, page, area) -> list[Grid]

Plain Python (pdfplumber), no Prefect. `area` is (x0, top, x1, bottom) in pdfplumber's
top-left coordinates; None reads every table `extractors.find_tables` finds on the page.

How a region is read (each step in its own module):
  grid_text     characters -> lines -> words -> segments (word vs cell gaps)
  grid_columns  columns from the projection of segments; spanning headers set aside
  grid_rows     lines -> rows: wrapped header text and multi-line cells are merged
The cell texts of one row are joined line by line with "\n", as printed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pdfplumber

from extractors.grid_columns import find_columns
from extractors.grid_rows import group_rows
from extractors.grid_rules import Rule, find_rules
from extractors.grid_text import read_lines, split_segments
from extractors.types import BBox, union_bbox

TEXT_MARGIN = 2.0    # pt: a word belongs to the area if its centre is this close to it
RULE_MARGIN = 12.0   # pt: a table's frame and rules may lie this far outside its text region


@dataclass
class Grid:
    rows: list[list[str]]                       # cell texts, row by row (spanning cell: top-left)
    bboxes: list[list[Optional[BBox]]]          # box of each cell's text (None: empty cell)
    method: str                                 # how the structure was read
    bbox: BBox = (0.0, 0.0, 0.0, 0.0)           # the region read
    page: int = 0

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _chars_in(page, area: BBox, margin: float = TEXT_MARGIN) -> list[dict]:
    x0, top, x1, bottom = area
    out = []
    for c in page.chars:
        if not c.get("upright", True) or not c["text"]:
            continue
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if x0 - margin <= cx <= x1 + margin and top - margin <= cy <= bottom + margin:
            out.append(c)
    return out


def layout_region(chars: list[dict], h_rules: list[Rule] = (), v_rules: list[Rule] = ()):
    """Lines, segments (with columns) and the number of columns of one region."""
    lines = read_lines(chars)
    if not lines:
        return [], [], 0
    segs, n_cols = find_columns(split_segments(lines), lines, list(v_rules))
    return lines, segs, n_cols


def grid_from_chars(chars: list[dict], area: BBox, page_no: int = 0,
                    h_rules: list[Rule] = (), v_rules: list[Rule] = ()) -> Optional[Grid]:
    lines, segs, n_cols = layout_region(chars, h_rules, v_rules)
    if not lines:
        return None
    rows = group_rows(lines, segs, n_cols, list(h_rules))   # list of lists of line indexes
    row_of = {li: r for r, lis in enumerate(rows) for li in lis}
    cells: dict[tuple[int, int], list] = {}
    for s in segs:
        cells.setdefault((row_of[s.line], s.col), []).append(s)
    texts = [["" for _ in range(n_cols)] for _ in rows]
    boxes: list[list[Optional[BBox]]] = [[None for _ in range(n_cols)] for _ in rows]
    for (r, c), ss in cells.items():
        ss.sort(key=lambda s: (s.line, s.x0))
        by_line: dict[int, list[str]] = {}
        for s in ss:
            by_line.setdefault(s.line, []).append(s.text)
        texts[r][c] = "\n".join(" ".join(parts) for parts in by_line.values())
        boxes[r][c] = union_bbox(w.bbox for s in ss for w in s.words)
    return Grid(texts, boxes, "grid:text", area, page_no)


def read_grid(pdf_path: str, page: int, area: Optional[tuple[float, float, float, float]] = None) -> list[Grid]:
    """Grids of the tables in `area` of 1-based `page` (one grid per region)."""
    if area is None:
        return _read_page(pdf_path, page)
    with pdfplumber.open(pdf_path) as pdf:
        pg = pdf.pages[page - 1]
        chars = _chars_in(pg.dedupe_chars(), area)
        h_rules, v_rules = find_rules(pg, area, RULE_MARGIN)
        g = grid_from_chars(chars, tuple(area), page, h_rules, v_rules)
    return [g] if g else []


def _read_page(pdf_path: str, page: int) -> list[Grid]:
    """No region given: the regions `find_tables` reports on that page, each read alone."""
    from extractors.document import open_document
    from extractors.layout import read_layout
    from extractors.tables import find_tables
    doc = open_document(pdf_path)
    layouts = [lay for lay in read_layout(doc) if lay.page == page]
    out = []
    for t in sorted(find_tables(doc, layouts), key=lambda t: (t.bbox[1], t.bbox[0])):
        out += read_grid(pdf_path, page, t.bbox)
    return out
