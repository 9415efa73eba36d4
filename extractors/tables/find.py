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
from extractors.tables.unruled import NUMBERED_CAPTION, Region, caption_above, find_unruled_regions, heading_above, notes_below
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
        lines = [x.split() for x in c.text.split("\n") if x.split()]
        if c.col_span >= 2 and any(sum(is_figure_cell(tok) for tok in line) >= 2 for line in lines):
            return True          # columns without rules: one cell spans figures of several
        figures = sum(all(is_figure_cell(tok) for tok in line) for line in lines)
        if figures >= 2 and 2 * figures >= len(lines):
            rows.setdefault(c.row, []).append(figures)
    # two cells of one row stacking the same number of figure lines
    return any(len(n) > len(set(n)) for n in rows.values())


def _rules_along(rules, y: float, x0: float, x1: float) -> tuple[float, float]:
    """How far the rules on line `y` run on from [x0, x1], each joining the next within 2pt."""
    row = sorted((r for r in rules if abs(r[1] - y) <= 1.5), key=lambda r: r[0])
    for r in row:
        if r[0] <= x1 + 2 and r[2] >= x0 - 2:
            x0, x1 = min(x0, r[0]), max(x1, r[2])
    for r in reversed(row):
        if r[0] <= x1 + 2 and r[2] >= x0 - 2:
            x0, x1 = min(x0, r[0]), max(x1, r[2])
    return x0, x1


def _rows_ruled_across(lay: PageLayout, t: Table) -> Table | None:
    """A ruled grid of one column is a table when its rules run on across text in other
    columns (rows ruled, column rules missing or broken), or when the text inside it
    stands in two or more columns: read by the grid reader over the width its top and
    bottom rules span. A box around a paragraph stays one column and is dropped."""
    x0, top, x1, bottom = t.bbox
    a0, a1 = _rules_along(lay.h_rules, top, x0, x1)
    b0, b1 = _rules_along(lay.h_rules, bottom, x0, x1)
    whole = grid_table(lay, Region(t.page, (min(a0, b0), top, max(a1, b1), bottom)))
    return whole if whole is not None and whole.n_cols >= 2 else None


def _same_box(a, b, tol: float = 3.0) -> bool:
    return all(abs(p - q) <= tol for p, q in zip(a, b))


def _stacked_blocks(lay: PageLayout, table: Table) -> bool:
    """Evidence that a ruled grid's rows hold unruled rows of text: two or more cells of one
    grid row each hold blocks of lines set apart by a blank line, and a block after the
    first starts on the same line in both (rows ruled only every few entries)."""
    rows: dict[int, list[set[int]]] = {}
    near = [w for w in lay.words if inside(w, table.bbox, pad=1)]     # each cell tests only these
    for c in table.cells:
        if c.text.count("\n") < 1:
            continue
        lines = group_lines([w for w in near if inside(w, c.bbox, pad=0.5)])
        tops = [min(w.top for w in ln) for ln in lines]
        bottoms = [max(w.bottom for w in ln) for ln in lines]
        starts = {round(t) for k, t in enumerate(tops)
                  if k and t - bottoms[k - 1] > 0.8 * (bottoms[k - 1] - tops[k - 1])}
        if starts:
            rows.setdefault(c.row, []).append(starts)
    return any(any(abs(a - b) <= 2 for i, s in enumerate(sets) for t in sets[i + 1:] for a in s for b in t)
               for sets in rows.values())


def _opens_with_group_row(t: Table) -> bool:
    """The table's first row is one label in the stub and nothing else ("Projected"), and
    figures follow on the next row: no header of its own (a heading over another table
    has one)."""
    first = [c for c in t.cells if c.row == 0 and c.text.strip()]
    return len(first) == 1 and first[0].col == 0 and not is_figure_cell(first[0].text) \
        and any(c.row == 1 and is_figure_cell(c.text) for c in t.cells)


def _pieces_of_one(a: Table, b: Table, size: float) -> bool:
    """Two regions found over one table: bands with the same columns one under the other,
    boxes crossing over most of their height (text would be read twice), or blocks side
    by side, ending on the same line, a column gap apart (column blocks of an unruled
    table cut at its two-level header). Two numbered captions mean two tables."""
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a.bbox, b.bbox
    two_captions = bool(NUMBERED_CAPTION.match(a.title) and NUMBERED_CAPTION.match(b.title)) and a.title != b.title
    if two_captions:
        return False
    # bands of one long table cut at its full-width sub-header rows: the same columns,
    # touching or crossing, the lower without a caption of its own (two stacked tables
    # have a caption or a gap between them)
    upper, lower = sorted((a, b), key=lambda t: t.bbox[1])
    same_columns, vgap = abs(ax0 - bx0) <= 3 and abs(ax1 - bx1) <= 3, max(by0 - ay1, ay0 - by1)
    within = upper.bbox[0] - 3 <= lower.bbox[0] and lower.bbox[2] <= upper.bbox[2] + 3
    if not lower.title and (same_columns and vgap <= 0.5 * size
                            or within and vgap <= 3 * size and _opens_with_group_row(lower)):
        return True
    # most of the shorter one's height shared: two stacked tables touch at most
    if min(ay1, by1) - max(ay0, by0) < 0.5 * min(ay1 - ay0, by1 - by0):
        return False
    gap = max(bx0 - ax1, ax0 - bx1)
    return gap < 0 or gap <= 2 * size and abs(ay1 - by1) <= 1.5 * size


