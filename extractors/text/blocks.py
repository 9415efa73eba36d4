"""Text outside data tables, in column-aware blocks (paragraphs, bullets, headings).

Segments of a line (pdf/layout.py) are stacked into blocks by horizontal overlap, so
two CSS columns or a label column beside a paragraph never interleave.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from extractors.pdf.layout import LWord, PageLayout, Segment, inside, page_segments
from extractors.text.legends import label_from_legend
from extractors.text.timeline import date_by_timeline
from extractors.types import Table, TextBlock, union_bbox


@dataclass
class _Geo:
    """A segment's box and size, computed once (Segment derives them from its words)."""
    seg: Segment
    top: float
    bottom: float
    x0: float
    x1: float
    size: float

    @classmethod
    def of(cls, s: Segment) -> "_Geo":
        return cls(s, s.top, s.bottom, s.x0, s.x1, s.size)


def _stack_blocks(segs: list[Segment]) -> list[list[Segment]]:
    """Stack segments into blocks: next line below, overlapping horizontally."""
    blocks: list[list[_Geo]] = []
    open_: list[list[_Geo]] = []   # blocks the next segments may still join, oldest first
    for s in sorted(map(_Geo.of, segs), key=lambda g: (g.top, g.x0)):
        best = None
        for b in open_:
            last = b[-1]
            gap = s.top - last.bottom
            lh = max(last.bottom - last.top, 1.0)
            if not (-0.3 * lh < gap < 0.75 * lh):
                continue
            ov = min(last.x1, s.x1) - max(last.x0, s.x0)
            # left-aligned, or centred under the line above (a caption in a box)
            left_ok = abs(s.x0 - b[0].x0) < 3 * lh or abs(s.x0 - last.x0) < 3 * lh \
                or abs((s.x0 + s.x1) - (last.x0 + last.x1)) < lh
            if ov > 0 and left_ok and abs(s.size - last.size) < 1.5:
                best = b
                break
        if best is None:
            blocks.append([s])
            open_.append(blocks[-1])
        else:
            best.append(s)
        # segments come by top: a block already too far above this one is closed for good
        open_ = [b for b in open_ if s.top - b[-1].bottom < 0.75 * max(b[-1].bottom - b[-1].top, 1.0)]
    return [[g.seg for g in b] for b in blocks]


def make_block(page: int, segs: list[Segment], kind: str = "text", context: str = "") -> TextBlock:
    """Join lines into one string with a box per character (words hyphenated at line
    ends are joined back together)."""
    text, boxes = "", []
    for seg in segs:
        for j, w in enumerate(seg.words):
            if text:
                if text.endswith("-") and j == 0 and text[-2:-1].isalpha() and w.text[:1].islower():
                    text, boxes = text[:-1], boxes[:-1]   # "re-\noffending" -> "reoffending"
                else:
                    text += " "
                    boxes.append(None)
            for k in range(len(w.text)):
                boxes.append(w.sub_bbox(k, k + 1))
            text += w.text
    bbox = union_bbox([w.bbox for s in segs for w in s.words])
    size = statistics.median(w.size or (w.bottom - w.top) for s in segs for w in s.words)
    colours = Counter(w.color for s in segs for w in s.words for _ in w.text)
    return TextBlock(page=page, text=text, char_boxes=boxes, bbox=bbox, context=context, kind=kind, size=size,
                     color=colours.most_common(1)[0][0] if colours else None)


def _cell_blocks(lay: PageLayout, table: Table, words: list[LWord]) -> list[TextBlock]:
    """Blocks of a text-only table, one cell at a time, each with its row's label
    (the cells to its left) as context: "Tel:" beside "101" says what 101 is."""
    out = []
    for cell in table.cells:
        mine = [w for w in words if inside(w, cell.bbox, pad=0.5)]
        if not mine:
            continue
        left = [c for c in table.cells if c.row <= cell.row < c.row + c.row_span and c.col < cell.col]
        context = " ".join(" ".join(c.text.split()) for c in sorted(left, key=lambda c: c.col))
        for segs in _stack_blocks(page_segments(mine)):
            out.append(make_block(lay.page, segs, kind="cell", context=context))
    return out


def find_text_blocks(layouts: list[PageLayout], tables: list[Table]) -> list[TextBlock]:
    """Text outside data tables, in blocks. Data tables are read by the table reader."""
    out = []
    for lay in layouts:
        on_page = [t for t in tables if t.page == lay.page]
        words = [w for i, w in enumerate(lay.words) if i not in lay.furniture]
        for t in on_page:
            if not t.holds_data:
                out += _cell_blocks(lay, t, [w for w in words if inside(w, t.bbox)])
        regions = [t.bbox for t in on_page]
        words = [w for w in words if not any(inside(w, r) for r in regions)]
        if not words:
            continue
        page_blocks = [make_block(lay.page, segs) for segs in _stack_blocks(page_segments(words))]
        out += date_by_timeline(lay, label_from_legend(lay, page_blocks))
    return out
