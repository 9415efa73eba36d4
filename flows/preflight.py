"""Checks of a run's folders before anything heavy starts (Prefect, the extractors).

A user's mistake (a folder that is not there, a PDF given as the folder, an output that
cannot be written, nothing to read) is one line and its own exit code, in well under a
second, instead of a traceback after the Prefect server has started. Plain Python.
"""
from __future__ import annotations

import os
import tempfile

# Exit codes of `indicators` (documented in --help and the README).
EXIT_PUBLISHED = 0
EXIT_NOTHING_PUBLISHED = 1    # the run finished; nothing valid was extracted
EXIT_USAGE = 2                # a bad option (argparse's own code)
EXIT_LOCKED = 3               # another run is publishing to the same output
EXIT_INPUT = 4                # the input folder is missing, not a folder, or holds nothing to read
EXIT_OUTPUT = 5               # the output folder cannot be written
EXIT_NO_SERVER = 6            # `serve` found no Prefect server to register with
EXIT_REVIEW = 7               # published, but more figures need review than --fail-below allows
EXIT_INTERNAL = 70            # a fault of the pipeline itself (EX_SOFTWARE); --verbose shows it
# 130 and 143: stopped by SIGINT or SIGTERM (flows/signals.py)

EXIT_CODES_HELP = """exit codes:
  0    a new version of the dataset was published
  1    the run finished but nothing valid was extracted; the previous version stays
  2    bad command line (an unknown option, a malformed value)
  3    another run is publishing to the same output folder
  4    the input folder is missing, is not a folder, or holds no PDF and no source
  5    the output folder cannot be written
  6    serve: no Prefect server answers (PREFECT_API_URL)
  7    published, but more of its figures need review than --fail-below allows
  70   the pipeline itself failed (run again with --verbose for the traceback)
  130  stopped by Ctrl-C (SIGINT); 143 stopped by SIGTERM; nothing published"""


class PreflightError(Exception):
    """A run that cannot start, with the exit code that says why."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def check_input(input_dir: str, need_files: bool = True) -> int:
    """The number of PDFs and sources the run will read; raises PreflightError when the
    input folder is unusable or (with need_files) holds nothing to read."""
    from flows.sources import MANIFEST_FILE, ManifestError, load_manifest, local_pdfs

    if not os.path.exists(input_dir):
        raise PreflightError(EXIT_INPUT, f"input folder not found: {input_dir}")
    if not os.path.isdir(input_dir):
        hint = (" (to read one file, put it in a folder of its own; `indicators tables` reads "
                "one page's tables)" if input_dir.lower().endswith(".pdf") else "")
        raise PreflightError(EXIT_INPUT, f"--input must be a folder of PDFs, and {input_dir} "
                                         f"is a file{hint}")
    try:
        manifest = load_manifest(input_dir)
    except ManifestError as exc:
        raise PreflightError(EXIT_INPUT, str(exc)) from None
    except OSError as exc:
        raise PreflightError(EXIT_INPUT, f"cannot read {input_dir}: {exc.strerror}") from None
    found = len(local_pdfs(manifest)) + len(manifest.url_sources) + len(manifest.problems)
    if not found and need_files:
        others = [n for n in os.listdir(input_dir) if not n.startswith(".") and n != MANIFEST_FILE]
        also = f" ({len(others)} other file(s); only *.pdf files are read)" if others else ""
        raise PreflightError(EXIT_INPUT, f"nothing to read: no PDF in {input_dir}/ and no "
                                         f"source in {MANIFEST_FILE}{also}")
    return found


def check_output(output_dir: str) -> None:
    """Raise PreflightError unless `output_dir` is (or can be made) a folder a file can be
    written in: a read-only mount, a file in its place or a missing permission."""
    if os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise PreflightError(EXIT_OUTPUT, f"--output must be a folder, and {output_dir} is a file")
    try:
        os.makedirs(output_dir, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=output_dir, prefix=".write-check-"):
            pass
    except OSError as exc:
        raise PreflightError(EXIT_OUTPUT, f"cannot write to the output folder {output_dir}: "
                                          f"{exc.strerror or exc}") from None
