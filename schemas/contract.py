"""The dataset's columns (docs/dataset.md) as pandas dtypes, and Observation -> DataFrame.

Strings use pandas 3's default `str` dtype; `value` is float64 so a censored figure
(`<10`, `N/A`) is NaN rather than forcing the column to object.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pandas as pd

if TYPE_CHECKING:  # only the shape is needed; keeps the schema importable on its own
    from extractors.types import Observation

# Column -> dtype, in CONTRACT order (the order of every published file).
COLUMNS: dict[str, str] = {
    "indicator": "str",
    "indicator_id": "str",
    "geography": "str",
    "period": "str",
    "measure": "str",
    "value": "float64",
    "value_text": "str",
    "unit": "str",
    "source_document": "str",
    "source_sha256": "str",
    "page": "int64",
    "bbox": "str",
    "method": "str",
    "snippet": "str",
    # beyond the CONTRACT: a stable id for the figure (document hash, page, box, measure,
    # period), the same on every run, so a figure can be traced and diffed across runs
    "row_id": "str",
    # where the document was downloaded from ("" for a file from a local folder)
    "source_url": "str",
    # how sure the pipeline is of the figure (schemas/confidence.py), and how each of its
    # fields was decided; whether a reviewer's correction set it (schemas/corrections.py)
    "confidence": "float64",
    "evidence": "str",
    "corrected": "bool",
    "review_note": "str",
}
STRING_COLUMNS = [c for c, t in COLUMNS.items() if t == "str"]

MEASURES = frozenset({"actual", "target", "baseline", "change", "rank"})
UNITS = frozenset({"count", "percent", "rate_per_1000", "rate_per_10000", "rate_per_100000",
                   "gbp", "rank", "ratio", "years", "other"})

# A figure is identified by where it is printed and what it is read as.
ROW_KEY = ["source_document", "page", "bbox", "measure", "period"]

# bbox is "x0,top,x1,bottom" in PDF points (pdfplumber's top-left origin)
BBOX_FIELDS = ("x0", "top", "x1", "bottom")
_FLOAT = r"-?\d+(?:\.\d+)?"
BBOX_RE = rf"^{_FLOAT},{_FLOAT},{_FLOAT},{_FLOAT}$"
SHA256_RE = r"^[0-9a-f]{64}$"


def bbox_columns(bbox: pd.Series) -> pd.DataFrame:
    """The four numbers of each bbox string as float columns named BBOX_FIELDS (NaN where
    a string does not hold them)."""
    parts = bbox.astype(str).str.split(",", expand=True).reindex(columns=range(4))
    return pd.DataFrame({f: pd.to_numeric(parts[i], errors="coerce")
                         for i, f in enumerate(BBOX_FIELDS)}, index=bbox.index)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in COLUMNS.items()})


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Cast to CONTRACT dtypes and order; extra columns are kept after the CONTRACT ones."""
    df = df.copy()
    for c in STRING_COLUMNS:
        if c in df:
            df[c] = df[c].fillna("").astype("str")
    if "value" in df:
        df["value"] = pd.to_numeric(df["value"], errors="coerce").astype("float64")
    if "page" in df:
        df["page"] = df["page"].astype("int64")
    if "confidence" in df:
        df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce").astype("float64")
    if "corrected" in df:
        df["corrected"] = df["corrected"].map(_true).astype("bool")
    extra = [c for c in df.columns if c not in COLUMNS]
    return df[[c for c in COLUMNS if c in df.columns] + extra]


def _true(v) -> bool:
    """A flag read back from a CSV ("True", "true", "1") or already a bool."""
    return v is True or str(v).strip().lower() in ("true", "1", "yes")


def evidence_note(evidence: dict) -> str:
    """The extractors' evidence as a short note: "period: column header; area: publisher"."""
    return "; ".join(f"{k}: {v}" for k, v in evidence.items() if v)


def to_frame(observations: Iterable[Observation]) -> pd.DataFrame:
    """Observations as a CONTRACT-typed frame in reading order, so reruns diff cleanly,
    each scored by schemas/confidence.py (the flow scores its rows again once the
    consistency checks and a reviewer's corrections are known); none corrected yet."""
    rows = [o.to_dict() for o in observations]
    if not rows:
        return empty_frame()
    for r in rows:
        r["evidence"] = evidence_note(r["evidence"])
        r["corrected"], r["review_note"], r["confidence"] = False, "", None
    df = conform(pd.DataFrame(rows, columns=list(COLUMNS)))
    # Reading order on the page: top edge, then left edge of the printed figure.
    box = bbox_columns(df["bbox"])
    df["_top"], df["_x0"] = box["top"], box["x0"]
    order = ["source_document", "page", "_top", "_x0", "measure", "period",
             "value_text", "indicator", "method"]  # the last three only break ties
    df = df.sort_values(order, kind="mergesort", na_position="last")
    from schemas.confidence import score   # it reads this module's columns
    return score(df.drop(columns=["_top", "_x0"]).reset_index(drop=True))
