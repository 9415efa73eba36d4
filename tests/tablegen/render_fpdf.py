"""Draw a DocSpec with fpdf2's table() API: borders ALL / HORIZONTAL_LINES / SINGLE_TOP_LINE /
NONE, colspan and rowspan for spanning headers and group rows. A table part that would run
over the page bottom starts a new page (its height estimated from its lines: fpdf2's own
dry run, offset_rendering, deep-copies the document and costs more than the drawing); a
split table's second part starts a new page. Returns the page each part was drawn on."""

from __future__ import annotations

import random

from fpdf import FPDF, FontFace

from .layout import ARROW_WORDS, MARGIN, PAD, doc_chars, fit, unicode_fonts
from .model import DocSpec, TableSpec

ALIGN = {"R": "RIGHT", "L": "LEFT", "C": "CENTER"}
BORDERS = {
    "grid": ("ALL", "ALL", "INTERNAL"),
    "hrules": ("HORIZONTAL_LINES", "SINGLE_TOP_LINE"),
    "unruled": ("NONE",),
}


class _PDF(FPDF):
    footer_style = ""

    def footer(self):
        if self.footer_style:
            self.set_y(-MARGIN / 2 - 4)
            self.set_font(self.footer_font, "", 7.5)
            n = self.page_no()
            self.cell(0, 8, f"Page {n}" if self.footer_style == "page_word" else str(n), align="C")


def _setup_fonts(pdf: FPDF, doc: DocSpec) -> tuple[str, bool]:
    """(font family, arrows printable): the core fonts print Latin-1 only."""
    if doc.font == "unicode" or not all(ord(c) < 256 for c in doc_chars(doc)):
        reg, bold, arrows = unicode_fonts()
        pdf.add_font("U", "", reg)
        pdf.add_font("U", "B", bold)
        return "U", arrows
    return ("Times" if doc.font == "serif" else "Helvetica"), False


