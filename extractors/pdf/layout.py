"""Page layout: words with boxes, ruling lines, lines and segments.

Pages are parsed by PLAYA into pdfminer's layout objects (its `miner` module, about
twice as fast as pdfminer), and words are grouped with pdfplumber's `extract_words`.

PageLayout is plain data (picklable), so later stages never reopen the PDF for text.
A line is cut into segments where the gap between words is much wider than a space
(text/blocks.py stacks segments into blocks; tables read segments as cells).
"""
from __future__ import annotations

import contextlib
import functools
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import pdfminer.layout
import pdfplumber
import playa
from playa import miner as playa_miner
from playa.color import Color as PlayaColor
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils import extract_words

from extractors.limits import check_time, note
from extractors.types import BBox, Document

log = logging.getLogger(__name__)

BULLETS = "•◦▪▫■□●○◆◇►▸‣⁃–-*\uf0b7\uf0a7\uf0d8\uf076\uf0fc"


@dataclass
class LWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    char_x: list[tuple[float, float]] = field(default_factory=list)  # per character
    color: Optional[tuple] = None   # glyph fill colour (a chart's data label shares its series')
    conf: Optional[float] = None    # Tesseract's confidence in an OCR word (0-100); None: text layer

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    def sub_bbox(self, start: int, end: int) -> BBox:
        """Box of characters [start, end) of this word."""
        if not self.char_x or end > len(self.char_x):
            return self.bbox
        return (self.char_x[start][0], self.top, self.char_x[end - 1][1], self.bottom)


@dataclass
class PageLayout:
    page: int                    # 1-based
    width: float
    height: float
    words: list[LWord]
    h_rules: list[BBox]          # horizontal ruling segments
    v_rules: list[BBox]          # vertical ruling segments
    furniture: set[int] = field(default_factory=set)   # indexes of header/footer words
    rotation: int = 0            # degrees its text was turned to read upright (0: as printed)
    # what the table structure reader reads: characters (pdfplumber's keys) and the
    # lines and rectangles with their fill and stroke, as pdfplumber's page.lines / rects
    chars: list[dict] = field(default_factory=list, repr=False)
    lines: list[dict] = field(default_factory=list, repr=False)
    rects: list[dict] = field(default_factory=list, repr=False)
    # PLAYA's parse of a ruled page, for Camelot; dropped once read, never pickled
    parsed: object = field(default=None, repr=False, compare=False)

    def __getstate__(self):
        return {**self.__dict__, "parsed": None}

    @property
    def has_rulings(self) -> bool:
        return bool(self.h_rules) and bool(self.v_rules)


def _page_objects(objs, kinds, height: float, x_off: float, top_off: float,
                  doctop0: float) -> tuple[list[dict], list[dict]]:
    """Characters and ruling candidates (lines, then rects) of a page from its layout
    objects (pdfminer's or PLAYA's copy of them: `kinds` is the module holding the
    classes). pdfplumber's `page.chars` converts and resolves every attribute of every
    object (colours, graphic state), which costs as much as parsing the page; this keeps
    only the keys read here, computed with pdfplumber's own formulas and offsets."""
    chars, lines, rects = [], [], []
    container, ltchar, ltline, ltrect, ltcurve = (
        kinds.LTContainer, kinds.LTChar, kinds.LTLine, kinds.LTRect, kinds.LTCurve)

    def box(obj) -> dict:
        top = (height - obj.y1) + top_off
        return {"x0": obj.x0 + x_off, "x1": obj.x1 + x_off, "top": top,
                "bottom": (height - obj.y0) + top_off, "doctop": doctop0 + top}

    def walk(items) -> None:
        for obj in items:
            if isinstance(obj, container):   # a figure: its contents are on the page
                walk(obj._objs)
            elif isinstance(obj, ltchar):
                text = _glyph_text(obj.get_text())
                if not text:      # a glyph mapped to no character: nothing to read
                    continue
                char = {**box(obj), "text": text, "upright": obj.upright,
                        "size": obj.size, "fontname": _fontname(obj.fontname),
                        "turn": _glyph_turn(obj.matrix), "color": _colour(obj)}
                chars.extend(_unligate(char) if char["text"] in LIGATURES else (char,))
            elif isinstance(obj, ltline):
                lines.append({**box(obj), **_paint(obj), "object_type": "line"})
            elif isinstance(obj, ltrect):
                rects.append({**box(obj), **_paint(obj), "object_type": "rect"})
            elif isinstance(obj, ltcurve) and min(obj.width, obj.height) <= 2.5 < max(obj.width, obj.height):
                # a thin filled path drawn as a polygon is a rule like any other
                lines.append({**box(obj), **_paint(obj), "object_type": "curve"})

    walk(objs)
    return chars, lines + rects


