"""The extraction cache: one JSON file per document, keyed by the document's sha256, the
settings that change its reading (the configured area) and the pipeline version, so a
re-run extracts only new or changed documents.

The pipeline version is a hash of the extraction code, the indicator alias table and the
versions of the libraries that read the PDF: changing any of them invalidates the whole
cache at once, which is what keeps a cached figure identical to a fresh one.
Plain Python; the flow decides when to look up and store.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import fields

from extractors.types import Observation
from flows.report import DocumentResult
from flows.versions import pipeline_version

CACHED_STATUSES = {"ok", "partial", "rejected"}   # "failed" is our bug: retried next run

# What a cached result keeps: the reading, not this run's name, URL or timings.
_RESULT_FIELDS = {f.name for f in fields(DocumentResult)} - {
    "observations", "name", "path", "source_url", "seconds", "stage_seconds", "reused",
    "cacheable"}


class ExtractionCache:
    """`root`/<pipeline version>/<sha256>-<settings hash>.json"""

    def __init__(self, root: str, version: str | None = None):
        self.version = version or pipeline_version()
        self.dir = os.path.join(root, self.version)
        self.root = root
        self.used: set[str] = set()    # entries this run looked up or stored

    def _path(self, sha256: str, geography: str) -> str:
        settings = hashlib.sha256(geography.encode()).hexdigest()[:8]
        return os.path.join(self.dir, f"{sha256}-{settings}.json")

    def get(self, sha256: str, geography: str, path: str, source_url: str = "") -> DocumentResult | None:
        """The stored result for these bytes, renamed after `path` (the same bytes may come
        back under a new file name or URL); None when absent or unreadable."""
        entry = self._path(sha256, geography)
        self.used.add(entry)
        try:
            with open(entry, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return None
        name = os.path.basename(path)
        result = DocumentResult(name=name, path=path, **{k: v for k, v in data.items() if k in _RESULT_FIELDS})
        result.page_size, result.source_url = tuple(result.page_size), source_url
        result.pictures = {int(k): v for k, v in result.pictures.items()}   # JSON keys are text
        result.observations = [Observation(**{**o, "source_document": name, "source_url": source_url})
                               for o in data.get("observations", [])]
        result.reused = True
        return result

    def put(self, result: DocumentResult, geography: str) -> None:
        if result.status not in CACHED_STATUSES or not result.sha256 or not result.cacheable:
            return
        data = {k: getattr(result, k) for k in _RESULT_FIELDS}   # plain values, no deep copy
        data["observations"] = [o.to_dict() for o in result.observations]
        os.makedirs(self.dir, exist_ok=True)
        # Written whole then renamed: a run killed mid-write never leaves a torn entry.
        fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=self.dir)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        os.replace(tmp, self._path(result.sha256, geography))
        self.used.add(self._path(result.sha256, geography))

    def prune(self, keep: set[str] = frozenset()) -> None:
        """Keep only what this run used: other pipeline versions can never be hit again,
        and documents no longer in the input would only grow the folder. `keep`: other
        folders of the cache, which their owners prune."""
        if not os.path.isdir(self.root):
            return
        for name in os.listdir(self.root):
            if name != self.version and name not in keep:
                shutil.rmtree(os.path.join(self.root, name), ignore_errors=True)
        for name in os.listdir(self.dir) if os.path.isdir(self.dir) else []:
            if os.path.join(self.dir, name) not in self.used:
                os.remove(os.path.join(self.dir, name))
