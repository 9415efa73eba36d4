"""Read a table's figures as observations: what each cell measures, when, where.

Each figure cell is read from its whole row path (the stub, and the group row above it
such as "Housing and health") and its whole column path (every header row over it,
spanning cells included), then the caption, the footnotes and the document context, in
that order:

  period     the column path ("2023/24" over "Q1", "2023/24 target", "YTD" up to the last
             quarter printed beside it), a period column ("Reporting", "Period"), a stub
             of periods, the caption, the document's reference period;
  measure    the column path (target, baseline, forecast, budget, variance, % change,
             pts, rank), the row label, the caption;
  unit/scale the cell ("%", "£"), the column path, the row label, the caption and notes
             ("per 1,000", "(£000)", "pts"); confidence limits take their estimate's;
  place      a header naming a place (gazetteer, the nation, a comparator group), a stub
             of places, the publisher's area;
  label      the row label; with a stub of places or periods, the caption's subject and
             the column's own words; where a row holds several measures, the row label
             and the column's meaning.
Status columns (RAG words, direction of travel, arrows), reference codes and note
columns are context, never figures and never the row's label.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extractors.context.labels import caption_subject, strip_footnote, without_periods
from extractors.context.measures import budget_measure, measure_from_text
from extractors.context.periods import MONTHS, PeriodMention, find_periods, month_of, month_span, periods_in, span_ends
from extractors.context.places import COMPARATOR, TOTAL_ROW, place_of, places_column
from extractors.context.units import POINTS, scale_from_text, unit_from_text
from extractors.numbers import DASH_CELLS, ParsedNumber, parse_cell
from extractors.pdf.layout import PageLayout
from extractors.text.phrases import MEASURE_NOUNS, UNIT_NOUNS, lexicon   # the part-of-speech lexicon
from extractors.types import Cell, Document, Observation, Table, format_bbox

_CODE = re.compile(r"^(?:\d+(?:\.\d+)+[a-z]?|\d+[a-z]|[a-z]\d+(?:\.\d+)*|[A-Z]{1,4}\s?\d{1,3}[a-z]?)$", re.I)
_STRICT_CODE = re.compile(r"^\d+\.\d+[a-z]$|^\d+(?:\.\d+){2,}[a-z]?$|^[A-Z]{1,4}\d{1,3}[a-z]?$")
_SINCE = re.compile(r"\b(?:since|from)\b(?!.*\bto\b)", re.I)
_RELATIVE_HEADER = re.compile(r"\b(?:previous|current|last|latest|this|prior|baseline)\b", re.I)
_QUARTER = re.compile(r"^\s*(?:Q|Quarter\s*)([1-4])\b", re.I)
_YTD = re.compile(r"\b(?:ytd|year[\s-]+to[\s-]+date|cumulative)\b", re.I)
_CONFIDENCE = re.compile(r"\bconfidence\b|\b(?:lower|upper)\b(?:\s+(?:limit|bound|ci))?|\bCI\b|\bLCL\b|\bUCL\b", re.I)
_STATUS = re.compile(r"^(?:green|amber|red|g|a|r|rag|blue|improv\w*|declin\w*|worse(?:ning)?|better|stable|"
                     r"same|similar|no\s+change|unchanged|steady|static|maintained|deteriorat\w*|data\s+only|"
                     r"on\s+track|off\s+track|at\s+risk|achieved|not\s+achieved|met|not\s+met|missed|"
                     r"significantly\s+(?:higher|lower|better|worse)|not\s+significantly\s+different|"
                     r"higher|lower|n/?a|[▲▼↑↓→←↔⬆⬇⬌△▽●○◆■]+|✓|✗|✔|✘)$", re.I)
# words that say how a column aggregates, not what it measures
_AGGREGATE = re.compile(r"\b(?:total|all|ytd|year\s+to\s+date|cumulative|value|number|no\.?|figure|"
                        r"outturn|actual|result|data|count|previous|current|latest|last|this|prior|"
                        r"year|quarter|month|period|on|to|from|vs|and)\b", re.I)
# a key entry: "- = nil", "– means zero", or a key list's "...; - nil; n/a not applicable"
_NIL_DASH = re.compile(r"(?:[-–—]\s*(?:=|:|means|denotes|indicates|shows)\s*|(?:^|[;.(]\s*)[-–—]\s+)"
                       r"(?:nil|zero|none|0)\b", re.I)


def _slots(table: Table) -> dict[tuple[int, int], Cell]:
    """Every grid position mapped to the (possibly merged) cell covering it."""
    out = {}
    for c in sorted(table.cells, key=lambda c: -(c.row_span * c.col_span)):
        for r in range(c.row, c.row + c.row_span):
            for k in range(c.col, c.col + c.col_span):
                out[(r, k)] = c
    for c in table.cells:       # a cell's own position is its own, whatever spans over it
        out[(c.row, c.col)] = c
    return out


def _text(slots, r, c) -> str:
    cell = slots.get((r, c))
    return " ".join(cell.text.split()) if cell else ""


def _own_text(slots, r, c) -> str:
    """The text of the cell that starts at (r, c), '' where a spanning cell covers it."""
    cell = slots.get((r, c))
    return " ".join(cell.text.split()) if cell and cell.row == r and cell.col == c else ""


def is_figure_cell(text: str) -> bool:
    """A cell holding one figure (or a censored mark), not a period like 2016/17."""
    parsed = parse_cell(text)
    if parsed is None:
        return False
    return not (parsed.unit == "" and parsed.value is not None and find_periods(text))


def _is_period_text(text: str) -> bool:
    """Cell text that is mostly a period statement ("Quarterly (Q3, Q4 2016/17)", "2015/16")."""
    found = header_periods(text)
    if not found:
        return False
    rest = text
    for m in found:
        rest = rest.replace(text[m.start:m.end], " ")
    rest = re.sub(r"\(|\)|,|-|–|\band\b|\bto\b", " ", rest)
    return len(rest.split()) <= 3


def _header_rows(table: Table, slots) -> int:
    if table.header_rows >= 0:
        return table.header_rows
    for r in range(table.n_rows):
        texts = [_own_text(slots, r, c) for c in range(table.n_cols)]
        figures = sum(is_figure_cell(t) and not _STRICT_CODE.match(t) for t in texts)
        periods = sum(bool(t) and _is_period_text(t) and not is_figure_cell(t) for t in texts)
        if figures and periods < max(2, figures + 1):
            return r          # a row of years with a wrapped "14" in it is still the header
    return 0


def _is_code_column(texts: list[str], text_right: bool) -> bool:
    """Reference numbers ("1.1a", "HH4", "2.3", "4") rather than figures: hierarchical
    codes, letter-number codes, or small one-decimal numbers, one per row, with text to
    their right (a column of small counts repeats its values: 0, 0, 1, 0)."""
    codes = [t for t in texts if _CODE.match(t)]
    if any(_STRICT_CODE.match(t) for t in codes) and len(codes) >= 0.6 * len(texts):
        return True
    small = [t for t in texts if re.fullmatch(r"\d{1,2}(?:\.\d)?[a-z]?", t)]
    return text_right and len(small) == len(texts) and len(set(small)) >= 0.8 * len(small)


@dataclass
class Structure:
    """What the reader learnt about a table's layout."""
    first: int                                       # first body row
    figs: list[int]                                  # figure columns
    periods: list[int] = field(default_factory=list)  # period columns ("Reporting")
    codes: list[int] = field(default_factory=list)
    stub: int | None = None                          # the label column
    groups: dict[int, str] = field(default_factory=dict)   # body row -> its group row's label
    paths: dict[int, list[str]] = field(default_factory=dict)  # column -> header texts, top down


