"""One document, start to finish: open it, run every extraction stage under the user's
limits, and turn the outcome into a DocumentResult:

- "ok", or "partial" when a page or a table reader had to be skipped (the reason says which);
- "rejected": the file cannot be used (not a PDF, encrypted, too many pages, over time);
- "failed": an extractor crashed on it (our bug).

None of them raises, so one document never sinks a run. Plain Python: the flow runs it
as one task per document (on any task runner)."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import extractors as ex
from extractors.pdf.document import sha256_of
from flows.report import DocumentResult


@dataclass(frozen=True)
class Limits:
    max_pages: int = 0          # 0: no limit
    max_seconds: float = 0.0    # per document; 0: no limit


def extract_file(path: str, geography: str = "", source_url: str = "",
                 limits: Limits = Limits()) -> DocumentResult:
    name, t0 = os.path.basename(path), time.perf_counter()
    try:
        doc = ex.open_document(path, geography)
    except ex.DocumentRejected as exc:
        return DocumentResult(name, "rejected", exc.reason, path=path, source_url=source_url,
                              sha256=sha_or_blank(path), seconds=time.perf_counter() - t0)
    result = DocumentResult(name, "ok", path=path, pages=doc.page_count, sha256=doc.sha256,
                            source_url=source_url)
    if limits.max_pages and doc.page_count > limits.max_pages:
        result.status, result.cacheable = "rejected", False
        result.reason = f"too long: {doc.page_count} pages, over the limit of {limits.max_pages}"
        return result
    result.stage_seconds["open"] = time.perf_counter() - t0
    try:
        with ex.document_limits(limits.max_seconds) as notes:
            rows, stats = ex.extract_with_stats(doc)
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
        if notes:
            result.status, result.reason = "partial", "; ".join(notes)
    result.figures = len(result.observations)
    result.seconds = time.perf_counter() - t0
    return result


def sha_or_blank(path: str) -> str:
    """A file's sha256, or "" when it cannot be read (opening it then says why)."""
    try:
        return sha256_of(path)
    except OSError:
        return ""
