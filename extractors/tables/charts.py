"""Column charts whose category labels and data labels are in the text layer.

A row of short labels (the categories under the bars) with figures above them is a
column chart. Each figure belongs to the category whose slot (the span between the
midpoints to its neighbours) holds it; figures outside every slot are the value axis's
tick labels, not figures. Where two or more bars stand in a slot (a grouped chart), each
data label takes its series from the colour of the bar under it, named by the legend
swatch of that colour; without a legend the series are told apart by their order.
The chart becomes a table: a row per category, a column per series, so the table
reader interprets it like any other (periods or places in the categories, places or
measures in the series, the caption's subject and unit).

Horizontal bar charts read like unruled tables (label and figure on one line) and are
found by `unruled`.
"""
from __future__ import annotations

import statistics

from extractors.pdf.layout import LWord, PageLayout, Segment, group_lines, split_segments
from extractors.tables.unruled import CALLOUT, _is_figure, is_axis
from extractors.types import Cell, Table, union_bbox

MAX_HEIGHT = 400.0     # pt: data labels further above the category row are not the chart's
SWATCH = 16.0          # pt: a legend swatch is a filled box no bigger than this


def _centre(s) -> float:
    return (s.x0 + s.x1) / 2


def _colour(rect: dict):
    c = rect.get("non_stroking_color")
    try:
        return tuple(round(float(v), 2) for v in (c if isinstance(c, (tuple, list)) else (c,)))
    except (TypeError, ValueError):
        return None


def _bar_under(label: Segment, bars: list[dict]):
    """The bar a data label sits on (or inside the top of)."""
    best = None
    for r in bars:
        ov = min(label.x1, r["x1"]) - max(label.x0, r["x0"])
        if ov >= 0.5 * (label.x1 - label.x0) and label.bottom - 3 <= r["top"] <= label.bottom + 15 \
                or ov >= 0.5 * (label.x1 - label.x0) and r["top"] <= label.top and label.bottom <= r["bottom"]:
            if best is None or abs(r["top"] - label.bottom) < abs(best["top"] - label.bottom):
                best = r
    return best


def _value_axis(figures: list[Segment]) -> set[int]:
    """A chart's value axis: three or more figures stacked one above another, aligned on
    their right edge, their values evenly spaced (0, 500, 1,000, 1,500)."""
    out: set[int] = set()
    by_edge: dict[int, list[Segment]] = {}
    for f in figures:
        by_edge.setdefault(round(f.x1 / 3), []).append(f)
    for group in by_edge.values():
        if len(group) >= 3 and is_axis(sorted(group, key=lambda f: -f.top)):
            out |= {id(f) for f in group}
    return out


def _legend(lines: list[list[Segment]], swatches: list[dict]) -> dict:
    """Colour -> series name: the text beside each legend swatch on its line."""
    out = {}
    for sw in swatches:
        cy = (sw["top"] + sw["bottom"]) / 2
        near = [s for segs in lines for s in segs
                if s.top - 2 <= cy <= s.bottom + 2 and not _is_figure(s)
                and min(abs(s.x0 - sw["x1"]), abs(sw["x0"] - s.x1)) < 80]
        if near:
            text = min(near, key=lambda s: min(abs(s.x0 - sw["x1"]), abs(sw["x0"] - s.x1))).text
            out.setdefault(_colour(sw), text)
    return out


