"""Read a table's figures as observations: what each cell measures, when, where.

For each figure cell the reader looks at, in order of precedence:
  - the row's label (the stub column nearest the figures; a period column such as
    "Reporting" is not a label but says which periods the figure columns hold),
  - the column header (all header rows, spanning cells included),
  - the table's title,
  - the document (its reference period and area).
"""
from __future__ import annotations

import re

from extractors.pdf.layout import PageLayout
from extractors.numbers import parse_cell
from extractors.context.periods import find_periods, periods_in, span_ends
from extractors.context.semantics import (looks_like_place, measure_from_text, national_geography,
                                  places_column, strip_footnote, unit_from_text)
from extractors.tables.find import is_figure_cell
from extractors.types import Cell, Document, Observation, Table, format_bbox

_CODE = re.compile(r"^(?:\d+(?:\.\d+)+[a-z]?|\d+[a-z]|[a-z]\d+(?:\.\d+)*)$", re.I)
_STRICT_CODE = re.compile(r"^\d+\.\d+[a-z]$|^\d+(?:\.\d+){2,}[a-z]?$", re.I)   # "1.1a", "2.3.1"
_SINCE = re.compile(r"\b(?:since|from)\b(?!.*\bto\b)", re.I)


_CAPTION_NUMBER = re.compile(r"^\s*(?:figure|fig\.?|chart|graph|table|exhibit)\s*\d+[a-z]?\s*[:.\-–]?\s*", re.I)


def _without_periods(text: str) -> str:
    for m in reversed(find_periods(text)):
        text = text[:m.start] + text[m.end:]
    return " ".join(text.split()).strip(" ,;:-")


def _slots(table: Table) -> dict[tuple[int, int], Cell]:
    """Every grid position mapped to the (possibly merged) cell covering it."""
    out = {}
    for c in table.cells:
        for r in range(c.row, c.row + c.row_span):
            for k in range(c.col, c.col + c.col_span):
                out[(r, k)] = c
    return out


def _text(slots, r, c) -> str:
    cell = slots.get((r, c))
    return " ".join(cell.text.split()) if cell else ""


def _is_period_text(text: str) -> bool:
    """Cell text that is mostly a period statement ("Quarterly (Q3, Q4 2016/17)", "2015/16")."""
    if not find_periods(text):
        return False
    rest = text
    for m in find_periods(text):
        rest = rest.replace(text[m.start:m.end], " ")
    rest = re.sub(r"\(|\)|,|-|–|\band\b|\bto\b", " ", rest)
    return len(rest.split()) <= 3


def _header_rows(table: Table, slots) -> int:
    if table.header_rows >= 0:
        return table.header_rows
    for r in range(table.n_rows):
        if any(is_figure_cell(_text(slots, r, c)) and not _STRICT_CODE.match(_text(slots, r, c))
               for c in range(table.n_cols)):
            return r
    return 0


def _column_kinds(table: Table, slots, first: int) -> tuple[list[int], list[int], list[int]]:
    """(figure columns, period columns, code columns) judged on the data rows."""
    figs, periods, codes = [], [], []
    for c in range(table.n_cols):
        texts = [_text(slots, r, c) for r in range(first, table.n_rows)]
        texts = [t for t in texts if t]
        if not texts:
            continue
        if _is_code_column(texts, c, text_right=any(
                _text(slots, r, k) and not is_figure_cell(_text(slots, r, k))
                and not _is_period_text(_text(slots, r, k))
                for r in range(first, table.n_rows) for k in range(c + 1, table.n_cols))):
            codes.append(c)
        elif sum(is_figure_cell(t) for t in texts) >= 0.5 * len(texts):
            figs.append(c)
        elif sum(_is_period_text(t) for t in texts) >= 0.6 * len(texts):
            periods.append(c)
    return figs, periods, codes


def _is_code_column(texts: list[str], col: int, text_right: bool) -> bool:
    """Reference numbers ("1.1a", "2.3", "4") rather than figures: hierarchical codes,
    or small one-decimal numbers in a column with descriptive text to its right."""
    codes = [t for t in texts if _CODE.match(t)]
    if any(_STRICT_CODE.match(t) for t in codes) \
            and len(codes) >= 0.6 * len(texts):
        return True
    small = [t for t in texts if re.fullmatch(r"\d{1,2}(?:\.\d)?[a-z]?", t)]
    return text_right and len(small) == len(texts)


_RELATIVE_HEADER = re.compile(r"\b(?:previous|current|last|latest|this|prior|baseline)\b", re.I)


def _row_periods(text: str, n_fig_cols: int, reference: str, relative: bool) -> list[str]:
    """Periods a period cell gives the figure columns, left to right. Under relative
    headers ("Previous", "Current") the periods are spread over the columns, the last
    for the rightmost; otherwise the row is that period in every column ("Year")."""
    found = periods_in(text)
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


def _header_period(header: str) -> str:
    found = periods_in(header)
    if not found:
        return ""
    return span_ends(found[-1])[1]   # a change "2015/16 to 2016/17" is dated by its end


def table_observations(doc: Document, tables: list[Table],
                       layouts: list[PageLayout] | None = None) -> list[Observation]:
    rows = []
    previous: Table | None = None
    for t in sorted((t for t in tables if t.holds_data), key=lambda t: (t.page, t.bbox[1])):
        carried = previous if previous is not None and continues(previous, t) else None
        rows += read_table(doc, t, carried=carried)
        previous = t
    return rows


