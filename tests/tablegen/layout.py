"""Producer-independent layout: fonts that can print the document's characters, column
widths from the text they hold, and the page orientation that fits the widest table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .model import DocSpec, TableSpec

PAD = 4.0  # cell padding left and right, points
MARGIN = 45.0
PORTRAIT, LANDSCAPE = (595.28, 841.89), (841.89, 595.28)
ARROW_WORDS = {"\u2191": "Up", "\u2193": "Down", "\u2192": "Same"}


def unicode_fonts() -> tuple[str, str, bool]:
    """(regular, bold, prints arrows): DejaVu Sans where the system has it, else Bitstream
    Vera from the reportlab package (no arrows: they are printed as words then; status
    cells are never figures, so the expected rows do not change)."""
    for d in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts"):
        reg, bold = Path(d, "DejaVuSans.ttf"), Path(d, "DejaVuSans-Bold.ttf")
        if reg.exists() and bold.exists():
            return str(reg), str(bold), True
    import reportlab

    base = Path(os.path.dirname(reportlab.__file__), "fonts")
    return str(base / "Vera.ttf"), str(base / "VeraBd.ttf"), False


def doc_chars(doc: DocSpec) -> set[str]:
    text = "".join(doc.printed_texts()) + "".join(c for t in doc.tables for r in t.rows for c in r.cells)
    return set(text)


def column_widths(t: TableSpec, measure: Callable[[str, bool, float], float], size: float) -> list[float]:
    """Widths that fit every cell's longest line; spanning header cells widen the columns
    under them evenly; a full-width group row widens the stub."""
    n = len(t.columns)
    w = [24.0] * n

    def width(text: str, bold: bool) -> float:
        return max(measure(line, bold, size) for line in text.split("\n")) + 2 * PAD

    for r in t.rows:
        if not r.group:
            for j, c in enumerate(r.cells):
                w[j] = max(w[j], width(c, False))
    for hrow in t.header:
        for h in hrow:
            if h.span == 1:
                w[h.col] = max(w[h.col], width(h.text + h.superscript, True))
    for hrow in t.header:
        for h in hrow:
            if h.span > 1:
                need, have = width(h.text, True), sum(w[h.col : h.col + h.span])
                if need > have:
                    for j in range(h.col, h.col + h.span):
                        w[j] += (need - have) / h.span
    for r in t.rows:
        if r.group and width(r.cells[0], True) > sum(w):
            w[0] += width(r.cells[0], True) - sum(w)
    return w


def fit(doc: DocSpec, measure) -> tuple[bool, list[tuple[float, list[float]]]]:
    """(landscape, [(font size, column widths)] per table): portrait unless a table is too
    wide for it; a table too wide even for landscape gets a smaller font."""
    sizes = []
    for t in doc.tables:
        sizes.append((t.font_size, column_widths(t, measure, t.font_size)))
    landscape = any(sum(w) > PORTRAIT[0] - 2 * MARGIN for _, w in sizes)
    avail = (LANDSCAPE if landscape else PORTRAIT)[0] - 2 * MARGIN
    out = []
    for t, (size, w) in zip(doc.tables, sizes):
        while sum(w) > avail and size > 5.5:
            size -= 0.5
            w = column_widths(t, measure, size)
        if sum(w) > avail:
            raise ValueError(f"{doc.name}: table {t.caption!r} is too wide ({sum(w):.0f} > {avail:.0f} pt)")
        out.append((size, w))
    return landscape, out
