"""Ruling lines around and inside one table region, as merged horizontal and vertical rules.

Rules come from stroked lines, thin rectangles, and the edges of larger rectangles
(cell borders are often drawn as boxes, and shaded cells meet at their edges). Only
what a reader can see counts: the edge of a filled box is kept only where the colour
changes across it, so a white box behind each text line, or a box behind a cell's
text in the cell's own colour, does not cut a multi-line cell. Collinear pieces that
touch are joined, so a border drawn cell by cell becomes one rule; short pieces
(underlines) are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

THIN = 2.5          # pt: thicker than this, a rectangle is a box (its edges are rules)
JOIN_GAP = 2.5      # pt: collinear pieces closer than this are one rule
MIN_RULE = 8.0      # pt: shorter pieces are ignored


@dataclass
class Rule:
    pos: float      # y of a horizontal rule, x of a vertical one
    start: float    # x0 (horizontal) or top (vertical)
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


WHITE = (1.0, 1.0, 1.0)
STEP = 2.0          # pt between the points where an edge's visibility is tested


def _rgb(color) -> tuple:
    """A fill colour as rounded RGB (gray and CMYK converted); None for patterns."""
    if color is None:
        return (0.0, 0.0, 0.0)
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        c = [float(v) for v in color]
    except (TypeError, ValueError):
        return None
    if len(c) == 1:
        c = c * 3
    elif len(c) == 4:
        k = c[3]
        c = [(1 - v) * (1 - k) for v in c[:3]]
    elif len(c) != 3:
        return None
    return tuple(round(v, 2) for v in c)


class _Paint:
    """Which fill colour is on top at a point (later boxes paint over earlier ones)."""

    def __init__(self, boxes):
        self.boxes = boxes          # (x0, top, x1, bottom, rgb) in drawing order

    def near(self, x0, top, x1, bottom):
        return _Paint([b for b in self.boxes if b[0] <= x1 and b[2] >= x0 and b[1] <= bottom and b[3] >= top])

    def at(self, x, y):
        for b in reversed(self.boxes):
            if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                return b[4]
        return WHITE


def _visible(paint: _Paint, horizontal: bool, pos: float, start: float, end: float) -> list[tuple[float, float]]:
    """Stretches of a box edge where the colour differs on its two sides."""
    d = 0.75
    local = paint.near(start, pos - 1, end, pos + 1) if horizontal else paint.near(pos - 1, start, pos + 1, end)
    out: list[list[float]] = []
    n = max(int((end - start) / STEP), 1)
    for k in range(n + 1):
        t = start + (end - start) * (k + 0.5) / (n + 1)
        a = local.at(t, pos - d) if horizontal else local.at(pos - d, t)
        b = local.at(t, pos + d) if horizontal else local.at(pos + d, t)
        if a != b:
            lo, hi = t - STEP / 2, t + STEP / 2
            if out and lo <= out[-1][1] + 0.01:
                out[-1][1] = hi
            else:
                out.append([lo, hi])
    return [(max(lo, start), min(hi, end)) for lo, hi in out]


def _pieces(page, box) -> tuple[list[Rule], list[Rule]]:
    x0, top, x1, bottom = box

    def near(o):
        return not (o["x1"] < x0 or o["x0"] > x1 or o["bottom"] < top or o["top"] > bottom)

    h, v = [], []
    for o in page.lines:
        if near(o):
            if o["bottom"] - o["top"] <= THIN:
                h.append(Rule((o["top"] + o["bottom"]) / 2, o["x0"], o["x1"]))
            elif o["x1"] - o["x0"] <= THIN:
                v.append(Rule((o["x0"] + o["x1"]) / 2, o["top"], o["bottom"]))
    rects = [o for o in page.rects if near(o)]
    filled = [(o["x0"], o["top"], o["x1"], o["bottom"], _rgb(o.get("non_stroking_color")))
              for o in rects if o.get("fill")]
    paint = _Paint(filled)
    for o in rects:
        w, ht = o["x1"] - o["x0"], o["bottom"] - o["top"]
        mine = _rgb(o.get("non_stroking_color")) if o.get("fill") else _rgb(o.get("stroking_color"))
        if ht <= THIN or w <= THIN:
            # a thin box is a drawn line, unless it is white on white
            under = paint.at((o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2)
            if mine == WHITE and under == WHITE and not o.get("stroke"):
                continue
            if ht <= THIN and w >= MIN_RULE:
                h.append(Rule((o["top"] + o["bottom"]) / 2, o["x0"], o["x1"]))
            elif w <= THIN and ht >= MIN_RULE:
                v.append(Rule((o["x0"] + o["x1"]) / 2, o["top"], o["bottom"]))
        elif o.get("stroke"):
            h += [Rule(o["top"], o["x0"], o["x1"]), Rule(o["bottom"], o["x0"], o["x1"])]
            v += [Rule(o["x0"], o["top"], o["bottom"]), Rule(o["x1"], o["top"], o["bottom"])]
        else:
            for y in (o["top"], o["bottom"]):
                h += [Rule(y, a, b) for a, b in _visible(paint, True, y, o["x0"], o["x1"])]
            for x in (o["x0"], o["x1"]):
                v += [Rule(x, a, b) for a, b in _visible(paint, False, x, o["top"], o["bottom"])]
    return h, v


def _join(rules: list[Rule], tol: float = 1.0) -> list[Rule]:
    """Join collinear pieces (same position within `tol`) that overlap or nearly touch."""
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (round(r.pos), r.start)):
        for o in reversed(out[-8:]):
            if abs(o.pos - r.pos) <= tol and r.start <= o.end + JOIN_GAP and r.end >= o.start - JOIN_GAP:
                o.start, o.end = min(o.start, r.start), max(o.end, r.end)
                break
        else:
            out.append(Rule(r.pos, r.start, r.end))
    return out


def find_rules(page, area, margin: float) -> tuple[list[Rule], list[Rule]]:
    """(horizontal, vertical) rules within `margin` of the area, each joined."""
    box = (area[0] - margin, area[1] - margin, area[2] + margin, area[3] + margin)
    h, v = _pieces(page, box)
    h = [r for r in _join(_join(h)) if r.length >= MIN_RULE]
    v = [r for r in _join(_join(v)) if r.length >= MIN_RULE]
    return h, v
