"""Columns of a table from where its text segments sit, and from its vertical rules.

A gutter is an x where the lines that have text on both sides of x (they *separate*
there) outnumber the lines with a segment running across x (they *cross* it) by
GUTTER_VOTES to one. A plain projection profile (Camelot stream, tabula) demands zero
crossings, so one header centred over two columns ("2005" over Number | Percent), or
one long label, glues two columns together; voting lets the many data lines decide.
A vertical rule that text stops at is a gutter too; between two such rules a text
gutter needs most of the lines there (justified text is not split into columns).

A segment that still runs across a gutter is a spanning cell: it is placed in the
leftmost column it covers, which is where the ground-truth convention (and a reader)
puts a spanning cell. A header narrower than the columns it heads is widened to them
when the page shows its span: a straddle rule under it, or column rules that start
just below it.
"""
from __future__ import annotations

from extractors.tables.grid_text import Line, Segment, char_width

GUTTER_VOTES = 3.0      # separating lines needed per crossing line
SPLIT_GAP_CW = 0.6      # a segment crossing a gutter is cut at a word gap this wide inside it
TOUCH = 1.0             # pt: boxes overlapping by less than this only touch (kerning, bold)
RULED_BAND_SHARE = 0.6  # between rules, a text gutter needs this share of the lines there


def _rule_cuts(v_rules, lines: list[Line], by_line) -> list[float]:
    """x of each vertical rule that separates text: it crosses some text line and the
    text of most of those lines stops at it rather than running across it."""
    cuts = []
    for r in v_rules:
        crossed = [i for i, ln in enumerate(lines) if r.start - 1 <= (ln.top + ln.bottom) / 2 <= r.end + 1]
        through = [i for i in crossed if any(s.x0 + 1 < r.pos < s.x1 - 1 for s in by_line.get(i, []))]
        if crossed and len(through) * 2 < len(crossed):
            cuts.append(r.pos)
    return sorted(cuts)


def _text_gutters(segs: list[Segment], by_line, cuts: list[float]) -> list[float]:
    """Cut positions (run midpoints) of the gutters found by voting.

    At x, a line *separates* if it has text on both sides and none across x. A segment
    running across x is a *bridge* (a spanning cell) only if it overlaps text of the
    separating lines on both sides; a segment that does not is just a wide cell of one
    column ("kg/year" under "to air"), so x is not a gutter. Between two rules (a
    ruled table), a gutter must also be backed by most lines with text there, so a
    cell of justified text with wide spaces is not split."""
    edges = sorted({round(v + d, 2) for s in segs for v, d in ((s.x0, TOUCH), (s.x1, -TOUCH))})
    runs: list[list[float]] = []
    for a, b in zip(edges, edges[1:]):
        if b - a < 0.05:
            continue
        x = (a + b) / 2
        # between two rules only text between them has a say (a ruled column is read alone)
        lo = max([c for c in cuts if c <= x], default=-1e9)
        hi = min([c for c in cuts if c >= x], default=1e9)
        crossing, left, right = [], [], []
        for line_segs in by_line.values():
            across = [s for s in line_segs if s.x0 + TOUCH < x < s.x1 - TOUCH]
            if across:
                crossing += across
                continue
            ls = [s for s in line_segs if s.x1 - TOUCH <= x and s.x1 > lo]
            rs = [s for s in line_segs if s.x0 + TOUCH >= x and s.x0 < hi]
            if ls and rs:
                left += ls
                right += rs
        sep = len(set(s.line for s in left))
        if sep == 0 or len(crossing) * GUTTER_VOTES > sep:
            continue
        if not all(any(_overlap(c, o) for o in left) and any(_overlap(c, o) for o in right) for c in crossing):
            continue
        if cuts:
            in_band = sum(any(s.x1 > lo and s.x0 < hi for s in ls) for ls in by_line.values())
            if sep < RULED_BAND_SHARE * in_band:
                continue
        if runs and abs(runs[-1][1] - a) < 0.06:
            runs[-1][1] = b
        else:
            runs.append([a, b])
    return [(a + b) / 2 for a, b in runs]


def _span_gap_headers(segs: list[Segment], text: list[float], cuts: list[float],
                      lo: float, hi: float) -> list[float]:
    """A spanning header printed in the gap between its two sub-columns ("Male" over
    2019 | 2020, touching neither) would get a column of its own, empty below it. A
    column between two text gutters that holds only one or two header lines, above at
    least SPAN_BODY_LINES lines of both neighbours, and that runs across the middle of
    the neighbours' gap is such a header: the two gutters become one, in that middle,
    and the header spans both columns."""
    bounds = [lo - 1] + sorted(text + cuts) + [hi + 1]
    cols = [[s for s in segs if a <= (s.x0 + s.x1) / 2 < b] for a, b in zip(bounds, bounds[1:])]
    merged: list[float] = []
    k = 1
    while k < len(bounds) - 1:
        middle = None
        if k + 2 < len(bounds) and bounds[k] in text and bounds[k + 1] in text:
            middle = _gap_middle(cols[k - 1], cols[k], cols[k + 1])
        if middle is not None:
            merged.append(middle)
            k += 2
            continue
        if bounds[k] in text:
            merged.append(bounds[k])
        k += 1
    return merged