def _glyph_text(text: str) -> str:
    """A glyph's text as pdfminer gives it where PLAYA passes on the code: a WinAnsi
    code in the C1 range is its Windows-1252 character ("\x95" is "•", "\x99" "™"),
    and the soft hyphen a line-end hyphenation prints is a hyphen."""
    if len(text) == 1 and "\x80" <= text <= "\x9f":
        with contextlib.suppress(UnicodeDecodeError):
            return bytes([ord(text)]).decode("cp1252")
    return "-" if text == "\xad" else text


# browsers and LaTeX print "ff", "fi", ... as one glyph: "Diﬀerence" is "Difference"
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}


def _unligate(char: dict) -> list[dict]:
    """A ligature glyph as its letters, each with an equal share of the glyph's width."""
    letters = LIGATURES[char["text"]]
    step = (char["x1"] - char["x0"]) / len(letters)
    return [{**char, "text": ch, "x0": char["x0"] + k * step, "x1": char["x0"] + (k + 1) * step}
            for k, ch in enumerate(letters)]


def _paint(obj) -> dict:
    """Fill and stroke of a line or rectangle (which of its edges a reader can see)."""
    return {"fill": obj.fill, "stroke": obj.stroke,
            "non_stroking_color": _components(obj.non_stroking_color),
            "stroking_color": _components(obj.stroking_color)}


def _components(c):
    """A colour as pdfminer gives it: PLAYA's Color(values, pattern) as its values."""
    return c.values if isinstance(c, PlayaColor) else c


def _colour(obj) -> Optional[tuple]:
    """A glyph's fill colour (see normal_colour): the one it was drawn with (PLAYA's
    `graphicstate` is the text object's, changed by later operators)."""
    if isinstance(obj, playa_miner.LTChar):
        return normal_colour(_components(obj.non_stroking_color))
    return normal_colour(getattr(getattr(obj, "graphicstate", None), "ncolor", None))


def normal_colour(c) -> Optional[tuple]:
    """A colour as a tuple of components rounded alike wherever it was read (a glyph's
    fill, a rectangle's), or None (a pattern or unknown)."""
    if isinstance(c, (int, float)):
        return (round(float(c), 3),)
    if isinstance(c, (list, tuple)):
        return _rounded(tuple(c))
    return None


@functools.lru_cache(maxsize=4096)
def _rounded(c: tuple) -> Optional[tuple]:
    """normal_colour of a tuple (a page has a few colours and many glyphs: cached)."""
    if all(isinstance(x, (int, float)) for x in c):
        return tuple(round(float(x), 3) for x in c)
    return None


def _glyph_turn(matrix) -> int:
    """The direction a glyph's baseline runs, in degrees clockwise from left-to-right (PDF
    y points up, so a baseline running down the page has b < 0)."""
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return 0 if a > 0 else 180
    return 90 if b < 0 else 270


def _fontname(name) -> str:
    return fix_fontname_bytes(name) if isinstance(name, bytes) else name


def _rules(shapes: list[dict]) -> tuple[list[BBox], list[BBox]]:
    """Ruling segments from lines and thin rectangles (cell borders are often rects)."""
    h, v = [], []
    for obj in shapes:
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        w, hgt = x1 - x0, bottom - top
        if hgt <= 2.5 and w > 5:
            h.append((x0, top, x1, bottom))
        elif w <= 2.5 and hgt > 5:
            v.append((x0, top, x1, bottom))
        elif obj.get("object_type") == "rect" and w > 5 and hgt > 5:
            # a box: its four edges are rulings
            h += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
            v += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
    return h, v


