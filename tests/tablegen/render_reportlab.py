"""Draw a DocSpec with reportlab platypus: Table + TableStyle (ruled grid, horizontal rules
only, or no rules; SPAN for spanning headers and group rows), a caption and footnotes as
Paragraphs. Each table part is kept on one page; a split table's second part starts a
new page. Returns the page each part was drawn on."""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    CondPageBreak,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .layout import ARROW_WORDS, LANDSCAPE, MARGIN, PAD, PORTRAIT, doc_chars, fit, unicode_fonts
from .model import DocSpec, TableSpec

ALIGN = {"R": "RIGHT", "L": "LEFT", "C": "CENTER"}
_registered: dict[str, bool] = {}


def _fonts(doc: DocSpec) -> tuple[str, str, bool]:
    """(regular, bold, arrows printable)."""
    needs_unicode = any(ord(c) > 255 and c not in "\u2013\u2020" for c in doc_chars(doc))
    if doc.font == "unicode" or needs_unicode:
        reg, bold, arrows = unicode_fonts()
        if "U" not in _registered:
            pdfmetrics.registerFont(TTFont("U", reg))
            pdfmetrics.registerFont(TTFont("U-Bold", bold))
            _registered["U"] = arrows
        return "U", "U-Bold", _registered["U"]
    if doc.font == "serif":
        return "Times-Roman", "Times-Bold", False
    return "Helvetica", "Helvetica-Bold", False


class PageMark(Flowable):
    """Draws nothing; notes the page it lands on."""

    def __init__(self, sink: dict, key):
        super().__init__()
        self.sink, self.key = sink, key

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.sink[self.key] = self.canv.getPageNumber()


