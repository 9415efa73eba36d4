"""Regions of tables without a full grid of ruling lines, found from where the figures sit.

A data row is a line whose figures stand apart (a gap wider than a space) from a text
label on their left. Rows stacked closely, overlapping horizontally, form a table body;
tables side by side stay apart because their rows do not overlap. The region grows
upwards over the header: the lines just above the body that stay within its width and
are not prose, and every line inside a shaded header band drawn right above it. A
caption ("Table 2: ...") or a wider line above is the title; short lines just below
(footnotes, a source, an axis) are its notes. The structure inside the region is read
by the grid reader (tables/read.py), like any other table.

Chart data labels in the text layer read the same way (category label, figure), while an
axis (a line of evenly spaced numbers) is not a row.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extractors.context.periods import find_periods, periods_in
from extractors.numbers import parse_cell
from extractors.pdf.layout import LWord, PageLayout, Segment, group_lines, split_segments
from extractors.types import BBox, union_bbox

CAPTION = re.compile(r"^\s*(?:table|figure|fig\.?|chart|graph|exhibit)\s*\d+[a-z]?\b", re.I)
# "Table 2:", "TABLE A-4.", "Figure 3": a caption that numbers its table; below a table it
# opens the next one, and two of them over regions mean two tables. Wider than CAPTION
# (lettered numbers "A-4") and stricter (a space after the word); not yet one pattern
NUMBERED_CAPTION = re.compile(r"^\W*(?:table|figure|chart|exhibit)\s+[A-Z]?[\d.-]*\d", re.I)
_PROSE_END = re.compile(r"[.;:]\s*$")
MAX_HEADER_LINES = 5
CALLOUT = 1.6          # figures set this much larger than the page's text are callouts
_MARK = re.compile(r"[\d*†‡¹²³⁴⁵⁶⁷⁸⁹⁰a-z]{1,2}")   # a footnote mark


def is_figure_text(text: str) -> bool:
    """A segment that is one figure (or a censored mark), not a period in a header."""
    if find_periods(text) and parse_cell(text) and "%" not in text:
        return False   # "2016/17" or "2015" in a header is a period, not a figure
    return parse_cell(text) is not None


# an interval printed as one cell: "(182.2–204.8)", "[3.1-4.0]", "12.5–14.0" (a confidence
# interval), "$9,595–$17,992" (a band of money); bracketed, decimals or a currency at
# both ends, so an age band "18-24" stays text
_INTERVAL = re.compile(r"^(?:[(\[]\s*-?[\d,]*\.?\d+\s*[–-]\s*-?[\d,]*\.?\d+\s*[)\]]"
                       r"|-?[\d,]*\.\d+\s*[–-]\s*-?[\d,]*\.\d+"
                       r"|[$£€]\d[\d,]*\s*[–-]\s*[$£€]\d[\d,]*)$")


def _is_figure(seg: Segment) -> bool:
    """A segment that is a figure, or an interval of two (a cell of the table all the same)."""
    return is_figure_text(seg.text) or bool(_INTERVAL.match(seg.text))


def is_axis(segs: list[Segment]) -> bool:
    """Three or more figures evenly spaced in value: an axis's tick labels."""
    parsed = [parse_cell(s.text) for s in segs]
    vals = [p.value if p else None for p in parsed]
    if len(vals) < 3 or any(v is None for v in vals):
        return False
    steps = {round(b - a, 6) for a, b in zip(vals, vals[1:])}
    return len(steps) == 1


@dataclass
class Row:
    label: list[Segment]
    figures: list[Segment]
    tail: list[Segment] = field(default_factory=list)   # text after the figures (a status)

    @property
    def x0(self): return (self.label or self.figures)[0].x0
    @property
    def x1(self): return self.figures[-1].x1
    @property
    def top(self): return min(s.top for s in self.label + self.figures)
    @property
    def bottom(self): return max(s.bottom for s in self.label + self.figures)


