"""Columns of an unruled table from where its text segments sit.

A gutter is an x where the lines that have text on both sides of x (they *separate*
there) outnumber the lines with a segment running across x (they *cross* it) by
GUTTER_VOTES to one. A plain projection profile (Camelot stream, tabula) demands zero
crossings, so one header centred over two columns ("2005" over Number | Percent), or
one long label, glues two columns together; voting lets the many data lines decide.
A segment that still runs across a gutter is a spanning cell: it is placed in the
leftmost column it covers, which is where the ground-truth convention (and a reader)
puts a spanning cell. Vertical ruling lines that cross the table are gutters too.
"""
from __future__ import annotations

from extractors.grid_text import Segment, char_width

GUTTER_VOTES = 3.0      # separating lines needed per crossing line
SPLIT_GAP_CW = 0.6      # a segment crossing a gutter is cut at a word gap this wide inside it


def _gutters(segs: list[Segment], v_rules) -> list[tuple[float, float]]:
    """Maximal x-runs that are gutters, left to right."""
    by_line: dict[int, list[Segment]] = {}
    for s in segs:
        by_line.setdefault(s.line, []).append(s)
    edges = sorted({round(v, 2) for s in segs for v in (s.x0, s.x1)} | {round(x, 2) for x in v_rules})
    runs: list[list[float]] = []
    for a, b in zip(edges, edges[1:]):
        if b - a < 0.05:
            continue
        x = (a + b) / 2
        ruled = any(a <= r <= b for r in v_rules)
        cross = sep = 0
        for line_segs in by_line.values():
            if any(s.x0 < x < s.x1 for s in line_segs):
                cross += 1
            elif any(s.x1 <= x for s in line_segs) and any(s.x0 >= x for s in line_segs):
                sep += 1
        if ruled or (sep > 0 and cross * GUTTER_VOTES <= sep):
            if runs and abs(runs[-1][1] - a) < 0.06:
                runs[-1][1] = b
            else:
                runs.append([a, b])
    return [tuple(r) for r in runs]


def _cut(s: Segment, gutters) -> list[Segment]:
    """Cut a segment at word gaps that lie inside a gutter and are wider than a space
    (two cells printed close together); a true spanning header has no such gap."""
    pieces, cur = [], [s.words[0]]
    for prev, w in zip(s.words, s.words[1:]):
        in_gutter = any(g0 <= prev.x1 + 0.5 and w.x0 - 0.5 <= g1 and
                        min(g1, w.x0) - max(g0, prev.x1) > 0 for g0, g1 in gutters)
        if in_gutter and w.x0 - prev.x1 > SPLIT_GAP_CW * char_width(prev, w):
            pieces.append(Segment(cur, s.line))
            cur = []
        cur.append(w)
    pieces.append(Segment(cur, s.line))
    return pieces


def find_columns(segs: list[Segment], v_rules: list[float] = ()) -> tuple[list[Segment], int]:
    """Assign each segment a column (`col`, 0-based, left to right) and flag spanning
    ones; returns the segments (some cut in two) and the number of columns."""
    gutters = _gutters(segs, list(v_rules))
    # column k lies between gutter k-1 and gutter k (only gutters with text on both sides count)
    lo = min(s.x0 for s in segs)
    hi = max(s.x1 for s in segs)
    inner = [g for g in gutters if g[0] > lo + 0.05 and g[1] < hi - 0.05]
    bounds = [lo - 1] + [(g0 + g1) / 2 for g0, g1 in inner] + [hi + 1]

    def cols_of(seg):
        return [k for k in range(len(bounds) - 1)
                if min(seg.x1, bounds[k + 1]) - max(seg.x0, bounds[k]) > 0.5]

    out = []
    for s in segs:
        pieces = _cut(s, inner) if len(cols_of(s)) > 1 else [s]
        for p in pieces:
            ks = cols_of(p) or [min(range(len(bounds) - 1),
                                    key=lambda k: abs((p.x0 + p.x1) / 2 - (bounds[k] + bounds[k + 1]) / 2))]
            p.col, p.spanning = ks[0], len(ks) > 1
            out.append(p)
    return out, len(bounds) - 1
