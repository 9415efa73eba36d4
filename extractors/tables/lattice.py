"""Ruled tables through Camelot's lattice parser (vector engine: it reads the PDF's own
strokes, no rendering): one strategy of the table reader, used where a page has a grid
of ruling lines. Its grid gives cell boxes and merged cells (a missing inner border);
the text in each cell is re-read from the page's words so every figure keeps an exact
box.
"""
from __future__ import annotations

import inspect
import logging
import warnings

from extractors.limits import note
from extractors.pdf.layout import PageLayout, group_lines, inside
from extractors.types import Cell, Document, Table, union_bbox

log = logging.getLogger(__name__)

# pdfminer's reading-order grouping of text boxes (boxes_flow) is ~40% of Camelot's time
# and changes neither the text lines nor the grid: only the order of boxes, and we
# re-read each cell's text from our own words.
NO_BOX_ORDERING = {"boxes_flow": None}


def _cell_text(words) -> str:
    return "\n".join(" ".join(w.text for w in line) for line in group_lines(words))


def _merged_regions(ct) -> list[tuple[int, int, int, int]]:
    """(row, col, row_span, col_span) of each merged cell of a Camelot table."""
    n_r, n_c = len(ct.cells), len(ct.cells[0]) if ct.cells else 0
    parent = {(r, c): (r, c) for r in range(n_r) for c in range(n_c)}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in range(n_r):
        for c in range(n_c):
            cell = ct.cells[r][c]
            if c + 1 < n_c and not cell.right and not ct.cells[r][c + 1].left:
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < n_r and not cell.bottom and not ct.cells[r + 1][c].top:
                parent[find((r + 1, c))] = find((r, c))
    groups: dict = {}
    for key in parent:
        groups.setdefault(find(key), []).append(key)
    out = []
    for members in groups.values():
        rows = [m[0] for m in members]
        cols = [m[1] for m in members]
        rs, cs = max(rows) - min(rows) + 1, max(cols) - min(cols) + 1
        if len(members) == rs * cs:
            out.append((min(rows), min(cols), rs, cs))
            continue
        # not a rectangle (borders Camelot missed join cells into an L): each row's
        # run of the group is a cell of its own
        for r in sorted(set(rows)):
            run = sorted(c for rr, c in members if rr == r)
            start = run[0]
            for a, b in zip(run, run[1:] + [None]):
                if b != a + 1:
                    out.append((r, start, 1, a - start + 1))
                    start = b
    return sorted(out)


def _from_camelot(ct, lay: PageLayout) -> Table:
    H = lay.height
    rows, cols = ct.rows, ct.cols
    xs, ys = [x for col in cols for x in col], [H - y for row in rows for y in row]
    grid = (min(xs), min(ys), max(xs), max(ys))
    near = [w for w in lay.words if inside(w, grid, pad=0.5)]   # each cell tests only these
    cells = []
    for r, c, rs, cs in _merged_regions(ct):
        box = (cols[c][0], H - rows[r][0], cols[c + cs - 1][1], H - rows[r + rs - 1][1])
        words = [w for w in near if inside(w, box, pad=0.5)]
        text_box = union_bbox(w.bbox for w in words) if words else None
        cells.append(Cell(r, c, _cell_text(words), box, rs, cs, text_box))
    bbox = union_bbox([c.bbox for c in cells])
    return Table(lay.page, bbox, "table:camelot-lattice", cells, len(rows), len(cols))


def lattice_tables(doc: Document, layouts: list[PageLayout]) -> list[Table]:
    """The ruled tables Camelot finds on the pages with ruling lines: grids of two or more
    rows (a grid of one column may be a table whose column rules are missing)."""
    # Camelot reads a page in its unturned frame: a rotated page's tables come from the
    # word geometry instead, in the frame its words were turned to
    ruled = [lay for lay in layouts if lay.has_rulings and not lay.rotation]
    if not ruled:
        return []
    by_page = {lay.page: lay for lay in ruled}
    # the layout's own parse of each page, handed to Camelot and then let go
    parsed = {lay.page: lay.parsed for lay in ruled if lay.parsed is not None}
    for lay in ruled:
        lay.parsed = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = _read_lattice(doc.source_path, sorted(by_page), parsed)
    except Exception as exc:  # a parser failure costs the ruled tables, not the document
        log.warning("%s: Camelot lattice failed (%s: %s)", doc.name, type(exc).__name__, exc)
        note(f"ruled tables on page(s) {', '.join(map(str, by_page))} read without their "
             f"rules: Camelot failed ({type(exc).__name__}: {str(exc).split(':')[0]})")
        return []
    tables = []
    for ct in found:
        if not ct.cells or len(ct.cells) < 2:
            continue   # a box around a paragraph is not a table
        tables.append(_from_camelot(ct, by_page[int(ct.page)]))
    return tables


def _read_lattice(path: str, pages: list[int], parsed: dict):
    """Camelot's lattice tables (vector engine) on `pages`. A page in `parsed` (page
    number: PLAYA's layout objects, which Camelot 2 parses with too) is not parsed again:
    Camelot's text-line analysis runs on those objects."""
    import camelot  # heavy import, only when a page has ruling lines
    from camelot.handlers import PDFHandler
    from camelot.utils import get_image_char_and_text_objects, get_page_layout, get_rotation
    from playa.miner import LAParams

    # the text-line grouping Camelot asks for: get_page_layout's defaults, then ours
    grouping = {name: p.default for name, p in inspect.signature(get_page_layout).parameters.items()
                if p.default is not inspect.Parameter.empty}

    class ParsedOnce(PDFHandler):
        def _get_layout(self, page, **layout_kwargs):
            layout = parsed.pop(page.page_idx + 1, None)
            if layout is None:
                return super()._get_layout(page, **layout_kwargs)
            layout.analyze(LAParams(**{**grouping, **layout_kwargs}))
            images, chars, horizontal, vertical = get_image_char_and_text_objects(layout)
            rotation = get_rotation(chars, horizontal, vertical)
            if rotation:      # Camelot turns the page and parses it again itself
                return super()._get_layout(page, **layout_kwargs)
            return layout, (layout.bbox[2], layout.bbox[3]), images, chars, horizontal, vertical, rotation

    if not hasattr(PDFHandler, "_get_layout"):   # another Camelot: its own way, parsing again
        return camelot.read_pdf(path, pages=",".join(map(str, pages)), flavor="lattice", engine="vector",
                                suppress_stdout=True, layout_kwargs=NO_BOX_ORDERING)
    with ParsedOnce(path, pages=",".join(map(str, pages))) as handler:
        return handler.parse(flavor="lattice", suppress_stdout=True, layout_kwargs=NO_BOX_ORDERING,
                             engine="vector")
