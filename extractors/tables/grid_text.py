"""Characters -> text lines -> words -> segments, for reading one table region.

Built from pdfplumber's characters rather than its words because a table needs two
different gap scales: a word break (a space, or a gap of WORD_GAP_EM of the font size)
and a cell break (a gap wider than a space, measured in character widths so that a
monospaced table, where a space is a whole character, reads like a proportional one;
the columns module decides later, against the whole table, which gaps are gutters).
Lines are clustered on vertical overlap with the line's own band, not with the union
of what joined it, so a figure centred between two label lines cannot chain them.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from extractors.pdf.layout import NUMBER_TOKEN as _NUMBER, WordRun

BULLETS = {"•", "◦", "▪", "▫", "■", "□", "●", "○", "◆", "◇", "►", "▸", "‣", "⁃", "\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "\uf0fc"}
BLANK_GAP_EM = 0.05    # a blank character breaks a word if the glyphs around it are this far apart
WORD_GAP_EM = 0.15     # a gap wider than this (times font size) breaks a word
SEGMENT_GAP_CW = 1.1   # a gap wider than this (times the mean character width) may separate cells
FIGURES_GAP_CW = 0.45  # two figures side by side are two cells once the gap is wider than this
# ...but not "1269 (19.9%)": a bracketed figure after a figure qualifies it
_YEAR = re.compile(r"^(?:19|20)\d{2}(?:[/-]\d{2,4})?$")
_LEADER = re.compile(r"^([.·…_]{3,}|[-–—=]{3,})$")
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
class Segment(WordRun):
    """Words of one line with no cell-sized gap between them."""
    words: list[TWord]
    line: int                      # index of its Line
    spanning: bool = False         # runs across a column gutter (a spanning cell)
    col: int = -1                  # leftmost column it covers
    col_end: int = -1              # rightmost column it covers
    extent: tuple[float, float] | None = None   # the x-range its rules show it spans

    @property
    def size(self): return max(w.size for w in self.words)


def dedupe(chars: list[dict], tol: float = 1.0) -> list[dict]:
    """Drop a character printed again on top of itself (fake bold): same glyph, font
    and size within `tol` pt. pdfplumber's own dedupe is quadratic on big pages."""
    seen: dict[tuple, list[dict]] = {}
    out = []
    for c in chars:
        key = (c["text"], c.get("fontname"), round(c.get("size", 0), 1))
        gx, gy = int(c["x0"] // tol), int(c["top"] // tol)
        near = [o for dx in (-1, 0, 1) for dy in (-1, 0, 1) for o in seen.get(key + (gx + dx, gy + dy), ())]
        if any(abs(o["x0"] - c["x0"]) <= tol and abs(o["top"] - c["top"]) <= tol for o in near):
            continue
        seen.setdefault(key + (gx, gy), []).append(c)
        out.append(c)
    return out


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
    """Words of one line: broken at gaps wider than WORD_GAP_EM of the font size, and at
    blank characters that take up room (a blank drawn over a glyph, as some PDFs pad
    numbers, does not split "14.862")."""
    words, cur, blank = [], [], False
    for c in chars:
        if not c["text"].strip():
            blank = True
            continue
        if cur:
            gap = c["x0"] - cur[-1]["x1"]
            size = max(_height(c), _height(cur[-1]))
            if gap > WORD_GAP_EM * size or (blank and gap > BLANK_GAP_EM * size) \
                    or c["x0"] < cur[-1]["x0"] - 0.5:
                words.append(_word(cur))
                cur = []
        cur.append(c)
        blank = False
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
        # a run of dots or dashes standing alone is a leader or a typed rule, not text
        ws = [w for w in line_words(cl) if not _LEADER.match(w.text)]
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
            if len(cur) == 1 and cur[0].text in BULLETS:
                pass                       # a bullet belongs to the text after it, however far
            elif w.x0 - prev.x1 > gap_cw * char_width(prev, w) or (
                    _NUMBER.match(prev.text) and _NUMBER.match(w.text)
                    and w.x0 - prev.x1 > FIGURES_GAP_CW * char_width(prev, w)
                    and not (len(cur) > 1 and _YEAR.match(w.text))):   # "Quarter 4 2018/19" is one label
                segs.append(Segment(cur, i))
                cur = []
            cur.append(w)
        segs.append(Segment(cur, i))
    return segs