def find_column_charts(lay: PageLayout, words: list[LWord]) -> list[Table]:
    lines = [split_segments(line) for line in group_lines(words)]
    # data labels: figures standing apart (a segment of their own, not words of a sentence)
    # in small type (big numbers over their captions are callouts, read with the text)
    body = statistics.median([w.size for w in words] or [0.0])
    figures = [s for segs in lines for s in segs if _is_figure(s) and s.size < CALLOUT * body]
    axis = _value_axis(figures)
    ticks_all = [f for f in figures if id(f) in axis]
    figures = [f for f in figures if id(f) not in axis]
    filled = [r for r in lay.rects if r.get("fill") and _colour(r) is not None]
    swatches = [r for r in filled if r["x1"] - r["x0"] <= SWATCH and r["bottom"] - r["top"] <= SWATCH]
    bars = [r for r in filled if r not in swatches]
    charts = []
    taken: set[int] = set()
    for segs in lines:
        cats = [s for s in segs if not _is_figure(s)]
        if len(cats) < 3 or len(cats) != len(segs) or any(len(s.text.split()) > 4 for s in cats):
            continue
        centres = [_centre(c) for c in cats]
        step = min(b - a for a, b in zip(centres, centres[1:])) if len(centres) > 1 else 0
        if step <= 0:
            continue
        slots = [((centres[i - 1] + c) / 2 if i else c - step / 2,
                  (c + centres[i + 1]) / 2 if i + 1 < len(centres) else c + step / 2)
                 for i, c in enumerate(centres)]
        in_slot: dict[int, list[Segment]] = {}
        for f in figures:
            if id(f) in taken or f.bottom > cats[0].top or cats[0].top - f.bottom > MAX_HEIGHT:
                continue
            k = next((i for i, (a, b) in enumerate(slots) if a <= _centre(f) < b), None)
            if k is not None:
                in_slot.setdefault(k, []).append(f)
        if len(in_slot) < 3 or len(in_slot) < 0.75 * len(cats):
            continue
        series = _series(in_slot, bars, _legend(lines, swatches))
        if series is None:
            continue
        names, placed = series
        taken |= {id(f) for fs in in_slot.values() for f in fs}
        chart = _table(lay.page, cats, names, placed, lines)
        # the value axis's tick labels beside the bars are part of the chart, not prose
        ticks = [f for f in figures + ticks_all if id(f) not in taken and chart.bbox[1] - 40 <= f.top
                 and f.bottom <= cats[0].bottom and (f.x1 <= slots[0][0] or f.x0 >= slots[-1][1]
                                                     or id(f) in axis)]
        if ticks:
            chart.bbox = union_bbox([chart.bbox] + [union_bbox(w.bbox for w in f.words) for f in ticks])
        charts.append(chart)
    return charts


def _series(in_slot: dict[int, list[Segment]], bars: list[dict], legend: dict):
    """(series names, {(category, series): data label}); None if the slots disagree."""
    most = max(len(fs) for fs in in_slot.values())
    if most == 1:
        return [""], {(k, 0): fs[0] for k, fs in in_slot.items()}
    colours = {}
    for fs in in_slot.values():
        for f in fs:
            bar = _bar_under(f, bars)
            colours[id(f)] = _colour(bar) if bar else None
    order = [c for c in dict.fromkeys(colours[id(f)] for k in sorted(in_slot)
                                      for f in sorted(in_slot[k], key=_centre)) if c is not None]
    placed = {}
    if len(order) == most and all(colours[id(f)] is not None for fs in in_slot.values() for f in fs):
        for k, fs in in_slot.items():
            for f in fs:
                placed[(k, order.index(colours[id(f)]))] = f
        return [legend.get(c, "") for c in order], placed
    for k, fs in in_slot.items():          # no colours to go by: left to right in each slot
        if len(fs) != most:
            return None
        for j, f in enumerate(sorted(fs, key=_centre)):
            placed[(k, j)] = f
    return [""] * most, placed


def _table(page: int, cats: list[Segment], names: list[str], placed: dict, lines) -> Table:
    header = 1 if any(names) else 0
    cells = []
    if header:
        cells += [Cell(0, j + 1, n, cats[0].words[0].bbox) for j, n in enumerate(names) if n]
    rows = sorted({k for k, _ in placed})
    for r, k in enumerate(rows, start=header):
        cat = cats[k]
        cells.append(Cell(r, 0, cat.text, union_bbox(w.bbox for w in cat.words)))
        for j in range(len(names)):
            f = placed.get((k, j))
            if f is not None:
                box = union_bbox(w.bbox for w in f.words)
                cells.append(Cell(r, j + 1, f.text, box, text_bbox=box))
    bbox = union_bbox(c.bbox for c in cells if c.row >= header)
    # the header cells are the legend's names: their box is the category row's, so the
    # chart's region does not swallow the legend's text
    return Table(page, bbox, "table:pdfplumber", cells, header + len(rows), len(names) + 1,
                 header_rows=header, title=_title(lines, bbox))


def _title(lines: list[list[Segment]], bbox) -> str:
    """The nearest line of text above the chart that spans into its width (its caption)."""
    best = None
    for segs in lines:
        for s in segs:
            if s.bottom <= bbox[1] and bbox[1] - s.bottom < 80 and min(s.x1, bbox[2]) > max(s.x0, bbox[0]) \
                    and not _is_figure(s) and (best is None or s.bottom > best.bottom):
                best = s
    return best.text if best else ""
