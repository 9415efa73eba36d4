"""What a run's outputs depend on besides its input: hashes of the project's code and the
versions of the libraries that read the PDF. Light on imports (no pandas, no Prefect), so
the CLI can ask before anything heavy loads (flows/unchanged.py)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What decides the rows of a document: the extractors, the alias table, and these readers.
CODE_GLOBS = ["extractors/**/*.py", "extractors/**/*.csv", "schemas/*.toml"]
LIBRARIES = ["pdfplumber", "pdfminer.six", "playa-pdf", "camelot-py", "pypdfium2", "spacy"]
# What a run's published files depend on besides the extraction (pipeline_version):
# validating, publishing and the flow itself.
PUBLISH_AND_FLOW_CODE = ["schemas/*.py", "flows/*.py"]


def code_hash(globs: list[str]) -> str:
    """A hash of the project files matching `globs` (paths and contents)."""
    h = hashlib.sha256()
    for pattern in globs:
        for path in sorted(ROOT.glob(pattern)):
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The extraction code and the reading libraries' versions: the extraction cache's key."""
    h = hashlib.sha256(code_hash(CODE_GLOBS).encode())
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}=={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}==none".encode())
    return h.hexdigest()[:12]