SPAN_BODY_LINES = 2     # a header in a gap stands over at least this many lines of each side


def _gap_middle(left: list[Segment], mid: list[Segment], right: list[Segment]) -> float | None:
    """The middle of the gap between `left` and `right` when `mid` is a header printed
    across it (see _span_gap_headers), else None."""
    if not left or not right or not mid or len({s.line for s in mid}) > 2:
        return None
    last = max(s.line for s in mid)
    if min(sum(s.line > last for s in side) for side in (left, right)) < SPAN_BODY_LINES:
        return None
    x_left, x_right = max(s.x1 for s in left), min(s.x0 for s in right)
    middle = (x_left + x_right) / 2
    if all(x_left - TOUCH <= s.x0 and s.x1 <= x_right + TOUCH and s.x0 < middle < s.x1 for s in mid):
        return middle
    return None


def _overlap(a: Segment, b: Segment) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH


def _cut(s: Segment, gutters, rules=()) -> list[Segment]:
    """Cut a segment at word gaps that lie inside a gutter and are wider than a space
    (two cells printed close together; a true spanning header has no such gap), and at
    any gap with a vertical rule in it (text does not run across a rule)."""
    pieces, cur = [], [s.words[0]]
    for prev, w in zip(s.words, s.words[1:]):
        in_gutter = any(g0 <= prev.x1 + 0.5 and w.x0 - 0.5 <= g1 and
                        min(g1, w.x0) - max(g0, prev.x1) > 0 for g0, g1 in gutters)
        ruled = any(prev.x1 - 0.5 <= x <= w.x0 + 0.5 for x in rules)
        if ruled or in_gutter and w.x0 - prev.x1 > SPLIT_GAP_CW * char_width(prev, w):
            pieces.append(Segment(cur, s.line))
            cur = []
        cur.append(w)
    pieces.append(Segment(cur, s.line))
    return pieces


def _straddle(s: Segment, line_segs: list[Segment], lines: list[Line], h_rules,
              width: float = 1e9) -> tuple[float, float, bool] | None:
    """The extent of a straddle rule: a horizontal rule printed just under a header,
    wider than it and under no other text of its line, shows which columns it spans.
    Returns (start, end, shared): shared when the rule also runs under other headers
    and the extent is this header's share of it."""
    below = lines[s.line + 1].top if s.line + 1 < len(lines) else s.bottom + 2 * (s.bottom - s.top)
    for r in h_rules:
        if s.bottom - 1 <= r.pos <= max(below, s.bottom + 1) + 1 and r.start <= s.x0 + 1 and r.end >= s.x1 - 1 \
                and r.length > (s.x1 - s.x0) + 4:
            others = [o for o in line_segs if o is not s and min(o.x1, r.end) - max(o.x0, r.start) > 1]
            if not others:
                return r.start, r.end, False
            if r.length > 0.8 * width:
                continue      # the rule under the whole header, not a straddle rule
            # one rule drawn under several group headers ("2022/23" and "2023/24" each
            # over its quarters, their underlines touching): each header's share of it
            # runs to halfway to its neighbours
            left = max((o.x1 for o in others if o.x1 <= s.x0), default=None)
            right = min((o.x0 for o in others if o.x0 >= s.x1), default=None)
            if any(o.x1 > s.x0 and o.x0 < s.x1 for o in others):
                continue
            start = r.start if left is None else (left + s.x0) / 2
            end = r.end if right is None else (s.x1 + right) / 2
            if end - start > (s.x1 - s.x0) + 4:
                return start, end, True
    return None