def render(doc: DocSpec, path: str) -> dict:
    font, bold, arrows = _fonts(doc)
    measure = lambda text, b, size: pdfmetrics.stringWidth(text, bold if b else font, size)  # noqa: E731
    landscape, fits = fit(doc, measure)
    pw, ph = LANDSCAPE if landscape else PORTRAIT
    marks: dict = {}
    story = [
        Paragraph(escape(doc.publisher), ParagraphStyle("pub", fontName=bold, fontSize=15, leading=19)),
        Paragraph(escape(doc.title), ParagraphStyle("title", fontName=font, fontSize=12, leading=16)),
        Paragraph(escape(doc.ref_statement), ParagraphStyle("ref", fontName=font, fontSize=10.5, leading=14)),
    ]
    if doc.intro:
        story.append(
            Paragraph(
                escape(doc.intro),
                ParagraphStyle("intro", fontName=font, fontSize=9, leading=12, spaceBefore=6),
            )
        )
    story.append(Spacer(1, 8))
    cap_style = ParagraphStyle("cap", fontName=bold, fontSize=9.5, leading=12, spaceBefore=10, spaceAfter=4)
    note_style = ParagraphStyle("note", fontName=font, fontSize=6.5, leading=8.5)
    for i, (t, (size, widths)) in enumerate(zip(doc.tables, fits)):
        trng = random.Random(f"{doc.name}/{i}")
        parts = [(0, len(t.rows))] if t.split_at is None else [(0, t.split_at), (t.split_at, len(t.rows))]
        for k, (a, b) in enumerate(parts):
            block = [PageMark(marks, (i, k, "start"))]
            caption = t.caption + (" (continued)" if k == 1 and trng.random() < 0.6 else "")
            if k == 0 or caption != t.caption or t.repeat_header:
                block.append(Paragraph(escape(caption), cap_style))
            block.append(_table(t, a, b, k == 0 or t.repeat_header, size, widths, font, bold, arrows, trng))
            if k == len(parts) - 1:
                block += [Paragraph(escape(f), note_style) for f in t.footnotes]
            block.append(PageMark(marks, (i, k, "end")))
            if k == 1:
                story.append(PageBreak())
            else:  # KeepTogether alone lets a table overrun by a row now and then
                high = sum(
                    f.wrap(pw - 2 * MARGIN, ph)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in block
                )
                story.append(CondPageBreak(high * 1.05 + 12))
            story.append(KeepTogether(block))

    def footer(canv, _doc):
        if doc.footer:
            canv.setFont(font, 7.5)
            n = canv.getPageNumber()
            canv.drawCentredString(pw / 2, MARGIN / 2, f"Page {n}" if doc.footer == "page_word" else str(n))

    tpl = BaseDocTemplate(
        path,
        pagesize=(pw, ph),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{doc.publisher}: {doc.title}",
        author=doc.publisher,
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        pw - 2 * MARGIN,
        ph - 2 * MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    tpl.addPageTemplates([PageTemplate(frames=[frame], onPage=footer)])
    tpl.build(story)
    pages = {}
    for (i, k, edge), page in marks.items():
        if edge == "start":
            if marks[(i, k, "end")] != page:
                raise ValueError(f"{doc.name}: table {i} part {k} runs over a page break")
            pages[(i, k)] = page
    return pages


def _table(
    t: TableSpec,
    a: int,
    b: int,
    with_header: bool,
    size: float,
    widths: list[float],
    font: str,
    bold: str,
    arrows: bool,
    trng: random.Random,
) -> Table:
    n = len(t.columns)
    nh = len(t.header) if with_header else 0
    data, cmds = [], [
        ("FONT", (0, 0), (-1, -1), font, size),
        ("LEADING", (0, 0), (-1, -1), size * 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("VALIGN", (0, nh), (-1, -1), t.valign),
    ]
    head_align = trng.choice(("CENTER", "RIGHT"))
    if with_header:
        cmds += [("FONT", (0, 0), (-1, nh - 1), bold, size), ("VALIGN", (0, 0), (-1, nh - 1), "BOTTOM")]
        for r, hrow in enumerate(t.header):
            line = [""] * n
            for h in hrow:
                kind = t.columns[h.col].kind
                align = (
                    "CENTER" if h.span > 1 else ("LEFT" if kind in ("stub", "code", "note") else head_align)
                )
                if h.superscript:
                    style = ParagraphStyle(
                        "h",
                        fontName=bold,
                        fontSize=size,
                        leading=size * 1.2,
                        alignment={"LEFT": 0, "CENTER": 1, "RIGHT": 2}[align],
                    )
                    line[h.col] = Paragraph(
                        escape(h.text).replace("\n", "<br/>") + f"<super>{h.superscript}</super>", style
                    )
                else:
                    line[h.col] = h.text
                cmds.append(("ALIGN", (h.col, r), (h.col + h.span - 1, r), align))
                if h.span > 1:
                    cmds.append(("SPAN", (h.col, r), (h.col + h.span - 1, r)))
                    if t.style == "hrules":
                        cmds.append(("LINEBELOW", (h.col, r), (h.col + h.span - 1, r), 0.4, colors.black))
                if h.rows > 1:
                    cmds.append(("SPAN", (h.col, r), (h.col, r + h.rows - 1)))
            data.append(line)
    for j, col in enumerate(t.columns):
        cmds.append(("ALIGN", (j, nh), (j, -1), ALIGN[col.align]))
    for i, row in enumerate(t.rows[a:b]):
        r = nh + i
        if row.group:
            data.append([row.cells[0]] + [""] * (n - 1))
            cmds += [
                ("SPAN", (0, r), (-1, r)),
                ("FONT", (0, r), (-1, r), bold, size),
                ("ALIGN", (0, r), (-1, r), "LEFT"),
            ]
            if t.style != "grid":
                cmds.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#e8eef4")))
        else:
            data.append([c if arrows else ARROW_WORDS.get(c, c) for c in row.cells])
    last = len(data) - 1
    if t.style == "grid":
        cmds += [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
            ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
        ]
    elif t.style == "hrules":
        cmds += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
            ("LINEBELOW", (0, last), (-1, last), 1.0, colors.black),
        ]
        if nh:
            cmds.append(("LINEBELOW", (0, nh - 1), (-1, nh - 1), 0.7, colors.black))
        if trng.random() < 0.5:
            cmds.append(("LINEBELOW", (0, nh), (-1, last - 1), 0.25, colors.HexColor("#999999")))
    elif nh and trng.random() < 0.5:
        cmds.append(("LINEBELOW", (0, nh - 1), (-1, nh - 1), 0.5, colors.black))
    if t.shade_header and nh:
        cmds.append(
            (
                "BACKGROUND",
                (0, 0),
                (-1, nh - 1),
                colors.HexColor(trng.choice(("#d9e2f3", "#dddddd", "#c6e0b4"))),
            )
        )
    if t.zebra:
        cmds.append(("ROWBACKGROUNDS", (0, nh), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]))
    tab = Table(data, colWidths=widths, hAlign=trng.choice(("LEFT", "LEFT", "CENTER")))
    tab.setStyle(TableStyle(cmds))
    return tab
