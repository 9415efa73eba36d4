"""Tables without ruling lines, found from where the figures sit.

A data row is a line whose figures stand apart (a gap wider than a space) from a
text label on their left. Rows stacked closely, overlapping horizontally, form a
table; tables side by side stay apart because their rows do not overlap. The lines
just above the first row and inside the table's width are its header; a wider line
above is its title. Chart data labels in the text layer read the same way (category
label, figure), while an axis (a line of evenly spaced numbers) is not a row.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.pdf.layout import LWord, Segment, group_lines, split_segments
from extractors.numbers import parse_cell
from extractors.context.periods import find_periods
from extractors.types import Cell, Table, union_bbox


def _is_figure(seg: Segment) -> bool:
    text = seg.text
    if find_periods(text) and parse_cell(text) and "%" not in text:
        return False   # "2016/17" or "2015" in a header is a period, not a figure
    return parse_cell(text) is not None


def _is_axis(segs: list[Segment]) -> bool:
    vals = [parse_cell(s.text).value for s in segs]
    if len(vals) < 3 or any(v is None for v in vals):
        return False
    steps = {round(b - a, 6) for a, b in zip(vals, vals[1:])}
    return len(steps) == 1


@dataclass
class Row:
    label: list[Segment]
    figures: list[Segment]

    @property
    def x0(self): return (self.label or self.figures)[0].x0
    @property
    def x1(self): return self.figures[-1].x1
    @property
    def top(self): return min(s.top for s in self.label + self.figures)
    @property
    def bottom(self): return max(s.bottom for s in self.label + self.figures)


@dataclass
class Draft:
    rows: list[Row] = field(default_factory=list)

    @property
    def x0(self): return min(r.x0 for r in self.rows)
    @property
    def x1(self): return max(r.x1 for r in self.rows)
    @property
    def bottom(self): return self.rows[-1].bottom


def _rows_of_line(segs: list[Segment]) -> list[Row]:
    """Cut a line into (label, figures) groups: a new group starts at text after figures."""
    rows: list[Row] = []
    cur = Row([], [])
    for s in segs:
        if _is_figure(s):
            cur.figures.append(s)
        else:
            if cur.figures:
                rows.append(cur)
                cur = Row([], [])
            cur.label.append(s)
    if cur.figures:
        rows.append(cur)
    return rows


def _overlap(a0, a1, b0, b1) -> float:
    return min(a1, b1) - max(a0, b0)


def _columns(rows: list[Row]) -> list[tuple[float, float]]:
    """Figure columns as x-extents, clustered by overlap of the figures' boxes."""
    cols: list[list[float]] = []
    for r in rows:
        for s in r.figures:
            for c in cols:
                if _overlap(c[0], c[1], s.x0, s.x1) > -2:
                    c[0], c[1] = min(c[0], s.x0), max(c[1], s.x1)
                    break
            else:
                cols.append([s.x0, s.x1])
    cols.sort()
    return [(a, b) for a, b in cols]


def _near_segments(line: list[LWord], x0: float, x1: float, used: set[int]) -> list[Segment]:
    return [s for s in split_segments([w for w in line if id(w) not in used])
            if _overlap(x0, x1, s.x0, s.x1) > 0] if any(id(w) not in used for w in line) else []


def _header(draft: Draft, lines: list[list[LWord]], used: set[int]) -> tuple[list[list[LWord]], str]:
    """Header lines (inside the table's width) and title (a wider line) above the rows."""
    top = draft.rows[0].top
    lh = max(draft.rows[0].bottom - draft.rows[0].top, 4.0)
    x0, x1 = draft.x0, draft.x1
    width = x1 - x0
    header: list[list[LWord]] = []
    title_lines: list[str] = []
    title_size = 0.0
    row_size = max(s.size for s in draft.rows[0].label + draft.rows[0].figures)
    edge = top
    for line in sorted(lines, key=lambda ln: -min(w.top for w in ln)):
        ltop = min(w.top for w in line)
        lbot = max(w.bottom for w in line)
        limit = (4.0 if not header and not title_lines else 1.6) * lh
        if lbot > top or edge - lbot > limit:
            continue
        near = _near_segments(line, x0, x1, used)
        if not near:
            if edge - lbot > 1.6 * lh:
                continue
            break
        seg_x0 = min(s.x0 for s in near)
        seg_x1 = max(s.x1 for s in near)
        size = max(s.size for s in near)
        wide = seg_x0 < x0 - 0.15 * width or seg_x1 > x1 + 0.15 * width
        if title_lines or wide or size > 1.2 * row_size or any(_is_figure(s) for s in near):
            if title_lines and abs(size - title_size) > 0.5:
                break   # the paragraph above the caption
            title_size = size
            title_lines.insert(0, " ".join(s.text for s in near))
            if len(title_lines) >= 3:
                break
        elif len(header) < 5:
            header.insert(0, [w for s in near for w in s.words])
        edge = ltop
    return header, " ".join(title_lines)