def _is_group_row(table: Table, slots, r: int) -> bool:
    """A row with one label and nothing else ("Housing and health" across the table)."""
    cells = [c for c in table.cells if c.row == r and c.text.strip()]
    if len(cells) != 1 or is_figure_cell(cells[0].text):
        return False
    c = cells[0]
    text = " ".join(c.text.split())
    return (c.col == 0 or c.col_span * 2 >= table.n_cols) and not header_periods(text) \
        and not _QUARTER.match(text) and not _bare_month(text)


def _structure(table: Table, slots) -> Structure:
    first = _header_rows(table, slots)
    while first > 1 and _is_group_row(table, slots, first - 1):
        first -= 1            # a group row over the first data rows belongs to the body
    body = range(first, table.n_rows)
    figs, periods, codes, status = [], [], [], []
    for c in range(table.n_cols):
        texts = [t for t in (_own_text(slots, r, c) for r in body) if t]
        if not texts:
            continue
        text_right = any(_own_text(slots, r, k) and not is_figure_cell(_own_text(slots, r, k))
                         and not _is_period_text(_own_text(slots, r, k))
                         for r in body for k in range(c + 1, table.n_cols))
        header = " ".join(_text(slots, r, c) for r in range(first))
        # codes come before the figures, under no period or measure ("Q4 2020/21 Actual")
        if not figs and _is_code_column(texts, text_right) and not (
                header_periods(header) or measure_from_text(header)):
            codes.append(c)
        elif sum(is_figure_cell(t) for t in texts) >= 0.5 * len(texts):
            figs.append(c)
        elif sum(_is_period_text(t) for t in texts) >= 0.6 * len(texts):
            periods.append(c)
        elif sum(bool(_STATUS.match(t)) for t in texts) >= 0.6 * len(texts):
            status.append(c)
    s = Structure(first, figs, periods, codes)
    if not figs:
        return s
    left = [c for c in range(min(figs)) if c not in periods + codes + status]
    s.stub = max(left, key=lambda c: (any(_own_text(slots, r, c) for r in body), c), default=None)
    centred = _centred_headers(table, first, figs)
    for c in range(table.n_cols):
        path: list[str] = []
        for r in range(first):
            t = centred.get((r, c)) or _text(slots, r, c)
            if t and (not path or path[-1] != t):
                path.append(t)
        s.paths[c] = path
    _spread_stacked_year(table, s)
    # group rows: a body row with text but no figures, one label across the table
    group = ""
    for r in body:
        texts = [(c, _own_text(slots, r, c)) for c in range(table.n_cols) if _own_text(slots, r, c)]
        if texts and not any(is_figure_cell(t) for _, t in texts) and len(texts) == 1 \
                and not any(c in figs for c, _ in texts):
            group = strip_footnote(texts[0][1])
            continue
        s.groups[r] = group
    return s


def _bare_period_word(text: str) -> bool:
    """A header that names part of a year without the year: "Q1", "Jan", "YTD"."""
    text = " ".join(text.split())
    return bool((_QUARTER.fullmatch(text) or re.fullmatch(r"(?:Q|Quarter\s*)[1-4]", text, re.I)
                 or _bare_month(text) or _YTD.fullmatch(text)) and not header_periods(text))


def _spread_stacked_year(table: Table, s: Structure) -> None:
    """A year printed on a line of its own above one of a run of bare quarters or months,
    in the same header row ("2017-18" above "Q3" of Q1 Q2 Q3 Q4 YTD), is the year of the
    whole run: the grid could not give it a row of its own, as no other column has a line
    that high."""
    own = {(cell.row, cell.col): cell for cell in table.cells if cell.row < s.first}
    for c in s.figs:
        path = s.paths.get(c, [])
        cell = own.get((s.first - 1, c))
        if not path or cell is None:
            continue
        lines = [ln.strip() for ln in cell.text.split("\n") if ln.strip()]
        if len(lines) < 2 or not _bare_period_word(" ".join(lines[1:])):
            continue
        found = header_periods(lines[0])
        if len(found) != 1 or found[0].kind not in ("fy", "year") or found[0].end - found[0].start < len(lines[0]) - 1:
            continue
        run = [c]
        for step in (-1, 1):
            k = c + step
            while k in s.figs and s.paths.get(k) and _bare_period_word(s.paths[k][-1]) \
                    and len(s.paths[k]) == len(path):
                run.append(k)
                k += step
        for k in run:
            s.paths[k] = s.paths[k][:-1] + [lines[0], " ".join(lines[1:]) if k == c else s.paths[k][-1]]


