#!/usr/bin/env python3
"""Throughput of `indicators run` on a batch of about 200 pages: fixed start-up, cold and
warm runs, per-stage seconds per page, peak memory, and sequential against a 2-worker
Dask cluster. Every run is a fresh `indicators run` process, timed from outside.

    .venv/bin/python benchmarks/throughput.py [--pages 200] [--server] [--json FILE]

The batch is copies of the sample PDFs, each with a distinct trailing comment so its
bytes (and sha256) differ: every copy is a new document to the cache and the dataset.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "flows.cli", "run"]


def build_batch(source: Path, dest: Path, pages: int) -> int:
    """Copies of source/*.pdf with distinct bytes until about `pages` pages; returns pages."""
    import pypdfium2
    samples = [(p, len(pypdfium2.PdfDocument(str(p)))) for p in sorted(source.glob("*.pdf"))]
    dest.mkdir(parents=True, exist_ok=True)
    total, copy = 0, 0
    while total < pages:
        copy += 1
        for path, n in samples:
            data = path.read_bytes() + f"\n% benchmark copy {copy}\n".encode()
            (dest / f"{path.stem}-copy{copy:03d}.pdf").write_bytes(data)
            total += n
    return total


def _tree_rss(proc) -> int:
    """Resident bytes of a process and all its descendants (Dask workers, Prefect's server)."""
    import psutil
    total = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


EXTRA_ENV: dict[str, str] = {}   # PREFECT_API_URL in --server mode


def timed_run(args: list[str]) -> dict:
    """Run `indicators run ARGS` in a new process: wall seconds, the peak resident memory of
    its process tree (sampled every 0.1 s), and the run report it wrote."""
    import psutil
    env = {**os.environ, "PYTHONPATH": str(ROOT), **EXTRA_ENV}
    t0 = time.perf_counter()
    proc = subprocess.Popen(CLI + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(watched))
        time.sleep(0.1)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read()
    if proc.returncode not in (0, 1):
        sys.exit(f"indicators run {' '.join(args)} failed:\n{stderr[-3000:]}")
    report_path = Path(args[args.index("--output") + 1]) / "run_report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return {"wall": wall, "peak_mb": peak / 2**20, "report": report}


CLUSTER = """
import sys, time
from distributed import LocalCluster
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    print(cluster.scheduler_address, flush=True)
    time.sleep(3600)
"""


def existing_cluster(workers: int, batch: Path, work: Path) -> tuple[subprocess.Popen, str]:
    """A local Dask cluster in its own process, standing in for an existing one; its workers
    are warmed up (modules imported) by a run over a few documents, as a long-lived
    cluster's would be. Returns the process and the scheduler's address."""
    script = work / "cluster.py"
    script.write_text(CLUSTER)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_LOGGING_LEVEL": "WARNING",
           "DASK_LOGGING__DISTRIBUTED": "warning"}
    proc = subprocess.Popen([sys.executable, str(script), str(workers)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    address = proc.stdout.readline().strip()
    one = work / "warmup"
    one.mkdir()
    for pdf in sorted(batch.glob("*.pdf"))[:2 * workers]:
        shutil.copy(pdf, one / pdf.name)
    timed_run(["--input", str(one), "--output", str(work / "out-warmup"), "--task-runner", "dask",
               "--dask-address", address])
    return proc, address


def start_prefect_server(work: Path) -> subprocess.Popen:
    """`prefect server start` on a free port with its own PREFECT_HOME; sets EXTRA_ENV."""
    import socket
    import urllib.request
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start",
                             "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(api + "/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                sys.exit("the Prefect server did not start")
            time.sleep(0.5)
    EXTRA_ENV.update(PREFECT_API_URL=api, PREFECT_HOME=env["PREFECT_HOME"])
    return proc


def per_page(seconds: float, pages: int) -> str:
    return f"{seconds / pages:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--source", default=str(ROOT / "raw_docs"), help="folder of sample PDFs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", default="", help="also write the figures to this file")
    ap.add_argument("--server", action="store_true",
                    help="run against a Prefect server started for the benchmark (as scheduled "
                         "runs do) instead of Prefect's per-run ephemeral server")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="indicators-bench-"))
    server = start_prefect_server(work) if args.server else None
    try:
        batch, empty = work / "batch", work / "empty"
        empty.mkdir()
        pages = build_batch(Path(args.source), batch, args.pages)
        docs = len(list(batch.glob("*.pdf")))
        print(f"batch: {docs} documents, {pages} pages in {batch}; Prefect: "
              f"{EXTRA_ENV.get('PREFECT_API_URL', 'ephemeral server per run')}\n", flush=True)

        # the fixed cost: a run with nothing to read (the faster of two, as it varies)
        startup = min((timed_run(["--input", str(empty), "--output", str(work / f"out-empty{i}")])
                       for i in range(2)), key=lambda r: r["wall"])
        print(f"start-up (empty folder): {startup['wall']:.1f} s", flush=True)
        cold = timed_run(["--input", str(batch), "--output", str(work / "out-seq")])
        print(f"cold sequential: {cold['wall']:.1f} s", flush=True)
        warm = timed_run(["--input", str(batch), "--output", str(work / "out-seq")])
        print(f"warm sequential: {warm['wall']:.1f} s", flush=True)
        dask = timed_run(["--input", str(batch), "--output", str(work / "out-dask"), "--task-runner",
                          "dask", "--workers", str(args.workers)])
        print(f"cold dask ({args.workers} workers, cluster started by the run): "
              f"{dask['wall']:.1f} s", flush=True)
        cluster, address = existing_cluster(args.workers, batch, work)
        try:
            dask_existing = timed_run(["--input", str(batch), "--output", str(work / "out-dask2"),
                                       "--task-runner", "dask", "--dask-address", address])
        finally:
            cluster.kill()
        print(f"cold dask ({args.workers} workers, existing cluster): "
              f"{dask_existing['wall']:.1f} s\n", flush=True)

        same = all((work / "out-seq" / f).read_bytes() == (work / out / f).read_bytes()
                   for f in ("indicators.csv", "indicators.parquet") for out in ("out-dask", "out-dask2"))
        figures = {"documents": docs, "pages": pages, "startup_s": startup["wall"]}
        rows = []
        for name, run in (("cold sequential", cold), ("warm sequential", warm),
                          (f"cold dask x{args.workers}, own cluster", dask),
                          (f"cold dask x{args.workers}, existing cluster", dask_existing)):
            rep = run["report"]
            stages = rep.get("stage_seconds", {})
            marginal = run["wall"] - startup["wall"]
            rows.append((name, run["wall"], marginal, stages.get("extract", 0.0),
                         stages.get("validate_publish", 0.0), run["peak_mb"],
                         rep.get("extracted"), rep.get("reused")))
            figures[name] = {"wall_s": run["wall"], "marginal_s_per_page": marginal / pages,
                             "stage_seconds": stages, "peak_mb": run["peak_mb"],
                             "extracted": rep.get("extracted"), "reused": rep.get("reused")}
        print("| run | wall s | marginal s/page | extract s/page | validate+publish s/page | "
              "peak MB | extracted | reused |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, wall, marginal, ext, pub, mb, n_ext, n_reused in rows:
            print(f"| {name} | {wall:.1f} | {per_page(marginal, pages)} | {per_page(ext, pages)} | "
                  f"{per_page(pub, pages)} | {mb:.0f} | {n_ext} | {n_reused} |")

        seq_stages = cold["report"].get("stage_seconds", {})
        print("\nper extraction stage, cold sequential (summed over documents):")
        print("| stage | s | s/page |\n|---|---:|---:|")
        for stage, sec in seq_stages.items():
            if stage not in ("extract", "validate_publish"):
                print(f"| {stage} | {sec:.2f} | {per_page(sec, pages)} |")

        marginal = cold["wall"] - startup["wall"]
        speedup = marginal / max(dask["wall"] - startup["wall"], 1e-9)
        speedup_existing = marginal / max(dask_existing["wall"] - startup["wall"], 1e-9)
        ext_speedup = seq_stages.get("extract", 0) / max(
            dask_existing["report"].get("stage_seconds", {}).get("extract", 0), 1e-9)
        print(f"\nfixed start-up: {startup['wall']:.1f} s")
        print(f"warm / cold (wall, start-up included): {warm['wall'] / cold['wall']:.1%}; "
              f"after start-up: {(warm['wall'] - startup['wall']) / marginal:.1%}")
        print(f"dask x{args.workers} vs sequential, after start-up: {speedup:.2f}x with a cluster "
              f"started by the run, {speedup_existing:.2f}x on an existing cluster; "
              f"extraction phase on the existing cluster: {ext_speedup:.2f}x; "
              f"identical dataset: {same}")
        figures.update(warm_over_cold=warm["wall"] / cold["wall"], dask_speedup=speedup,
                       dask_existing_speedup=speedup_existing,
                       dask_extract_speedup=ext_speedup, dask_identical=same)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
