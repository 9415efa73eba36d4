"""The Prefect flow: PDFs in raw_docs/ -> validated indicator dataset in output/.

Only wiring lives here. Each document is one task (flows/extract.py runs the extractor
stages and times them), so any task runner can spread documents over workers; a
document already extracted by this pipeline version comes from the cache instead
(flows/cache.py). The run holds output/.lock, stages everything it publishes in a new
version folder and switches output/current to it at the end (schemas/dataset.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from datetime import datetime, timezone
from itertools import chain
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from extractors.pdf.document import sniff_pdf
from extractors.types import DocumentRejected
from flows.audit_report import write_report
from flows.cache import ExtractionCache
from flows.versions import code_hash, pipeline_version
from flows.extract import sha_or_blank
from flows.limits import Limits, parse_size
from flows.fetch import fetch_sources
from flows.isolation import extract_isolated
from flows.lock import run_lock
from flows.pictures import keep_only
from flows.progress import Progress, file_size
from flows.runners import make_task_runner
from flows.report import DocumentResult, RunSummary, render_markdown, summarise
from flows.review import ReviewThresholdExceeded, review_markdown, review_rows, review_summary
from flows.sources import MANIFEST_FILE, load_manifest, local_pdfs
from flows.unchanged import fingerprint, record_run
from schemas import dataset as ds
from schemas.checks import run_checks
from schemas.contract import to_frame
from schemas.corrections import CORRECTIONS_FILE
from schemas.diff import diff_counts, diff_rows, load_rows

CACHE_DIR = ".cache"
PICTURES_DIR = "pages"     # in CACHE_DIR: the page pictures the documents' tasks draw
# documents finished so far in this process's current run: the report of a stopped run
done_so_far: list[dict] = []
# Code that turns extracted rows into published files: part of the "same outputs" key.
PUBLISH_CODE = ["schemas/*.py", "flows/audit_report.py"]


def _document_run_name() -> str:
    """Each task run is named after its document in the Prefect UI ("extract report.pdf")."""
    from prefect.runtime import task_run
    return f"extract {os.path.basename(task_run.parameters.get('path', ''))}"


@task(name="extract_document", task_run_name=_document_run_name, cache_policy=NONE,
      persist_result=False)
def extract_document(path: str, geography: str, source_url: str = "",
                     limits: Limits = Limits(), pictures_dir: str = "") -> DocumentResult:
    # in a child process of whichever worker runs the task, under hard limits; the
    # pictures of its pages with figures are drawn there too, in parallel with the others
    return extract_isolated(path, geography, source_url, limits, pictures_dir)


@task(name="validate", cache_policy=NONE, persist_result=False)
def validate_rows(frame, pages: dict, sizes: dict):
    # Great Expectations takes ~3 s to import: a run whose rows did not change never needs it
    from schemas.suite import validate
    return validate(frame, pages, sizes)


def _other_files(input_dir: str) -> list[str]:
    """Top-level files of the input folder that are not PDFs by name, the manifest or hidden."""
    return sorted(n for n in os.listdir(input_dir)
                  if os.path.isfile(os.path.join(input_dir, n)) and not n.startswith(".")
                  and not n.lower().endswith(".pdf") and n not in (MANIFEST_FILE, CORRECTIONS_FILE))


def _kind(path: str) -> str:
    try:
        sniff_pdf(path)
        return "this one is a PDF: rename it to .pdf to read it"
    except DocumentRejected as exc:
        return exc.reason


def _inputs_key(frame, pages: dict, sizes: dict) -> str:
    """Everything the validated outputs depend on: the candidate rows, the page counts and
    sizes the suite checks against, and the publishing code."""
    h = hashlib.sha256(frame.to_csv(index=False).encode())
    h.update(json.dumps([sorted(pages.items()), sorted(sizes.items())], default=list).encode())
    h.update(code_hash(PUBLISH_CODE).encode())
    return h.hexdigest()


def extract_all(sources: list[tuple[str, str, str]], cache: ExtractionCache | None, log,
                limits: Limits = Limits(), runner=None, pictures_dir: str = "") -> list[DocumentResult]:
    """One result per source, in source order: cached, duplicate, or extracted by a task
    (submitted all at once, so a parallel task runner works on several documents) on
    `runner`, or on the flow's own task runner."""
    results: list[DocumentResult | None] = [None] * len(sources)
    todo, seen = [], {}
    for i, (path, geography, url) in enumerate(sources):
        name, sha = os.path.basename(path), sha_or_blank(path)
        if sha and sha in seen:
            results[i] = DocumentResult(name, "duplicate", f"same bytes as {seen[sha]}: "
                                        "its figures are published once", path=path,
                                        sha256=sha, source_url=url)
            continue
        if sha:
            seen[sha] = name
        results[i] = cache.get(sha, geography, path, url) if cache and sha else None
        if results[i] is None:
            todo.append(i)
    def submit(i):
        if runner is None:
            return extract_document.submit(*sources[i], limits, pictures_dir)
        path, geography, url = sources[i]
        return runner.submit(extract_document, {"path": path, "geography": geography,
                                                "source_url": url, "limits": limits,
                                                "pictures_dir": pictures_dir})

    progress = Progress([file_size(sources[i][0]) for i in todo])
    if todo:
        log.info("extracting %d document(s) (%.1f MB)%s", len(todo), progress.total_bytes / 1e6,
                 f"; {len(sources) - len(todo)} unchanged or duplicate" if len(todo) < len(sources) else "")
    futures = {i: submit(i) for i in todo}
    for n, i in enumerate(todo):
        try:
            results[i] = futures[i].result()
        except Exception as exc:
            # The task never fails for a document's sake (every outcome is a result), so
            # this is orchestration: an API timeout, a lost Dask worker. Read the document
            # here instead, in a child under the same limits, so it is never its failure.
            log.warning("%s: the task runner failed (%s: %s); reading it here instead",
                        os.path.basename(sources[i][0]), type(exc).__name__, exc)
            results[i] = extract_isolated(*sources[i], limits, pictures_dir)
        if cache:
            cache.put(results[i], sources[i][1])
        done_so_far.append({"document": results[i].name, "status": results[i].status,
                            "reason": results[i].reason})
        progress.done(n, results[i].pages or 0)
        log.info("[%s] %s", progress.line(), results[i].progress())
    return results


