"""Draw a DocSpec as an HTML page printed to PDF by Chromium (Playwright), like a report made
with "Save as PDF" from a browser or an HTML-to-PDF service: real <table> elements with
<caption> (or a bold paragraph above), <th colspan/rowspan>, CSS borders (collapsed grid,
horizontal rules only, none), shaded headers and zebra rows; the browser does the column
widths and the text layout (cells do not wrap but at the generator's own line breaks).

A split table is either one <table> that the browser breaks before row split_at (its <thead>
repeated on the next page by Chromium, or header rows in the body and so not repeated; the
caption is not repeated), or, when the header is repeated, two tables, the second with the
caption, sometimes "(continued)", like the other producers.

Pages: the document is first laid out on screen at the printable width (print media
emulated, so the same CSS applies), and a script walks the table parts down that continuous
layout as the printer will cut it into pages: a part that would run over the page bottom
gets `break-before: page`, a split table's second part always starts a page. Parts are
`break-inside: avoid` besides, and the PDF is read back to check the page count and that
each part's cells are on the page predicted for it. Returns the page each part starts on.

Needs Playwright (the Python package) and a Chromium at /usr/bin/chromium; one browser is
started on first use and kept for the process (launching costs about a second).
"""

from __future__ import annotations

import atexit
import random
import re
from functools import lru_cache
from html import escape
from pathlib import Path

from .layout import ARROW_WORDS, LANDSCAPE, MARGIN, PAD, PORTRAIT, doc_chars, fit, unicode_fonts
from .model import DocSpec, TableSpec

CHROMIUM = "/usr/bin/chromium"
PX = 4.0 / 3.0  # CSS px per point
ALIGN = {"R": "right", "L": "left", "C": "center"}
FONTS = {  # CSS font stack, and the TrueType files fontconfig gives Chromium for it
    "sans": (
        "Arial, 'Liberation Sans', Helvetica, sans-serif",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    "serif": (
        "'Times New Roman', Times, 'Liberation Serif', serif",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    ),
}

_browser: dict = {}


def _page():
    """One Chromium and one tab for the whole process, closed at exit."""
    if "page" not in _browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.emulate_media(media="print")
        _browser.update(pw=pw, browser=browser, page=page)
        atexit.register(_close)
    return _browser["page"]


def _close() -> None:
    try:
        _browser["browser"].close()
        _browser["pw"].stop()
    except Exception:  # the driver may already be gone at interpreter exit
        pass
    _browser.clear()


@lru_cache(maxsize=None)
def _ttf(path: str):
    from PIL import ImageFont

    return ImageFont.truetype(path, 1000)


@lru_cache(maxsize=None)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path).getBestCmap())


def _font(doc: DocSpec) -> tuple[str, str, str, bool]:
    """(CSS font-family, regular TTF, bold TTF, arrows printable)."""
    chars = {ord(c) for c in doc_chars(doc)} - {ord(c) for c in ARROW_WORDS} - {10}
    if doc.font in FONTS:
        stack, reg, bold = FONTS[doc.font]
        if Path(reg).exists() and Path(bold).exists() and chars <= _cmap(reg):
            return stack, reg, bold, all(ord(a) in _cmap(reg) for a in ARROW_WORDS)
    reg, bold, arrows = unicode_fonts()
    return "'DejaVu Sans', 'Bitstream Vera Sans', sans-serif", reg, bold, arrows


def _text(s: str) -> str:
    return "<br>".join(escape(line) for line in s.split("\n"))