def _centred_headers(table: Table, first: int, figs: list[int]) -> dict[tuple[int, int], str]:
    """Header cells that head several figure columns without the grid marking their span:
    a text centred over a run of columns ("2022/23" over Q1..Q4, "Rate per 100,000" over
    the place columns) heads each column of the run. A column's run is the stretch
    between the midpoints to the neighbouring header cells of that row; a header not
    centred on its run keeps the span the grid gave it (a left-aligned header whose rules
    show its span)."""
    ext: dict[int, list[float]] = {}
    for cell in table.cells:
        if cell.row >= first and cell.col in figs and cell.col_span == 1 and is_figure_cell(cell.text):
            box = cell.text_bbox or cell.bbox
            e = ext.setdefault(cell.col, [box[0], box[2]])
            e[0], e[1] = min(e[0], box[0]), max(e[1], box[2])
    out: dict[tuple[int, int], str] = {}
    for r in range(first - 1):
        cells = sorted((c for c in table.cells if c.row == r and c.text.strip()), key=lambda c: c.bbox[0])
        if not cells:
            continue
        centres = [((c.text_bbox or c.bbox)[0] + (c.text_bbox or c.bbox)[2]) / 2 for c in cells]
        lower = [c for c in table.cells if r < c.row < first and c.text.strip()]
        # columns a ruled span covers (rules drew that span; unruled spans are guesses)
        spanned = {k for c in cells if c.col_span > 1 for k in range(c.col, c.col + c.col_span)} \
            if "lattice" in table.method else set()
        line_h = min(((c.text_bbox or c.bbox)[3] - (c.text_bbox or c.bbox)[1]) / max(len(c.text.split("\n")), 1)
                     for c in cells)
        for i, cell in enumerate(cells):
            box = cell.text_bbox or cell.bbox
            # a header row can hold lines set lower down (a one-line header beside a group
            # header and the header it wraps onto): those lie under this cell, not beside it
            beside = [j for j, c in enumerate(cells) if abs((c.text_bbox or c.bbox)[1] - box[1]) < 0.5 * line_h]
            lower_here = lower + [c for c in cells if (c.text_bbox or c.bbox)[1] >= box[3] - 0.5]
            below = {c.col for c in lower_here}
            under = [c for c in lower_here if (c.row == r + 1 or c.row == r) and
                     min(box[2], (c.text_bbox or c.bbox)[2]) - max(box[0], (c.text_bbox or c.bbox)[0]) > 0]
            if cell.text.rstrip().endswith(("-", "/", "–")):
                continue          # the first line of one column's wrapped header ("2023-" over "24")
            k = beside.index(i)
            lo = (centres[beside[k - 1]] + centres[i]) / 2 if k else -1e9
            hi = (centres[i] + centres[beside[k + 1]]) / 2 if k + 1 < len(beside) else 1e9
            run = [k for k in figs if k in ext and lo <= (ext[k][0] + ext[k][1]) / 2 < hi and k not in spanned]
            # a column's printed width: its figures and the header cells under this one
            width = {k: [min([ext[k][0]] + [(c.text_bbox or c.bbox)[0] for c in lower_here if c.col == k and c.col_span == 1]),
                         max([ext[k][1]] + [(c.text_bbox or c.bbox)[2] for c in lower_here if c.col == k and c.col_span == 1])]
                     for k in run}
            run = _best_centred(run, width, box, centres[i])
            if len(under) == 1 and len(run) < 2:
                continue          # one column's wrapped header ("Rate per" over "100,000")
            if cell.row_span > 1 or len(run) < 2 or any(k not in below for k in run):
                continue          # a header over a group heads columns that have headers of their own
            left, right = ext[run[0]][0], ext[run[-1]][1]
            if abs(centres[i] - (left + right) / 2) <= 0.25 * (right - left) + 3:
                for k in run:
                    out[(r, k)] = " ".join(cell.text.split())
    return out


def _best_centred(run: list[int], ext: dict[int, list[float]], box, centre: float) -> list[int]:
    """Of the columns a header may head (those nearer it than its neighbours), the
    unbroken run it is centred on that includes the columns under its text ("2015/16"
    over Target | Actual | Variance, not the "% of budget" beyond them)."""
    over = [k for k in run if min(box[2], ext[k][1]) - max(box[0], ext[k][0]) > 0]
    if not over:
        return run
    a, b = run.index(over[0]), run.index(over[-1])
    options = [run[i:j + 1] for i in range(a + 1) for j in range(b, len(run))]
    return min(options, key=lambda r: (abs((ext[r[0]][0] + ext[r[-1]][1]) / 2 - centre), -len(r)))


def _row_periods(text: str, n_fig_cols: int, reference: str, relative: bool) -> list[str]:
    """Periods a period cell gives the figure columns, left to right. Under relative
    headers ("Previous", "Current") the periods are spread over the columns, the last
    for the rightmost; otherwise the row is that period in every column ("Year")."""
    found = [p for m in header_periods(text) for p in m.periods]
    if len(found) == 1 and not relative:
        return found * n_fig_cols
    if len(found) == 1:
        a, b = span_ends(found[0])
        found = [a, b] if a != b else found
    if len(found) == 1 and _SINCE.search(text):
        found = [reference]   # a running total since a date: the document's period
    if len(found) >= n_fig_cols:
        return found[-n_fig_cols:]
    return [""] * (n_fig_cols - len(found)) + found


def _fy_of(period: str) -> str:
    m = re.match(r"(\d{4}/\d{2})", period or "")
    return m.group(1) if m else ""