@flow(name="indicator-pipeline", task_runner=ThreadPoolTaskRunner(max_workers=1))
def indicator_pipeline(input_dir: str = "raw_docs", output_dir: str = "output",
                       keep_versions: int = 10, use_cache: bool = True, max_pages: int = 1000,
                       max_seconds: float = 300, max_memory: str = "2GB",
                       task_runner: str = "sequential", dask_address: str = "",
                       workers: int = 2, fail_below: float = 0.0) -> RunSummary:
    """Extract every PDF of `input_dir`, validate, and publish a new version in `output_dir`.
    Documents are extracted one after another, or in parallel on Dask with
    task_runner="dask" (a local cluster of `workers` processes for the run, or the one at
    `dask_address`), which scheduled runs (serve, deployments) set as a parameter.
    `fail_below` (a share, 0 to 1; 0: never): the run publishes, then fails (so that a
    schedule alerts) when more than that share of its figures is below the review
    confidence (schemas/confidence.py)."""
    limits = Limits(max_pages, max_seconds, parse_size(max_memory))
    with run_lock(output_dir):
        if task_runner == "sequential":      # the flow's own runner (or a with_options one)
            summary = _run(input_dir, output_dir, keep_versions, use_cache, limits)
        else:
            with make_task_runner(task_runner, dask_address, workers) as runner:
                summary = _run(input_dir, output_dir, keep_versions, use_cache, limits, runner)
    share = summary.review.get("share", 0.0)
    if fail_below and share > fail_below:
        raise ReviewThresholdExceeded(
            f"{summary.review['figures']} of {summary.review['of']} figures ({share:.1%}) are below "
            f"confidence {summary.review['below']}, over fail_below {fail_below:.1%}; the version "
            "was published: `indicators review` lists them")
    return summary


