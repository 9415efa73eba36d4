"""One document, start to finish: open it, run every extraction stage, and turn the
outcome into a DocumentResult. A file that cannot be read is "rejected", one that makes
an extractor crash is "failed"; neither raises, so one document never sinks a run.
Plain Python: the flow runs it as one task per document (on any task runner)."""
from __future__ import annotations

import os
import time

import extractors as ex
from extractors.document import sha256_of
from flows.report import DocumentResult


def extract_file(path: str, geography: str = "", source_url: str = "") -> DocumentResult:
    name, t0 = os.path.basename(path), time.perf_counter()
    try:
        doc = ex.open_document(path, geography)
    except ex.DocumentRejected as exc:
        return DocumentResult(name, "rejected", exc.reason, path=path, source_url=source_url,
                              sha256=_sha_or_blank(path), seconds=time.perf_counter() - t0)
    result = DocumentResult(name, "ok", path=path, pages=doc.page_count, sha256=doc.sha256,
                            source_url=source_url)
    result.stage_seconds["open"] = time.perf_counter() - t0
    try:
        rows, stats = ex.extract_with_stats(doc)
    except Exception as exc:  # an extractor bug must not sink the other documents
        result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}"
    else:
        for row in rows:
            row.source_url = source_url
        result.observations, result.tables = rows, stats["tables"]
        result.page_size = stats["page_size"]
        result.stage_seconds.update(stats["seconds"])
    result.figures = len(result.observations)
    result.seconds = time.perf_counter() - t0
    return result


def _sha_or_blank(path: str) -> str:
    """The fingerprint of a rejected file, so the cache remembers the rejection too."""
    try:
        return sha256_of(path)
    except OSError:
        return ""