def _quarter(text: str) -> int:
    m = _QUARTER.match(text)
    return int(m.group(1)) if m else 0


_MAY = re.compile(r"\bMay[\s'-]+(\d{2})\b")
_BASE = re.compile(r"\b(?:on|since|from|compared\s+(?:with|to)|vs\.?|versus|against|over)\s+(?:the\s+)?$", re.I)
_TOTAL = re.compile(r"^\s*(?:total|all|ytd|year[\s-]+to[\s-]+date|cumulative|overall)\b", re.I)


def header_periods(text: str):
    """Periods in a header: as in prose, and "May 20" (which prose reads as a verb)."""
    found = find_periods(text)
    for m in _MAY.finditer(text):
        if not any(p.start <= m.start() < p.end for p in found):
            found.append(PeriodMention(m.start(), m.end(), (f"20{m.group(1)}-05",), "month"))
    return sorted(found, key=lambda p: p.start)


def column_period(path: list[str], measure: str, outer: str, reference: str) -> str:
    """The period a column's header path prints, or ''. The levels are read together
    ("2023/24" over "Q1", "2013-" over "14", "April-September" over "2022"); a change is
    dated by the end of its span, and a period it is measured from ("% change on
    2016/17") is not its own; a bare quarter takes the caption's or document's year."""
    if any((_TOTAL.match(t) or _YTD.search(t)) and not header_periods(t) for t in path):
        return ""     # a Total or YTD covers the columns it adds up (read_table works it out)
    text = " ".join(path)
    found = header_periods(text)
    if measure == "change":
        found = [m for m in found if not _BASE.search(text[:m.start])]
    month = _bare_month(path[-1]) if path else 0
    if found:
        p = found[-1].periods[-1]
        if found[-1].kind == "span" and measure == "change":
            p = span_ends(p)[1]
        if any(_YTD.search(t) for t in path) and re.fullmatch(r"\d{4}/\d{2}", p):
            return ""        # "2016/17 YTD": the quarters of that year printed beside it
        q = _quarter(path[-1]) if path else 0
        if q and re.fullmatch(r"\d{4}/\d{2}", p):
            p = f"{p} Q{q}"
        if month and re.fullmatch(r"\d{4}(?:/\d{2})?(?: Q[1-4])?", p):
            p = month_of(month, p)
        return p
    q = _quarter(path[-1]) if path else 0
    fy = _fy_of(outer) or _fy_of(reference)
    if month and (fy or re.match(r"\d{4}", outer or reference or "")):
        return month_of(month, fy or (outer or reference)[:4])
    return f"{fy} Q{q}" if q and fy else ""


def _bare_month(text: str) -> int:
    """The month a header names without its year ("Apr", "April"), or 0."""
    m = re.fullmatch(r"\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*", text, re.I)
    if not m or (len(text.strip()) > 4 and text.strip().lower().rstrip(".") not in MONTHS):
        return 0
    return next(v for k, v in MONTHS.items() if k.startswith(m.group(1).lower()[:3]))


def aggregate_period(periods: list[str], reference: str, ytd: bool = False) -> str:
    """The period of a Total / YTD column from the periods of the columns it adds up:
    quarters Q1..Qn of a year are that year when complete (a year-to-date stays the span
    Q1-Q4), else the span Q1-Qn; months
    are their span (April to March is the financial year); a lone year is itself."""
    ps = [p for p in periods if p]
    if not ps:
        return ""
    quarters = [m for m in (re.fullmatch(r"(\d{4}/\d{2}) Q([1-4])", p) for p in ps) if m]
    if quarters and len(quarters) >= len(ps) - 1:
        fy = quarters[-1].group(1)          # the year of the latest quarter printed
        last = max(int(m.group(2)) for m in quarters if m.group(1) == fy)
        if last == 4 and not ytd:
            return fy
        return f"{fy} Q1-{fy} Q{last}" if last > 1 else f"{fy} Q1"
    if all(re.fullmatch(r"\d{4}-\d{2}", p) for p in ps):
        return month_span(min(ps), max(ps)) if len(ps) > 1 else ps[0]
    if len(set(ps)) == 1:
        return ps[0]
    return ""


def _parsed(cell: Cell, nil_dash: bool) -> ParsedNumber | None:
    parsed = parse_cell(cell.text, dashes=True)
    if parsed and parsed.value is None and parsed.text in DASH_CELLS and nil_dash:
        return ParsedNumber(0.0, parsed.text, "", 0, len(parsed.text))
    return parsed


def _meaning(path: list[str], place: str) -> str:
    """What a column measures in its own words: its header path without periods, places,
    measure words and aggregates ("Rate per 1,000", "Under 18"); '' when nothing is left."""
    parts = []
    for text in path:
        t = strip_footnote(without_periods(text))
        if not t or place_of(t) or _QUARTER.match(t) or _YTD.search(t) or _bare_month(t) or header_periods(t):
            continue
        rest = _AGGREGATE.sub(" ", re.sub(r"\b(?:target|baseline|forecast|budget|variance|change|"
                                          r"difference|rank|position)\b", " ", t, flags=re.I))
        if measure_from_text(t) == "change":
            continue          # "% change vs same period last year": the measure says it is a change
        if re.search(r"[A-Za-z]{2}|\d", rest.replace("%", "")):
            parts.append(t)
    # a group header whose words the header under it repeats ("Recorded crime" over "All
    # recorded crime") adds nothing
    return " ".join(_not_repeated(parts))