@dataclass
class Draft:
    rows: list[Row] = field(default_factory=list)
    side: list[Segment] = field(default_factory=list)   # row labels on lines of their own

    @property
    def x0(self): return min([r.x0 for r in self.rows] + [s.x0 for s in self.side])
    @property
    def x1(self): return max(r.x1 for r in self.rows)
    @property
    def top(self): return self.rows[0].top
    @property
    def bottom(self): return self.rows[-1].bottom
    @property
    def reach(self):
        """Right edge with the text columns after the figures (status, notes), short of
        the left margin of lines of running prose wider than the body, when three or
        more rows have one (a text column printed beside the table)."""
        width = self.x1 - self.x0

        def beside(s):       # running text wider than the table's own body: another column
            return (_is_prose([s]) or len(s.words) >= 8) and s.x1 - s.x0 >= width

        segs = [s for r in self.rows for s in r.tail]
        far = [s for s in segs if beside(s)]
        edge = min(s.x0 for s in far) - 2 if len(far) >= 3 else float("inf")   # that column's left margin
        return max([self.x1] + [s.x1 for s in segs if s.x0 < edge])


@dataclass
class Region:
    """Where a table is printed: `bbox` is what its grid is read from; `extra` are
    boxes of lines that belong to it without being cells (notes, an axis). The title
    stays part of the page's text too."""
    page: int
    bbox: BBox
    title: str = ""
    notes: str = ""
    extra: list[BBox] = field(default_factory=list)
    heading: str = ""
    one_figure_rows: bool = False   # a chart's data labels: one figure at the end of each row


def _rows_of_line(segs: list[Segment]) -> list[Row]:
    """Cut a line into (label, figures) groups: a new group starts at text after figures."""
    rows: list[Row] = []
    cur = Row([], [])
    for s in segs:
        if _is_figure(s):
            cur.figures.append(s)
        else:
            if cur.figures:
                rows.append(cur)
                cur = Row([], [])
            cur.label.append(s)
    if cur.figures:
        rows.append(cur)
    elif cur.label and rows:
        rows[-1].tail = cur.label        # text after the last figures: a status column
    return rows


def _overlap(a0, a1, b0, b1) -> float:
    return min(a1, b1) - max(a0, b0)


def _line_box(line: list[LWord]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line),
            max(w.bottom for w in line))


_FUNCTION = {"the", "of", "and", "to", "in", "for", "with", "is", "are", "was", "were", "a", "an", "by", "on",
             "at", "from", "that", "this", "which", "as", "has", "have", "be", "it", "its", "their", "we", "our"}


def _is_prose(segs: list[Segment]) -> bool:
    """A line of running text: a sentence ending, or a long run of words that reads like
    a sentence (function words between them; a header row of names and dates does not)."""
    for s in segs:
        words = [w.text.lower().strip(",.;:()") for w in s.words]
        if len(words) >= 5 and _PROSE_END.search(s.text):
            return True
        if len(words) >= 9 and sum(w in _FUNCTION for w in words) >= 0.2 * len(words):
            return True
    return False


def _is_sentence(text: str) -> bool:
    """Running text rather than a title: a sentence ending, or very long."""
    words = len(text.split())
    return words > 25 or (words >= 5 and bool(re.search(r"[.;]\s*$", text)))


def _bands(lay: PageLayout) -> list[BBox]:
    """Shaded boxes (a header band, a banded row), as (x0, top, x1, bottom)."""
    out = []
    for r in lay.rects:
        colour = r.get("non_stroking_color")
        if not r.get("fill") or colour is None:
            continue
        try:
            white = all(float(v) >= 0.97 for v in (colour if isinstance(colour, (tuple, list)) else (colour,)))
        except (TypeError, ValueError):
            white = False
        if not white and r["x1"] - r["x0"] > 20 and r["bottom"] - r["top"] > 5:
            out.append((r["x0"], r["top"], r["x1"], r["bottom"]))
    return out


