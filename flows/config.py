"""Per-source settings from raw_docs/sources.toml (a data file the user edits, not code).

The manifest itself (folders, URLs, download settings) is read by flows/sources.py;
this module keeps the original geography-only view of it for existing callers.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from flows.sources import MANIFEST_FILE, load_manifest

SOURCES_FILE = MANIFEST_FILE


@dataclass
class SourceConfig:
    default_geography: str = ""
    sources: list[dict] = field(default_factory=list)  # [{match, geography}] in file order

    def geography_for(self, filename: str) -> str:
        """The geography of the first matching source that sets one, else the default.

        Sources with an empty geography are skipped, so the shipped catch-all `*.pdf`
        entry never hides a more specific one added below it. "" means: let the
        extractor read the area from the document itself.
        """
        name = os.path.basename(filename)
        for src in self.sources:
            pattern = str(src.get("match", ""))
            # Case-insensitive, like the *.pdf discovery (Report.PDF is still a PDF).
            if pattern and fnmatch.fnmatch(name.lower(), pattern.lower()):
                if str(src.get("geography", "")).strip():
                    return str(src["geography"]).strip()
        return self.default_geography


def load_config(input_dir: str) -> SourceConfig:
    """The geography rules of `input_dir`/sources.toml (its `match` entries; folder and URL
    sources are flows.sources' business); a missing file means no overrides."""
    manifest = load_manifest(input_dir)
    return SourceConfig(default_geography=manifest.default_geography,
                        sources=[{"match": s.match, "geography": s.geography}
                                 for s in manifest.sources if s.kind == "rule"])
