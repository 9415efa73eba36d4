"""The Prefect flow: PDFs in raw_docs/ -> validated indicator dataset in output/.

Only wiring lives here. Every task wraps a plain function from extractors/ or schemas/
(call `task.fn` in a unit test); a document that cannot be read is rejected, one that
makes an extractor crash is reported as failed, and the run carries on either way.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import chain

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE

import extractors as ex
from flows.audit_report import publish_report
from flows.config import load_config
from flows.report import DocumentResult, RunSummary, render_markdown, summarise
from schemas.contract import to_frame
from schemas.dataset import publish
from schemas.checks import run_checks
from schemas.suite import build_data_docs, validate

# Extraction is deterministic and its inputs (layouts, tables) are big: hashing them for a
# cache key costs more than recomputing, and nothing is reused across runs yet.
STAGE = dict(cache_policy=NONE, persist_result=False)


@dataclass
class Rejected:
    reason: str


@task(name="open_document", **STAGE)
def open_pdf(path: str, geography: str = "") -> ex.Document | Rejected:
    # A rejection is an expected outcome, not a task failure (no traceback in the logs).
    try:
        return ex.open_document(path, geography)
    except ex.DocumentRejected as exc:
        return Rejected(exc.reason)


read_layout = task(ex.read_layout, name="read_layout", **STAGE)
describe_document = task(ex.describe_document, name="describe_document", **STAGE)
find_tables = task(ex.find_tables, name="find_tables", **STAGE)
find_text_blocks = task(ex.find_text_blocks, name="find_text_blocks", **STAGE)
table_observations = task(ex.table_observations, name="table_observations", **STAGE)
text_observations = task(ex.text_observations, name="text_observations", **STAGE)
merge_observations = task(ex.merge_observations, name="merge_observations", **STAGE)
validate_rows = task(validate, name="validate", **STAGE)
publish_dataset = task(publish, name="publish", **STAGE)
check_consistency = task(run_checks, name="consistency_checks", **STAGE)
data_docs = task(build_data_docs, name="data_docs", **STAGE)
audit_report = task(publish_report, name="audit_report", **STAGE)


def _ensure(folder: str) -> str:
    os.makedirs(folder, exist_ok=True)
    return folder


def discover_pdfs(input_dir: str) -> list[str]:
    """`*.pdf` in input_dir, any case, sorted by name so runs are reproducible."""
    names = sorted(n for n in os.listdir(input_dir) if n.lower().endswith(".pdf"))
    return [os.path.join(input_dir, n) for n in names
            if os.path.isfile(os.path.join(input_dir, n))]


def extract(path: str, geography: str) -> DocumentResult:
    """All stages for one document; any failure is confined to this document."""
    name, t0 = os.path.basename(path), time.perf_counter()
    doc = open_pdf(path, geography)
    if isinstance(doc, Rejected):
        return DocumentResult(name, "rejected", doc.reason)
    result = DocumentResult(name, "ok", pages=doc.page_count, sha256=doc.sha256)
    try:
        layouts = read_layout(doc)
        result.page_size = (max(lay.width for lay in layouts), max(lay.height for lay in layouts))
        doc = describe_document(doc, layouts)
        tables = find_tables(doc, layouts)
        result.tables = sum(t.holds_data for t in tables)
        blocks = find_text_blocks(layouts, tables)
        rows = table_observations(doc, tables, layouts) + text_observations(doc, blocks)
        result.observations = merge_observations(doc, rows)
    except Exception as exc:  # an extractor bug must not sink the other documents
        result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}"
    result.figures = len(result.observations)
    result.seconds = time.perf_counter() - t0
    return result


@flow(name="indicator-pipeline")
def indicator_pipeline(input_dir: str = "raw_docs", output_dir: str = "output") -> RunSummary:
    log, t0 = get_run_logger(), time.perf_counter()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    config = load_config(input_dir)
    pdfs = discover_pdfs(input_dir)
    log.info("%d PDF file(s) in %s", len(pdfs), input_dir)

    results = []
    for i, path in enumerate(pdfs, 1):
        results.append(extract(path, config.geography_for(path)))
        log.info("[%d/%d] %s", i, len(pdfs), results[-1].progress())

    frame = to_frame(chain.from_iterable(r.observations for r in results))
    pages = {r.name: r.pages for r in results if r.pages}
    sizes = {r.name: r.page_size for r in results if r.page_size}
    outcome = validate_rows(frame, pages, sizes)
    checks = check_consistency(outcome.valid)
    docs_dir = tempfile.mkdtemp(prefix=".data-docs-", dir=_ensure(output_dir))
    if len(outcome.valid):
        try:   # human-readable results; the gate itself already ran in validate_rows
            data_docs(outcome.valid, docs_dir, pages)
        except Exception as exc:
            log.warning("Data Docs not built (%s: %s)", type(exc).__name__, exc)
    summary = summarise(results, outcome.valid, outcome.quarantine, outcome.success,
                        input_dir=input_dir, output_dir=output_dir, started_at=started,
                        seconds=time.perf_counter() - t0)
    summary.outputs = publish_dataset(outcome.valid, outcome.quarantine, outcome.results_json,
                                      summary.report(), render_markdown(summary), output_dir,
                                      checks, docs_dir if len(outcome.valid) else None)
    shutil.rmtree(docs_dir, ignore_errors=True)
    log.info("%d consistency finding(s) in checks.csv", len(checks))
    # Left on the flow run for the Prefect UI (a server's UI, when PREFECT_API_URL is set)
    create_table_artifact(summary.per_document, key="documents",
                          description="Per-document counts of this run")
    create_markdown_artifact(render_markdown(summary), key="validation-summary",
                             description="Validation and run summary")
    if summary.published:
        docs = {os.path.basename(p): p for p in pdfs}
        summary.outputs["report/index.html"] = audit_report(
            outcome.valid, checks, summary.per_document, summary.rejected, docs, output_dir)
    log.info("published %d figures, quarantined %d%s", summary.figures, summary.quarantined,
             "" if summary.published else " (nothing valid: previous dataset kept)")
    return summary
