"""Find a page's tables and read each with the table reader (tables/read.py).

Ruled tables (a grid of ruling lines) are found by Camelot's lattice parser, which
also reads them (tables/lattice.py). Tables without a full grid are found from where
the figures sit (tables/unruled.py) and read by the grid reader; column charts whose
labels are in the text layer from their category row (tables/charts.py).
"""
from __future__ import annotations

import statistics

from extractors.pdf.layout import PageLayout, group_lines, inside
from extractors.tables.charts import find_column_charts
from extractors.tables.interpret import is_figure_cell
from extractors.tables.lattice import lattice_tables
from extractors.tables.read import GRID, grid_table, lattice_outgrown, read_table
from extractors.tables.unruled import Region, caption_above, find_unruled_regions, heading_above, notes_below
from extractors.types import Document, Table, union_bbox


def holds_data(table: Table) -> bool:
    """A grid of text (a form, a layout table around prose) is read as text instead."""
    return sum(is_figure_cell(c.text) for c in table.cells) >= 2


def _without_nested(tables: list[Table]) -> list[Table]:
    """Drop a table lying within a larger one of its page (a second region found over
    part of a table already read: its figure columns under a spanning header)."""
    def area(b):
        return max(b[2] - b[0], 0) * max(b[3] - b[1], 0)

    def inner(a, b):
        x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
        return area((x0, y0, x1, y1)) if x1 > x0 and y1 > y0 else 0.0

    kept: list[Table] = []
    for t in sorted(tables, key=lambda t: -area(t.bbox)):
        if not any(k.page == t.page and inner(k.bbox, t.bbox) >= 0.8 * area(t.bbox) for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: tables.index(t))


def _stacked_rows(table: Table) -> bool:
    """Evidence that a ruled grid holds unruled rows or columns: a cell spanning columns
    with two or more figures on a line, or a cell row where two or more figure cells each
    stack the same number (two or more) of lines of figures (a table ruled only around its
    header and body: every body row in one cell)."""
    rows: dict[int, list[int]] = {}
    for c in table.cells:
        if c.col_span >= 2 and any(sum(is_figure_cell(tok) for tok in line.split()) >= 2
                                   for line in c.text.split("\n")):
            return True          # columns without rules: one cell spans figures of several

        figures = [x for x in c.text.split("\n") if x.split() and all(is_figure_cell(t) for t in x.split())]
        if len(figures) >= 2 and 2 * len(figures) >= len([x for x in c.text.split("\n") if x.strip()]):
            rows.setdefault(c.row, []).append(len(figures))
    return any(len(n) >= 2 and max(set(n), key=n.count) >= 2 and n.count(max(set(n), key=n.count)) >= 2
               for n in rows.values())


def _merge_overlapping(tables: list[Table], by_page: dict[int, PageLayout]) -> list[Table]:
    """Two ruled pieces of one table (shaded group bands Camelot reads as grids of their
    own) each grown to the whole table overlap: read the union once."""
    def overlap(a, b):
        x = min(a[2], b[2]) - max(a[0], b[0])
        y = min(a[3], b[3]) - max(a[1], b[1])
        return x > 0.5 * min(a[2] - a[0], b[2] - b[0]) and y > 0

    tables = list(tables)
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(tables):
            for j in range(i + 1, len(tables)):
                b = tables[j]
                if a.page != b.page or GRID not in (a.method, b.method) or not overlap(a.bbox, b.bbox):
                    continue
                box = union_bbox([a.bbox, b.bbox])
                upper, lower = sorted((a, b), key=lambda t: t.bbox[1])
                whole = grid_table(by_page[a.page], Region(a.page, box, upper.title, lower.notes,
                                                           heading=upper.heading))
                if whole is None:
                    continue
                whole.holds_data = holds_data(whole)
                tables[i] = whole
                del tables[j]
                merged = True
                break
            if merged:
                break
    return tables


def find_tables(doc: Document, layouts: list[PageLayout]) -> list[Table]:
    """Tables, each marked whether its cells hold figures; a ruled box around text is
    kept (marked holds_data=False) so its cells are read as text with their row label."""
    tables = lattice_tables(doc, layouts)
    by_page = {lay.page: lay for lay in layouts}
    body_words = {lay.page: [w for k, w in enumerate(lay.words) if k not in lay.furniture]
                  for lay in layouts if any(t.page == lay.page for t in tables)}
    for i, t in enumerate(tables):
        # the strategy by evidence: a lattice grid that leaves header lines or rows of
        # its table outside (partly ruled) is read whole by the grid reader instead
        lay = by_page[t.page]
        grown = lattice_outgrown(lay, t, body_words[t.page])
        if grown is None and _stacked_rows(t):
            grown = t.bbox
        if grown is not None:
            whole = grid_table(lay, Region(t.page, grown))
            if whole is not None:
                tables[i] = whole
    tables = _merge_overlapping(tables, by_page)
    for t in tables:
        t.holds_data = holds_data(t)
    for lay in layouts:
        taken = [t.bbox for t in tables if t.page == lay.page]
        words = [w for i, w in enumerate(lay.words)
                 if i not in lay.furniture and not any(inside(w, b) for b in taken)]
        for t in tables:
            if t.page == lay.page and not t.title:
                t.title = caption_above(lay, t.bbox, words)
            if t.page == lay.page and not t.notes:
                t.notes = notes_below(t.bbox, words)
            if t.page == lay.page:
                t.heading = heading_above(group_lines([w for w in words if w.bottom <= t.bbox[1] + 0.5]),
                                          t.bbox[1], t.bbox[0], t.bbox[2],
                                          statistics.median([w.size for w in words] or [0.0]))
        found = [t for t in (read_table(lay, r) for r in find_unruled_regions(lay, words)) if t]
        for t in found:
            t.holds_data = holds_data(t)
        words = [w for w in words if not any(inside(w, t.bbox) for t in found)]
        tables += found + find_column_charts(lay, words)
    return _without_nested(tables)
