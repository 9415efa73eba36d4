"""Downloading the manifest's `url` sources as Prefect tasks, with retries.

`fetch_sources(manifest, input_dir)` is meant to be called inside the flow: one
`download` task run per URL, retried (per the manifest's [download] table) only when the
failure is retryable (a timeout, a lost connection, a 5xx). A URL that still fails never
raises out of fetch_sources: it becomes a problem `{document, reason, status}`, and if an
earlier download of it is on disk that copy is used instead (with a warning problem).
"""
from __future__ import annotations

import logging
import os

from prefect import task
from prefect.cache_policies import NONE
from prefect.exceptions import MissingContextError
from prefect.logging import get_run_logger

from flows.sources import (DOWNLOAD_FOLDER, DownloadError, Downloaded, Manifest, download,
                           earlier_download, safe_filename)


def retry_if_retryable(task, task_run, state) -> bool:
    """retry_condition_fn: retry a DownloadError only when it says retrying can help;
    any other exception (a bug, a full disk) is retried like Prefect would by default."""
    try:
        state.result()
    except DownloadError as exc:
        return exc.retryable
    except Exception:
        return True
    return False


@task(name="download", cache_policy=NONE, persist_result=False,
      retry_condition_fn=retry_if_retryable)
def download_source(url: str, dest_dir: str, timeout: float, max_bytes: int) -> Downloaded:
    return download(url, dest_dir, timeout, max_bytes)


def _logger():
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def fetch_sources(manifest: Manifest, input_dir: str | None = None
                  ) -> tuple[list[tuple[str, str, str]], list[dict]]:
    """Download every `url` source into `<input_dir>/downloaded/`.

    Returns (documents, problems):
    - documents: [(path, source_url, geography)] in manifest order, for each URL that was
      downloaded, reused after a 304, or fell back to an earlier copy;
    - problems: [{"document": url, "reason": one line, "status": "rejected" | "warning"}];
      "warning" means the download failed but the earlier copy listed in documents is used.
    """
    input_dir = manifest.input_dir if input_dir is None else input_dir
    dest = os.path.join(input_dir, DOWNLOAD_FOLDER)
    settings, log = manifest.download, _logger()
    documents, problems, seen = [], [], set()
    for src in manifest.url_sources:
        if src.url in seen:
            continue
        seen.add(src.url)
        name = safe_filename(src.url)
        geography = manifest.geography_of(src, name)
        attempt = download_source.with_options(
            retries=settings.retries, retry_delay_seconds=list(settings.retry_delay_seconds),
            task_run_name=f"download {name}")
        try:
            got = attempt(src.url, dest, settings.timeout_seconds, settings.max_bytes)
        except Exception as exc:  # never let one URL sink the run
            reason = exc.reason if isinstance(exc, DownloadError) else f"{type(exc).__name__}: {exc}"
            earlier = earlier_download(src.url, dest)
            if earlier:
                when = earlier.get("downloaded_at", "an earlier run")
                problems.append({"document": src.url, "status": "warning",
                                 "reason": f"download failed ({reason}); using the copy "
                                           f"downloaded {when} ({name})"})
                documents.append((earlier["path"], src.url, geography))
                log.warning("%s: %s; using the earlier copy", src.url, reason)
            else:
                problems.append({"document": src.url, "status": "rejected", "reason": reason})
                log.warning("%s: %s", src.url, reason)
            continue
        documents.append((got.path, src.url, geography))
        log.info("%s: %s (%d bytes)", src.url,
                 "not modified, earlier copy reused" if got.not_modified else "downloaded", got.size)
    return documents, problems