def _ruled_and_its_rest(a: Table, b: Table, size: float, h_rules) -> bool:
    """A ruled grid `a` and an unruled region `b` beside it, on the same top and bottom
    lines, either touching or under a rule on the grid's top or bottom line: one table
    whose rulings break between column groups (a double rule, a missing crossing), so the
    lattice parser found only part of it."""
    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a.bbox, b.bbox
    if abs(ay0 - by0) > 1.5 * size or abs(ay1 - by1) > 1.5 * size:
        return False
    gap = max(bx0 - ax1, ax0 - bx1)
    ruled_over = any(min(abs(r[1] - ay0), abs(r[1] - ay1)) <= 2
                     and min(r[2], bx1) - max(r[0], bx0) >= 0.3 * (bx1 - bx0) for r in h_rules)
    return gap <= size or gap <= 4 * size and ruled_over


def _whole(lay: PageLayout, a: Table, b: Table) -> Table | None:
    """Two regions of one table read once, over their union."""
    upper, lower = sorted((a, b), key=lambda t: t.bbox[1])
    # the grid is read over the cells of both; their notes stay outside it, in its box
    cells = union_bbox([c.bbox for t in (a, b) for c in t.cells] or [a.bbox, b.bbox])
    return grid_table(lay, Region(a.page, cells, upper.title, lower.notes, extra=[a.bbox, b.bbox],
                                  heading=upper.heading))


def _merge_pairs(tables: list[Table], joinable, whole_of) -> list[Table]:
    """Replace each pair `joinable` accepts by `whole_of(a, b)` (None keeps both) until
    no pair is left."""
    tables = list(tables)
    merged = True
    while merged:
        merged = False
        for i, j in ((i, j) for i in range(len(tables)) for j in range(i + 1, len(tables))):
            whole = whole_of(tables[i], tables[j]) if joinable(tables[i], tables[j]) else None
            if whole is None:
                continue
            whole.holds_data = holds_data(whole)
            tables[i] = whole
            del tables[j]
            merged = True
            break
    return tables


def _join_pieces(found: list[Table], lay: PageLayout, size: float) -> list[Table]:
    """Unruled regions that are pieces of one table, read once as the whole (`size`: the
    page's body type size)."""
    return _merge_pairs(found, lambda a, b: GRID == a.method == b.method and _pieces_of_one(a, b, size),
                        lambda a, b: _whole(lay, a, b))


def _join_ruled_rest(tables: list[Table], found: list[Table], lay: PageLayout, size: float
                     ) -> tuple[list[Table], list[Table]]:
    """A page's ruled tables each read whole with the unruled region found beside it
    (`_ruled_and_its_rest`); the union takes the ruled table's place."""
    for i, t in enumerate(tables):
        if t.page != lay.page:
            continue
        rest = next((f for f in found if _ruled_and_its_rest(t, f, size, lay.h_rules)), None)
        whole = _whole(lay, t, rest) if rest is not None else None
        if whole is not None:
            whole.holds_data = holds_data(whole)
            tables[i] = whole
            found = [f for f in found if f is not rest]
    return tables, found


def _merge_overlapping(tables: list[Table], by_page: dict[int, PageLayout]) -> list[Table]:
    """Two ruled pieces of one table (shaded group bands Camelot reads as grids of their
    own) each grown to the whole table overlap: read the union once."""
    def overlap(a, b):
        x = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
        y = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
        return a.page == b.page and GRID in (a.method, b.method) \
            and x > 0.5 * min(a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0]) and y > 0

    return _merge_pairs(tables, overlap, lambda a, b: _whole(by_page[a.page], a, b))


def find_tables(doc: Document, layouts: list[PageLayout]) -> list[Table]:
    """Tables, each marked whether its cells hold figures; a ruled box around text is
    kept (marked holds_data=False) so its cells are read as text with their row label."""
    by_page = {lay.page: lay for lay in layouts}
    tables = []
    for t in lattice_tables(doc, layouts):
        if t.n_cols >= 2:
            tables.append(t)
            continue
        whole = _rows_ruled_across(by_page[t.page], t)
        if whole is not None and not any(o.page == t.page and _same_box(o.bbox, whole.bbox) for o in tables):
            tables.append(whole)
    body_words = {lay.page: [w for k, w in enumerate(lay.words) if k not in lay.furniture]
                  for lay in layouts if any(t.page == lay.page for t in tables)}
    for i, t in enumerate(tables):
        # the strategy by evidence: a lattice grid that leaves header lines or rows of
        # its table outside (partly ruled) is read whole by the grid reader instead
        lay = by_page[t.page]
        grown = lattice_outgrown(lay, t, body_words[t.page], [o.bbox for o in tables if o is not t and o.page == t.page])
        if grown is None and (_stacked_rows(t) or _stacked_blocks(lay, t)):
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
        body_size = statistics.median([w.size for w in words]) if words else 0.0
        for t in tables:
            if t.page == lay.page and not t.title:
                t.title = caption_above(lay, t.bbox, words)
            if t.page == lay.page and not t.notes:
                t.notes = notes_below(t.bbox, words)
            if t.page == lay.page:
                t.heading = heading_above(group_lines([w for w in words if w.bottom <= t.bbox[1] + 0.5]),
                                          t.bbox[1], t.bbox[0], t.bbox[2], body_size)
        size = body_size if words else 10.0
        found = _join_pieces([t for t in (read_table(lay, r) for r in find_unruled_regions(lay, words)) if t],
                             lay, size)
        tables, found = _join_ruled_rest(tables, found, lay, size)
        for t in found:
            t.holds_data = holds_data(t)
        words = [w for w in words if not any(inside(w, t.bbox) for t in found)]
        tables += found + find_column_charts(lay, words)
    return _without_nested(tables)