SPACELESS = 0.02     # a page with fewer space glyphs than this share of its characters
WORD_GAP_EM = 0.12   # ... splits words where letters stand this much of the type size apart


def _split_spaceless(w: dict) -> list[dict]:
    """A "word" pdfplumber joined because the PDF draws no space glyphs and the gaps
    between its words are narrower than its fixed tolerance ("thenumberofnewclaimsrose"),
    cut at the gaps wider than both WORD_GAP_EM of the type size and the word's usual
    gap between letters (so letter-spaced headings stay whole)."""
    chars = w.get("chars") or []
    if len(chars) < 4 or len(chars) != len(w["text"]):
        return [w]
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:])]
    size = statistics.median(c.get("size") or (c["bottom"] - c["top"]) for c in chars)
    limit = max(WORD_GAP_EM * size, statistics.median(gaps) + 0.08 * size)
    cuts = [i + 1 for i, g in enumerate(gaps) if g > limit]
    if not cuts:
        return [w]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(chars)]):
        part = chars[a:b]
        out.append({**w, "text": "".join(c["text"] for c in part), "x0": part[0]["x0"], "x1": part[-1]["x1"],
                    "top": min(c["top"] for c in part), "bottom": max(c["bottom"] for c in part), "chars": part})
    return out


def _words(page_chars: list[dict]) -> list[LWord]:
    out = []
    words = extract_words(page_chars, keep_blank_chars=False, use_text_flow=False,
                          extra_attrs=["size"], return_chars=True)
    if page_chars and sum(c["text"] == " " for c in page_chars) < SPACELESS * len(page_chars):
        words = [part for w in words for part in _split_spaceless(w)]
    for w in words:
        chars = w.get("chars") or []
        bold = sum("Bold" in (c.get("fontname") or "") for c in chars) > len(chars) / 2
        char_x = [(c["x0"], c["x1"]) for c in chars] if len(chars) == len(w["text"]) else []
        out.append(LWord(w["text"], w["x0"], w["top"], w["x1"], w["bottom"],
                         round(w.get("size", 0) or 0, 1), bold, char_x, _word_colour(chars)))
    return out


def _word_colour(chars: list[dict]) -> Optional[tuple]:
    """The colour most of a word's characters are filled with."""
    if not chars:
        return None
    first = chars[0].get("color")
    if all(c.get("color") == first for c in chars):
        return first
    return Counter(c.get("color") for c in chars).most_common(1)[0][0]


def _furniture(layouts: list[PageLayout]) -> None:
    """Mark running headers and footers: lines in the top or bottom margin that recur
    (digits ignored, so page numbers match) on at least two pages."""
    if len(layouts) < 2:
        return
    keyed: dict[int, dict[str, list[int]]] = {}
    for lay in layouts:
        lines: dict[float, list[int]] = {}
        for i, w in enumerate(lay.words):
            if w.top < lay.height * 0.08 or w.bottom > lay.height * 0.92:
                lines.setdefault(round(w.top), []).append(i)
        keyed[lay.page] = {re.sub(r"\d+", "#", " ".join(lay.words[i].text for i in idx)): idx
                           for idx in lines.values()}
    counts = Counter(k for page in keyed.values() for k in page)
    for lay in layouts:
        for key, idx in keyed[lay.page].items():
            if counts[key] >= 2:
                lay.furniture.update(idx)


def _turn_upright(turn: int, width: float, height: float, objs: list[dict]) -> list[dict]:
    """Boxes turned by `turn` degrees (the direction the page's text runs) so that the
    text reads left to right: sideways and upside-down pages are read the right way up."""
    out = []
    for d in objs:
        x0, top, x1, bottom = d["x0"], d["top"], d["x1"], d["bottom"]
        if turn == 90:
            box = (top, width - x1, bottom, width - x0)
        elif turn == 180:
            box = (width - x1, height - bottom, width - x0, height - top)
        else:  # 270
            box = (height - bottom, x0, height - top, x1)
        turned = {**d, "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3],
                  "doctop": d["doctop"] - top + box[1]}
        if "upright" in d and turn in (90, 270):
            # sideways text is upright once turned; pdfminer gave sideways glyphs their
            # advance as size, which would split words wherever the letter width changes
            turned["upright"] = not d["upright"]
            turned["size"] = box[3] - box[1]
        out.append(turned)
    return out


