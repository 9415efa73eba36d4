"""Last extraction step: one row per printed figure, with a stable indicator id."""
from __future__ import annotations

import hashlib
from typing import Optional, Sequence

from extractors.context.ids import indicator_id
from extractors.pdf.ocr import METHOD_SUFFIX
from extractors.personal_data import people_in, redact_observations
from extractors.types import Document, Observation, TextBlock


def row_id(row: Observation) -> str:
    """Stable across runs: the same figure of the same document bytes gets the same id."""
    key = "|".join([row.source_sha256, str(row.page), row.bbox, row.measure, row.period])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


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