def render(doc: DocSpec, path: str) -> dict:
    stack, reg, bold, arrows = _font(doc)

    def measure(text, b, size):
        # the browser adds the cell borders to the widths fit() sums: a point and a half spare
        return _ttf(bold if b else reg).getlength(text) * size / 1000 + 1.5

    landscape, fits = fit(doc, measure)
    pw, ph = LANDSCAPE if landscape else PORTRAIT
    avail_w, avail_h = pw - 2 * MARGIN, ph - 2 * MARGIN
    html, parts = _html(doc, fits, stack, arrows, avail_w)

    page = _page()
    page.set_content(html)
    page.evaluate("document.fonts.ready.then(() => true)")
    laid = page.evaluate(_PAGINATE, {"pageH": avail_h * PX - 2, "availW": avail_w * PX + 0.5})
    if laid["overflow"]:
        raise ValueError(f"{doc.name}: table part(s) {laid['overflow']} wider than the page")
    if laid["tall"]:
        raise ValueError(f"{doc.name}: table part(s) {laid['tall']} taller than a page")
    pages = {}
    for key, n in laid["pages"].items():
        _, i, k = key.split("-")
        pages[(int(i), int(k))] = n

    footer = {}
    if doc.footer:
        label = "Page " if doc.footer == "page_word" else ""
        footer = dict(
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=(
                f'<div style="width:100%;text-align:center;font-size:7.5pt;font-family:{escape(stack)};'
                f'margin-bottom:{MARGIN / 2 - 10:.0f}pt">{label}<span class="pageNumber"></span></div>'
            ),
        )
    m = f"{MARGIN * PX:.2f}px"
    page.pdf(
        path=path,
        format="A4",
        landscape=landscape,
        print_background=True,
        margin={"top": m, "bottom": m, "left": m, "right": m},
        **footer,
    )
    _check(doc, path, pages, parts, laid["count"])
    return pages


def _html(doc: DocSpec, fits, stack: str, arrows: bool, avail_w: float) -> tuple[str, dict]:
    """The page, and per table part the texts printed in its body (for the check)."""
    body = [
        f'<h1 class="pub">{_text(doc.publisher)}</h1>',
        f'<h2 class="title">{_text(doc.title)}</h2>',
        f'<p class="ref">{_text(doc.ref_statement)}</p>',
    ]
    if doc.intro:
        body.append(f'<p class="intro">{_text(doc.intro)}</p>')
    parts: dict = {}
    for i, (t, (size, _)) in enumerate(zip(doc.tables, fits)):
        trng = random.Random(f"{doc.name}/{i}")
        look = {
            "caption": trng.choice(("caption", "caption-left", "para", "para")),
            "center": trng.random() < 0.3,
            "head_align": trng.choice(("center", "right")),
            "fill": trng.choice(("#d9e2f3", "#dddddd", "#c6e0b4")),
            "row_rules": trng.random() < 0.5,
            "head_rule": trng.random() < 0.5,
            "grid_color": trng.choice(("#555555", "#000000", "#999999")),
        }
        if t.split_at is not None and (not t.repeat_header or trng.random() < 0.5):
            # one table that the browser breaks before row split_at: the header repeats on the
            # next page when it is a <thead> (Chromium's default), not when it is body rows
            head = "thead" if t.repeat_header else "tbody"
            html, printed = _table(t, 0, len(t.rows), head, size, arrows, look, t.caption, t.split_at)
            notes_html = "".join(f'<p class="note">{_text(f)}</p>' for f in t.footnotes)
            body.append(
                f'<div class="part split" id="part-{i}-0" data-second="part-{i}-1"'
                f' data-repeat="{int(t.repeat_header)}">{html}{notes_html}</div>'
            )
            parts[(i, 0)], parts[(i, 1)] = sum(printed[: t.split_at], []), sum(printed[t.split_at :], [])
            continue
        spans = [(0, len(t.rows))] if t.split_at is None else [(0, t.split_at), (t.split_at, len(t.rows))]
        for k, (a, b) in enumerate(spans):
            caption = t.caption + (" (continued)" if k == 1 and trng.random() < 0.6 else "")
            show_caption = k == 0 or caption != t.caption or t.repeat_header
            notes = t.footnotes if k == len(spans) - 1 else []
            head = "thead" if k == 0 or t.repeat_header else ""
            html, printed = _table(t, a, b, head, size, arrows, look, caption if show_caption else "")
            notes_html = "".join(f'<p class="note">{_text(f)}</p>' for f in notes)
            force = ' data-force="1"' if k == 1 else ""
            body.append(f'<div class="part" id="part-{i}-{k}"{force}>{html}{notes_html}</div>')
            parts[(i, k)] = sum(printed, [])
    css = f"""
    html, body {{ margin: 0; padding: 0; }}
    body {{ font-family: {stack}; color: #000; -webkit-print-color-adjust: exact; }}
    #doc {{ width: {avail_w:.2f}pt; }}
    h1.pub {{ font-size: 15pt; line-height: 19pt; margin: 0; }}
    h2.title {{ font-size: 12pt; line-height: 16pt; font-weight: normal; margin: 0; }}
    p.ref {{ font-size: 10.5pt; line-height: 14pt; margin: 0; }}
    p.intro {{ font-size: 9pt; line-height: 12pt; margin: 6pt 0 0 0; }}
    div.part {{ padding-top: 14pt; }}
    div.part:not(.split) {{ break-inside: avoid; page-break-inside: avoid; }}
    tr.pagebreak {{ break-before: page; page-break-before: always; }}
    div.part.newpage {{ break-before: page; page-break-before: always; }}
    p.captionp {{ font-size: 9.5pt; line-height: 12pt; font-weight: bold; margin: 0 0 4pt 0; }}
    table {{ border-collapse: collapse; border-spacing: 0; }}
    table.center {{ margin-left: auto; margin-right: auto; }}
    caption {{ font-size: 9.5pt; line-height: 12pt; font-weight: bold; padding-bottom: 4pt; }}
    caption.left {{ text-align: left; }}
    th, td {{ padding: 2pt {PAD}pt 2.5pt {PAD}pt; white-space: nowrap; }}
    th {{ vertical-align: bottom; }}
    th.l {{ text-align: left; }} th.r {{ text-align: right; }} th.c {{ text-align: center; }}
    td.group {{ font-weight: bold; text-align: left; }}
    p.note {{ font-size: 6.5pt; line-height: 8.5pt; margin: 0; }}
    p.note:first-of-type {{ margin-top: 2pt; }}
    """
    title = escape(f"{doc.publisher}: {doc.title}")
    page = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="{escape(doc.publisher)}"><style>{css}</style></head>'
        f'<body><div id="doc">{"".join(body)}</div></body></html>'
    )
    return page, parts