def _own_measure(meaning: str, title: str, subject: str) -> bool:
    """Areas as rows: a column that names a measure of its own ("Robbery" under "Recorded
    crime by district") needs no caption topic; one that is a breakdown the caption names
    ("Offences by age of victim" under "... by locality and victim age"), a short name of
    the topic ("Register" under "Households on the housing register") or a bare unit
    ("Rate per 1,000") does."""
    by = re.search(r"\bby\s+(.*)$", title or "", re.I)
    breakdown = set(re.findall(r"[a-z]{3,}", by.group(1).lower())) if by else set()
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]+", meaning)}
    if not words or breakdown & words or words <= set(re.findall(r"[a-z][\w-]+", subject.lower())):
        return False
    return any(w in lexicon().nouns and w not in MEASURE_NOUNS | UNIT_NOUNS for w in words)


def _not_repeated(parts: list[str]) -> list[str]:
    """Without a part whose words a later part repeats: the group header "Recorded crime"
    over "All recorded crime" adds nothing."""
    words = [set(re.findall(r"[a-z]+", p.lower())) for p in parts]
    return [p for i, p in enumerate(parts) if p and not (words[i] and any(words[i] <= w for w in words[i + 1:]))]


def table_observations(doc: Document, tables: list[Table],
                       layouts: list[PageLayout] | None = None) -> list[Observation]:
    rows = []
    previous: Table | None = None
    ordered = sorted((t for t in tables if t.holds_data), key=lambda t: (t.page, t.bbox[1]))
    for i, t in enumerate(ordered):
        # a table carried on over the page break, its header repeated or not, but not its
        # caption (a browser repeats a <thead>, never the caption) is read under the caption
        carried = previous if previous is not None and (
            continues(previous, t) or not t.title and repeats_header(previous, t)) else None
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        if following is not None and (continues(t, following) or repeats_header(t, following)):
            _join_wrapped_label(t, following)
        rows += read_table(doc, t, carried=carried)
        previous = t
    return rows


def _column_edges(table: Table) -> dict[int, float]:
    """Where each figure column sits: the median right edge of its figures (figures are
    right-aligned more often than not), and the left edge of the table as column -1."""
    edges: dict[int, list[float]] = {}
    for c in table.cells:
        if c.col_span == 1 and is_figure_cell(c.text):
            edges.setdefault(c.col, []).append((c.text_bbox or c.bbox)[2])
    out = {k: statistics.median(v) for k, v in edges.items()}
    out[-1] = min(c.bbox[0] for c in table.cells) if table.cells else 0.0
    return out


def column_map(a: Table, b: Table) -> dict[int, int] | None:
    """`b` opens the next page with `a`'s figure columns at `a`'s places, or all moved by
    one shift (a table centred on one page and set at the margin on the next): each of
    `b`'s columns and the column of `a` it continues, or None. Columns are matched by
    where their figures end, not by number (an empty column the grid made on one page
    only does not count)."""
    if b.page != a.page + 1:
        return None
    ea, eb = _column_edges(a), _column_edges(b)
    fa, fb = sorted(k for k in ea if k >= 0), sorted(k for k in eb if k >= 0)
    if len(fa) < 2 or len(fb) < 2 or abs(len(fa) - len(fb)) > 0.4 * max(len(fa), len(fb)):
        return None
    best = None
    for shift in {eb[j] - ea[i] for i in fa for j in fb}:
        pairs = {j: i for j in fb for i in fa if abs(eb[j] - ea[i] - shift) < 8.0}
        if len(pairs) == len(fb) and len(set(pairs.values())) == len(pairs) and \
                (best is None or abs(shift) < abs(best[0])):
            best = (shift, pairs)
    if best is None or (abs(best[0]) >= 8.0 and len(fb) < 3):
        return None
    pairs = best[1]
    if list(pairs.values()) != sorted(pairs.values()):
        return None
    # text columns keep their order around the figure columns
    out = dict(pairs)
    left_a = [k for k in range(a.n_cols) if k < fa[0]]
    left_b = [k for k in range(b.n_cols) if k < fb[0]]
    for i, j in zip(reversed(left_a), reversed(left_b)):
        out[j] = i
    right_a = [k for k in range(a.n_cols) if k > fa[-1]]
    right_b = [k for k in range(b.n_cols) if k > fb[-1]]
    for i, j in zip(right_a, right_b):
        out[j] = i
    return out


def _same_columns(a: Table, b: Table) -> bool:
    return column_map(a, b) is not None


def continues(above: Table, below: Table) -> bool:
    """`below` carries on `above` over a page break without repeating its header:
    it opens the next page, has the same columns at the same places, and no header."""
    slots = _slots(below)
    first = _header_rows(below, slots)
    if first == 1 and _is_group_row(below, slots, 0):
        first = 0      # it opens with a group row ("Reducing crime"), not a header
    return _same_columns(above, below) and first == 0


def repeats_header(above: Table, below: Table) -> bool:
    """`below` carries on `above` on the next page under a repeat of its header."""
    if not _same_columns(above, below):
        return False
    sa, sb = _slots(above), _slots(below)
    n, m = _structure(above, sa).first, _structure(below, sb).first

    def heads(slots, rows):   # each column's header words top down, however the lines fell into rows
        return [" ".join(_text(slots, r, c) for r in range(rows)).split() for c in range(above.n_cols)]
    return n > 0 and m > 0 and heads(sa, n) == heads(sb, m)


def _year_marks(table: Table, first: int) -> bool:
    """A year in a header row with a footnote digit glued on ("20132" beside 2010 2011
    2012): the year, when a header cell beside it is a year too. True if any was cut."""
    cut = False
    for cell in table.cells:
        text = cell.text.strip()
        if cell.row >= first or not re.fullmatch(r"(?:19|20)\d{2}[1-9]", text):
            continue
        beside = [c.text.strip() for c in table.cells if c.row == cell.row and abs(c.col - cell.col) == 1]
        if any(re.fullmatch(r"(?:19|20)\d{2}", b) for b in beside):
            cell.text = text[:4]
            cut = True
    return cut