def _header(d: Draft, lines: list[list[LWord]], bands: list[BBox], lo: float, hi: float,
            left: float = 0.0, h_rules: list[BBox] = ()) -> tuple[list[list[LWord]], str]:
    """Header lines above the body: their text within [lo, hi] (the body's width, short
    of any table beside it), when it is not prose and stays inside that width, or lies
    in a shaded band drawn right above the body. The title: a caption, or the short
    line just above that does not fit the header; it may start left of the table (a
    caption at the margin over an indented table), but not left of `left`."""
    lh = max(d.rows[0].bottom - d.rows[0].top, 4.0)
    width = d.x1 - d.x0
    band = next((b for b in bands if b[3] <= d.top + lh and d.top - b[3] < 1.5 * lh
                 and _overlap(b[0], b[2], d.x0, d.x1) > 0.5 * width), None)
    header: list[list[LWord]] = []
    title = ""
    edge = d.top
    real_top = None                       # top of the highest header line over the figures
    fig_x0 = _figures_x0(d)
    # the rows' own type: a caption is set apart from it (larger, or bold over plain rows)
    row_size = statistics.median(w.size for r in d.rows for g in r.label + r.figures for w in g.words)
    plain_rows = not any(w.bold for r in d.rows for g in r.label for w in g.words)
    for line in sorted((ln for ln in lines if _line_box(ln)[3] <= d.top + 0.5), key=lambda ln: -_line_box(ln)[3]):
        segs = split_segments(line)
        mine = [s for s in segs if _overlap(s.x0, s.x1, lo, hi) > 0]
        if _superscripts(mine, d):
            continue          # a footnote mark raised above a header word ("2017/18²")
        if not mine:
            aside = [s for s in segs if left <= s.x0 and s.x1 <= lo]
            if aside and edge - max(s.bottom for s in aside) < (2.5 if header else 4.0) * lh:
                text = " ".join(s.text for s in aside)
                if not _is_sentence(text) and not any(_is_figure(s) for s in aside):
                    title = text
                break
            continue
        top, bottom = min(s.top for s in mine), max(s.bottom for s in mine)
        in_band = band is not None and top >= band[1] - 1 and bottom <= band[3] + 1
        gap = edge - bottom
        text = " ".join(s.text for s in mine)
        box = (min(s.x0 for s in mine), top, max(s.x1 for s in mine), bottom)
        if CAPTION.match(text) and gap < 3 * lh:
            title = text + _caption_wrap(mine, header)
            break
        figures = any(_is_figure(s) and not _year_tail(s, lines) for s in mine)
        # one run of words from the stub's edge into the figure columns, or set larger than
        # the table's own text: a caption
        if len(mine) == 1 and mine[0].x0 <= d.x0 + lh and not in_band and (
                mine[0].x1 > fig_x0 and not periods_in(text) or mine[0].size >= 1.15 * row_size):
            title = _title_lines(line, lines, box, text)
            break
        # one run of words at the stub's edge, short of the figure columns, above the header
        # lines over them and set apart in type (larger, or bold over plain rows): a caption
        # over a table whose header starts at the figures ("Per 100,000 population")
        if len(mine) == 1 and real_top is not None and mine[0].x0 <= d.x0 + lh and mine[0].x1 < fig_x0 \
                and not in_band and (mine[0].size >= 1.1 * row_size or plain_rows and all(w.bold for w in mine[0].words)) \
                and not any(min(s.x0 for s in split_segments(ln)) <= d.x0 + lh
                            for ln in header if _line_box(ln)[1] < real_top + 0.5):
            title = _title_lines(line, lines, box, text)
            break
        # one run of words centred on the whole table, as wide as half of it and set off
        # from the header below: a caption set centred above (an HTML <caption>), not a
        # header over a group of columns or the first line of wrapped headers
        if len(mine) == 1 and not in_band and mine[0].x1 - mine[0].x0 >= 0.5 * width and gap > 0.4 * lh \
                and abs((mine[0].x0 + mine[0].x1) / 2 - (d.x0 + d.x1) / 2) <= 0.08 * width \
                and len(text.split()) >= 3 and any(
                    len(split_segments(ln)) >= 2 for ln in lines if edge - 0.5 <= _line_box(ln)[1] <= d.top):
            title = _title_lines(line, lines, box, text)
            break
        titled = not _is_sentence(text) and gap < (2.5 if header else 4.0) * lh and not figures
        wide = box[0] < lo - 0.15 * width or box[2] > hi + 0.15 * width
        # a rule across the table between this line and a header line over the figures
        # is the table's top (a rule under a group row's label is not)
        ruled_off = real_top is not None and any(
            bottom < r[1] < real_top and _overlap(r[0], r[2], d.x0, d.x1) > 0.8 * width for r in h_rules)
        # ... unless a rule across the table also runs just above this line: a header row set
        # between a top rule and a rule under it (booktabs), the table's top
        if ruled_off and len(mine) >= 2 and not figures and not wide and not _is_prose(mine) and any(
                0 <= top - r[3] < 1.5 * lh and _overlap(r[0], r[2], d.x0, d.x1) > 0.8 * width for r in h_rules):
            header.insert(0, [w for s in mine for w in s.words])
            break
        # group labels alone so far (a "Male" line left of the figures, set apart above the
        # rows): the header may stand further up, and they do not count as header lines
        labels_only = bool(header) and real_top is None
        if not in_band and (gap > (3.0 if labels_only else 1.8 if header else 2.5) * lh
                            or sum(_line_box(h)[2] > fig_x0 for h in header) >= MAX_HEADER_LINES
                            or wide or ruled_off or _is_prose(mine) or figures):
            if titled:
                title = _title_lines(line, lines, box, text)
            break
        header.insert(0, [w for s in mine for w in s.words])
        edge = top
        if any(s.x1 > fig_x0 for s in mine):
            real_top = top
    return header, title


