"""The table reader: one region of a page in, one Table (cells with spans and boxes) out.

Strategies behind the one interface, as Camelot's parsers are:
  grid     the structure reader (tables/grid.py): text lines, column gutters voted by
           the lines, ruling lines where there are any, wrapped cells merged, spanning
           headers; measured on ICDAR 2013 (benchmarks/icdar2013.py)
  lattice  Camelot's lattice parser (tables/lattice.py), for a full grid of rulings
  bars     a bar chart's data labels: one label and one figure per row, the figure
           wherever its bar ends
`choose_strategy` decides from evidence on the page, never from the document.
"""
from __future__ import annotations

from typing import Optional

from extractors.pdf.layout import PageLayout, group_lines, inside, split_segments
from extractors.tables.grid import Grid, read_region
from extractors.tables.unruled import CAPTION, Region, is_figure_text
from extractors.types import BBox, Cell, Table, union_bbox

GRID = "table:pdfplumber"        # method names kept from the readers they replaced
BARS = "table:pdfplumber"


def table_from_grid(g: Grid, method: str = GRID, title: str = "", notes: str = "") -> Table:
    """A Table from a grid: each cell at its top-left position with the rows and columns
    it spans; its box is the box of its printed text."""
    cells = []
    for r, row in enumerate(g.rows):
        for c, text in enumerate(row):
            if not text:
                continue
            box = g.bboxes[r][c]
            end_r, end_c = g.ends[r][c] if g.ends and g.ends[r][c] else (r, c)
            cells.append(Cell(r, c, text, box, end_r - r + 1, end_c - c + 1, box))
    bbox = union_bbox([c.bbox for c in cells]) if cells else g.bbox
    return Table(g.page, bbox, method, cells, g.n_rows, g.n_cols, title=title, notes=notes)


def grid_table(lay: PageLayout, region: Region) -> Optional[Table]:
    g = read_region(lay, region.bbox)
    if g is None or g.n_rows < 2:
        return None
    t = table_from_grid(g, GRID, region.title, region.notes)
    t.bbox = union_bbox([t.bbox, *region.extra])
    t.heading = region.heading
    return t


def _aligned(xs: list[float], tol: float = 3.0) -> bool:
    return max(xs) - min(xs) <= tol


def is_bar_chart(lay: PageLayout, region: Region) -> bool:
    """One figure per row, the figures neither left- nor right-aligned: data labels at
    the ends of bars of different lengths, not a column of a table."""
    if not region.one_figure_rows:
        return False
    figs = [w for w in lay.words if inside(w, region.bbox) and is_figure_text(w.text)]
    if len(figs) < 3:
        return False
    return not (_aligned([w.x0 for w in figs]) or _aligned([w.x1 for w in figs])
                or _aligned([(w.x0 + w.x1) / 2 for w in figs]))


def bars_table(lay: PageLayout, region: Region) -> Table:
    """Label | figure rows of a bar chart, read line by line."""
    from extractors.pdf.layout import group_lines, split_segments
    words = [w for w in lay.words if inside(w, region.bbox)]
    cells: list[Cell] = []
    r = 0
    for line in group_lines(words):
        segs = split_segments(line)
        figs = [s for s in segs if is_figure_text(s.text)]
        labels = [s for s in segs if not is_figure_text(s.text)]
        if len(figs) != 1 or not labels:
            continue
        lab = [w for s in labels for w in s.words]
        cells.append(Cell(r, 0, " ".join(w.text for w in lab), union_bbox(w.bbox for w in lab)))
        fbox = union_bbox(w.bbox for w in figs[0].words)
        cells.append(Cell(r, 1, figs[0].text, fbox, text_bbox=fbox))
        r += 1
    bbox = union_bbox([c.bbox for c in cells] + region.extra) if cells else region.bbox
    return Table(lay.page, bbox, BARS, cells, r, 2, header_rows=0, title=region.title, notes=region.notes,
                 heading=region.heading)


def read_table(lay: PageLayout, region: Region) -> Optional[Table]:
    """The table in `region`, read with the strategy the page's evidence calls for."""
    if is_bar_chart(lay, region):
        return bars_table(lay, region)
    return grid_table(lay, region)


def region_of(lay: PageLayout, area: BBox) -> Region:
    return Region(lay.page, tuple(area))


def _columns_hit(segs, edges: list[float]) -> int:
    """How many of a Camelot grid's columns (between `edges`) a line's segments fall in."""
    cols = set()
    for s in segs:
        mid = (s.x0 + s.x1) / 2
        k = next((i for i, (a, b) in enumerate(zip(edges, edges[1:])) if a <= mid < b), None)
        if k is not None:
            cols.add(k)
    return len(cols)


def lattice_outgrown(lay: PageLayout, table: Table, words, others: list[BBox] = ()) -> BBox | None:
    """Evidence that a lattice grid misses part of its table: lines just above or below it
    (partly ruled header rows, a last row without its bottom rule) with text in two or
    more of its columns. Returns the region the whole table covers, or None. `others` are
    the page's other ruled tables."""
    edges = sorted({round(c.bbox[0], 1) for c in table.cells} | {round(c.bbox[2], 1) for c in table.cells})
    if len(edges) < 3:
        return None
    x0, top, x1, bottom = table.bbox
    headed = not any(is_figure_text(c.text) for c in table.cells if c.row == 0)   # its first row has no figures
    near = [w for w in words if x0 - 2 <= (w.x0 + w.x1) / 2 <= x1 + 2 and not inside(w, table.bbox)]
    box = list(table.bbox)
    for direction in (-1, 1):
        edge = top if direction < 0 else bottom
        lines = sorted(group_lines([w for w in near if (w.bottom <= edge + 1 if direction < 0 else w.top >= edge - 1)]),
                       key=lambda ln: (-max(w.bottom for w in ln) if direction < 0 else min(w.top for w in ln)))
        skipped = []                      # a group row ("Victim-based crime") on the way
        for line in lines[:4]:
            lt, lb = min(w.top for w in line), max(w.bottom for w in line)
            gap = (edge - lb) if direction < 0 else (lt - edge)
            segs = split_segments(line)
            if gap > 1.5 * (lb - lt) or CAPTION.match(" ".join(g.text for g in segs)):
                break          # a caption is the title above the table, or opens the next
            # a header line above has text in two or more of the grid's columns; a row left
            # below its last rule has figures there too
            figures = any(is_figure_text(g.text) for g in segs)
            if skipped and figures and headed and any(inside(w, b) for w in line for b in others):
                break          # a table with a header of its own, a heading, and another ruled table
            row = _columns_hit(segs, edges) >= 2 and (direction < 0 or figures)
            if not row:
                if skipped or len(segs) != 1 or figures:
                    break
                skipped.append(line)
                edge = lt if direction < 0 else lb
                continue
            box = list(union_bbox([box] + [w.bbox for ln in skipped + [line] for w in ln]))
            skipped = []
            edge = lt if direction < 0 else lb
    return tuple(box) if tuple(box) != tuple(table.bbox) else None