def _join_wrapped_stub(table: Table, slots, s: Structure) -> bool:
    """A row label wrapped over two lines whose figures stand beside its second line: the
    first line came out as a row of its own ("Major planning applications" over
    "determined in time | 79.6% | ..."). The row below goes on in lower case; a group row
    ("Environment" over "Fly-tipping ...") does not. Joins them; True if any was."""
    joined = False
    for r in range(max(s.first - 1, 0), table.n_rows - 1):
        cells = [c for c in table.cells if c.row == r and c.text.strip()]
        below = slots.get((r + 1, s.stub))
        if below is None or below.row != r + 1 or below.col != s.stub or not below.text.strip()[:1].islower() \
                or not any(is_figure_cell(_own_text(slots, r + 1, k)) for k in s.figs):
            continue
        here = slots.get((r, s.stub))
        if len(cells) == 1 and cells[0].col == s.stub and cells[0].col_span == 1:
            below.text = f"{cells[0].text.rstrip()} {below.text.strip()}"
            table.cells.remove(cells[0])
            joined = True
        elif here is not None and here.row == r and here.col == s.stub and "\n" in here.text.strip() \
                and any(is_figure_cell(_own_text(slots, r, k)) for k in s.figs):
            # the first line of the next row's label fell into this row's cell
            head, last = here.text.strip().rsplit("\n", 1)
            here.text, below.text = head, f"{last.strip()} {below.text.strip()}"
            joined = True
    return joined


def _join_wrapped_label(above: Table, below: Table) -> None:
    """A row label wrapped over the page break: the continued table's first body row holds
    only the rest of the label ("days"); it joins the last row of the table above."""
    sb, sa = _slots(below), _slots(above)
    first = _header_rows(below, sb)
    if first >= below.n_rows:
        return
    cells = [c for c in below.cells if c.row == first and c.text.strip()]
    if len(cells) != 1 or is_figure_cell(cells[0].text) or not cells[0].text.strip()[:1].islower():
        return
    col = cells[0].col
    last = sa.get((above.n_rows - 1, col))
    if last is not None and last.text.strip():
        last.text = f"{last.text.rstrip()} {cells[0].text.strip()}"
        below.cells.remove(cells[0])