def _figures_x0(d: Draft) -> float:
    """Where the figure columns start: at the first figure of the rows, or at the second
    when no row has a text label (a stub of figures: a concentration, an age, a year)."""
    if not any(r.label for r in d.rows) and all(len(r.figures) >= 2 for r in d.rows):
        return min(r.figures[1].x0 for r in d.rows)
    return min(r.figures[0].x0 for r in d.rows)


def _caption_wrap(caption: list[Segment], header: list[list[LWord]]) -> str:
    """The lines of a caption wrapped under it, taken off the top of `header`: set just
    below it in its type (size, weight), one run of words."""
    words = [w for s in caption for w in s.words]
    size, bold, edge = statistics.median(w.size for w in words), all(w.bold for w in words), max(s.bottom for s in caption)
    out = ""
    while header and len(split_segments(header[0])) == 1:
        line = header[0]
        x0, top, x1, bottom = _line_box(line)
        if top - edge > 0.8 * (bottom - top) or abs(statistics.median(w.size for w in line) - size) > 0.5 \
                or all(w.bold for w in line) != bold:
            break
        out += " " + " ".join(w.text for w in line)
        edge = bottom
        header.pop(0)
    return out


def _year_tail(s: Segment, lines: list[list[LWord]]) -> bool:
    """"13" under "2012-": the end of a year wrapped in a header cell, not a figure."""
    if not re.fullmatch(r"\d{2}", s.text):
        return False
    lh = s.bottom - s.top
    return any(w.text.endswith(("-", "–", "/")) and w.x0 < s.x1 and s.x0 < w.x1
               and 0 <= s.top - w.bottom < 0.8 * lh for ln in lines for w in ln)


def _superscripts(segs: list[Segment], d: Draft) -> bool:
    """Only footnote marks set small (a raised "2" or "*" printed as a line of its own)."""
    size = statistics.median(w.size for r in d.rows for s in r.label + r.figures for w in s.words)
    words = [w for s in segs for w in s.words]
    return bool(words) and len(words) <= 3 and all(
        _MARK.fullmatch(w.text) and w.size < 0.85 * size for w in words)


