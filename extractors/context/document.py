"""What a document says about itself: the area its publisher covers and the period it
reports on. Every table and sentence falls back on this document context.

The area comes from the publishing body's name (context/publisher.py), read from the
title block, the running headers and the first pages; the reference period from a
statement ("figures refer to the financial year 2023/24"), else the title ("Quarter 3
Performance Monitoring Report 2023/24"), else the financial year the text names most.
A geography or period set for the source in the configuration wins over both.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import replace

from extractors.context.periods import find_periods, reference_period
from extractors.context.publisher import Evidence, read_area
from extractors.pdf.layout import PageLayout
from extractors.text.blocks import find_text_blocks
from extractors.types import Document

TITLE_SIZE = 1.25      # a title line is set at least this much larger than the page's text
SUBTITLE_SIZE = 1.15   # ...or, in the lines the page opens with, this much
_QUARTER = re.compile(r"\b(?:Q|Quarter\s*)([1-4])\b", re.I)


def _evidence(doc: Document, layouts: list[PageLayout]) -> list[Evidence]:
    """The text that may name the publisher, each piece with where it is printed: the
    PDF's own title and author, the first page's title block (type well above the body
    size), the running headers and footers (once each), the first page, the rest."""
    out = [Evidence(line, "metadata") for line in doc.info.splitlines()]
    furniture: set[str] = set()
    for lay in layouts:
        body = statistics.median([w.size for w in lay.words] or [0.0])
        lines: dict[tuple[str, int], list] = {}
        for i, w in enumerate(lay.words):
            where = "furniture" if i in lay.furniture else (
                "title" if lay.page == 1 and w.size >= TITLE_SIZE * body else "")
            if where:
                lines.setdefault((where, round(w.top)), []).append(w)
        for (where, _), ws in sorted(lines.items(), key=lambda kv: kv[0][1]):
            text = " ".join(w.text for w in sorted(ws, key=lambda w: w.x0))
            if where == "title" or text not in furniture:
                furniture.add(text)
                out.append(Evidence(text, where))
    for b in find_text_blocks(layouts, []):
        out.append(Evidence(b.text, "first" if b.page == 1 else "body"))
    return out


def title_text(layouts: list[PageLayout]) -> str:
    """The title block of the first page: lines printed well above its body size, and
    the run of larger-than-body lines it opens with (a subtitle such as "Quarter 4,
    2017-18" is often set only a little larger than the text)."""
    first = next((lay for lay in layouts if lay.words), None)
    if first is None:
        return ""
    body = statistics.median(w.size for w in first.words)
    by_line: dict[int, list] = {}
    for i, w in enumerate(first.words):
        if i not in first.furniture:
            by_line.setdefault(round(w.top), []).append(w)
    lines, opening = [], True
    for _, ws in sorted(by_line.items()):
        size = max(w.size for w in ws)
        opening = opening and size >= SUBTITLE_SIZE * body
        if opening or size >= TITLE_SIZE * body:
            lines.append(" ".join(w.text for w in sorted(ws, key=lambda w: w.x0) if w.size >= SUBTITLE_SIZE * body))
    return "\n".join(lines)


def title_period(title: str) -> str:
    """The period a title names: "Quarter 3 ... 2023/24" is that quarter of the year."""
    for line in title.splitlines():
        found = find_periods(line)
        if not found:
            continue
        first = found[0].periods[0]
        q = _QUARTER.search(line)
        if q and re.fullmatch(r"\d{4}/\d{2}", first):
            return f"{first} Q{q.group(1)}"
        return first
    return ""


def describe_document(doc: Document, layouts: list[PageLayout]) -> Document:
    """Fill in the area its publisher covers (unless configured) and the period it
    reports on. Text is read in column-aware blocks so that words from neighbouring
    table cells are never run together."""
    every = "\n".join(b.text for b in find_text_blocks(layouts, []))
    area = doc.geography or read_area(_evidence(doc, layouts))
    period = doc.reference_period or reference_period(every, title_period(title_text(layouts)))
    return replace(doc, geography=area, reference_period=period)
