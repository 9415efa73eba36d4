"""The command line's front door: every user mistake is one line on stderr, its own
documented exit code, no traceback, and is decided before Prefect or the extractors load."""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from flows.preflight import EXIT_CODES_HELP

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "raw_docs"
CPU_SECONDS = 2.0     # what a usage error may cost, in CPU time (wall time drifts under load)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _cli(*args: str) -> tuple[int, str, str, float]:
    """Exit code, stdout, stderr and the CPU seconds of `indicators ARGS`."""
    before = _children_cpu()
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr, _children_cpu() - before


@pytest.fixture
def places(tmp_path):
    a_file = tmp_path / "report.pdf"
    a_file.write_bytes((RAW / "safe-city-annual-summary-2012-13.pdf").read_bytes())
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("no PDFs here")
    return tmp_path


CASES = [
    # (arguments, exit code, words the one line must hold)
    (["run", "--input", "{tmp}/missing"], 4, "input folder not found"),
    (["run", "--input", "{tmp}/report.pdf"], 4, "is a file"),
    (["run", "--input", "{tmp}/empty", "--output", "{tmp}/out"], 4, "nothing to read"),
    (["run", "--input", "{tmp}/notes", "--output", "{tmp}/out"], 4, "only *.pdf files are read"),
    (["run", "--input", str(RAW), "--output", "{tmp}/report.pdf"], 5, "is a file"),
    (["run", "--input", str(RAW), "--output", "{tmp}/report.pdf/sub"], 5, "cannot write"),
    (["run", "--input", str(RAW), "--output", "/sys/kernel/indicators-out"], 5, "cannot write"),
    (["run", "--max-pages", "-1"], 2, "--max-pages"),
    (["run", "--max-memory", "lots"], 2, "--max-memory"),
    (["run", "--workers", "0"], 2, "--workers"),
    (["run", "--dask-address", "tcp://10.0.0.5:8786"], 2, "needs --task-runner dask"),
    (["run", "--quiet", "--verbose"], 2, "not allowed with"),
    (["run", "--bogus"], 2, "unrecognized arguments"),
    (["frobnicate"], 2, "invalid choice"),
    ([], 2, "required"),
    (["trace", "--output", "{tmp}"], 2, "--all"),
    (["trace", "--all", "--output", "{tmp}/empty"], 2, "no published dataset"),
    (["tables", "{tmp}/missing.pdf", "--page", "1", "--out", "{tmp}/t"], 2, "PDF not found"),
    (["tables", "{tmp}/report.pdf", "--page", "0", "--out", "{tmp}/t"], 2, "--page starts at 1"),
]


@pytest.mark.parametrize("args, code, words", CASES, ids=[" ".join(c[0]) or "(none)" for c in CASES])
def test_a_usage_error_is_one_line_and_its_exit_code(places, args, code, words):
    args = [a.replace("{tmp}", str(places)) for a in args]
    rc, out, err, cpu = _cli(*args)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert rc == code, (rc, err)
    assert len(lines) == 1 and words in lines[0], err
    assert "Traceback" not in err and out == ""
    assert cpu < CPU_SECONDS, f"{cpu:.2f} CPU s: the check must come before the heavy imports"


def test_help_documents_every_exit_code_and_version_prints_it():
    rc, out, _, _ = _cli("--help")
    assert rc == 0 and EXIT_CODES_HELP in out
    rc, out, _, _ = _cli("run", "--help")
    assert rc == 0 and EXIT_CODES_HELP in out and "--quiet" in out and "--verbose" in out
    from importlib import metadata
    rc, out, _, _ = _cli("--version")
    assert rc == 0 and out.strip() == f"indicators {metadata.version('council-indicators')}"


def test_every_exit_code_is_in_the_readme():
    readme = (REPO / "README.md").read_text()
    for line in EXIT_CODES_HELP.splitlines()[1:]:
        code = line.split()[0]
        assert f"| {code} |" in readme or f"| {code}, " in readme, f"exit code {code} not in README"


def test_a_quiet_run_prints_nothing_on_success_and_a_normal_one_says_where_things_are(tmp_path):
    inp = tmp_path / "pdfs"
    inp.mkdir()
    (inp / "scorecard.pdf").write_bytes((RAW / "safe-city-scorecard-2016-17.pdf").read_bytes())
    rc, out, err, _ = _cli("run", "--input", str(inp), "--output", str(tmp_path / "out"))
    assert rc == 0, err
    assert "[1/1 documents, 2 pages" in err                  # progress: documents, pages, rate
    for phase in ("starting the run", "validating", "publishing"):
        assert phase in err
    for where in ("audit report:", "Data Docs:", "run report:", "Prefect run:"):
        assert where in out
    current = (tmp_path / "out" / "current").resolve()
    # nothing changed: decided before Prefect loads, the published version stays
    rc, out, err, cpu = _cli("run", "--input", str(inp), "--output", str(tmp_path / "out"))
    assert rc == 0 and err.startswith("nothing changed since the run of ") and out == "", err
    assert cpu < 1.0 and (tmp_path / "out" / "current").resolve() == current
    # other limits are another run: a full one, silent when quiet
    rc, out, err, _ = _cli("run", "--quiet", "--max-pages", "999", "--input", str(inp),
                           "--output", str(tmp_path / "out"))
    assert (rc, out, err) == (0, "", "")
    assert (tmp_path / "out" / "current").resolve() != current
