"""The real Prefect flow end to end: the sample PDFs (one of them downloaded from a local
HTTP server) plus two junk files; re-runs from the cache; a removed and a changed document;
the lock; a run killed while publishing; and the same run on a 2-worker Dask cluster."""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

import pandas as pd
import pdfplumber

from flows.cli import quiet_environment

quiet_environment()  # before prefect is imported: ephemeral, offline, quiet

from flows.lock import OutputLocked, run_lock  # noqa: E402
from flows.pipeline import indicator_pipeline  # noqa: E402
from flows.runners import make_task_runner  # noqa: E402
from flows.sources import safe_filename  # noqa: E402
from schemas.contract import COLUMNS  # noqa: E402

RAW_DOCS = Path(__file__).resolve().parent.parent / "raw_docs"
SAMPLES = sorted(p.name for p in RAW_DOCS.glob("*.pdf"))
DATASET = ["indicators.csv", "indicators.parquet", "indicators.duckdb"]


@pytest.fixture(scope="module")
def pdf_server():
    """raw_docs/ over HTTP on 127.0.0.1 (a random free port), quietly."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(RAW_DOCS)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _bytes(folder: Path) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in DATASET}


def _versions(output_dir: Path) -> list[str]:
    return sorted(os.listdir(output_dir / "versions"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed_in_bbox(pdf, row) -> bool:
    """Do the words pdfplumber sees inside the row's bbox (+1pt) contain its value_text?"""
    page = pdf.pages[int(row.page) - 1]
    x0, top, x1, bottom = (float(v) for v in row.bbox.split(","))
    px0, ptop, px1, pbottom = page.bbox
    box = (max(x0 - 1, px0), max(top - 1, ptop), min(x1 + 1, px1), min(bottom + 1, pbottom))
    words = page.crop(box).extract_words()
    return _squash(row.value_text) in _squash("".join(w["text"] for w in words))