def render(doc: DocSpec, path: str) -> dict:
    pdf = _PDF(unit="pt", format="A4")
    family, arrows = _setup_fonts(pdf, doc)

    def measure(text, b, size):
        pdf.set_font(family, "B" if b else "", size)
        return pdf.get_string_width(text) + 1.0  # a point to spare: no wrap from rounding

    landscape, fits = fit(doc, measure)
    orientation = "L" if landscape else "P"  # given to every add_page: the default is portrait
    pdf.footer_style, pdf.footer_font = doc.footer, family
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, MARGIN)
    pdf.set_title(f"{doc.publisher}: {doc.title}")
    pdf.set_author(doc.publisher)
    pdf.add_page(orientation=orientation)
    for text, style, size, lead in (
        (doc.publisher, "B", 15, 19),
        (doc.title, "", 12, 16),
        (doc.ref_statement, "", 10.5, 14),
    ):
        pdf.set_font(family, style, size)
        pdf.multi_cell(0, lead, text, new_x="LMARGIN", new_y="NEXT")
    if doc.intro:
        pdf.ln(6)
        pdf.set_font(family, "", 9)
        pdf.multi_cell(0, 12, doc.intro, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pages = {}
    for i, (t, (size, widths)) in enumerate(zip(doc.tables, fits)):
        trng = random.Random(f"{doc.name}/{i}")
        look = {
            "borders": trng.choice(BORDERS[t.style]),
            "align": trng.choice(("LEFT", "LEFT", "CENTER")),
            "head_align": trng.choice(("CENTER", "RIGHT")),
            "fill": trng.choice(((217, 226, 243), (221, 221, 221))),
        }
        parts = [(0, len(t.rows))] if t.split_at is None else [(0, t.split_at), (t.split_at, len(t.rows))]
        for k, (a, b) in enumerate(parts):
            caption = t.caption + (" (continued)" if k == 1 and trng.random() < 0.6 else "")
            show_caption = k == 0 or caption != t.caption or t.repeat_header
            notes = t.footnotes if k == len(parts) - 1 else []
            args = (
                t,
                a,
                b,
                k == 0 or t.repeat_header,
                size,
                widths,
                family,
                arrows,
                look,
                caption if show_caption else "",
                notes,
            )
            if k == 1 or pdf.get_y() + _height(*args) > pdf.page_break_trigger:
                pdf.add_page(orientation=orientation)
            start = pdf.page_no()
            _draw(pdf, *args)
            if pdf.page_no() != start:
                raise ValueError(f"{doc.name}: table {i} part {k} runs over a page break")
            pages[(i, k)] = start
    pdf.output(path)
    return pages


def _height(
    t: TableSpec,
    a: int,
    b: int,
    with_header: bool,
    size: float,
    widths,
    family,
    arrows,
    look,
    caption: str,
    notes: list[str],
) -> float:
    """A generous estimate of what _draw takes down the page."""
    lines = lambda text: text.count("\n") + 1  # noqa: E731
    lead = size * 1.2
    h = 10 + (15 + 12 * (len(caption) // 90) if caption else 0)
    if with_header:
        rows = [max([lines(c.text) for c in hrow if c.rows == 1] or [1]) for hrow in t.header]
        tall = max([lines(c.text) for hrow in t.header for c in hrow if c.rows > 1] or [0])
        h += max(sum(rows), tall) * lead + 4 * len(rows)
    h += sum(max(lines(c) for c in r.cells) * lead + 4 for r in t.rows[a:b])
    h += (2 + 8.5 * len(notes)) if notes else 0
    return h * 1.1 + 6


def _draw(
    p,
    t: TableSpec,
    a: int,
    b: int,
    with_header: bool,
    size: float,
    widths: list[float],
    family: str,
    arrows: bool,
    look: dict,
    caption: str,
    notes: list[str],
) -> None:
    p.ln(10)
    if caption:
        p.set_font(family, "B", 9.5)
        p.multi_cell(0, 12, caption, new_x="LMARGIN", new_y="NEXT")
        p.ln(3)
    p.set_font(family, "", size)
    n = len(t.columns)
    nh = len(t.header) if with_header else 0
    zebra = {"cell_fill_color": (242, 242, 242), "cell_fill_mode": "ROWS"} if t.zebra else {}
    with p.table(
        width=sum(widths),
        col_widths=widths,
        align=look["align"],
        borders_layout=look["borders"],
        num_heading_rows=max(nh, 1),
        first_row_as_headings=nh > 0,
        line_height=size * 1.2,
        padding=(2, PAD),
        text_align=tuple(ALIGN[c.align] for c in t.columns),
        v_align=t.valign,
        headings_style=FontFace(emphasis="BOLD", fill_color=look["fill"] if t.shade_header else None),
        repeat_headings=0,
        **zebra,
    ) as table:
        if nh:
            for hrow in t.header:
                row = table.row()
                for h in sorted(hrow, key=lambda h: h.col):
                    kind = t.columns[h.col].kind
                    align = (
                        "CENTER"
                        if h.span > 1
                        else ("LEFT" if kind in ("stub", "code", "note") else look["head_align"])
                    )
                    row.cell(
                        h.text + h.superscript, colspan=h.span, rowspan=h.rows, align=align, v_align="BOTTOM"
                    )
        for r in t.rows[a:b]:
            row = table.row()
            if r.group:
                row.cell(
                    r.cells[0],
                    colspan=n,
                    align="LEFT",
                    style=FontFace(
                        emphasis="BOLD", fill_color=(232, 238, 244) if t.style != "grid" else None
                    ),
                )
            else:
                for c in r.cells:
                    row.cell(c if arrows else ARROW_WORDS.get(c, c))
    if notes:
        p.ln(2)
        p.set_font(family, "", 6.5)
        for f in notes:
            p.multi_cell(0, 8.5, f, new_x="LMARGIN", new_y="NEXT")
