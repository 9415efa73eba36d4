"""Characters -> text lines -> words -> segments, for reading one table region.

Built from pdfplumber's characters rather than its words because a table needs two
different gap scales: a word break (a space, or a gap of a fifth of the font size) and
a cell break (a wider gap, decided later against the whole table's columns). Lines are
clustered on vertical overlap with the line's own band, not with the union of what
joined it, so a figure centred between two label lines cannot chain them together.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

WORD_GAP_EM = 0.2      # a gap wider than this (times font size) breaks a word
SEGMENT_GAP_CW = 1.1   # a gap wider than this (times the mean character width) may separate cells
# "100 000": a thousands group printed with a (thin) space is one figure, not two cells
_THOUSANDS_HEAD = re.compile(r"^[-+–−(€$£]?\d{1,3}( \d{3})*$")
_THOUSANDS_TAIL = re.compile(r"^\d{3}([.,]\d+)?[%)]?$")


@dataclass
class TWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool = False

    @property
    def bbox(self):
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Line:
    """Words on one baseline, left to right."""
    words: list[TWord]

    @property
    def top(self): return min(w.top for w in self.words)
    @property
    def bottom(self): return max(w.bottom for w in self.words)
    @property
    def size(self): return statistics.median(w.size for w in self.words)


@dataclass
class Segment:
    """Words of one line with no cell-sized gap between them."""
    words: list[TWord]
    line: int                      # index of its Line
    spanning: bool = False         # overlaps two cells of another line (a spanning header)
    col: int = -1

    @property
    def x0(self): return self.words[0].x0
    @property
    def x1(self): return self.words[-1].x1
    @property
    def top(self): return min(w.top for w in self.words)
    @property
    def bottom(self): return max(w.bottom for w in self.words)
    @property
    def text(self): return " ".join(w.text for w in self.words)
    @property
    def size(self): return max(w.size for w in self.words)


def _height(c) -> float:
    return max(c["bottom"] - c["top"], 1.0)


def char_lines(chars: list[dict]) -> list[list[dict]]:
    """Cluster characters into lines: a char joins the line whose reference band it
    overlaps by at least half of the smaller height."""
    lines: list[tuple[list[float], list[dict]]] = []   # ([top, bottom] band, chars)
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        best, best_ov = None, 0.0
        for band, members in lines[-6:]:
            ov = min(band[1], c["bottom"]) - max(band[0], c["top"])
            need = 0.5 * min(band[1] - band[0], _height(c))
            if ov >= need and ov > best_ov:
                best, best_ov = (band, members), ov
        if best is None:
            lines.append(([c["top"], c["bottom"]], [c]))
        else:
            band, members = best
            members.append(c)
            if _height(c) > band[1] - band[0]:   # the band follows the line's largest glyph
                band[0], band[1] = c["top"], c["bottom"]
    out = [sorted(m, key=lambda c: c["x0"]) for _, m in lines]
    out.sort(key=lambda m: statistics.median(c["top"] for c in m))
    return out


def _word(chars: list[dict]) -> TWord:
    bold = sum("bold" in (c.get("fontname") or "").lower() for c in chars) > len(chars) / 2
    return TWord("".join(c["text"] for c in chars), min(c["x0"] for c in chars), min(c["top"] for c in chars),
                 max(c["x1"] for c in chars), max(c["bottom"] for c in chars),
                 max(_height(c) for c in chars), bold)


def line_words(chars: list[dict]) -> list[TWord]:
    """Words of one line: broken at blank characters and at gaps wider than a fifth of
    the font size (pdfminer's rule is similar; it is what the ground truth's spacing follows)."""
    words, cur = [], []
    for c in chars:
        if not c["text"].strip():
            if cur:
                words.append(_word(cur))
                cur = []
            continue
        if cur:
            gap = c["x0"] - cur[-1]["x1"]
            if gap > WORD_GAP_EM * max(_height(c), _height(cur[-1])) or c["x0"] < cur[-1]["x0"] - 0.5:
                words.append(_word(cur))
                cur = []
        cur.append(c)
    if cur:
        words.append(_word(cur))
    return _join_thousands(words)


def _join_thousands(words: list[TWord]) -> list[TWord]:
    out: list[TWord] = []
    for w in words:
        p = out[-1] if out else None
        if (p and _THOUSANDS_HEAD.match(p.text) and _THOUSANDS_TAIL.match(w.text)
                and w.x0 - p.x1 < 0.35 * w.size):
            out[-1] = TWord(p.text + " " + w.text, p.x0, min(p.top, w.top), w.x1, max(p.bottom, w.bottom),
                            max(p.size, w.size), p.bold)
        else:
            out.append(w)
    return out


def read_lines(chars: list[dict]) -> list[Line]:
    lines = []
    for cl in char_lines(chars):
        ws = line_words(cl)
        if ws:
            lines.append(Line(ws))
    return lines


def char_width(*words: TWord) -> float:
    """Mean advance of the characters of these words: the unit of gaps. A space is
    about half of it in a proportional font and all of it in a monospaced one."""
    return max(sum(w.x1 - w.x0 for w in words) / max(sum(len(w.text) for w in words), 1), 0.5)


def split_segments(lines: list[Line], gap_cw: float = SEGMENT_GAP_CW) -> list[Segment]:
    segs = []
    for i, ln in enumerate(lines):
        cur = [ln.words[0]]
        for prev, w in zip(ln.words, ln.words[1:]):
            if w.x0 - prev.x1 > gap_cw * char_width(prev, w):
                segs.append(Segment(cur, i))
                cur = []
            cur.append(w)
        segs.append(Segment(cur, i))
    return segs