def _table(
    t: TableSpec,
    a: int,
    b: int,
    head: str,
    size: float,
    arrows: bool,
    look: dict,
    caption: str,
    break_at: int | None = None,
) -> tuple[str, list[list[str]]]:
    """The table of body rows a..b, its header rows in a <thead>, in the <tbody> (head
    "tbody": not repeated by the browser on a next page) or left out (""); and the texts
    printed per body row. break_at: the body row that starts a new page."""
    n = len(t.columns)
    rule = "0.5pt solid " + look["grid_color"]
    css = [f"font-size: {size}pt", f"line-height: {size * 1.2:.2f}pt"]
    if t.style == "grid":
        css.append(f"border: 0.8pt solid {'#000' if look['grid_color'] != '#999999' else '#666'}")
    elif t.style == "hrules":
        css += ["border-top: 1pt solid #000", "border-bottom: 1pt solid #000"]
    cls = ' class="center"' if look["center"] else ""
    out = [f'<table{cls} style="{"; ".join(css)}">']
    before = ""
    if caption:
        if look["caption"].startswith("caption"):
            left = ' class="left"' if look["caption"] == "caption-left" else ""
            out.append(f"<caption{left}>{_text(caption)}</caption>")
        else:
            before = f'<p class="captionp">{_text(caption)}</p>'
    cell_border = f"border: {rule}; " if t.style == "grid" else ""
    if head:
        out.append(f"<{head}>")
        fill = f"background: {look['fill']}; " if t.shade_header else ""
        last = len(t.header) - 1
        for r, hrow in enumerate(t.header):
            out.append("<tr>")
            for h in sorted(hrow, key=lambda h: h.col):
                kind = t.columns[h.col].kind
                if h.span > 1:
                    align = "c"
                else:
                    align = "l" if kind in ("stub", "code", "note") else look["head_align"][0]
                style = fill + cell_border
                if t.style == "hrules" and r + h.rows - 1 == last:
                    style += "border-bottom: 0.7pt solid #000; "
                elif t.style == "hrules" and h.span > 1:
                    style += "border-bottom: 0.4pt solid #000; "
                elif t.style == "unruled" and look["head_rule"] and r + h.rows - 1 == last:
                    style += "border-bottom: 0.5pt solid #000; "
                attrs = f' class="{align}"'
                attrs += f' colspan="{h.span}"' if h.span > 1 else ""
                attrs += f' rowspan="{h.rows}"' if h.rows > 1 else ""
                attrs += f' style="{style.strip()}"' if style else ""
                sup = f"<sup>{escape(h.superscript)}</sup>" if h.superscript else ""
                out.append(f"<th{attrs}>{_text(h.text)}{sup}</th>")
            out.append("</tr>")
        out.append(f"</{head}>")
    out.append("<tbody>" if head != "tbody" else "")
    printed = []
    valign = t.valign.lower()
    stripe = 0
    rows = t.rows[a:b]
    for j, row in enumerate(rows):
        line = ""
        tr = '<tr class="pagebreak">' if a + j == break_at else "<tr>"
        if t.style == "hrules" and look["row_rules"] and j < len(rows) - 1:
            line = "border-bottom: 0.25pt solid #999; "
        if row.group:
            bg = "background: #e8eef4; " if t.style != "grid" else ""
            out.append(
                f'{tr}<td class="group" colspan="{n}" style="{(bg + cell_border + line).strip()}">'
                f"{_text(row.cells[0])}</td></tr>"
            )
            printed.append([row.cells[0]])
            stripe = 0
            continue
        bg = "background: #f2f2f2; " if t.zebra and stripe % 2 == 1 else ""
        stripe += 1
        out.append(tr)
        printed.append([])
        for c, col in zip(row.cells, t.columns):
            text = c if arrows else ARROW_WORDS.get(c, c)
            style = f"text-align: {ALIGN[col.align]}; vertical-align: {valign}; " + bg + cell_border + line
            out.append(f'<td style="{style.strip()}">{_text(text)}</td>')
            printed[-1].append(text)
        out.append("</tr>")
    out.append("</tbody></table>")
    return before + "".join(out), printed


