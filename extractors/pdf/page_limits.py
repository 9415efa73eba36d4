"""Input limits checked before a page is read: how much content it would make a parser
hold. A page over a limit is skipped with a reason and the rest of the document is read.

A hostile page can be tiny on disk and huge in a parser: a compressed content stream
that inflates to hundreds of megabytes of drawing operators, or a million glyphs. Both
are measured without doing the work: the content streams are inflated in bounded chunks
and counted, never held, with the text-showing operators in them; then the glyphs of the
pages left are counted by PDFium, which reads a page's text about fifty times faster
than pdfminer's layout.

The limits come from measurements (`benchmarks/page_load.py`, 611 pages of 168 files:
the development corpus, the samples, the robustness files, Camelot's and ICDAR's pages):
the largest page content is 0.44 MB and the most glyphs on one page 10,780. The limits
leave a wide margin (over 100x and 18x) for dense real pages, vector maps and full-page
tables, and stop the hostile pages (300 MB of operators; a million glyphs).
"""
from __future__ import annotations

import zlib

from pdfminer.pdftypes import PDFStream, resolve1

MAX_CONTENT_BYTES = 50 << 20     # a page's content streams, inflated
MAX_PAGE_CHARS = 200_000         # glyphs drawn on one page
_FLATE = {"FlateDecode", "Fl"}
_CHUNK = 1 << 20


def _text_ops(chunk: bytes) -> int:
    """Text-showing operators in a piece of content (each shows at least one glyph)."""
    return chunk.count(b"Tj") + chunk.count(b"TJ")


def _inflated_load(stream: PDFStream, cap: int) -> tuple[int, int]:
    """The decoded length of one stream and the text operators in it, counted up to just
    past `cap` bytes (so a bomb costs `cap` bytes of work, not its full size, and nothing
    is kept). Filters other than Flate are rare in page content; they count at their
    encoded size, and the memory limit is the backstop."""
    if stream.data is not None:            # already decoded by pdfminer
        return len(stream.data), _text_ops(stream.data)
    raw = stream.rawdata or b""
    filters = [getattr(f, "name", f) for f, _ in stream.get_filters()]
    if not filters:
        return len(raw), _text_ops(raw)
    if len(filters) != 1 or filters[0] not in _FLATE:
        return len(raw), 0
    inflate, total, ops, pending = zlib.decompressobj(), 0, 0, raw
    try:
        while pending and total <= cap:
            chunk = inflate.decompress(pending, _CHUNK)
            total, ops = total + len(chunk), ops + _text_ops(chunk)
            pending = inflate.unconsumed_tail
    except zlib.error:                     # a damaged stream; pdfminer decides what it holds
        pass
    return total, ops


def page_load(page_obj, cap: int = MAX_CONTENT_BYTES) -> tuple[int, int]:
    """The inflated size of a pdfminer page's content streams and the form XObjects its
    resources name, counted up to just past `cap`, and the text operators in them."""
    streams = [resolve1(s) for s in (page_obj.contents or [])]
    try:
        xobjects = resolve1((page_obj.resources or {}).get("XObject")) or {}
        streams += [s for s in map(resolve1, xobjects.values())
                    if isinstance(s, PDFStream) and getattr(s.get("Subtype"), "name", "") == "Form"]
    except Exception:      # broken resources: the page's own streams still count
        pass
    total = ops = 0
    for s in streams:
        if isinstance(s, PDFStream):
            size, n = _inflated_load(s, cap - total)
            total, ops = total + size, ops + n
            if total > cap:
                break
    return total, ops


def over_content_limit(page_obj, cap: int = MAX_CONTENT_BYTES) -> str:
    """The reason to skip a page whose content is too large to parse, or ""."""
    try:
        size, ops = page_load(page_obj, cap)
    except Exception:      # unreadable streams: the layout reader notes the page itself
        return ""
    if size > cap:
        return f"its content inflates past {cap >> 20} MB (the limit per page)"
    if ops > MAX_PAGE_CHARS:    # each draws a glyph or more: over the glyph limit for sure
        return f"it shows text {ops:,} times, over the limit of {MAX_PAGE_CHARS:,} glyphs per page"
    return ""


def over_char_limit(chars: int, cap: int = MAX_PAGE_CHARS) -> str:
    if chars <= cap:
        return ""
    return f"its text layer holds {chars:,} characters, over the limit of {cap:,} per page"