def read_table(doc: Document, table: Table, reference: str = "", carried: Table | None = None
               ) -> list[Observation]:
    """The figures of one table. `carried` is the table this one continues from the
    previous page; its header and title then stand for this one's."""
    reference = reference or doc.reference_period
    slots = _slots(table)
    s = _structure(table, slots)
    if not s.figs:
        return []
    if _year_marks(table, s.first) | (s.stub is not None and _join_wrapped_stub(table, slots, s)):
        slots = _slots(table)
        s = _structure(table, slots)
    if carried is not None:
        above = _structure(carried, _slots(carried))
        cols = column_map(carried, table) or {}
        s.paths = {c: above.paths.get(cols.get(c, c), []) for c in range(table.n_cols)}
    body = list(range(s.first, table.n_rows))
    labels = {r: strip_footnote(_own_text(slots, r, s.stub) or _text(slots, r, s.stub))
              for r in body} if s.stub is not None else {}
    stub_header = " ".join(s.paths.get(s.stub, [])) if s.stub is not None else ""
    stub_periods = s.stub is not None and sum(_is_period_text(labels[r]) for r in body if labels[r]) \
        > 0.6 * max(sum(bool(labels[r]) for r in body), 1)
    stub_places = s.stub is not None and not stub_periods and places_column(
        [labels[r] for r in body], doc.geography, stub_header)
    title = table.title or (carried.title if carried is not None else "")
    subject = caption_subject(title)
    heading = table.heading or (carried.heading if carried is not None else "")
    # a caption or section heading about a change ("Change in recorded crime since 2019")
    caption_change = bool(_CAPTION_CHANGE.search(title) or _CAPTION_CHANGE.search(heading))
    outer = _caption_period(title, caption_change) or _caption_period(heading, caption_change)
    notes = table.notes + " " + (carried.notes if carried is not None else "")
    nil_dash = bool(_NIL_DASH.search(notes))
    headers = [" ".join(s.paths.get(c, [])) for c in s.figs]
    relative = any(_RELATIVE_HEADER.search(h) for h in headers)

    col = {}
    for c in s.figs:
        path = s.paths.get(c, [])
        joined = " ".join(path)
        measure = measure_from_text(path[-1] if path else "") or measure_from_text(joined)
        if measure == "budget" and re.search(r"%\s*of\s+(?:the\s+)?(?:revised\s+)?budget", joined, re.I) \
                and any(measure_from_text(h) == "change" for h in headers if h != joined):
            measure = "change"     # "% of budget" beside a variance: the variance in percent
        elif measure == "budget":
            measure = budget_measure(headers)
        place = ""
        for text in path:   # the deepest header naming a place
            place = place_of(text, doc.geography) or place
        col[c] = dict(path=path, joined=joined, measure=measure,
                      period=column_period(path, measure, outer, reference),
                      place=place, unit=unit_from_text(joined), scale=scale_from_text(joined),
                      points=bool(POINTS.search(joined)), ci=bool(_CONFIDENCE.search(joined)))
    # a Total or YTD column covers the periods of the columns before it that it adds up
    # (under the same spanning header, if any); a change without a period of its own ends
    # in the latest period printed before it
    for i, c in enumerate(s.figs):
        # the level that says "Total" or "Year to date" ("Year to date" over Actual | Target)
        leaf = next((t for t in reversed(col[c]["path"]) if _TOTAL.match(t) or _YTD.search(t)), "")
        if not col[c]["period"] and leaf:
            prefix = col[c]["path"][:-1]
            group = [k for k in s.figs[:i] if (not prefix or col[k]["path"][:-1] == prefix)
                     and col[k]["measure"] in ("", "actual")] or s.figs[:i]
            year = _fy_of(" ".join(p for p in periods_in(leaf)))
            adds = [k for k in group if not year or col[k]["period"].startswith(year)]
            if _YTD.search(leaf):
                col[c]["adds"] = adds
            col[c]["period"] = aggregate_period([col[k]["period"] for k in adds], reference,
                                                ytd=bool(_YTD.search(leaf))) \
                or (f"{year} Q1-{year} Q{_quarter(reference.split(' ')[-1])}" if year and
                    reference.startswith(year) and _quarter(reference.split(" ")[-1]) > 1 else year) \
                or column_period(col[c]["path"][:-1], col[c]["measure"], outer, reference)
        if col[c]["measure"] in ("change", "target", "baseline") and not col[c]["period"]:
            # a change, or a target beside a run of years, is of the latest period before it;
            # an outturn without a period of its own between them is the report's
            # ("2012 | Outturn | Target": the target is for the report's year)
            before = [col[k]["period"] for k in s.figs[:i] if col[k]["period"]]
            nearest = next((k for k in reversed(s.figs[:i]) if col[k]["measure"] in ("", "actual")
                            or col[k]["period"]), None)
            col[c]["period"] = before[-1] if before and (nearest is None or col[nearest]["period"]) else ""
    # confidence limits are in the unit of the estimate beside them
    for i, c in enumerate(s.figs):
        if col[c]["ci"]:
            est = next((col[k] for k in reversed(s.figs[:i]) if not col[k]["ci"]), None)
            if est is not None:      # the "95%" of "95% confidence interval" is no unit
                col[c]["unit"] = est["unit"]
                col[c]["estimate"] = _meaning(est["path"], est["place"])
    meanings = {c: _meaning(col[c]["path"], col[c]["place"]) for c in s.figs}
    # with areas as rows, the caption's topic each column's label keeps
    topics = {c: "" if not col[c].get("estimate") and _own_measure(meanings[c], title, subject) else subject
              for c in s.figs}
    # a row holds several measures when its figure columns count different things
    # ("Number" | "Rate per 1,000"); periods, places and changes of one measure do not
    actual = [c for c in s.figs if col[c]["measure"] in ("", "actual") and not col[c]["ci"]]
    several = len({col[c]["unit"] or "count" for c in actual}) > 1 or \
        len({meanings[c] for c in actual if meanings[c]}) > 1     # "Green | Amber | Red" counts

    out = []
    # a column of counts holds 1998 or 2053 as a count, not a year
    counts = {c for c in s.figs if _mostly_counts([_own_text(slots, r, c) for r in body])}
    for r in body:
        label = labels.get(r, "")
        row_text = " ".join(_own_text(slots, r, c) for c in range(table.n_cols)
                            if c not in s.figs and c != s.stub)
        row_period_text = " ".join(_text(slots, r, c) for c in s.periods)
        row_periods = _row_periods(row_period_text, len(s.figs), reference, relative) if s.periods else []
        # a change row in a column of periods ("% change on 2012") ends in its latest period
        change_row = bool(s.periods) and measure_from_text(row_period_text) == "change"
        if change_row:
            latest = _stub_period(row_period_text, "change",
                                  [" ".join(_text(slots, k, c) for c in s.periods) for k in body])
            row_periods = [latest] * len(s.figs)
        row_cells: list[Cell] = []
        for c in range(table.n_cols):
            if slots.get((r, c)) and slots[(r, c)] not in row_cells:
                row_cells.append(slots[(r, c)])
        snippet = " | ".join(" ".join(x.text.split()) for x in row_cells if x.text.strip())
        if _label_row(slots, r, s.figs):
            continue        # a second header in the body ("Improving | Stable | N/A | Total")
        # the row's printed values (not censored marks), each cell parsed once
        values = {c: v for c in s.figs if slots.get((r, c))
                  and (v := parse_cell(slots[(r, c)].text)) is not None and v.value is not None}
        # a censored cell keeps the unit its row's printed figures show ("n/a | 86.7%")
        row_units = {v.unit for c, v in values.items() if col[c]["measure"] in ("", "actual")}
        for i, c in enumerate(s.figs):
            cell = slots.get((r, c))
            if cell is None or cell.row != r or cell.col != c:
                continue
            parsed = _parsed(cell, nil_dash)
            if parsed is None or (parsed.value is not None and find_periods(cell.text) and not parsed.unit
                                  and not (c in counts and _BARE_INT.fullmatch(cell.text.strip()))):
                continue
            info = col[c]
            if parsed.value is None and parsed.text in DASH_CELLS and info["measure"] == "change" \
                    and _equal_pair(slots, r, [k for k in s.figs if col[k]["measure"] != "change"]):
                # an accounting dash: the variance of a line whose figures are equal is nil
                parsed = ParsedNumber(0.0, parsed.text, "", 0, len(parsed.text))
            geography = info["place"] or doc.geography
            meaning = meanings[c]
            if stub_places:
                # a comparator row is the group, a Total row the whole area
                geography = doc.geography if TOTAL_ROW.match(label) else (
                    place_of(label, doc.geography) if place_of(label, doc.geography) == COMPARATOR else label) \
                    or geography
                indicator = " ".join(_not_repeated([topics[c], info.get("estimate", ""), meaning])) or label
            elif stub_periods:
                indicator = " ".join(x for x in (meaning, subject) if x) or info["joined"] or subject
            else:
                indicator = label or meaning or subject
                if subject and re.fullmatch(r"(?:grand\s+)?totals?", label, re.I):
                    indicator = f"{label} {subject}"   # "Total" under "Grant funding managed by ..."
                if several and meaning and label:
                    indicator = f"{label} - {meaning}"
                if info.get("estimate") and label:
                    indicator = f"{label} {info['estimate']} {meaning}".strip()
            if geography == COMPARATOR and (info["measure"] == "rank" or not info["place"] and not stub_places):
                geography = doc.geography      # "Position in MSG" ranks the area within the group
            measure = info["measure"] if info["measure"] not in ("", "budget") else ""
            row_measure = measure_from_text(label)
            measure = measure or (row_measure if row_measure in ("target", "baseline", "rank") or
                                  stub_periods and row_measure == "change" else "") \
                or (measure_from_text(subject) if measure_from_text(subject) in ("rank",) else "") \
                or ("change" if caption_change or change_row else "") or "actual"
            if info["points"]:
                measure = "change"
            if measure == "change" and _POSITION.search(info["joined"] + " " + label):
                unit_hint = "rank"       # a change of position is in places
            else:
                unit_hint = ""
            unit = parsed.unit or unit_hint or ("percent" if info["points"] else "") or ("rank" if measure == "rank" else "") \
                or info["unit"] or unit_from_text(label) \
                or (next(iter(row_units)) if parsed.value is None and len(row_units) == 1 else "") \
                or unit_from_text(title) or "count"
            scale = 1.0
            if parsed.unit != "percent" and unit in ("gbp", "count"):
                scale = info["scale"] if info["scale"] != 1.0 else (scale_from_text(label) if scale_from_text(label) != 1.0
                                                                    else scale_from_text(title))
                if "£" in info["joined"] + label + title and scale != 1.0:
                    unit = "gbp"
            value = parsed.value * scale if parsed.value is not None and scale != 1.0 else parsed.value
            if stub_periods:
                stub = _stub_period(label, measure, [labels[k] for k in body])
                period = stub or info["period"] or outer or reference
                period_from = "row stub" if stub else _period_from(period, info["period"], outer)
            elif row_periods:
                period = row_periods[i]   # '' where the period column names fewer periods
                period_from = "period column" if period else "none"
            else:
                in_row = _row_text_period(row_text)
                period = info["period"] or in_row or outer or reference
                period_from = "row" if in_row and not info["period"] else _period_from(period, info["period"], outer)
                if info.get("adds") and info["period"]:
                    # a year to date runs to the latest period the row has a figure for
                    # ("49.6 | 53.1 | – | 52.5": Q1 to Q2)
                    filled = [k for k in info["adds"] if k in values]
                    if filled and filled != info["adds"] and filled == info["adds"][:len(filled)]:
                        period = aggregate_period([col[k]["period"] for k in filled], reference, ytd=True) or period
            box = cell.text_bbox or cell.bbox
            out.append(Observation(
                indicator=indicator, indicator_id="", geography=geography, period=period,
                measure=measure, value=value, value_text=parsed.text, unit=unit,
                source_document=doc.name, source_sha256=doc.sha256, page=table.page,
                bbox=format_bbox(box), method=table.method,
                snippet=(f"{info['joined']}: " if info["joined"] else "") + snippet,
                evidence={"period": period_from,
                          "area": "publisher" if geography == doc.geography else "named in the table",
                          "label": _label_from(indicator, label, meaning)}))
    return out