def _run(input_dir: str, output_dir: str, keep_versions: int, use_cache: bool,
         limits: Limits, runner=None) -> RunSummary:
    log, t0 = get_run_logger(), time.perf_counter()
    done_so_far.clear()
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    inputs = fingerprint(input_dir, limits)   # taken before reading: a later change is seen next time
    manifest = load_manifest(input_dir)
    local = [(path, geography, "") for path, geography in local_pdfs(manifest)]
    downloaded, problems = fetch_sources(manifest, input_dir)
    log.info("%d local PDF file(s), %d downloaded", len(local), len(downloaded))
    cache = ExtractionCache(os.path.join(output_dir, CACHE_DIR)) if use_cache else None
    fetched = [(path, geography, url) for path, url, geography in downloaded]
    pictures_dir = os.path.abspath(os.path.join(output_dir, CACHE_DIR, PICTURES_DIR))
    results = extract_all(local + fetched, cache, log, limits, runner, pictures_dir)
    # every other file in the input folder gets a result too (a ZIP, a page saved as .html)
    results += [DocumentResult(name, "rejected", "not read: only *.pdf files are read; "
                               + _kind(os.path.join(input_dir, name)),
                               path=os.path.join(input_dir, name))
                for name in _other_files(input_dir)]
    # a source that gave no file (a missing folder, a failed download) is a rejected document
    results += [DocumentResult(p["document"], "rejected", p["reason"], source_url=p["document"])
                for p in manifest.problems + problems if p.get("status", "rejected") == "rejected"]
    warnings = [p for p in problems if p.get("status") == "warning"]
    if cache:
        cache.prune(keep={PICTURES_DIR})
    keep_only(pictures_dir, {r.sha256 for r in results if r.sha256})
    extracted_at = time.perf_counter()

    frame = to_frame(chain.from_iterable(r.observations for r in results))
    # a reviewer's corrections, then how sure each figure is: both before the suite
    frame, corrections = review_rows(frame, input_dir, results, log)
    pages = {r.name: r.pages for r in results if r.pages and r.status in ("ok", "partial")}
    sizes = {r.name: tuple(r.page_size) for r in results if r.page_size}
    previous = ds.current_version(output_dir)
    run_id, key = ds.new_run_id(), _inputs_key(frame, pages, sizes)
    stage = ds.start_version(output_dir, run_id)
    reuse = previous is not None and ds.read_manifest(previous).get("inputs_key") == key
    if reuse:   # same rows, same suite, same code: the validated outputs cannot differ
        log.info("rows unchanged: the validated outputs of %s are reused", os.path.basename(previous))
        ds.reuse_results(previous, stage)
        valid, quarantine, success = load_rows(stage), _read_quarantine(stage), True
    else:
        log.info("validating %d rows (Great Expectations)", len(frame))
        outcome = validate_rows(frame, pages, sizes)
        valid, quarantine, success = outcome.valid, outcome.quarantine, outcome.success
    summary = summarise(results, valid, quarantine, success, input_dir=input_dir,
                        output_dir=output_dir, started_at=started)
    summary.run_id, summary.pipeline_version = run_id, pipeline_version()
    summary.corrections = {"counts": corrections.counts(), "lines": corrections.lines}
    summary.review = review_summary(valid)
    if not reuse:
        log.info("publishing: dataset, checks, Data Docs and audit report")
        _write_outputs(stage, outcome, previous, pages, sizes, results, summary, log,
                       pictures_dir)
    diff = diff_rows(load_rows(previous), valid if len(valid) else None, corrections.row_ids)
    summary.previous_version = os.path.basename(previous) if previous else ""
    summary.diff, summary.outputs_reused = diff_counts(diff), reuse
    summary.warnings, summary.limits = warnings, limits.describe()
    summary.seconds = round(time.perf_counter() - t0, 3)
    summary.stage_seconds["extract"] = round(extracted_at - t0, 3)
    summary.stage_seconds["validate_publish"] = round(time.perf_counter() - extracted_at, 3)
    ds.write_run_report(stage, summary.report(), render_markdown(summary), diff)
    final = ds.commit_version(output_dir, run_id, {"inputs_key": key, "pipeline_version":
                                                   summary.pipeline_version},
                              switch=summary.published, keep=keep_versions)
    summary.outputs = {"version": final, "flow_run_id": str(flow_run.id or "")}
    record_run(output_dir, {"fingerprint": inputs, "version": os.path.realpath(final),
                            "published": summary.published, "started_at": started,
                            "documents": len(results), "figures": summary.figures,
                            "quarantined": summary.quarantined,
                            "review_share": summary.review.get("share", 0.0)})
    _artifacts(summary, valid)
    log.info("published %d figures (%s), quarantined %d%s", summary.figures,
             ", ".join(f"{v} {k}" for k, v in summary.diff.items()) if previous else "first version",
             summary.quarantined,
             "" if summary.published else " (nothing valid: previous dataset kept)")
    return summary