def _title_lines(first: list[LWord], lines: list[list[LWord]], box: BBox, text: str) -> str:
    """A title and the lines of it printed just above (a caption wrapped over up to three
    lines, in the same type)."""
    size = statistics.median(w.size for w in first)
    texts, edge = [text], box[1]
    for line in sorted((ln for ln in lines if _line_box(ln)[3] <= edge + 0.5), key=lambda ln: -_line_box(ln)[3]):
        x0, top, x1, bottom = _line_box(line)
        if _overlap(x0, x1, box[0], box[2]) <= 0:
            continue
        line_text = " ".join(w.text for w in line)
        if edge - bottom > 0.8 * (bottom - top) or abs(statistics.median(w.size for w in line) - size) > 0.5 \
                or _is_sentence(line_text) or len(texts) >= 3 or any(_is_figure(g) for g in split_segments(line)):
            break
        texts.insert(0, line_text)
        edge = top
    return " ".join(texts)


def heading_above(lines: list[list[LWord]], top: float, x0: float, x1: float, body_size: float) -> str:
    """The section heading over a table: the nearest short line above it (within a few
    lines) set in bold, capitals or larger type than the body."""
    seen = 0
    for line in sorted((ln for ln in lines if _line_box(ln)[3] <= top + 0.5), key=lambda ln: -_line_box(ln)[3]):
        bx0, btop, bx1, bottom = _line_box(line)
        if _overlap(bx0, bx1, x0 - 200, x1) <= 0:
            continue
        seen += 1
        if top - bottom > 5 * max(bottom - btop, 4.0) or seen > 2:
            return ""         # a heading further up heads an earlier part of the page
        text = " ".join(w.text for w in line)
        letters = [ch for ch in text if ch.isalpha()]
        strong = all(w.bold for w in line) or (letters and all(ch.isupper() for ch in letters)) \
            or statistics.median(w.size for w in line) >= 1.15 * body_size
        if strong and len(line) <= 12 and not _is_sentence(text):
            return text
    return ""


def caption_above(lay: PageLayout, box: BBox, words: list[LWord]) -> str:
    """The caption of a table drawn in `box` (a ruled one): the nearest short line above
    it, over it or starting at the margin to its left, within a few line heights; wrapped
    over up to three lines. `words` are the page's words outside every table."""
    above = [w for w in words if w.bottom <= box[1] + 0.5]
    if not above:
        return ""
    lines = group_lines(above)
    near = []
    for line in sorted(lines, key=lambda ln: -_line_box(ln)[3]):
        x0, top, x1, bottom = _line_box(line)
        if box[1] - bottom > 4.0 * max(bottom - top, 4.0):
            break
        near.append(line)
    for line in near:   # a numbered caption ("Table 1: ...") over a stray header word left out
        text = " ".join(w.text for w in line)
        if CAPTION.match(text):
            return _title_lines(line, lines, _line_box(line), text)
    for line in near:
        x0, top, x1, bottom = _line_box(line)
        if x0 > box[2] or x1 < box[0] - 0.6 * (box[2] - box[0]):
            continue
        segs = split_segments(line)
        text = " ".join(s.text for s in segs)
        if _is_sentence(text) or any(_is_figure(s) for s in segs):
            return ""
        return _title_lines(line, lines, (x0, top, x1, bottom), text)
    return ""


def notes_below(box: BBox, words: list[LWord]) -> str:
    """The notes of a table drawn in `box` (a ruled one): the lines just below it and
    within its width (a key, a source, footnotes), up to four, until a gap or a line in a
    larger type than the first note. `words` are the page's words outside every table."""
    lines = group_lines([w for w in words if w.top >= box[3] - 0.5 and _overlap(w.x0, w.x1, box[0], box[2]) > 0])
    out, edge, size = [], box[3], None
    for line in sorted(lines, key=lambda ln: _line_box(ln)[1]):
        x0, top, x1, bottom = _line_box(line)
        lh = max(bottom - top, 4.0)
        line_size = statistics.median(w.size for w in line)
        if top - edge > (2.0 if out else 2.5) * lh or (size is not None and line_size > size + 0.5) \
                or NUMBERED_CAPTION.match(" ".join(w.text for w in line)):
            break
        size = line_size if size is None else size
        out.append(" ".join(w.text for w in line))
        edge = bottom
        if len(out) >= 4:
            break
    return " ".join(out)