def _text_turn(chars: list[dict]) -> int:
    """Which way most of the page's text runs, in degrees clockwise from upright, as
    shown (pdfminer applies the page's /Rotate): 0, 90 (top to bottom), 180, 270."""
    counts = Counter(c["turn"] for c in chars if c["text"].strip())
    if not counts:
        return 0
    turn, n = counts.most_common(1)[0]
    return turn if n > sum(counts.values()) / 2 else 0


class _PlayaPage:
    """A page parsed by PLAYA, once: its objects feed the layout, and Camelot reads the
    same parse (`PageLayout.parsed`) instead of parsing the page again."""
    def __init__(self, page, doctop0: float):
        self.page, self.doctop0 = page, doctop0
        turned = page.rotate % 180 == 90
        self.width, self.height = (page.height, page.width) if turned else (page.width, page.height)
        # pdfplumber's offsets: the (rotated) mediabox's lower-left corner
        x0, y0 = page.mediabox[:2]
        self.x_off, self.top_off = (y0, x0) if turned else (x0, y0)

    def objects(self):
        parsed = playa_miner.extract_page(self.page)
        chars, shapes = _page_objects(parsed._objs, playa_miner, self.height, self.x_off,
                                      self.top_off, self.doctop0)
        return chars, shapes, parsed

    def close(self) -> None:
        pass


class _PdfminerPage:
    """A page parsed by pdfminer through pdfplumber: for a file PLAYA cannot open."""
    def __init__(self, page):
        self.page, self.width, self.height = page, float(page.width), float(page.height)

    def objects(self):
        x_off, top_off = self.page.mediabox[:2]
        chars, shapes = _page_objects(self.page.layout._objs, pdfminer.layout, self.height,
                                      x_off, top_off, self.page.initial_doctop)
        return chars, shapes, None

    def close(self) -> None:
        self.page.close()


def _pages(path: str, parser: str = "playa"):
    """The pages of a PDF as page sources (see _PlayaPage), in order, with a closer.
    PLAYA parses ~2x faster than pdfminer and Camelot reads its objects; pdfminer
    reads a file PLAYA cannot open (the repair step made sure pdfminer can)."""
    if parser == "playa":
        pdf = None
        try:
            pdf = playa.open(path, space="page")
            pages, doctop = [], 0.0
            for page in pdf.pages:
                pages.append(_PlayaPage(page, doctop))
                doctop += pages[-1].height
            return pages, pdf.close
        except Exception as exc:   # PLAYA's parser and pdfminer's disagree on broken files
            log.info("%s: PLAYA cannot read it (%s), pdfminer reads it", path, type(exc).__name__)
            if pdf is not None:
                with contextlib.suppress(Exception):
                    pdf.close()
    pdf = pdfplumber.open(path)
    return [_PdfminerPage(p) for p in pdf.pages], pdf.close


def read_layout(doc: Document, pages: set[int] | None = None, parser: str = "playa") -> list[PageLayout]:
    """A PageLayout per page (or per page in `pages`): words from the text layer, or from
    Tesseract for the pages in `doc.ocr_pages` (no ruling lines there: tables are read
    from word geometry). `parser="pdfminer"` reads the text layer with pdfminer instead
    of PLAYA (benchmarks compare the two)."""
    layouts, skipped = [], dict(doc.skipped_pages)
    sources, close = _pages(doc.source_path, parser)
    try:
        for n, page in enumerate(sources, start=1):
            if pages is not None and n not in pages:
                continue
            check_time(f"reading page {n} of {doc.page_count}")
            layouts.append(_read_page(doc, n, page, skipped))
            page.close()
    finally:
        close()
    _furniture(layouts)
    return layouts


