"""Columns of an unruled table from where its text segments sit.

A column is a run of x covered by segments of some line with no empty gutter inside it
(the projection profile, as in Camelot stream / tabula). A spanning header ("2005" over
Number | Percent) would bridge two columns, so a segment that overlaps two segments of
one other line is set aside as spanning before the projection and is placed afterwards
at the leftmost column it covers, which is where the ground-truth convention (and a
reader) puts a spanning cell. Vertical ruling lines that cross the table are hard
column boundaries.
"""
from __future__ import annotations

from extractors.grid_text import Segment


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def mark_spanning(segs: list[Segment]) -> None:
    by_line: dict[int, list[Segment]] = {}
    for s in segs:
        by_line.setdefault(s.line, []).append(s)
    for s in segs:
        s.spanning = any(
            sum(_overlap(s.x0, s.x1, o.x0, o.x1) > 0.5 for o in others) >= 2
            for ln, others in by_line.items() if ln != s.line)


def find_columns(segs: list[Segment], v_rules: list[float] = ()) -> list[tuple[float, float]]:
    """Column x-intervals, left to right; sets each segment's `col`."""
    mark_spanning(segs)
    base = [s for s in segs if not s.spanning] or segs
    cols: list[list[float]] = []
    for s in sorted(base, key=lambda s: s.x0):
        if cols and s.x0 < cols[-1][1] - 0.1:
            cols[-1][1] = max(cols[-1][1], s.x1)
        else:
            cols.append([s.x0, s.x1])
    cols = _cut_at_rules(cols, base, v_rules)
    for s in segs:
        s.col = _column_of(s, cols)
    return [tuple(c) for c in cols]


def _cut_at_rules(cols, segs, v_rules):
    """A vertical rule inside a merged column separates what lies on either side."""
    if not v_rules:
        return cols
    out = []
    for c0, c1 in cols:
        inner = sorted(x for x in v_rules if c0 < x < c1)
        if not inner:
            out.append([c0, c1])
            continue
        edges = [c0] + inner + [c1]
        for a, b in zip(edges, edges[1:]):
            mine = [s for s in segs if a - 0.5 <= (s.x0 + s.x1) / 2 <= b + 0.5]
            if mine:
                out.append([min(s.x0 for s in mine), max(s.x1 for s in mine)])
    return out


def _column_of(s: Segment, cols) -> int:
    """Leftmost column the segment covers (a spanning cell's top-left position); a
    segment in a gutter goes to the nearest column."""
    for j, (c0, c1) in enumerate(cols):
        if _overlap(s.x0, s.x1, c0, c1) > 0.5:
            return j
    mid = (s.x0 + s.x1) / 2
    return min(range(len(cols)), key=lambda j: min(abs(mid - cols[j][0]), abs(mid - cols[j][1])))
