"""Column charts whose category labels and data labels are in the text layer.

A row of short labels (the categories under the bars) with a lone figure above each,
centred over it, is a column chart: one table row per bar. Horizontal bar charts
read like unruled tables (label and figure on one line) and are found by `unruled`.
"""
from __future__ import annotations

from extractors.pdf.layout import LWord, Segment, group_lines, split_segments
from extractors.types import Cell, Table, union_bbox
from extractors.tables.unruled import _is_figure


def _centre(s: Segment) -> float:
    return (s.x0 + s.x1) / 2


def find_column_charts(page: int, words: list[LWord]) -> list[Table]:
    lines = [split_segments(line) for line in group_lines(words)]
    # data labels: figures standing alone on their line (no text beside them)
    labels = [s for segs in lines if all(_is_figure(s) for s in segs) for s in segs]
    charts = []
    taken: set[int] = set()
    for segs in lines:
        cats = [s for s in segs if not _is_figure(s)]
        if len(cats) < 3 or len(cats) != len(segs) or any(len(s.text.split()) > 4 for s in cats):
            continue
        pairs = []
        for cat in cats:
            above = [f for f in labels if id(f) not in taken and f.bottom <= cat.top
                     and abs(_centre(f) - _centre(cat)) <= max(8.0, (cat.x1 - cat.x0) / 2)
                     and cat.top - f.bottom < 400]
            if above:
                best = max(above, key=lambda f: f.bottom)
                pairs.append((cat, best))
        if len(pairs) < 3 or len(pairs) < 0.75 * len(cats):
            continue
        taken |= {id(f) for _, f in pairs}
        cells = []
        for r, (cat, fig) in enumerate(pairs):
            cells.append(Cell(r, 0, cat.text, union_bbox(w.bbox for w in cat.words)))
            cells.append(Cell(r, 1, fig.text, union_bbox(w.bbox for w in fig.words)))
        bbox = union_bbox(c.bbox for c in cells)
        charts.append(Table(page, bbox, "table:pdfplumber", cells, len(pairs), 2, header_rows=0,
                            title=_title(lines, bbox)))
    return charts


def _title(lines: list[list[Segment]], bbox) -> str:
    """The nearest line of text above the chart that spans into its width (its caption)."""
    best = None
    for segs in lines:
        for s in segs:
            if s.bottom <= bbox[1] and bbox[1] - s.bottom < 80 and min(s.x1, bbox[2]) > max(s.x0, bbox[0]) \
                    and not _is_figure(s) and (best is None or s.bottom > best.bottom):
                best = s
    return best.text if best else ""
