"""How sure the pipeline is of each figure: a `confidence` between 0 and 1 and an
`evidence` note saying how its fields were decided.

The note comes from the extractors (Observation.evidence: where the period, the area
and the label were read) plus what is seen on the published row (OCR, a consistency
finding, a label that is only a number or runs on). Each of these signals is a yes or
no; the confidence is a logistic combination of them whose weights
(schemas/confidence_weights.py) are fitted on the development gold by
benchmarks/fit_confidence.py, not set by hand. Plain functions; no Prefect.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from schemas.confidence_weights import INTERCEPT, WEIGHTS

REVIEW_BELOW = 0.8      # `indicators review` and the report: a fifth or more chance of a misread

# signal name -> what the evidence note says when it is set
SIGNALS: dict[str, str] = {
    "text": "read from a sentence",
    "ocr": "read with OCR",
    "ocr_unsure": "OCR: Tesseract under 90% sure of its words",
    "period_document": "period: the document's own period (nothing nearer dated it)",
    "period_missing": "period: none found",
    "area_named": "area: named beside the figure",
    "label_fallback": "label: a heading or caption (no row or sentence named it)",
    "label_short": "label: one or two words",
    "label_long": "label: over twelve words",
    "label_number": "label: holds a figure",
    "label_shared": "label: shared with another figure of the page, same period and measure",
    "crowded": "one of three or more figures read from the same sentence or row",
    "long_snippet": "read from a passage of over forty words",
    "no_value": "value: not a number (censored or a dash)",
    "unit_other": "unit: other",
    "measure_change": "measure: a change",
    "measure_rank": "measure: a rank",
    "measure_target": "measure: a target",
    "check_finding": "a consistency check flags it",
}
_DIGIT = re.compile(r"\d")


def needs_review(df: pd.DataFrame, below: float = REVIEW_BELOW) -> pd.Series:
    """Which rows are below the review confidence (none when the frame has no confidence)."""
    if "confidence" not in df:
        return pd.Series(False, index=df.index)
    return df["confidence"] < below


def flagged_rows(checks: pd.DataFrame) -> set[str]:
    """The row_ids a consistency check names (schemas/checks.py's row_ids column)."""
    return {i.strip() for ids in checks.get("row_ids", []) for i in str(ids).split(";") if i.strip()}


def signals(df: pd.DataFrame, flagged: set[str] = frozenset()) -> pd.DataFrame:
    """One 0/1 column per SIGNALS entry, for every row of `df` (the published columns
    plus `evidence`, the extractors' note). `flagged`: row_ids a consistency check named."""
    method = df["method"].astype(str)
    ev = df["evidence"].astype(str) if "evidence" in df else pd.Series("", index=df.index)
    label = df["indicator"].astype(str)
    words = label.str.split().str.len().fillna(0)
    key = (df["source_document"].astype(str) + "|" + df["page"].astype(str) + "|" + label + "|"
           + df["period"].astype(str) + "|" + df["measure"].astype(str))
    snippet_key = df["source_document"].astype(str) + "|" + df["page"].astype(str) + "|" + df["snippet"].astype(str)
    snippet_rows = snippet_key.map(snippet_key.value_counts())
    out = pd.DataFrame({
        "text": method.str.startswith("text"),
        "ocr": method.str.contains("+ocr", regex=False),
        "ocr_unsure": pd.to_numeric(ev.str.extract(r"ocr: Tesseract (\d+)%")[0], errors="coerce").lt(90),
        "period_document": ev.str.contains("period: document", regex=False),
        "period_missing": df["period"].astype(str).eq(""),
        "area_named": ev.str.contains("area: named", regex=False),
        "label_fallback": ev.str.contains("label: heading", regex=False),
        "label_short": words.le(2),
        "label_long": words.gt(12),
        "label_number": label.str.contains(_DIGIT),
        "label_shared": key.duplicated(keep=False),
        "crowded": snippet_rows.ge(3),
        "long_snippet": df["snippet"].astype(str).str.split().str.len().fillna(0).gt(40),
        "no_value": df["value"].isna(),
        "unit_other": df["unit"].astype(str).eq("other"),
        "measure_change": df["measure"].astype(str).eq("change"),
        "measure_rank": df["measure"].astype(str).eq("rank"),
        "measure_target": df["measure"].astype(str).eq("target"),
        "check_finding": df["row_id"].astype(str).isin(flagged),
    }, index=df.index)
    return out[list(SIGNALS)].astype(np.int8)


def score(df: pd.DataFrame, flagged: set[str] = frozenset()) -> pd.DataFrame:
    """`df` with `confidence` (rounded to 3 places) and `evidence` (the extractors' note,
    then each signal that is set) filled in. A corrected row is certain: a person set it."""
    out = df.copy()
    if not len(out):
        out["confidence"], out["evidence"] = pd.Series(dtype="float64"), pd.Series(dtype="str")
        return out
    sig = signals(out, flagged)
    z = INTERCEPT + sig.to_numpy(dtype=float) @ np.array([WEIGHTS.get(s, 0.0) for s in SIGNALS])
    conf = 1.0 / (1.0 + np.exp(-z))
    corrected = out["corrected"].astype(bool).to_numpy() if "corrected" in out else np.zeros(len(out), bool)
    out["confidence"] = np.round(np.where(corrected, 1.0, conf), 3)
    base = (out["evidence"].astype(str) if "evidence" in out else pd.Series("", index=out.index)).map(_own_note)
    shown = [s for s in SIGNALS if not _in_note(s)]
    flags = sig[shown].to_numpy(dtype=bool)
    texts = [SIGNALS[s] for s in shown]
    seen = ["; ".join(t for t, on in zip(texts, row) if on) for row in flags]
    out["evidence"] = ["; ".join(x for x in (b, s, "corrected by a reviewer" if c else "") if x)
                       for b, s, c in zip(base, seen, corrected)]
    return out


_ADDED_HERE = set(SIGNALS.values()) | {"corrected by a reviewer"}


def _own_note(evidence: str) -> str:
    """The extractors' part of an evidence note (scoring again replaces the rest)."""
    return "; ".join(p for p in evidence.split("; ") if p and p not in _ADDED_HERE)


def _in_note(signal: str) -> bool:
    """Signals the extractors' note already states in its own words."""
    return signal in ("period_document", "area_named", "label_fallback")