def _read_quarantine(stage: str) -> pd.DataFrame:
    return pd.read_csv(os.path.join(stage, "quarantine.csv"), keep_default_na=False)


def _write_outputs(stage, outcome, previous, pages, sizes, results, summary, log,
                   pictures_dir) -> None:
    """Dataset, quarantine, checks, GE results and Data Docs, and the audit report."""
    has_data = len(outcome.valid) > 0
    checks = run_checks(outcome.valid)
    if has_data:
        ds.write_dataset(stage, outcome.valid, previous)
    ds.write_results(stage, outcome.quarantine, outcome.results_json, checks)
    if not has_data:
        return
    from schemas.suite import build_data_docs
    try:   # human-readable results of the one validation, run in validate_rows
        build_data_docs(outcome.results_json, os.path.join(stage, "validation", "data_docs"),
                        pages, sizes)
    except Exception as exc:
        log.warning("Data Docs not built (%s: %s)", type(exc).__name__, exc)
    docs, drawn = {}, {}
    for r in results:
        docs.setdefault(r.name, r.path)
        drawn.setdefault(r.name, (pictures_dir, r.pictures))
    write_report(outcome.valid, checks, summary.per_document, summary.rejected, docs,
                 os.path.join(stage, "report"),
                 run={"run_id": summary.run_id, "started_at": summary.started_at,
                      "pipeline_version": summary.pipeline_version}, drawn=drawn,
                 corrections=summary.corrections.get("lines"))


def _artifacts(summary: RunSummary, valid: pd.DataFrame) -> None:
    """Left on the flow run for the Prefect UI (a server's UI, when PREFECT_API_URL is set).
    The version is already published: an API that fails now costs the artifacts only."""
    try:
        if summary.review.get("figures"):
            create_markdown_artifact(review_markdown(valid, summary.review), key="review-queue",
                                     description="Figures below the review confidence, least sure first")
        create_table_artifact(summary.per_document, key="documents",
                              description="Per-document counts of this run")
        create_markdown_artifact(render_markdown(summary), key="validation-summary",
                                 description="Validation and run summary")
        # where to look next: the published version's audit report and Data Docs
        version = summary.outputs.get("version", "")
        for key, page, text in (("audit-report", "report/index.html", "Audit report"),
                                ("data-docs", "validation/data_docs/index.html", "Data Docs")):
            path = os.path.abspath(os.path.join(version, page))
            if summary.published and os.path.exists(path):
                create_link_artifact(Path(path).as_uri(), link_text=text, key=key,
                                     description=f"{text} of version {os.path.basename(version)}")
    except Exception as exc:
        get_run_logger().warning("artifacts not left on the flow run (%s: %s)",
                                 type(exc).__name__, exc)