def find_columns(segs: list[Segment], lines: list[Line], v_rules=(), h_rules=()) -> tuple[list[Segment], int]:
    """Assign each segment a column (`col`, 0-based, left to right) and flag spanning
    ones; returns the segments (some cut in two) and the number of columns."""
    by_line: dict[int, list[Segment]] = {}
    for s in segs:
        by_line.setdefault(s.line, []).append(s)
    lo, hi = min(s.x0 for s in segs), max(s.x1 for s in segs)
    cuts = [c for c in _rule_cuts(v_rules, lines, by_line) if lo < c < hi]
    text = [t for t in _text_gutters(segs, by_line, cuts) if lo < t < hi]
    # a text gutter next to a rule is that rule's gutter
    text = [t for t in text if not any(abs(t - c) < 6 for c in cuts)]
    text = _span_gap_headers(segs, text, cuts, lo, hi)
    bounds = [lo - 1] + sorted(cuts + text) + [hi + 1]
    inner = [(b - 0.01, b + 0.01) for b in bounds[1:-1]]
    rules_at = _rules_across(v_rules, lines)

    def cols_of(seg):
        return [k for k in range(len(bounds) - 1)
                if min(seg.x1, bounds[k + 1]) - max(seg.x0, bounds[k]) > 0.5]

    out = []
    for s in segs:
        pieces = _cut(s, inner, rules_at.get(s.line, [])) if len(cols_of(s)) > 1 else [s]
        for p in pieces:
            ks = cols_of(p) or [min(range(len(bounds) - 1),
                                    key=lambda k: abs((p.x0 + p.x1) / 2 - (bounds[k] + bounds[k + 1]) / 2))]
            p.col, p.col_end, p.spanning = ks[0], ks[-1], len(ks) > 1
            out.append(p)
    if cuts:
        _widen_to_borders(out, rules_at)
    else:               # in a ruled grid a rule under a cell is its border, not a straddle rule
        _widen_to_rules(out, lines, h_rules)
    _trim_to_content(out)
    return out, len(bounds) - 1


def _trim_to_content(segs: list[Segment]) -> None:
    """A spanning header does not start or end in a column no other text uses: that
    column is only the gap a neighbouring header's edge made ("Quarter 4 2020/21" ending
    inside "Variance", whose figures all lie to the right)."""
    content = _content(segs)
    for s in segs:
        if not s.spanning:
            continue
        a, b = s.col, s.col_end
        while a < b and a not in content:
            a += 1
        while b > a and b not in content:
            b -= 1
        s.col, s.col_end, s.spanning = a, b, a < b


def _rules_across(v_rules, lines: list[Line]) -> dict[int, list[float]]:
    """x of the vertical rules that cross each line."""
    out: dict[int, list[float]] = {}
    for i, ln in enumerate(lines):
        y = (ln.top + ln.bottom) / 2
        out[i] = sorted(r.pos for r in v_rules if r.start - 1 <= y <= r.end + 1)
    return out


def _content(segs: list[Segment]) -> dict[int, list[float]]:
    """x-extent of each column's own (non-spanning) text."""
    content: dict[int, list[float]] = {}
    for s in segs:
        if not s.spanning:
            c = content.setdefault(s.col, [s.x0, s.x1])
            c[0], c[1] = min(c[0], s.x0), max(c[1], s.x1)
    return content


def _widen_to_borders(segs: list[Segment], rules_at: dict[int, list[float]]) -> None:
    """In a ruled table, a cell spans every column between the rules beside it on its
    own line: "2005" over Number | Margin | Percent, whose separating rules stop below it."""
    content = _content(segs)
    for s in segs:
        xs = rules_at.get(s.line, [])
        left = max((x for x in xs if x <= s.x0 + 1), default=None)
        right = min((x for x in xs if x >= s.x1 - 1), default=None)
        below = rules_at.get(s.line + 1, [])
        if left is None or right is None or not any(left + 1 < c < right - 1 for c in below):
            continue          # only where a column rule starts just below this line
        ks = sorted(k for k, (a, b) in content.items() if a >= left - 1 and b <= right + 1)
        if len(ks) > 1 and ks[0] <= s.col:
            s.col, s.col_end, s.spanning = ks[0], max(ks[-1], s.col_end), True
            s.extent = (left, right)


def _widen_to_rules(segs: list[Segment], lines: list[Line], h_rules) -> None:
    """A header with a straddle rule spans the columns whose text lies over the rule."""
    if not h_rules:
        return
    content = _content(segs)
    by_line: dict[int, list[Segment]] = {}
    for s in segs:
        by_line.setdefault(s.line, []).append(s)
    width = max(s.x1 for s in segs) - min(s.x0 for s in segs)
    for s in segs:
        ext = _straddle(s, by_line[s.line], lines, h_rules, width)
        if ext is None or ext[1] - ext[0] > 0.8 * width:
            continue
        ks = sorted(k for k, (a, b) in content.items() if min(b, ext[1]) - max(a, ext[0]) > TOUCH
                    and (ext[0] <= (a + b) / 2 <= ext[1] or not ext[2]))
        if len(ks) > 1 and ks[0] <= s.col:
            s.col, s.col_end, s.spanning = ks[0], max(ks[-1], s.col_end), True
            s.extent = ext[:2]
