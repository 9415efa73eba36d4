"""The review loop in a run: a reviewer's corrections applied to the extracted rows, each
figure's confidence, and the review queue (`indicators review`, the Prefect artifact,
`fail_below`). The rules live in schemas/corrections.py and schemas/confidence.py; this
module only hands them the run's rows and reports what they did.
"""
from __future__ import annotations

import os

import pandas as pd

from flows.pictures import picture_name
from flows.report import DocumentResult
from schemas.checks import run_checks
from schemas.confidence import REVIEW_BELOW, flagged_rows, needs_review, score
from schemas.corrections import (CORRECTIONS_FILE, FILE_COLUMNS, Applied, apply_corrections,
                                  read_corrections)

REVIEW_FILE = "review.csv"
# review.csv: the corrections file's columns first (a line becomes a correction by
# filling in `action` and the fields to change), then what helps decide
REVIEW_COLUMNS = [*FILE_COLUMNS, "confidence", "evidence", "snippet", "picture"]


class ReviewThresholdExceeded(RuntimeError):
    """A run's share of low-confidence figures passed its `fail_below` threshold."""


def review_rows(frame: pd.DataFrame, input_dir: str, results: list[DocumentResult],
                log) -> tuple[pd.DataFrame, Applied]:
    """The run's rows with the input folder's corrections applied and every figure's
    confidence and evidence; and what each correction did."""
    documents = {r.name: r.sha256 for r in results if r.sha256 and r.status in ("ok", "partial")}
    try:
        table = read_corrections(input_dir)
    except Exception as exc:     # a broken file costs the corrections, reported, not the run
        table = None
        problem = {"line": 0, "action": "", "row_id": "", "source_document": "", "page": "",
                   "status": "invalid",
                   "message": f"{CORRECTIONS_FILE} could not be read ({type(exc).__name__}: {exc})"}
    else:
        problem = None
    frame, applied = apply_corrections(frame, table, documents)
    if problem:
        applied.lines.insert(0, problem)
    for ln in applied.lines:
        if ln["status"] != "applied":
            log.warning("correction on line %s (%s): %s - %s", ln["line"], ln["action"] or "?",
                        ln["status"], ln["message"])
    if applied.lines:
        log.info("corrections: %s", ", ".join(f"{n} {k}" for k, n in applied.counts().items()))
    return score(frame, flagged_rows(run_checks(frame))), applied


def queue(valid: pd.DataFrame, below: float = REVIEW_BELOW) -> pd.DataFrame:
    """The published figures below `below` confidence, least sure first."""
    low = valid[needs_review(valid, below)]
    return low.sort_values(["confidence", "source_document", "page"], kind="mergesort") if len(low) else low


def review_summary(valid: pd.DataFrame, below: float = REVIEW_BELOW) -> dict:
    low = queue(valid, below)
    return {"below": below, "figures": int(len(low)), "of": int(len(valid)),
            "share": round(len(low) / len(valid), 4) if len(valid) else 0.0}


def write_review(version_dir: str, dest: str, below: float = REVIEW_BELOW) -> int:
    """review.csv at `dest` from a published version: the figures below `below`, least
    sure first, each with a link to its page picture in the version's audit report."""
    from schemas.datapackage import read_parquet
    valid = read_parquet(os.path.join(version_dir, "indicators.parquet"))
    low = queue(valid, below)
    out = pd.DataFrame({c: low[c] if c in low else "" for c in REVIEW_COLUMNS})
    out["action"], out["note"] = "", ""
    out["found_indicator"], out["found_value_text"] = low["indicator"], low["value_text"]
    pages = os.path.join(version_dir, "report", "pages")
    out["picture"] = [_picture(pages, sha, page) for sha, page in zip(low["source_sha256"], low["page"])]
    out.to_csv(dest, index=False)
    return len(out)


def _picture(pages_dir: str, sha256: str, page: int) -> str:
    path = os.path.join(pages_dir, picture_name(sha256, int(page)))
    return os.path.abspath(path) if os.path.exists(path) else ""


def review_markdown(valid: pd.DataFrame, summary: dict, worst: int = 10) -> str:
    """The Prefect artifact: how many figures need review, and the least sure ones."""
    low = queue(valid, summary["below"]).head(worst)
    lines = [f"**{summary['figures']} of {summary['of']} figures** are below confidence "
             f"{summary['below']} ({summary['share']:.1%}). `indicators review` writes them "
             "to review.csv; corrections go in the input folder's corrections.csv.", "",
             "| confidence | figure | indicator | document | page | evidence |",
             "|---:|---|---|---|---:|---|"]
    for r in low.to_dict("records"):
        cells = [f"{r['confidence']:.2f}", r["value_text"], r["indicator"], r["source_document"],
                 str(r["page"]), r["evidence"]]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