def test_flow_publishes_every_sample_and_rejects_junk(tmp_path, pdf_server):
    input_dir, output_dir = tmp_path / "raw_docs", tmp_path / "output"
    shutil.copytree(RAW_DOCS, input_dir)
    (input_dir / "broken.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    (input_dir / "empty.pdf").write_bytes(b"")
    # one sample comes from a URL source instead of the folder
    fetched = "safe-city-scorecard-2016-17.pdf"
    (input_dir / fetched).unlink()
    url = f"{pdf_server}/{fetched}"
    with open(input_dir / "sources.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\n[[source]]\nurl = "{url}"\n')

    summary = indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))

    assert summary.published and summary.figures > 0
    # the run left its artifacts: per-document counts and the validation summary
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort
    with get_client(sync_client=True) as client:
        latest = {key: client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC, limit=1)[0]
            for key in ("documents", "validation-summary", "audit-report", "data-docs")}
    assert latest["documents"].type == "table" and "broken.pdf" in str(latest["documents"].data)
    assert latest["validation-summary"].type == "markdown"
    # links to the published version's audit report and Data Docs, files that exist
    version = Path(summary.outputs["version"]).resolve()
    for key, page in (("audit-report", "report/index.html"), ("data-docs", "validation/data_docs/index.html")):
        assert latest[key].type == "markdown"      # Prefect stores a link as markdown
        assert (version / page).as_uri() in latest[key].data
    assert summary.documents == len(SAMPLES) + 2
    assert summary.failed == []
    rejected = {r["document"]: r["reason"] for r in summary.rejected}
    assert set(rejected) == {"broken.pdf", "empty.pdf"} and all(rejected.values())

    for name in ["indicators.csv", "indicators.parquet", "indicators.duckdb", "quarantine.csv",
                 "validation/results.json", "run_report.json", "run_report.md", "checks.csv",
                 "report/index.html", "validation/data_docs/index.html"]:
        assert (output_dir / name).exists(), name
    pages_with_figures = {(r["document"], p) for r in summary.per_document if r["published"]
                          for p in range(1, r["pages"] + 1)}
    assert 0 < len(list((output_dir / "report" / "pages").glob("*.jpg"))) <= len(pages_with_figures)
    checks = pd.read_csv(output_dir / "checks.csv")
    assert {"change", "conflict"} <= set(checks["check"])   # the report's own inconsistencies
    df = pd.read_csv(output_dir / "indicators.csv", dtype={"value_text": str, "bbox": str},
                     keep_default_na=False)
    assert set(COLUMNS) <= set(df.columns)
    assert len(df) == summary.figures
    # every sample has rows, junk has none; the downloaded one is named after its URL
    assert set(df.source_document) == set(SAMPLES) - {fetched} | {safe_filename(url)}
    downloaded = df[df.source_url != ""]
    assert set(downloaded.source_url) == {url} and len(downloaded) > 0
    assert set(df[df.source_url == ""].source_document) == set(SAMPLES) - {fetched}

    misplaced = []
    paths = {os.path.basename(p): p for p in map(str, input_dir.rglob("*.pdf"))}
    for name, rows in df.groupby("source_document"):
        with pdfplumber.open(paths[name]) as pdf:
            misplaced += [f"{name} p{r.page} {r.bbox} {r.value_text!r}"
                          for r in rows.itertuples() if not _printed_in_bbox(pdf, r)]
    assert not misplaced, f"{len(misplaced)} rows whose value_text is not inside their bbox: " \
                          f"{misplaced[:10]}"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A cold run over the samples: (input folder, output folder, summary)."""
    base = tmp_path_factory.mktemp("incremental")
    input_dir, output_dir = base / "raw_docs", base / "output"
    shutil.copytree(RAW_DOCS, input_dir)
    summary = indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))
    assert summary.extracted == len(SAMPLES) and summary.reused == 0
    return input_dir, output_dir, summary


def test_a_rerun_extracts_nothing_and_republishes_identical_bytes(first_run):
    input_dir, output_dir, cold = first_run
    before = _bytes(output_dir / "current")
    warm = indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))
    assert (warm.extracted, warm.reused) == (0, len(SAMPLES))
    assert warm.run_id != cold.run_id and _versions(output_dir)[-1] == warm.run_id
    assert _bytes(output_dir / "current") == before            # byte-identical dataset
    assert warm.diff == {"added": 0, "changed": 0, "removed": 0}
    assert "0 extracted, 3 reused" in (output_dir / "run_report.md").read_text()


def test_only_new_or_changed_documents_are_extracted_and_removed_ones_leave(first_run):
    input_dir, output_dir, _ = first_run
    old = pd.read_parquet(output_dir / "indicators.parquet")
    gone, changed, kept = SAMPLES[-1], SAMPLES[1], SAMPLES[0]
    (input_dir / gone).unlink()
    with open(input_dir / changed, "ab") as fh:     # new bytes, same content
        fh.write(b"\n% revised\n")
    shutil.copy(input_dir / kept, input_dir / "zz-copy.pdf")   # the same bytes twice
    summary = indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))
    assert (summary.extracted, summary.reused) == (1, 1)
    status = {d["document"]: (d["status"], d["reason"]) for d in summary.per_document}
    assert status["zz-copy.pdf"] == ("duplicate", f"same bytes as {kept}: its figures are published once")
    new = pd.read_parquet(output_dir / "indicators.parquet")
    assert gone not in set(new.source_document) and "zz-copy.pdf" not in set(new.source_document)
    assert (new.source_document == kept).sum() == (old.source_document == kept).sum()
    n_gone = int((old.source_document == gone).sum())
    n_changed = int((old.source_document == changed).sum())
    # a changed document's figures get new row ids (they are tied to its bytes)
    assert summary.diff == {"added": n_changed, "changed": 0, "removed": n_gone + n_changed}
    diff = pd.read_csv(output_dir / "diff.csv")
    assert set(diff[diff.change == "removed"].source_document) == {gone, changed}


def test_a_second_run_on_the_same_output_is_refused_while_one_holds_the_lock(first_run):
    input_dir, output_dir, _ = first_run
    current = os.path.realpath(output_dir / "current")
    with run_lock(str(output_dir)):
        with pytest.raises(OutputLocked, match="another run is publishing"):
            indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))
    assert os.path.realpath(output_dir / "current") == current


def test_a_run_killed_while_publishing_leaves_the_previous_dataset(first_run):
    input_dir, output_dir, _ = first_run
    current, before = os.path.realpath(output_dir / "current"), _bytes(output_dir)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--no-cache",
                             "--input", str(input_dir), "--output", str(output_dir)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:   # kill it as soon as it starts staging its version (after extraction)
        deadline = time.monotonic() + 240
        while not any(n.endswith(".partial") for n in os.listdir(output_dir / "versions")):
            assert proc.poll() is None, "the run ended before it began publishing"
            assert time.monotonic() < deadline, "the run never began publishing"
            time.sleep(0.02)
        below = psutil.Process(proc.pid).children(recursive=True)
        assert any("uvicorn" in " ".join(p.cmdline()) for p in below)   # its local API
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    # nothing it started outlives it: the reading child and the local API leave too
    _, alive = psutil.wait_procs(below, timeout=15)
    assert not alive, [p.cmdline() for p in alive]
    assert os.path.realpath(output_dir / "current") == current
    assert _bytes(output_dir) == before
    summary = indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))
    assert summary.published and os.path.realpath(output_dir / "current") != current
    assert not [n for n in os.listdir(output_dir / "versions") if n.endswith(".partial")]


def test_dask_with_two_workers_publishes_the_same_dataset(first_run, tmp_path):
    input_dir, output_dir, _ = first_run
    parallel = indicator_pipeline.with_options(task_runner=make_task_runner("dask", workers=2))
    summary = parallel(input_dir=str(input_dir), output_dir=str(tmp_path), use_cache=False)
    # every file but sources.toml and the duplicate
    assert summary.extracted == len(os.listdir(input_dir)) - 2
    assert (tmp_path / "indicators.csv").read_bytes() == (output_dir / "indicators.csv").read_bytes()
    assert (tmp_path / "indicators.parquet").read_bytes() == \
        (output_dir / "indicators.parquet").read_bytes()