def _column_edges(table: Table) -> list[float]:
    edges = {}
    for c in table.cells:
        if c.col_span == 1:
            edges[c.col] = min(edges.get(c.col, c.bbox[0]), c.bbox[0])
    return [edges[k] for k in sorted(edges)]


def continues(above: Table, below: Table) -> bool:
    """`below` carries on `above` over a page break without repeating its header:
    it opens the next page, has the same columns at the same places, and no header."""
    if below.page != above.page + 1 or below.n_cols != above.n_cols:
        return False
    slots = _slots(below)
    if _header_rows(below, slots) != 0:
        return False
    a, b = _column_edges(above), _column_edges(below)
    return len(a) == len(b) and all(abs(x - y) < 3.0 for x, y in zip(a, b))


def _headers(table: Table) -> dict[int, str]:
    """Each column's header text, all header rows joined."""
    slots = _slots(table)
    first = _header_rows(table, slots)
    return {c: " ".join(_text(slots, r, c) for r in range(first) if _text(slots, r, c))
            for c in range(table.n_cols)}


def _column_place(table: Table, slots, first: int, col: int, home: str) -> str:
    """A header cell naming the home area or the nation makes the column that place's
    ("Leeds | England" columns). Other names (a data provider) are not places."""
    for r in range(first):
        text = strip_footnote(_text(slots, r, col))
        if not text or not looks_like_place(text):
            continue
        if home and text.lower() == home.lower():
            return home
        nat = national_geography(text)
        if nat and len(text.split()) <= 3:
            return nat
    return ""


def read_table(doc: Document, table: Table, reference: str = "", carried: Table | None = None
               ) -> list[Observation]:
    """The figures of one table. `carried` is the table this one continues from the
    previous page; its header and title then stand for this one's."""
    reference = reference or doc.reference_period
    slots = _slots(table)
    first = _header_rows(table, slots)
    figs, period_cols, codes = _column_kinds(table, slots, first)
    if not figs:
        return []
    left = [c for c in range(min(figs)) if c not in period_cols and c not in codes]
    label_col = max(left, key=lambda c: (sum(bool(_text(slots, r, c)) for r in range(first, table.n_rows)) > 0, c),
                    default=None)
    stub_periods = label_col is not None and sum(
        _is_period_text(_text(slots, r, label_col)) for r in range(first, table.n_rows)) > 0.6 * (table.n_rows - first)
    labels = [_text(slots, r, label_col) for r in range(first, table.n_rows)] if label_col is not None else []
    stub_places = label_col is not None and not stub_periods and places_column(labels, doc.geography)
    headers = {c: " ".join(_text(slots, r, c) for r in range(first) if _text(slots, r, c)) for c in figs}
    if carried is not None:
        above = _headers(carried)   # computed once, not once per column
        headers = {c: above.get(c, "") for c in figs}
    col_places = {c: _column_place(table, slots, first, c, doc.geography) for c in figs}
    relative = any(_RELATIVE_HEADER.search(h) for h in headers.values())
    title = table.title or (carried.title if carried is not None else "")
    title = re.sub(r"^\s*\d+(?:\.\d+)*\.?\s+", "", title)   # drop a paragraph number
    title = _CAPTION_NUMBER.sub("", title)                      # and "Figure 2:"
    title_label = strip_footnote(_without_periods(title.split(":")[0])) if title else ""
    out = []
    for r in range(first, table.n_rows):
        label = strip_footnote(_text(slots, r, label_col)) if label_col is not None else ""
        row_period_text = " ".join(_text(slots, r, c) for c in period_cols)
        row_periods = _row_periods(row_period_text, len(figs), reference, relative) if period_cols else []
        row_cells = []
        for c in range(table.n_cols):
            if slots.get((r, c)) and slots[(r, c)] not in row_cells:
                row_cells.append(slots[(r, c)])
        snippet = " | ".join(" ".join(x.text.split()) for x in row_cells if x.text.strip())
        for i, c in enumerate(figs):
            cell = slots.get((r, c))
            if cell is None or cell.row != r or cell.col != c:
                continue
            parsed = parse_cell(cell.text)
            if parsed is None:
                continue
            header = headers.get(c, "")
            geography = col_places.get(c) or doc.geography
            if stub_places:
                geography, indicator = label, title_label or header
            elif stub_periods:
                indicator = header or title_label
            else:
                indicator = label or header or title_label
            measure = (measure_from_text(header) or measure_from_text(label)
                       or measure_from_text(title) or "actual")
            unit = parsed.unit or ("rank" if measure == "rank" else "") or unit_from_text(label) \
                or unit_from_text(header) or unit_from_text(title + " " + table.notes) or "count"
            if stub_periods:
                period = periods_in(label)[0] if periods_in(label) else ""
            elif row_periods:
                period = row_periods[i]
            else:
                period = _header_period(header) or (periods_in(title)[-1] if periods_in(title) else "") \
                    or reference
            box = cell.text_bbox or cell.bbox
            out.append(Observation(
                indicator=indicator, indicator_id="", geography=geography, period=period,
                measure=measure, value=parsed.value, value_text=parsed.text, unit=unit,
                source_document=doc.name, source_sha256=doc.sha256, page=table.page,
                bbox=format_bbox(box), method=table.method,
                snippet=(f"{header}: " if header else "") + snippet))
    return out