# Walks the table parts down the continuous (screen) layout as the printer will cut it into
# pages of pageH px: a part whose bottom would pass the page bottom, or one marked to start a
# page, is given break-before and starts the next page. A table the browser breaks itself
# (tr.pagebreak) starts the next page at that row, less the repeated <thead> above it.
_PAGINATE = """
({pageH, availW}) => {
  const box = el => {
    const r = el.getBoundingClientRect();
    return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, width: r.width};
  };
  let page = 1, start = box(document.getElementById('doc')).top;
  const pages = {}, overflow = [], tall = [];
  for (const el of document.querySelectorAll('div.part')) {
    const {top, bottom} = box(el);
    const brk = el.querySelector('tr.pagebreak');
    const first = brk ? box(brk).top : bottom;
    if (el.dataset.force === '1' || first - start > pageH) {
      el.classList.add('newpage');
      page += 1;
      start = top;
    }
    if (first - start > pageH) tall.push(el.id);
    pages[el.id] = page;
    if (brk) {
      const head = el.dataset.repeat === '1' ? el.querySelector('thead') : null;
      page += 1;
      start = box(brk).top - (head ? box(head).bottom - box(head).top : 0);
      pages[el.dataset.second] = page;
      if (bottom - start > pageH) tall.push(el.dataset.second);
    }
    for (const t of el.querySelectorAll('table')) {
      if (box(t).width > availW) overflow.push(el.id);
    }
  }
  return {pages, overflow, tall, count: page};
}
"""


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _check(doc: DocSpec, path: str, pages: dict, parts: dict, count: int) -> None:
    """Every printed cell of a part is on the page said for it, and the page count agrees."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        texts = [_squash(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()
    if len(texts) != count:
        raise ValueError(f"{doc.name}: printed {len(texts)} pages, the layout said {count}")
    for (i, k), printed in parts.items():
        text = texts[pages[(i, k)] - 1]
        missing = [c for c in printed if _squash(c) not in text]
        if missing:
            raise ValueError(
                f"{doc.name}: table {i} part {k} not all on page {pages[(i, k)]} (e.g. {missing[:3]})"
            )
