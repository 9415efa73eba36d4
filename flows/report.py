"""What a run did, per document and in total: the RunSummary the flow returns and the
run_report.json / run_report.md written beside the dataset. Plain Python."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Optional

import pandas as pd


@dataclass
class DocumentResult:
    name: str
    status: str                      # "ok", "partial" (parts skipped), "rejected" (unusable
                                     # input or over a limit), "failed" (our bug) or
                                     # "duplicate" (same bytes as another file of the run)
    reason: str = ""                 # why rejected/failed: one line, no traceback
    path: str = ""                   # where the file was read from
    pages: int = 0
    figures: int = 0                 # observations extracted (before validation)
    tables: int = 0                  # tables holding figures
    page_size: tuple = ()            # (width, height) of its largest page, for the bbox check
    sha256: str = ""
    source_url: str = ""             # where it was downloaded from ("" for a local file)
    seconds: float = 0.0
    peak_mb: float = 0.0             # peak resident memory of the process that read it
    stage_seconds: dict = field(default_factory=dict)   # per extraction stage
    reused: bool = False             # taken from the extraction cache, not extracted
    cacheable: bool = True           # False: the outcome depends on this run's limits
    pictures: dict = field(default_factory=dict)   # page -> [w, h] of its picture (flows/pictures.py)
    observations: list = field(default_factory=list, repr=False)

    def progress(self) -> str:
        if self.status in ("ok", "partial"):
            done = f"{self.name}: {self.pages} pages, {self.figures} figures ({self.seconds:.1f}s)"
            return done if self.status == "ok" else f"{done}, partial - {self.reason}"
        return f"{self.name}: {self.status} - {self.reason}"


@dataclass
class RunSummary:
    documents: int                   # PDFs found in the input folder
    pages: int                       # pages of the documents that could be opened
    figures: int                     # rows published (passed validation)
    quarantined: int                 # rows held back by the suite
    rejected: list[dict]             # [{document, reason}] unusable input files
    failed: list[dict]               # [{document, reason}] documents an extractor crashed on
    published: bool                  # False: nothing valid, previous dataset kept
    partial: list[dict] = field(default_factory=list)   # [{document, reason}] parts skipped
    warnings: list[dict] = field(default_factory=list)  # [{document, reason}] e.g. stale download
    outputs: dict[str, str] = field(default_factory=dict)
    per_document: list[dict] = field(default_factory=list)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    validation_success: Optional[bool] = None
    input_dir: str = ""
    output_dir: str = ""
    started_at: str = ""
    seconds: float = 0.0
    extracted: int = 0               # documents extracted in this run
    reused: int = 0                  # documents taken from the extraction cache
    outputs_reused: bool = False     # rows unchanged: the previous validated outputs reused
    run_id: str = ""                 # this run's version folder: output/versions/<run_id>
    previous_version: str = ""       # the version it was compared with ("" on a first run)
    pipeline_version: str = ""       # hash of the extraction code and libraries (cache key)
    diff: dict = field(default_factory=dict)           # figures added / changed / removed
    stage_seconds: dict = field(default_factory=dict)  # summed over extracted documents
    limits: dict = field(default_factory=dict)  # per document: max_pages, max_seconds, max_memory
    corrections: dict = field(default_factory=dict)  # {"counts": {status: n}, "lines": [...]}
    review: dict = field(default_factory=dict)       # figures below the review confidence

    def to_dict(self) -> dict:
        return asdict(self)

    def report(self) -> dict:
        """run_report.json: everything but the output paths (the report sits beside them)."""
        d = self.to_dict()
        d.pop("outputs")
        return d


def _rule_counts(quarantine: pd.DataFrame) -> dict[str, int]:
    counts: Counter = Counter()
    for names in quarantine.get("failed_expectation", []):
        counts.update(n for n in str(names).split("; ") if n)
    return dict(counts.most_common())


def summarise(results: list[DocumentResult], valid: pd.DataFrame, quarantine: pd.DataFrame,
              validation_success: bool, **run) -> RunSummary:
    """Totals and the per-document table; `run` carries input/output dirs and timing."""
    published = valid["source_document"].value_counts().to_dict() if len(valid) else {}
    held = quarantine["source_document"].value_counts().to_dict() if len(quarantine) else {}
    per_doc = [{"document": r.name, "status": r.status, "reason": r.reason, "pages": r.pages,
                "tables": r.tables, "extracted": r.figures, "published": int(published.get(r.name, 0)),
                "quarantined": int(held.get(r.name, 0)), "seconds": round(r.seconds, 2),
                "peak_mb": round(r.peak_mb),
                "reused": r.reused, "sha256": r.sha256, "source_url": r.source_url}
               for r in results]
    stages: Counter = Counter()
    for r in results:
        stages.update(r.stage_seconds)
    return RunSummary(
        documents=len(results),
        pages=sum(r.pages for r in results),
        figures=len(valid),
        quarantined=len(quarantine),
        rejected=[{"document": r.name, "reason": r.reason} for r in results if r.status == "rejected"],
        failed=[{"document": r.name, "reason": r.reason} for r in results if r.status == "failed"],
        partial=[{"document": r.name, "reason": r.reason} for r in results if r.status == "partial"],
        extracted=sum(not r.reused and r.status != "duplicate" for r in results),
        reused=sum(r.reused for r in results),
        stage_seconds={k: round(v, 3) for k, v in stages.items()},
        published=len(valid) > 0,
        per_document=per_doc,
        quarantine_reasons=_rule_counts(quarantine),
        validation_success=validation_success,
        **run,
    )


def render_markdown(s: RunSummary) -> str:
    """run_report.md: the same facts as run_report.json, for a person."""
    lines = [
        "# Indicator pipeline run",
        "",
        f"- started: {s.started_at} ({s.seconds:.1f}s)",
        f"- input: `{s.input_dir}`",
        "- limits per document: " + (", ".join(f"{k} {v}" for k, v in s.limits.items() if v)
                                     or "none"),
        f"- version: `{s.run_id}` (pipeline {s.pipeline_version}); previous: "
        f"`{s.previous_version or 'none'}`",
        f"- documents: {s.documents} ({len(s.partial)} partial, {len(s.rejected)} rejected, "
        f"{len(s.failed)} failed); "
        f"{s.extracted} extracted, {s.reused} reused from the cache",
        f"- pages: {s.pages}",
        f"- figures published: {s.figures}",
        f"- rows quarantined: {s.quarantined}",
        f"- published rows pass the validation suite: {s.validation_success}",
        "- change since the previous version: " + (", ".join(
            f"{n} {k}" for k, n in s.diff.items()) + " (by row_id; diff.csv lists them)"
            if s.previous_version and s.published else "none to compare with"),
    ]
    if not s.published:
        lines.append("- **nothing valid was extracted: the previous dataset was kept**")
    lines += ["", "## Documents", "",
              "| document | status | pages | extracted | published | quarantined | seconds | peak MB | note |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for d in s.per_document:
        note = d["reason"].replace("|", "\\|") or ("reused from the cache" if d["reused"] else "")
        lines.append(f"| {d['document']} | {d['status']} | {d['pages']} | {d['extracted']} | "
                     f"{d['published']} | {d['quarantined']} | {d['seconds']} | {d.get('peak_mb') or ''} | "
                     f"{note} |")
    if s.warnings:
        lines += ["", "## Warnings", ""] + [f"- {w['document']}: {w['reason']}" for w in s.warnings]
    if s.review:
        lines += ["", "## Review", "", f"- {s.review['figures']} of {s.review['of']} figures below "
                  f"confidence {s.review['below']} ({s.review['share']:.1%}): `indicators review` "
                  "writes them to review.csv"]
    if s.corrections.get("lines"):
        counts = ", ".join(f"{n} {k}" for k, n in s.corrections["counts"].items())
        lines += ["", "## Corrections", "", f"From the input folder's corrections.csv: {counts}.", "",
                  "| line | action | row_id | status | message |", "|---:|---|---|---|---|"]
        lines += [f"| {c['line']} | {c['action']} | {c['row_id']} | **{c['status']}** | "
                  + c["message"].replace("|", "\\|") + " |" for c in s.corrections["lines"]]
    if s.quarantine_reasons:
        lines += ["", "## Quarantine by expectation", "", "| expectation | rows |", "|---|---:|"]
        lines += [f"| {name} | {n} |" for name, n in s.quarantine_reasons.items()]
    return "\n".join(lines) + "\n"
