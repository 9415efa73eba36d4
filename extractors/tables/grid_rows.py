"""Rows of a table from its text lines: which printed lines are one table row.

A table row is often printed on several lines: a wrapped label, a header cell such as
"Number of / retail outlets / (000)", a figure centred beside a two-line label. The
ICDAR metric links each cell to its neighbours, so a wrapped cell left as two rows
breaks several links at once; merging lines is where most of the gain is.

Lines are taken top to bottom and each is either merged into the current row or
starts a new one:
  * a ruling line between them (under their text) always separates them;
  * two figures in one column are two rows;
  * header lines (above the first line of figures, or the wrapped label printed above
    it) merge column by column, except that a line with two or more cells centred
    under a spanning header starts the next header level;
  * in a table ruled row by row, lines between two rules are one row unless the next
    line plainly starts a new one (a capitalised label after a finished one);
  * elsewhere a line merges only on evidence that it continues the row: it starts in
    lower case or the text above ends mid-phrase, it is set tighter than the rows
    are, or it completes a label-only line with that label's figures.

A cell that spans rows is written in its top row (the ground truth's convention, and
where a reader looks for it), so some cells move out of their line's row: a stub
header beside two header levels ("Category"), a row label centred on a ruled group of
rows, a label wrapped across two sub-rows.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extractors.tables.grid_rules import Rule
from extractors.tables.grid_text import Line, Segment

# a figure: number with separators, sign, currency, percent, footnote mark; or a dash / n.a.
_FIGURE = re.compile(r"^[(\[]?[-+–−]?\s?[$€£¥]?\s?\d[\d,. ]*\s?(%|‰|pp|[kKmMbB]n?)?[)\]]?\s?[*†‡a-zA-Z]{0,2}$"
                     r"|^[-–—−]$|^n/?a$|^\.\.$|^x$|^\(?[a-z]\)?$|^\*+$", re.I)
_UNIT = re.compile(r"^\(0+\)[*†‡]*$")          # "(000)": thousands, a unit in a header
_YEAR = re.compile(r"^(19|20)\d\d([-–/](19|20)?\d\d?)?\*{0,3}$")
_CONT_END = re.compile(r"([,\-–/&(+]|\b(and|or|of|the|in|for|to|with|by|a|an|on|at|from|per|as|than|between|including))$", re.I)
_CONT_START = re.compile(r"^([a-z(\[&/%–\-+]|\d+\)|and\b|or\b)")
RULE_COVER = 0.5       # a rule separates two lines if it runs under this share of a segment of theirs
CENTRED = 0.25         # a parent header's centre is within this share of its children's width of theirs
SUB_ROWS = 0.7         # below this share of labelled data lines, the table has sub-rows
LOOSE = 0.4            # (font sizes) a gap this much wider than the tightest spacing is a blank line
TIGHT = 0.15           # (font sizes) a gap this much narrower than the row gap is inside a cell


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


@dataclass
class LineInfo:
    index: int
    top: float
    bottom: float
    size: float
    cells: dict[int, str] = field(default_factory=dict)      # column -> text on this line
    figures: set[int] = field(default_factory=set)           # columns holding a figure
    spans: list[tuple] = field(default_factory=list)          # (first col, last col, x0, x1, line) of spanning segments
    extent: dict[int, list[float]] = field(default_factory=dict)  # column -> [x0, x1] of its text

    @property
    def is_data(self) -> bool:
        """A line with a number (years, and units such as "(000)" or "(g)", are header labels)."""
        real = [c for c in self.figures if not _YEAR.match(self.cells[c].strip())
                and not _UNIT.match(self.cells[c].strip()) and any(ch.isdigit() for ch in self.cells[c])]
        return any(c > 0 for c in real) or len(real) >= 2


def _infos(lines: list[Line], segs: list[Segment]) -> list[LineInfo]:
    infos = [LineInfo(i, ln.top, ln.bottom, ln.size) for i, ln in enumerate(lines)]
    for s in sorted(segs, key=lambda s: s.x0):
        li = infos[s.line]
        li.cells[s.col] = (li.cells[s.col] + " " + s.text) if s.col in li.cells else s.text
        e = li.extent.setdefault(s.col, [s.x0, s.x1])
        e[0], e[1] = min(e[0], s.x0), max(e[1], s.x1)
        if s.spanning:
            # a header its rules show spanning (left-aligned over its columns) is centred
            # on its whole extent
            x0, x1 = s.extent or (s.x0, s.x1)
            li.spans.append((s.col, s.col_end, x0, x1, s.line))
    for li in infos:
        li.figures = {c for c, t in li.cells.items() if is_figure(t)}
    return infos


def _ruled_between(a: Line, b: Line, segs_a, segs_b, h_rules: list[Rule]) -> bool:
    lo, hi = (a.top + a.bottom) / 2, (b.top + b.bottom) / 2
    for r in h_rules:
        if lo < r.pos < hi:
            for s in segs_b:           # a rule under only part of the row separates only that part
                w = max(s.x1 - s.x0, 1.0)
                if min(r.end, s.x1) - max(r.start, s.x0) >= RULE_COVER * w:
                    return True
    return False


@dataclass
class _Row:
    lines: list[LineInfo]
    cells: dict[int, str] = field(default_factory=dict)
    figures: set[int] = field(default_factory=set)
    spans: list[tuple] = field(default_factory=list)

    def add(self, li: LineInfo) -> None:
        self.lines.append(li)
        for c, t in li.cells.items():
            self.cells[c] = (self.cells[c] + " " + t) if c in self.cells else t
        self.figures |= li.figures
        self.spans += li.spans

    @property
    def last(self) -> LineInfo:
        return self.lines[-1]


def _starts_fresh(text_above: str, text_below: str) -> bool:
    """The text below begins a new cell: capital or digit after a finished phrase."""
    t = text_below.strip()
    return bool(t) and (t[0].isupper() or t[0].isdigit()) and not _continues(text_above, text_below)


def _new_label(row: "_Row", li: LineInfo) -> bool:
    return 0 in li.cells and 0 in row.cells and _starts_fresh(row.cells[0], li.cells[0])


def _body_start(infos: list[LineInfo], ruled: list[bool]) -> int | None:
    """Index of the first body line: the first line of figures, or the wrapped label
    printed above it (label-only lines that the figures' line, or each other, continue)."""
    k = next((li.index for li in infos if li.is_data), None)
    while k is not None and k > 0 and not ruled[k - 1]:
        above, here = infos[k - 1], infos[k]
        if k == 1 and 0 in here.cells:
            break      # the top line is a header, unless the figures below lack their label
        if set(above.cells) != {0} or above.figures:
            break
        if 0 in here.cells and not _continues(above.cells[0], here.cells[0]):
            break
        k -= 1
    return k


def _continues(text_above: str, text_below: str) -> bool:
    """Evidence that `text_below` is the next line of the same cell."""
    return bool(_CONT_END.search(text_above.strip()) or _CONT_START.match(text_below.strip()))


def _row_gap(infos: list[LineInfo], ruled: list[bool]) -> float | None:
    """Typical gap (in font sizes) between two consecutive data lines: the row spacing."""
    gaps = [(b.top - a.bottom) / max(a.size, 1.0) for a, b, r in zip(infos, infos[1:], ruled)
            if a.is_data and b.is_data and not r and a.figures & b.figures]
    return statistics.median(gaps) if len(gaps) >= 2 else None


def group_rows(lines: list[Line], segs: list[Segment], h_rules=()
               ) -> tuple[list[list[int]], dict[tuple[int, int], int]]:
    """Rows as lists of line indexes, top to bottom, and the cells moved out of their
    line's row into the row where their spanning cell is written: {(line, column): row}."""
    if not lines:
        return [], {}
    h_rules = list(h_rules)
    infos = _infos(lines, segs)
    by_line: dict[int, list[Segment]] = {}
    for s in segs:
        by_line.setdefault(s.line, []).append(s)
    ruled = [_ruled_between(lines[i], lines[i + 1], by_line.get(i, []), by_line.get(i + 1, []), h_rules)
             for i in range(len(lines) - 1)]
    first_data = _body_start(infos, ruled)
    data = [li for li in infos if li.is_data]
    # rows grouped under a label (Count / Percentage under "Asthma"): most data lines
    # have no label of their own
    sub_rows = len(data) >= 4 and sum(0 in li.cells for li in data) < SUB_ROWS * len(data)
    row_ruled = sum(ruled) >= 3
    gap_ref = _row_gap(infos, ruled)
    gaps = sorted((b.top - a.bottom) / max(a.size, 1.0) for a, b in zip(infos, infos[1:]))
    lead = gaps[len(gaps) // 4] if gaps else 0.0       # the tightest common line spacing

    def ruled_above(li: LineInfo, col: int) -> bool:
        """A rule between `li` and the line above runs under its cell in `col`."""
        return _ruled_between(lines[li.index - 1], lines[li.index], [],
                              [x for x in by_line.get(li.index, []) if x.col == col], h_rules)

    rows: list[_Row] = [_Row([])]
    rows[0].add(infos[0])
    moves: dict[tuple[int, int], int] = {}
    for li in infos[1:]:
        row, above = rows[-1], rows[-1].last
        header = first_data is not None and li.index < first_data
        if first_data is not None and above.index < first_data <= li.index:
            merge = False                               # the header ends where the figures start
        else:
            merge = _merge(row, above, li, ruled[li.index - 1], header, row_ruled, gap_ref, lead)
        if merge:
            row.add(li)
            for c in li.cells:                          # the rest of a cell moved up follows it
                if (above.index, c) in moves:
                    moves[(li.index, c)] = moves[(above.index, c)]
            continue
        if header:
            _next_level_moves(rows, li, ruled_above, moves)
        elif sub_rows and _label_wraps_on(row, li):
            # a row label wrapped across two sub-rows ("Chronic fatigue" Count / "syndrome"
            # Percentage) is one spanning cell, written in the upper row
            moves[(li.index, 0)] = moves.get((above.index, 0), len(rows) - 1)
        rows.append(_Row([]))
        rows[-1].add(li)
    if row_ruled:
        moves.update(_centred_labels(rows, _label_bands(lines, segs, h_rules)))
    return [[li.index for li in r.lines] for r in rows], moves


def _next_level_moves(rows: list[_Row], li: LineInfo, ruled_above, moves: dict) -> None:
    """`li` starts the next header level below `rows[-1]`; record the cells that belong
    to another row than `li`'s or the current one's."""
    row, new = rows[-1], len(rows)
    for a, b, x0, x1, line in _parents(row, li):
        # a cell under the parent that started a line early, off its centre ("Unadjusted"
        # above "odds ratio"), belongs to the new level; a centred one is the parent's
        # own next line ("Wildlife Criterion / (pg/L)")
        for up in row.lines:
            if up.index > line:
                for c in up.cells:
                    if a <= c <= b and abs(sum(up.extent[c]) / 2 - (x0 + x1) / 2) > CENTRED * (x1 - x0):
                        moves[(up.index, c)] = new
    # a stub cell of the new level ("Source", "Category", "Psychosomatic / Symptoms") with
    # no spanning header over it and no rule above spans the levels: it is written in the
    # first header row with nothing over it, like any spanning cell
    for c in li.cells:
        if c in li.figures or any(a <= c <= b for a, b, *_ in row.spans) or ruled_above(li, c):
            continue
        k = len(rows) - 1
        while k > 0 and c not in rows[k].cells and c not in rows[k - 1].figures \
                and not any(a <= c <= b for a, b, *_ in rows[k - 1].spans):
            k -= 1
        moves[(li.index, c)] = k


def _label_bands(lines: list[Line], segs: list[Segment], h_rules: list[Rule]) -> list[int]:
    """Band number of each line: bands are cut by rules that run under the label column
    (rules between sub-rows that stop short of it leave a centred label's group whole)."""
    label_x = [s.x0 + 1 for s in segs if s.col == 0]
    x = min(label_x) if label_x else None
    band = [0]
    for a, b in zip(lines, lines[1:]):
        lo, hi = (a.top + a.bottom) / 2, (b.top + b.bottom) / 2
        band.append(band[-1] + (x is not None and any(lo < r.pos < hi and r.start <= x <= r.end for r in h_rules)))
    return band


def _centred_labels(rows: list[_Row], band: list[int]) -> dict[tuple[int, int], int]:
    """A row label printed in the middle of a ruled group of figure rows ("Per cycle
    fuel savings" beside Med-low / Med-high / Very high) belongs to the group's first
    row, where a spanning cell is written. Only when the group starts with an unlabelled
    row of figures and all label text in the group reads as one phrase."""
    moved: dict[tuple[int, int], int] = {}
    groups: list[list[int]] = []
    labelled = False
    for k, r in enumerate(rows):
        # a group: figure rows of one ruled band, up to the next label once it has one
        has_label = any(0 in li.cells for li in r.lines)
        if not groups or band[r.lines[0].index] != band[rows[groups[-1][0]].lines[0].index] \
                or (0 in r.lines[0].cells and labelled) or not rows[k - 1].figures:
            groups.append([k])
            labelled = has_label
        else:
            groups[-1].append(k)
            labelled = labelled or has_label
    for ks in groups:
        first = rows[ks[0]]
        if len(ks) < 2 or not first.figures or 0 in first.lines[0].cells:
            continue
        pieces = [(k, li) for k in ks for li in rows[k].lines if 0 in li.cells]
        if not pieces or pieces[0][1].index >= rows[ks[-1]].lines[0].index:
            continue                      # the label must sit beside the group, above its last row
        texts = [li.cells[0] for _, li in pieces]
        if any(_starts_fresh(a, b) for a, b in zip(texts, texts[1:])):
            continue                      # several labels: several rows
        for k, li in pieces:
            moved[(li.index, 0)] = ks[0]
    return moved


def _label_wraps_on(row: _Row, li: LineInfo) -> bool:
    """The next row's label is the rest of this row's label: it plainly continues it,
    and both rows are sub-rows with a label of their own in another column."""
    if 0 not in li.cells or 0 not in row.cells or 0 in li.figures or not li.figures:
        return False
    if not (_CONT_START.match(li.cells[0].strip()) or _CONT_END.search(row.cells[0].strip())):
        return False
    return any(c != 0 and c not in li.figures for c in li.cells)


def _parents(row: _Row, li: LineInfo) -> list[tuple]:
    """The spanning headers of this row that `li` holds two or more cells centred under
    ("2007" over n | %Pos): `li` is then the next header level."""
    out = []
    for span in row.spans:
        a, b, x0, x1, _ = span
        under = [c for c in li.cells if a <= c <= b]
        if len(under) >= 2:
            lo, hi = min(li.extent[c][0] for c in under), max(li.extent[c][1] for c in under)
            if abs((x0 + x1) / 2 - (lo + hi) / 2) <= CENTRED * (hi - lo) + 2:
                out.append(span)
    return out


def _merge(row: _Row, above: LineInfo, li: LineInfo, ruled: bool, header: bool,
           row_ruled: bool, gap_ref: float | None, lead: float) -> bool:
    if ruled:
        return False
    if li.figures & row.figures and li.is_data:
        return False                                   # two figures in one column: two rows
    if header:
        return not _parents(row, li)
    shared = [c for c in li.cells if c in row.cells]
    gap = (li.top - above.bottom) / max(above.size, 1.0)
    if row_ruled:
        # between two rules: one row, unless a new label plainly starts here: with
        # figures, after a blank line, after a heading ("Stationary:"), or with every
        # other cell starting afresh too
        if _new_label(row, li):
            fresh = [c for c in li.cells if c in row.cells and c != 0]
            if (li.is_data or row.figures or gap > lead + LOOSE or row.cells[0].rstrip().endswith(":")
                    or (fresh and all(_starts_fresh(row.cells[c], li.cells[c]) for c in fresh))):
                return False
        return True
    tight = gap_ref is not None and gap < gap_ref - TIGHT
    if not li.figures:
        # text that continues cells of this row (a wrapped label or header)
        if shared and all(c in row.cells and c not in row.figures for c in li.cells):
            if any(row.cells[c].rstrip().endswith(":") for c in shared):
                return False                           # "Assigned (N=4,667):" heads a list
            return tight or all(_continues(row.cells[c], li.cells[c]) for c in shared)
        return False
    if not row.figures:
        # a label-only line completed by the figures of its row
        if 0 not in li.cells or not set(row.cells) & set(li.cells):
            return True                                # figures centred beside a wrapped label
                                                       # (in column 0, or after a code column)
        if 0 in row.cells and set(row.cells) <= {0} | set(li.cells) - li.figures:
            return tight or _continues(row.cells[0], li.cells[0])
    return False
