"""Last extraction step: one row per printed figure, with a stable indicator id."""
from __future__ import annotations

import re
import unicodedata

from extractors.types import Document, Observation


def indicator_id(label: str) -> str:
    """A slug of the label: the same wording in two documents gets the same id."""
    s = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[*†‡]+", "", s)
    s = re.sub(r"&", " and ", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:80].rstrip("-") or "unlabelled"


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


def merge_observations(doc: Document, rows: list[Observation]) -> list[Observation]:
    """Drop a figure read twice (a table reader and the text reader on the same words):
    the table reading wins, as it knows the row and column."""
    kept: list[Observation] = []
    for row in sorted(rows, key=lambda r: (not r.method.startswith("table"), r.page)):
        if any(_same_spot(row, k) for k in kept if k.page == row.page):
            continue
        row.indicator_id = indicator_id(row.indicator)
        kept.append(row)
    kept.sort(key=lambda r: (r.page, _box(r)[1], _box(r)[0]))
    return kept
