"""One document, start to finish: open it, run every extraction stage under the user's
limits, and turn the outcome into a DocumentResult:

- "ok", or "partial" when a page or a table reader had to be skipped (the reason says which);
- "rejected": the file cannot be used (not a PDF, encrypted, too many pages, over a
  time or memory limit);
- "failed": an extractor crashed on it (our bug).

None of them raises, so one document never sinks a run. Plain Python: the flow runs it
as one task per document (on any task runner)."""
from __future__ import annotations

import os
import tempfile
import time

import extractors as ex
from extractors.pdf.document import sha256_of
from flows.limits import Limits, over_memory
from flows.pictures import draw_pages
from flows.report import DocumentResult


def extract_file(path: str, geography: str = "", source_url: str = "",
                 limits: Limits = Limits(), pictures_dir: str = "") -> DocumentResult:
    """One document's result; a PDF that needs repairing is rebuilt in a temporary folder
    that lasts as long as its extraction. With `pictures_dir`, the pages holding figures
    are drawn there for the audit report (flows/pictures.py)."""
    with tempfile.TemporaryDirectory(prefix="indicators-repair-") as repair_dir:
        result, doc = _extract(path, geography, source_url, limits, repair_dir)
        if pictures_dir and doc is not None and result.observations:
            _draw(result, doc, pictures_dir)
        return result


def _draw(result: DocumentResult, doc, pictures_dir: str) -> None:
    t0 = time.perf_counter()
    try:
        import pdfplumber
        with pdfplumber.open(doc.source_path) as pdf:
            result.pictures = draw_pages(pdf, doc.sha256, {o.page for o in result.observations},
                                         pictures_dir)
    except Exception:      # the pictures are a convenience: the report draws what is missing
        result.pictures = {}
    result.stage_seconds["pictures"] = time.perf_counter() - t0
    result.seconds += result.stage_seconds["pictures"]


def _extract(path: str, geography: str, source_url: str, limits: Limits,
             repair_dir: str) -> tuple[DocumentResult, object]:
    """The result, and the opened document (None when it could not be opened)."""
    name, t0 = os.path.basename(path), time.perf_counter()
    try:
        doc = ex.open_document(path, geography, repair_dir=repair_dir)
    except ex.DocumentRejected as exc:
        return DocumentResult(name, "rejected", exc.reason, path=path, source_url=source_url,
                              sha256=sha_or_blank(path), seconds=time.perf_counter() - t0), None
    except MemoryError:
        return DocumentResult(name, "rejected", over_memory(limits, "opening the file"), path=path,
                              source_url=source_url, sha256=sha_or_blank(path), cacheable=False,
                              seconds=time.perf_counter() - t0), None
    result = DocumentResult(name, "ok", path=path, pages=doc.page_count, sha256=doc.sha256,
                            source_url=source_url)
    if limits.max_pages and doc.page_count > limits.max_pages:
        result.status, result.cacheable = "rejected", False
        result.reason = f"too long: {doc.page_count} pages, over the limit of {limits.max_pages}"
        result.seconds = time.perf_counter() - t0
        return result, None
    result.stage_seconds["open"] = time.perf_counter() - t0
    try:
        with ex.document_limits(limits.max_seconds) as notes:
            try:
                rows, stats = ex.extract_with_stats(doc)
            except MemoryError:   # the process's own memory limit (flows/isolation.py)
                raise ex.DocumentStopped(over_memory(limits, ex.where())) from None
    except ex.DocumentStopped as exc:      # depends on the limit and the machine: not cached
        result.status, result.reason, result.cacheable = "rejected", exc.reason, False
    except Exception as exc:  # an extractor bug must not sink the other documents
        result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}"
    else:
        for row in rows:
            row.source_url = source_url
        result.observations, result.tables = rows, stats["tables"]
        result.page_size = stats["page_size"]
        result.stage_seconds.update(stats["seconds"])
        if doc.repaired or notes:
            result.status = "partial"
            result.reason = "; ".join(([doc.repaired] if doc.repaired else []) + notes)
    result.figures = len(result.observations)
    result.seconds = time.perf_counter() - t0
    return result, doc


def sha_or_blank(path: str) -> str:
    """A file's sha256, or "" when it cannot be read (opening it then says why)."""
    try:
        return sha256_of(path)
    except OSError:
        return ""
