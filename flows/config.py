"""Per-source settings from raw_docs/sources.toml (a data file the user edits, not code)."""
from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field

SOURCES_FILE = "sources.toml"


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
    """Read `input_dir`/sources.toml; a missing file means no overrides."""
    path = os.path.join(input_dir, SOURCES_FILE)
    if not os.path.exists(path):
        return SourceConfig()
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    defaults = data.get("defaults", {})
    return SourceConfig(default_geography=str(defaults.get("geography", "")).strip(),
                        sources=list(data.get("source", [])))