def _limits(d: Draft, drafts: list[Draft]) -> tuple[float, float, float]:
    """How far left and right the table may reach: a little past its body, never into a
    table printed beside it; and how far left its caption may start (the margin, or the
    table to its left)."""
    width = d.x1 - d.x0
    lo, hi, left = d.x0 - 0.05 * width, d.reach + 0.05 * width, 0.0
    for o in drafts:
        if o is d or _overlap(o.top, o.bottom, d.top - 3 * (d.bottom - d.top), d.bottom) <= 0:
            continue
        if o.x0 >= d.x1:
            hi = min(hi, o.x0 - 1)
        elif o.x1 <= d.x0:
            lo = max(lo, o.x1 + 1)
            left = max(left, o.x1 + 1)
    return lo, hi, left


def _add_side_labels(d: Draft, lines: list[list[LWord]], drafts: list[Draft]) -> None:
    """Row labels wrapped over two lines, with the row's figures centred between them,
    stand on lines of their own left of the figures: when most rows have no label of
    their own, the text lines left of the body, within its height and on one left edge,
    are its labels (the region then takes them in)."""
    if sum(bool(r.label) and not all(find_periods(s.text) for s in r.label) for r in d.rows) >= len(d.rows) / 2:
        return
    lh = max(d.rows[0].bottom - d.rows[0].top, 4.0)
    side = [ln for ln in lines if _line_box(ln)[2] < d.x0 and d.top - lh <= _line_box(ln)[1]
            and _line_box(ln)[3] <= d.bottom + 1.5 * lh and not any(is_figure_text(w.text) for w in ln)
            and not any(o is not d and _overlap(o.x0, o.x1, _line_box(ln)[0], _line_box(ln)[2]) > 0
                        and _overlap(o.top, o.bottom, _line_box(ln)[1], _line_box(ln)[3]) > 0 for o in drafts)]
    if len(side) < len(d.rows):
        return
    left = min(_line_box(ln)[0] for ln in side)
    side = [ln for ln in side if abs(_line_box(ln)[0] - left) < lh]
    if len(side) >= len(d.rows):
        d.side = [Segment(ln) for ln in side]


def _wrapped_last_label(d: Draft, lines: list[list[LWord]]) -> list[Segment]:
    """The rest of the last row's label wrapped onto the lines below it ("Alcohol-specific"
    / "mortality (per 100,000)"): text in the label column only, set close below."""
    last = d.rows[-1]
    if not last.label:
        return []
    lh = max(last.bottom - last.top, 4.0)
    fig_x0 = min(r.figures[0].x0 for r in d.rows)
    out, edge = [], last.bottom
    for line in sorted((ln for ln in lines if _line_box(ln)[1] >= edge - 0.5), key=lambda ln: _line_box(ln)[1]):
        x0, top, x1, bottom = _line_box(line)
        if top - edge > 0.6 * lh or len(out) >= 2:
            break
        if x1 >= fig_x0 or min(abs(x0 - g.x0) for g in last.label) > lh:
            break          # (the label may stand after a code: "S2 | Repeat victims of")
        out += split_segments(line)
        edge = bottom
    return out