def _period_from(period: str, header: str, outer: str) -> str:
    """Where a table figure's period was read, when no row named it."""
    if not period:
        return "none"
    if header and period == header:
        return "column header"
    return "table heading" if outer and period == outer else "document"


def _label_from(indicator: str, row_label: str, column: str) -> str:
    """Where a table figure's label was read: its row, its column, or only a heading."""
    if row_label and row_label in indicator:
        return "row stub"
    if column and column in indicator:
        return "column header"
    return "heading" if indicator else "none"


_BARE_INT = re.compile(r"\d{4}")


def _mostly_counts(texts: list[str]) -> bool:
    """Most of the column's filled cells are figures that cannot be read as years."""
    texts = [t for t in texts if t]
    return bool(texts) and sum(is_figure_cell(t) for t in texts) > 0.5 * len(texts)


_CAPTION_CHANGE = re.compile(r"^\W*(?:(?:table|figure|chart)\s*\d+\W+)?(?:percentage\s+|%\s*)?change\b|"
                             r"\bchanges?\s+(?:in|since|on|from)\b", re.I)


def _caption_period(text: str, change: bool) -> str:
    """The period a caption names for its figures; for a change, the end of the span and
    not the period it is measured from ("... since 2019", "compared with 2019")."""
    found = header_periods(text)
    if change:
        found = [m for m in found if not _BASE.search(text[:m.start]) and
                 not re.search(r"\bsince\s+$", text[:m.start], re.I)]
    if not found:
        return ""
    p = found[-1].periods[-1] if not change else found[0].periods[-1]
    return span_ends(p)[1] if change and found[0].kind == "span" else p


_POSITION = re.compile(r"\b(?:position|rank(?:ing)?|league|places)\b", re.I)


def _stub_period(label: str, measure: str, stub: list[str]) -> str:
    """The period a row of a stub of periods names; a change row ("% change on 2019/20
    Q2") ends in the latest period of the stub, its printed period being its base."""
    found = header_periods(label)
    if measure == "change":
        found = [m for m in found if not _BASE.search(label[:m.start])]
        if not found:
            periods = [p for x in stub if x != label and measure_from_text(x) != "change" for p in periods_in(x)]
            return periods[-1] if periods else ""
    return found[0].periods[0] if found else ""


def _label_row(slots, r: int, figs: list[int]) -> bool:
    """A body row of words in the figure columns with no number among them: a header row
    repeated or a second header, whose "N/A" is a category, not a missing figure."""
    texts = [_own_text(slots, r, c) for c in figs if _own_text(slots, r, c)]
    parsed = [parse_cell(t, dashes=True) for t in texts]
    return bool(texts) and not any(p and p.value is not None for p in parsed) \
        and sum(p is None for p in parsed) >= 2


def _equal_pair(slots, r: int, cols: list[int]) -> bool:
    """Two of the row's figures in `cols` are equal (a budget and its forecast)."""
    values = [p.value for p in (parse_cell(_own_text(slots, r, c)) for c in cols) if p and p.value is not None]
    return len(values) != len(set(values))


def _row_text_period(text: str) -> str:
    """A period printed in the row's other text cells (a "Period" column the reader did
    not take as one, a note)."""
    found = periods_in(text)
    return found[0] if len(found) == 1 else ""
