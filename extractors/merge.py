"""Last extraction step: one row per printed figure, with a stable indicator id."""
from __future__ import annotations

import hashlib
import re
from typing import Optional, Sequence

from extractors.context.ids import indicator_id
from extractors.pdf.ocr import METHOD_SUFFIX
from extractors.personal_data import people_in, redact_observations
from extractors.types import Document, Observation, TextBlock


def row_id(row: Observation) -> str:
    """Stable across runs: the same figure of the same document bytes gets the same id."""
    return figure_id(row.source_sha256, row.page, row.bbox, row.measure, row.period)


def figure_id(sha256: str, page: int, bbox: str, measure: str, period: str) -> str:
    """row_id from its parts (a reviewer's added figure gets its id the same way)."""
    return hashlib.sha256("|".join([sha256, str(page), bbox, measure, period]).encode()).hexdigest()[:16]


def _box(row: Observation) -> tuple[float, ...]:
    return tuple(float(v) for v in row.bbox.split(","))


def _same_spot(a: Observation, b: Observation) -> bool:
    if a.page != b.page or a.value_text != b.value_text:
        return False
    x0, t0, x1, b0 = _box(a)
    X0, T0, X1, B0 = _box(b)
    ix = min(x1, X1) - max(x0, X0)
    iy = min(b0, B0) - max(t0, T0)
    return ix > 0 and iy > 0


def _date_repeated_figures(rows: list[Observation]) -> None:
    """A figure the text repeats without a period of its own takes the period of the
    table or passage of the same document that dates it ("76 per 100,000 under 18s" in a
    summary is Table 1's 2020/21-2022/23), when that figure is printed with one period."""
    dated: dict[tuple, list[Observation]] = {}
    for r in rows:
        if r.value is not None and r.period and r.evidence.get("period") != "document":
            dated.setdefault((r.value, r.unit), []).append(r)
    for r in rows:
        if r.evidence.get("period") != "document" or r.value is None or not _distinctive(r):
            continue
        words = _words(r.indicator)
        same = [o for o in dated.get((r.value, r.unit), []) if words & _words(o.indicator)]
        if len({o.period for o in same}) == 1:
            r.period = same[0].period


_STOP = {"the", "of", "and", "in", "for", "to", "a", "an", "by", "on", "at", "with", "per", "were", "was", "is",
         "are", "from", "this", "that", "these", "their"}


def _words(label: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", label.lower()) if w not in _STOP}


def _distinctive(r: Observation) -> bool:
    """A figure unlikely to be printed twice by chance: not a small whole number."""
    return r.value is not None and (r.value != int(r.value) or abs(r.value) >= 20)


def merge_observations(doc: Document, rows: list[Observation],
                       blocks: Optional[Sequence[TextBlock]] = None) -> list[Observation]:
    """Drop a figure read twice (a table reader and the text reader on the same words):
    the table reading wins, as it knows the row and column. Personal data is redacted from
    the text columns (extractors/personal_data.py); the people named anywhere in the
    document's text (`blocks`) or in its rows are redacted wherever the rows print them.
    Figures from pages read with OCR get "+ocr" on their method."""
    names = people_in([f"{b.context} {b.text}" for b in blocks or []]
                      + [t for r in rows for t in (r.snippet, r.indicator)])
    rows = redact_observations(rows, names)
    _date_repeated_figures(rows)
    kept: list[Observation] = []
    for row in sorted(rows, key=lambda r: (not r.method.startswith("table"), r.page)):
        if any(_same_spot(row, k) for k in kept if k.page == row.page):
            continue
        row.indicator_id = indicator_id(row.indicator)
        if row.page in doc.ocr_pages and not row.method.endswith(METHOD_SUFFIX):
            row.method += METHOD_SUFFIX   # read from OCR words: "table:pdfplumber+ocr"
        row.row_id = row_id(row)
        kept.append(row)
    kept.sort(key=lambda r: (r.page, _box(r)[1], _box(r)[0]))
    return kept


def note_ocr_confidence(rows: Sequence[Observation], layouts) -> None:
    """Tesseract's confidence in the words under each OCR figure (the least of them), in
    its evidence: a misread digit is the likeliest OCR error."""
    by_page = {lay.page: lay for lay in layouts}
    for row in rows:
        lay = by_page.get(row.page)
        if lay is None or not row.method.endswith(METHOD_SUFFIX):
            continue
        x0, t0, x1, b0 = _box(row)
        confs = [w.conf for w in lay.words if w.conf is not None
                 and min(x1, w.x1) > max(x0, w.x0) and min(b0, w.bottom) > max(t0, w.top)]
        if confs:
            row.evidence["ocr"] = f"Tesseract {min(confs):.0f}%"
