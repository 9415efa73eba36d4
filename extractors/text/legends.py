"""Chart data labels named by their legend, matched by colour.

A pie, donut or bar chart often prints each series' figure in the series' colour ("44%"
in navy) and names the series once, in a legend: a small square swatch of that colour
with its name beside it ("101 / phone"). Reading order and distance both mislead here
(the nearest text to "44%" may be another series' name), so a lone figure whose glyphs
have a swatch's colour takes that swatch's name. Text printed inside the area the
labels surround (the donut's hole: "Crime reports") is the chart's title and comes
first. Legend entries that name a figure are used up: no other number takes them.
"""
from __future__ import annotations

from dataclasses import replace

from extractors.numbers import parse_cell
from extractors.pdf.layout import PageLayout, normal_colour
from extractors.types import BBox, TextBlock, union_bbox

SWATCH = (4.0, 16.0)    # a legend swatch's side, in points
REACH_EM = 3.0          # its name starts within this many of its heights to its right


def _swatches(lay: PageLayout) -> list[tuple[tuple, BBox]]:
    out = []
    for r in lay.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        colour = normal_colour(r.get("non_stroking_color"))
        if not (SWATCH[0] <= w <= SWATCH[1] and SWATCH[0] <= h <= SWATCH[1] and abs(w - h) <= 0.25 * w):
            continue
        if not r.get("fill") or colour is None or len(set(colour)) == 1:
            continue    # unfilled, or grey/white/black: a box or a bullet, not a series colour
        out.append((colour, (r["x0"], r["top"], r["x1"], r["bottom"])))
    return out


def _entry(box: BBox, blocks: list[TextBlock]) -> TextBlock | None:
    h = box[3] - box[1]
    mid = (box[1] + box[3]) / 2
    near = [b for b in blocks if 0 <= b.bbox[0] - box[2] <= REACH_EM * h and b.bbox[1] - h / 2 <= mid <= b.bbox[3] + h / 2]
    return min(near, key=lambda b: b.bbox[0] - box[2]) if near else None


def _inside(b: TextBlock, box: BBox) -> bool:
    cx, cy = (b.bbox[0] + b.bbox[2]) / 2, (b.bbox[1] + b.bbox[3]) / 2
    return box[0] < cx < box[2] and box[1] < cy < box[3]


def label_from_legend(lay: PageLayout, blocks: list[TextBlock]) -> list[TextBlock]:
    """The page's blocks with each colour-keyed data label given its series' name as
    context, and the legend entries so used taken out."""
    legend: dict[tuple, TextBlock] = {}
    for colour, box in _swatches(lay):
        entry = _entry(box, blocks)
        if entry is not None and colour not in legend:
            legend[colour] = entry
    if len(legend) < 2:
        return blocks
    keyed = [b for b in blocks if b.color in legend and b not in legend.values()
             and parse_cell(b.text) is not None and len(b.text.split()) == 1]
    # one chart's data labels share a type size; a big number that happens to be in a
    # series colour is not one of them: take the size whose labels use most series colours
    by_size: dict[float, list[TextBlock]] = {}
    for b in keyed:
        by_size.setdefault(round(b.size), []).append(b)
    labels = max(by_size.values(), key=lambda bs: len({b.color for b in bs}), default=[])
    if len({b.color for b in labels}) < 2:
        return blocks
    area = union_bbox([b.bbox for b in labels])
    used = {id(legend[b.color]) for b in labels}
    titles = [b for b in blocks if _inside(b, area) and b not in labels and id(b) not in used
              and parse_cell(b.text) is None]
    title = " ".join(" ".join(b.text.split()) for b in titles)
    named = {id(b): replace(b, context=f"{title}: {legend[b.color].text}" if title else legend[b.color].text)
             for b in labels}
    drop = used | {id(b) for b in titles}
    return [named.get(id(b), b) for b in blocks if id(b) not in drop]