def _notes(d: Draft, lines: list[list[LWord]], lo: float, hi: float, below: float | None = None
           ) -> tuple[str, list[BBox]]:
    """Text just below the rows (and `below`, the end of a wrapped last label) and inside
    their width (axis ticks and title, source, footnotes), and the boxes of the lines
    that belong to the table."""
    lh = max(d.rows[-1].bottom - d.rows[-1].top, 4.0)
    out, boxes, edge, size = [], [], below or d.bottom, 0.0
    for line in sorted(lines, key=lambda ln: _line_box(ln)[1]):
        mine = [s for s in split_segments(line) if _overlap(s.x0, s.x1, lo, hi) > 0]
        if not mine:
            continue
        top, bottom = min(s.top for s in mine), max(s.bottom for s in mine)
        if top < edge - 0.5 or top - edge > (2.0 if out else 2.5) * lh:
            continue
        line_size = statistics.median(w.size for s in mine for w in s.words)
        if out and line_size > size + 0.5:
            break          # text in a larger type than the first note: the page's prose
        if not out:
            size = line_size
        if _is_prose(mine) and not re.match(r"^\W?\s*(?:source|note|\d\s|[*†‡¹²³])", mine[0].text, re.I) \
                or NUMBERED_CAPTION.match(mine[0].text):
            break          # prose, or the caption of the next table
        out.append(" ".join(s.text for s in mine))
        boxes.append((min(s.x0 for s in mine), top, max(s.x1 for s in mine), bottom))
        edge = bottom
        if len(out) >= 2:
            break
    return " ".join(out), boxes


def _group_rows_between(d: Draft, row: Row, lines: list[list[LWord]]) -> bool:
    """Only short label lines lie between the draft and the row, within a row pitch or
    two: group rows starting at the draft's left edge ("Victim-based crime"), or a
    sub-header over the figure columns ("Projected enrollment, in thousands")."""
    between = [ln for ln in lines if d.bottom < _line_box(ln)[1] and _line_box(ln)[3] < row.top]
    if not between or len(between) > 2:
        return False
    lh = row.bottom - row.top
    pitch = (d.rows[-1].top - d.rows[-2].top) if len(d.rows) >= 2 else 3 * lh

    def over_figures(ln):
        x0, _, x1, _ = _line_box(ln)
        return len(split_segments(ln)) == 1 and x0 >= _figures_x0(d) - lh and x1 <= d.x1 + lh \
            and not NUMBERED_CAPTION.match(" ".join(w.text for w in ln))

    if not all(len(ln) <= 8 and not any(is_figure_text(w.text) for w in ln)
               and (abs(_line_box(ln)[0] - d.x0) < 3 * lh or over_figures(ln)) for ln in between):
        return False
    # a sub-header over the figures often has a blank line above it
    room = 2.0 if all(over_figures(ln) for ln in between) else 1.5
    return row.top - d.rows[-1].top <= (len(between) + room) * pitch


def _rest_of_last_line(d: Draft, row: Row) -> bool:
    """The row continues the draft's last line (text between its figures, "Ref.", cut the
    line in two), right of it and within the width the draft's rows already span."""
    last = d.rows[-1]
    return len(d.rows) >= 2 and row.x0 >= last.x1 and _overlap(last.top, last.bottom, row.top, row.bottom) > 0 \
        and _overlap(d.x0, d.x1, row.x0, row.x1) > 0.5 * (row.x1 - row.x0)


def _text_above(row: Row, lines: list[list[LWord]]) -> str:
    """The line just above a row (within two line heights, over its width)."""
    lh = max(row.bottom - row.top, 4.0)
    above = [ln for ln in lines if row.top - 2 * lh <= _line_box(ln)[3] <= row.top + 0.5
             and _overlap(_line_box(ln)[0], _line_box(ln)[2], row.x0, row.x1) > 0]
    return " ".join(w.text for w in max(above, key=lambda ln: _line_box(ln)[3])) if above else ""


def _header_again(d: Draft, row: Row, lines: list[list[LWord]]) -> bool:
    """The draft's first row printed again with the line over it ("Design effect" /
    "Proportion 1.7 1.8 ..."): the header of a second table set under the first."""
    first = d.rows[0]
    if len(d.rows) < 3 or not row.label or [s.text for s in row.label] != [s.text for s in first.label]:
        return False
    return _text_above(first, lines) == _text_above(row, lines) != ""


