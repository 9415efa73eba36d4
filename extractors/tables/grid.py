"""Table structure: the grid of cell texts inside one table region of a page.

    read_region(layout, area) -> Grid            one region of a page already read
    read_grid(pdf_path, page, area) -> list[Grid]

Plain Python, no Prefect. `area` is (x0, top, x1, bottom) in pdfplumber's top-left
coordinates; None reads every table `extractors.find_tables` finds on the page. The
page is read once (pdf/layout.py): its characters, lines and rectangles are those
pdfplumber gives, so the pipeline and `indicators tables` read the same grid.

How a region is read (each step in its own module):
  grid_text     characters -> lines -> words -> segments (word vs cell gaps)
  grid_rules    ruling lines near the region, including visible edges of shaded cells
  grid_columns  columns: gutters voted by the lines, vertical rules; spanning cells
  grid_rows     lines -> rows: wrapped header text and multi-line cells are merged
The text of a cell is its lines joined with "\n", as printed; a cell spanning several
rows or columns is written once, at its top-left position.

Measured on ICDAR 2013 (156 tables, region given): benchmarks/icdar2013.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from extractors.tables.grid_columns import find_columns
from extractors.tables.grid_rows import group_rows
from extractors.tables.grid_rules import Rule, find_rules
from extractors.tables.grid_text import dedupe, read_lines, split_segments
from extractors.pdf.layout import PageLayout
from extractors.types import BBox, union_bbox

TEXT_MARGIN = 2.0    # pt: a word belongs to the area if its centre is this close to it
RULE_MARGIN = 12.0   # pt: a table's frame and rules may lie this far outside its text region


@dataclass
class Grid:
    rows: list[list[str]]                       # cell texts, row by row (spanning cell: top-left)
    bboxes: list[list[Optional[BBox]]]          # box of each cell's text (None: empty cell)
    method: str                                 # grid:text, or grid:text+rules when rules were near
    bbox: BBox = (0.0, 0.0, 0.0, 0.0)           # the region read
    page: int = 0
    # (last row, last column) each cell covers: a spanning header or a label centred on
    # a group of rows covers more than its own position (None: empty cell)
    ends: list[list[Optional[tuple[int, int]]]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0


def _chars_in(chars: list[dict], area: BBox, margin: float = TEXT_MARGIN) -> list[dict]:
    x0, top, x1, bottom = area
    out = []
    for c in chars:
        if not c.get("upright", True) or not c["text"]:
            continue
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if x0 - margin <= cx <= x1 + margin and top - margin <= cy <= bottom + margin:
            out.append(c)
    return out


def layout_chars(lay: PageLayout) -> list[dict]:
    """The page's characters; a page read with OCR has words only, so each word's box is
    shared out over its characters."""
    if lay.chars or not lay.words:
        return lay.chars
    out = []
    for w in lay.words:
        xs = w.char_x if len(w.char_x) == len(w.text) else [
            (w.x0 + (w.x1 - w.x0) * k / len(w.text), w.x0 + (w.x1 - w.x0) * (k + 1) / len(w.text))
            for k in range(len(w.text))]
        out += [{"text": ch, "x0": a, "x1": b, "top": w.top, "bottom": w.bottom, "size": w.size,
                 "upright": True, "fontname": "Bold" if w.bold else ""} for ch, (a, b) in zip(w.text, xs)]
    return out


def layout_region(chars: list[dict], h_rules: list[Rule] = (), v_rules: list[Rule] = ()):
    """Lines, segments (with columns) and the number of columns of one region."""
    lines = read_lines(chars)
    if not lines:
        return [], [], 0
    segs, n_cols = find_columns(split_segments(lines), lines, list(v_rules), list(h_rules))
    return lines, segs, n_cols


def grid_from_chars(chars: list[dict], area: BBox, page_no: int = 0,
                    h_rules: list[Rule] = (), v_rules: list[Rule] = ()) -> Optional[Grid]:
    lines, segs, n_cols = layout_region(chars, h_rules, v_rules)
    if not lines:
        return None
    rows, moved = group_rows(lines, segs, h_rules)     # line indexes per row, cells moved up
    row_of = {li: r for r, lis in enumerate(rows) for li in lis}
    cells: dict[tuple[int, int], list] = {}
    for s in segs:
        cells.setdefault((moved.get((s.line, s.col), row_of[s.line]), s.col), []).append(s)
    texts = [["" for _ in range(n_cols)] for _ in rows]
    boxes: list[list[Optional[BBox]]] = [[None for _ in range(n_cols)] for _ in rows]
    ends: list[list[Optional[tuple[int, int]]]] = [[None for _ in range(n_cols)] for _ in rows]
    for (r, c), ss in cells.items():
        ss.sort(key=lambda s: (s.line, s.x0))
        by_line: dict[int, list[str]] = {}
        for s in ss:
            by_line.setdefault(s.line, []).append(s.text)
        texts[r][c] = "\n".join(" ".join(parts) for parts in by_line.values())
        boxes[r][c] = union_bbox(w.bbox for s in ss for w in s.words)
        ends[r][c] = (max(row_of[s.line] for s in ss), max(s.col_end for s in ss))
    # drop the columns no cell uses (a gutter between two rules) and the rows whose
    # cells all moved up into a spanning cell
    keep = [j for j in range(n_cols) if any(r[j] for r in texts)]
    rows_kept = [i for i, r in enumerate(texts) if any(r)]

    def last(kept: list[int], first: int, end: int) -> int:
        return max(k for k, j in enumerate(kept) if first <= j <= max(end, first))

    texts = [[texts[i][j] for j in keep] for i in rows_kept]
    boxes = [[boxes[i][j] for j in keep] for i in rows_kept]
    ends = [[None if ends[i][j] is None else (last(rows_kept, i, ends[i][j][0]), last(keep, j, ends[i][j][1]))
             for j in keep] for i in rows_kept]
    method = "grid:text+rules" if (h_rules or v_rules) else "grid:text"
    return Grid(texts, boxes, method, area, page_no, ends)


def read_region(lay: PageLayout, area: BBox) -> Optional[Grid]:
    """The grid of one region of a page; None when no text lies in it."""
    # duplicated glyphs (bold by overprinting) are dropped within the area only
    chars = dedupe(_chars_in(layout_chars(lay), area))
    h_rules, v_rules = find_rules(lay, area, RULE_MARGIN)
    return grid_from_chars(chars, tuple(area), lay.page, h_rules, v_rules)


def read_grid(pdf_path: str, page: int, area: Optional[tuple[float, float, float, float]] = None) -> list[Grid]:
    """Grids of the tables in `area` of 1-based `page` (one grid per region)."""
    from extractors.pdf.document import open_document
    from extractors.pdf.layout import read_layout
    doc = open_document(pdf_path)
    if not 1 <= page <= doc.page_count:
        raise ValueError(f"{pdf_path} has no page {page} (it has {doc.page_count})")
    layouts = read_layout(doc, pages={page})
    if area is not None:
        g = read_region(layouts[0], tuple(area))
        return [g] if g else []
    from extractors.tables.find import find_tables
    tables = sorted(find_tables(doc, layouts), key=lambda t: (t.bbox[1], t.bbox[0]))
    return [grid_of(t) for t in tables]


def grid_of(table) -> Grid:
    """A Table's cells as a Grid (what `indicators tables` writes), spans included."""
    rows = table.grid()
    boxes: list[list[Optional[BBox]]] = [[None] * table.n_cols for _ in range(table.n_rows)]
    ends: list[list[Optional[tuple[int, int]]]] = [[None] * table.n_cols for _ in range(table.n_rows)]
    for c in table.cells:
        boxes[c.row][c.col] = c.text_bbox or c.bbox
        ends[c.row][c.col] = (c.row + c.row_span - 1, c.col + c.col_span - 1)
    return Grid(rows, boxes, table.method, table.bbox, table.page, ends)
