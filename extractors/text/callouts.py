"""Big numbers set apart from sentences, and the text that labels them.

An infographic, a box of key figures or a chart annotation prints a figure in large type
with its label above, below or beside it ("3,245" over "police officers at 31 March
2024"). Reading order puts the label anywhere, so each big number takes the nearest
block of text by layout: above or below it and overlapping it across, or beside it on
its lines. A label goes to one number only (the nearest pairs are made first). The pair
is then read as one sentence, the figure first, so the text stage types it like any
other: its unit, measure and period come from the label's words.
"""
from __future__ import annotations

import math
import re
import statistics

from extractors.numbers import find_numbers, parse_cell
from extractors.types import TextBlock

CALLOUT = 1.6        # a number set at least this much larger than the page's text
REACH = 3.0          # a label lies within this many heights of the number
MAX_LABEL_WORDS = 30
DIAGONAL = 1.5       # a label off a corner counts this much further away
_OWN_CHANGE = re.compile(r"^\W*(?:up|down|increased?|decreased?|rise|fall|higher|lower)\b", re.I)
_LONE_FIGURE = re.compile(r"^\s*(?:\S+\s+(?:in|of|out\s+of)\s+\S+|\S+)\s*$", re.I)   # "3,245", "1 in 4"


def _is_callout(b: TextBlock, body: float) -> bool:
    if b.size < CALLOUT * body or not _LONE_FIGURE.match(b.text):
        return False
    parts = re.split(r"\s+(?:in|of|out\s+of)\s+", b.text.strip(), flags=re.I)
    return all(parse_cell(p) is not None for p in parts)


def _heading(b: TextBlock) -> bool:
    """A heading in capitals ("REPORTING ONLINE") names a section, not a number."""
    letters = [ch for ch in b.text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _gap(num: TextBlock, lab: TextBlock) -> float | None:
    """How far the label is from the number, in the number's heights, or None when it is
    not above, below or beside it."""
    h = max(num.bbox[3] - num.bbox[1], 1.0)
    x_over = min(num.bbox[2], lab.bbox[2]) - max(num.bbox[0], lab.bbox[0])
    y_over = min(num.bbox[3], lab.bbox[3]) - max(num.bbox[1], lab.bbox[1])
    if x_over > 0:
        gap = max(lab.bbox[1] - num.bbox[3], num.bbox[1] - lab.bbox[3], 0.0)
    elif y_over > 0:
        gap = max(lab.bbox[0] - num.bbox[2], num.bbox[0] - lab.bbox[2], 0.0)
    else:
        # off a corner ("new officers joined ..." above and left of "67" in one box):
        # allowed, at a cost, so a label straight above, below or beside wins
        gap = DIAGONAL * math.hypot(-x_over, -y_over)
    return gap / h if gap / h <= REACH else None


def _nearest_pairs(numbers: list[TextBlock], others: list[TextBlock], gap) -> dict[int, int]:
    """Each number and the block `gap` puts nearest it, the nearest pairs made first, so a
    block goes to one number only: number index -> block index."""
    found = sorted((g, i, j) for i, n in enumerate(numbers) for j, o in enumerate(others)
                   if (g := gap(n, o)) is not None)
    out: dict[int, int] = {}
    for _, i, j in found:
        if i not in out and j not in out.values():
            out[i] = j
    return out


def join_callouts(blocks: list[TextBlock]) -> list[TextBlock]:
    """The blocks with each big number joined to its label (the label's own block goes)."""
    out = list(blocks)
    for page in sorted({b.page for b in blocks}):
        on_page = [b for b in blocks if b.page == page and b.kind == "text"]
        weights = [(b.size, len(b.text)) for b in on_page if b.size]
        if not weights:
            continue
        body = statistics.median([s for s, n in weights for _ in range(min(n, 200))])
        numbers = [b for b in on_page if _is_callout(b, body)]
        labels = [b for b in on_page if b not in numbers and len(b.text.split()) <= MAX_LABEL_WORDS
                  and b.size < CALLOUT * body and not _heading(b)]
        paired = _nearest_pairs(numbers, labels, _gap)
        # a heading in capitals right above a number ("ROBBERY" over "115") names it
        heads = [b for b in on_page if _heading(b) and b.size < CALLOUT * body]
        named = {i: heads[j] for i, j in _nearest_pairs(
            numbers, heads, lambda n, h: _gap(n, h) if h.bbox[3] <= n.bbox[1] + 0.5 else None).items()}
        for i, j in paired.items():
            num, lab = numbers[i], labels[j]
            text, boxes = f"{num.text} {lab.text}", num.char_boxes + [None] + lab.char_boxes
            if _OWN_CHANGE.match(lab.text) and find_numbers(lab.text):
                # "14,869" over "down 2.8% on 2012": the label's figure is the change, the
                # big number the level (a label without a figure, "down on 2012", makes
                # the big number the change)
                text, boxes = f"{num.text}, {lab.text}", num.char_boxes + [None, None] + lab.char_boxes
            head = named.get(i)
            if head is not None:   # read as "Robbery: 115, down 20.7% on ..."
                name = head.text.strip().capitalize()
                text, boxes = f"{name}: {text}", head.char_boxes[:len(name)] + [None, None] + boxes
                out.remove(head)
            joined = TextBlock(page=page, text=text, char_boxes=boxes,
                               bbox=num.bbox, context=lab.context, kind="callout", size=num.size)
            out[out.index(num)] = joined
            out.remove(lab)
    return out