def _drafts(lines: list[list[LWord]]) -> list[Draft]:
    drafts: list[Draft] = []
    body = statistics.median([w.size for ln in lines for w in ln] or [0.0])
    for line in lines:
        if len(line) <= 3 and all(w.size < 0.85 * body and _MARK.fullmatch(w.text) for w in line):
            continue          # footnote marks raised on a line of their own
        segs = split_segments(line)
        figs = [s for s in segs if _is_figure(s)]
        if not figs or (len(figs) == len(segs) and is_axis(segs)):
            continue
        if all(s.size >= CALLOUT * body for s in figs):
            continue          # big numbers set as callouts (an infographic), not table cells
        for row in _rows_of_line(segs):
            lh = max(row.bottom - row.top, 4.0)
            for d in drafts:
                if _header_again(d, row, lines):
                    continue
                if _rest_of_last_line(d, row):
                    # one row, its figures on both sides of the text (which stays inside its box)
                    d.rows[-1].figures += row.figures
                    d.rows[-1].tail = row.tail
                    break
                if ((0 <= row.top - d.bottom < 2.5 * lh or
                     0 <= row.top - d.bottom and _group_rows_between(d, row, lines))
                        and _overlap(d.x0, d.x1, row.x0, row.x1) > 0.5 * min(d.x1 - d.x0, row.x1 - row.x0)):
                    d.rows.append(row)
                    break
            else:
                drafts.append(Draft([row]))
    out = []
    for d in drafts:
        labelled = [r for r in d.rows if r.label]
        # figures centred beside labels wrapped over two lines stand on lines of their own:
        # a few labelled rows among three or more still make a table
        # (or none: every label wrapped around its figures), when each row holds several
        if len(d.rows) < 2 or len(labelled) < 2 and not (
                len(d.rows) >= 3 and (labelled or all(len(r.figures) >= 2 for r in d.rows))):
            continue
        # a label that is a whole sentence means the "row" is prose with a figure at the end
        if sum(_is_prose(r.label) or len(" ".join(s.text for s in r.label)) > 120
               for r in labelled) > len(labelled) / 2:
            continue
        out.append(d)
    return out


def find_unruled_regions(lay: PageLayout, words: list[LWord]) -> list[Region]:
    """Regions of the tables printed with `words` (a page's words outside ruled tables)."""
    lines = group_lines(words)
    bands = _bands(lay)
    regions = []
    drafts = _drafts(lines)
    body_size = statistics.median([w.size for w in words] or [0.0])
    for d in drafts:
        _add_side_labels(d, lines, drafts)
    limits = [_limits(d, drafts) for d in drafts]
    headers = [_header(d, lines, bands, lo, hi, left, lay.h_rules) for d, (lo, hi, left) in zip(drafts, limits)]
    tops = [min([d.top] + [_line_box(ln)[1] for ln in h]) for d, (h, _) in zip(drafts, headers)]
    for d, (lo, hi, left), (header, title) in zip(drafts, limits, headers):
        wrapped = _wrapped_last_label(d, lines)
        # notes end where the header of a table below begins
        below = [t for o, t in zip(drafts, tops) if o is not d and t >= d.bottom and _overlap(o.x0, o.x1, lo, hi) > 0]
        before_next = [ln for ln in lines if _line_box(ln)[3] <= min(below) + 0.5] if below else lines
        notes, note_boxes = _notes(d, before_next, lo, hi, wrapped[-1].bottom if wrapped else None)
        body = [s for r in d.rows for s in r.label + r.figures + r.tail if s.x1 <= hi] + wrapped + d.side
        box = union_bbox([w.bbox for s in body for w in s.words] + [w.bbox for ln in header for w in ln])
        heading = heading_above(lines, box[1], box[0], box[2], body_size)
        regions.append(Region(lay.page, box, title, notes, note_boxes,
                              one_figure_rows=all(len(r.figures) == 1 for r in d.rows), heading=heading))
    return regions