def _notes(draft: Draft, lines: list[list[LWord]], used: set[int]) -> tuple[str, list]:
    """Text just below the rows and inside their width (axis ticks and title, source),
    and the boxes of the lines that belong to the table (an axis, a short caption):
    they are part of the chart, not sentences."""
    lh = max(draft.rows[-1].bottom - draft.rows[-1].top, 4.0)
    out, boxes, edge = [], [], draft.bottom
    for line in sorted(lines, key=lambda ln: min(w.top for w in ln)):
        ltop = min(w.top for w in line)
        if ltop < edge or ltop - edge > 2.5 * lh:
            continue
        near = _near_segments(line, draft.x0, draft.x1, used)
        if near:
            out.append(" ".join(s.text for s in near))
            edge = max(w.bottom for s in near for w in s.words)
            words = [w for s in near for w in s.words]
            if (all(_is_figure(s) for s in near) and _is_axis(near)) or len(words) <= 6:
                boxes += [w.bbox for w in words]
        if len(out) >= 2:
            break
    return " ".join(out), boxes


def _build(page: int, draft: Draft, lines, used: set[int]) -> Table:
    if all(len(r.figures) == 1 for r in draft.rows):
        # one figure per row (a chart's data labels sit at the end of each bar)
        cols = [(min(r.figures[0].x0 for r in draft.rows), max(r.figures[0].x1 for r in draft.rows))]
    else:
        cols = _columns(draft.rows)
    label_x1 = max((r.label[-1].x1 for r in draft.rows if r.label), default=cols[0][0] - 1)
    bounds = [(draft.x0, (label_x1 + cols[0][0]) / 2)]
    for i, (a, b) in enumerate(cols):
        left = bounds[-1][1]
        right = (b + cols[i + 1][0]) / 2 if i + 1 < len(cols) else b + 1
        bounds.append((left, right))
    header, title = _header(draft, lines, used)
    cells: list[Cell] = []
    n_header = 1 if header else 0
    if header:
        hwords = [w for line in header for w in line]
        for c, (a, b) in enumerate(bounds):
            mine = [w for w in hwords if a <= (w.x0 + w.x1) / 2 < b]
            if mine:
                text = "\n".join(" ".join(w.text for w in ln) for ln in group_lines(mine))
                cells.append(Cell(0, c, text, union_bbox(w.bbox for w in mine)))
    for i, r in enumerate(draft.rows, start=n_header):
        if r.label:
            words = [w for s in r.label for w in s.words]
            cells.append(Cell(i, 0, " ".join(w.text for w in words), union_bbox(w.bbox for w in words)))
        for s in r.figures:
            mid = (s.x0 + s.x1) / 2
            c = next((k for k, (a, b) in enumerate(bounds) if a <= mid < b), len(bounds) - 1)
            cells.append(Cell(i, max(c, 1), s.text, union_bbox(w.bbox for w in s.words)))
    notes, note_boxes = _notes(draft, lines, used)
    bbox = union_bbox([c.bbox for c in cells] + note_boxes)
    return Table(page, bbox, "table:pdfplumber", cells, n_header + len(draft.rows), len(bounds),
                 header_rows=n_header, title=title, notes=notes)


def find_unruled_tables(page: int, words: list[LWord]) -> list[Table]:
    lines = group_lines(words)
    drafts: list[Draft] = []
    for line in lines:
        segs = split_segments(line)
        figs = [s for s in segs if _is_figure(s)]
        if not figs or (len(figs) == len(segs) and _is_axis(segs)):
            continue
        for row in _rows_of_line(segs):
            lh = max(row.bottom - row.top, 4.0)
            for d in drafts:
                if (0 <= row.top - d.bottom < 2.5 * lh
                        and _overlap(d.x0, d.x1, row.x0, row.x1) > 0.5 * min(d.x1 - d.x0, row.x1 - row.x0)):
                    d.rows.append(row)
                    break
            else:
                drafts.append(Draft([row]))
    tables = []
    for d in drafts:
        labelled = [r for r in d.rows if r.label]
        if len(d.rows) < 2 or len(labelled) < 2:
            continue
        # a label that is a whole sentence means the "row" is prose with a figure at the end
        if sum(len(" ".join(s.text for s in r.label)) > 60 for r in labelled) > len(labelled) / 2:
            continue
        used = {id(w) for r in d.rows for s in r.label + r.figures for w in s.words}
        tables.append(_build(page, d, lines, used))
    return tables