def _read_page(doc: Document, n: int, page, skipped: dict[int, str]) -> PageLayout:
    width, height = float(page.width), float(page.height)
    if n in skipped:      # over an input limit: never handed to the parser
        note(f"page {n} skipped: {skipped[n]}")
        return PageLayout(n, width, height, [], [], [])
    if n in doc.ocr_pages:
        from extractors.pdf.ocr import ocr_words
        try:
            words = ocr_words(doc.source_path, n - 1)
        except Exception as exc:   # a page PDFium cannot draw: nothing to OCR
            note(f"page {n} could not be read ({type(exc).__name__})")
            words = []
        return PageLayout(n, width, height, words, [], [])
    try:
        chars, shapes, parsed = page.objects()
    except Exception as exc:   # one broken page costs that page, not the document
        note(f"page {n} could not be read ({type(exc).__name__})")
        return PageLayout(n, width, height, [], [], [])
    turn = _text_turn(chars)
    if turn:
        chars = _turn_upright(turn, width, height, chars)
        shapes = _turn_upright(turn, width, height, shapes)
        if turn != 180:
            width, height = height, width
    h, v = _rules(shapes)
    lay = PageLayout(n, width, height, _words(chars), h, v, rotation=turn, chars=chars,
                     lines=[o for o in shapes if o["object_type"] == "line"],
                     rects=[o for o in shapes if o["object_type"] == "rect"])
    if lay.has_rulings and not turn:
        lay.parsed = parsed      # Camelot's lattice reads these pages (tables/lattice.py)
    return lay


# --------------------------------------------------------------------------- lines
class WordRun:
    """Geometry of a run of words on one line, left to right (needs `self.words`)."""
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


@dataclass
class Segment(WordRun):
    """Words on one baseline with no wide gap between them."""
    words: list[LWord]

    @property
    def size(self): return statistics.median(w.size or (w.bottom - w.top) for w in self.words)


def group_lines(words: list[LWord]) -> list[list[LWord]]:
    """Words sharing a baseline, each line sorted left to right."""
    lines: list[list[LWord]] = []
    for w in sorted(words, key=lambda w: (round(w.bottom), w.x0)):
        for line in lines[-3:]:
            ref = line[0]
            overlap = min(ref.bottom, w.bottom) - max(ref.top, w.top)
            if overlap > 0.6 * min(ref.bottom - ref.top, w.bottom - w.top):
                line.append(w)
                break
        else:
            lines.append([w])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: min(w.top for w in ln))
    return lines


NUMBER_TOKEN = re.compile(r"^[-+–−]?[$€£]?\d[\d,./]*%?$")
FIGURES_GAP_EM = 0.5    # two figures side by side, further apart than a space, are two cells
# a figure (bracketed or not) or a dash standing for one, beside any word: a gap of about
# an em is a cell boundary in a tight table ("crime  21,112", "14.5%  Green"), far wider
# than a word space even in justified text
_CELL_TOKEN = re.compile(r"^(?:\(?[-+–−]?[$€£]?\d[\d,.]*%?\)?|[-–—])$")
CELL_GAP_EM = 0.9
SIZE_JUMP = 2.5         # type this many times larger than its neighbour is set apart from it


def split_segments(line: list[LWord], gap_em: float = 1.0) -> list[Segment]:
    """Cut a line where the gap is wider than `gap_em` times the font size, or between
    two figures set wider apart than a word space ("534.4  551.3" in a tight table)."""
    segs = [Segment([line[0]])]
    for prev, w in zip(line, line[1:]):
        size = max(prev.size, w.size, 4.0)
        gap = w.x0 - prev.x1
        is_bullet = len(prev.text) == 1 and prev.text in BULLETS and len(segs[-1].words) == 1
        figures = NUMBER_TOKEN.match(prev.text) and NUMBER_TOKEN.match(w.text) and gap > FIGURES_GAP_EM * size
        cell = (_CELL_TOKEN.match(prev.text) or _CELL_TOKEN.match(w.text)) and gap >= CELL_GAP_EM * size
        # big type beside small ("2,116" beside "police staff"): a number and its label
        sizes = sorted((prev.size or 1.0, w.size or 1.0))
        jump = sizes[1] >= SIZE_JUMP * sizes[0]
        if (gap > gap_em * size or figures or cell or jump) and not is_bullet:
            segs.append(Segment([w]))
        else:
            segs[-1].words.append(w)
    return segs


def page_segments(words: list[LWord]) -> list[Segment]:
    return [s for line in group_lines(words) for s in split_segments(line)]


def inside(w: LWord, box: BBox, pad: float = 1.0) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad
