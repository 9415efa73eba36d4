#!/usr/bin/env python3
"""Throughput of `indicators run` in CPU seconds, against two anchors timed on the same
pages in the same run, so a busy shared machine cannot fool it.

    .venv/bin/python benchmarks/throughput.py [--pages 200] [--source DIR] [--workers 2]
                                              [--server] [--skip-dask] [--json FILE]

The batch is copies of the source PDFs (the development corpus when it is there, else
raw_docs/), each with a distinct trailing comment so its bytes and sha256 differ: every
copy is a new document to the cache and the dataset. Every run is a fresh `indicators run`
process; its CPU is that of the whole process tree (the run, its reading child, Prefect's
local server, Dask's workers), read from the kernel's accounting of waited children, and
its memory the peak resident size of the tree, sampled every 0.1 s.

Reported: the anchors (pdfplumber `extract_words`, pypdfium2 text with every character's
box) per page; the fixed cost (a cold run of the smallest one-page document); a cold run
and its marginal cost per page (run minus fixed cost); a re-run with nothing changed; a
re-run after every file was touched (the cache path); a cold run on a Dask cluster of
`--workers` processes (wall time, which is what parallelism buys); and the slowest page of
the source documents, each page read alone, warm, in this process.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "flows.cli", "run"]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
EXTRA_ENV: dict[str, str] = {}   # PREFECT_API_URL in --server mode

ANCHORS = {
    "extract_words": """
import sys, pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.flush_cache()
""",
    "pdfium_text": """
import sys, pypdfium2
for path in sys.argv[1:]:
    pdf = pypdfium2.PdfDocument(path)
    for page in pdf:
        text = page.get_textpage()
        text.get_text_range()
        for i in range(text.count_chars()):
            text.get_charbox(i)
        text.close()
        page.close()
    pdf.close()
""",
}


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


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


def measured(cmd: list[str], env: dict | None = None) -> dict:
    """Run `cmd` to the end: its process tree's CPU seconds, wall seconds, peak RSS (MB),
    exit code and stderr."""
    import psutil
    before, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, _tree_rss(watched))
        except psutil.Error:
            pass
        time.sleep(0.1)
    stderr = proc.stderr.read()
    return {"cpu": children_cpu() - before, "wall": time.perf_counter() - t0,
            "peak_mb": peak / 2**20, "rc": proc.returncode, "stderr": stderr}


def timed_run(args: list[str], codes: tuple[int, ...] = (0, 1)) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **EXTRA_ENV}
    run = measured(CLI + args, env)
    if run["rc"] not in codes:
        sys.exit(f"indicators run {' '.join(args)} failed:\n{run['stderr'][-3000:]}")
    report = Path(args[args.index("--output") + 1]) / "run_report.json"
    run["report"] = json.loads(report.read_text()) if report.exists() else {}
    return run


def anchor(name: str, pdfs: list[Path]) -> dict:
    return measured([sys.executable, "-c", ANCHORS[name], *map(str, pdfs)])


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


def page_times(pdfs: list[Path], work: Path) -> list[tuple[float, str, int]]:
    """(CPU seconds, document, page) of every page read alone, warm, slowest first: each
    page is saved as a one-page PDF and extracted twice; the second time counts. The CPU
    of the OCR engine's processes is included."""
    import pypdfium2
    sys.path.insert(0, str(ROOT))
    from flows.extract import extract_file
    out = []
    for pdf in pdfs:
        src = pypdfium2.PdfDocument(str(pdf))
        for i in range(len(src)):
            one = pypdfium2.PdfDocument.new()
            one.import_pages(src, [i])
            path = work / f"{pdf.stem}-p{i + 1}.pdf"
            one.save(str(path))
            extract_file(str(path))
            t0 = time.process_time() + children_cpu()      # Tesseract runs as a child
            extract_file(str(path))
            out.append((time.process_time() + children_cpu() - t0, pdf.name, i + 1))
    return sorted(out, reverse=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--source", default=str(CORPUS if CORPUS.is_dir() else ROOT / "raw_docs"),
                    help="folder of PDFs to copy into the batch (default: the development corpus)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--json", default="", help="also write the figures to this file")
    ap.add_argument("--server", action="store_true",
                    help="run against a Prefect server started for the benchmark (as scheduled "
                         "runs do) instead of Prefect's per-run ephemeral server")
    args = ap.parse_args(argv)

    source = Path(args.source)
    work = Path(tempfile.mkdtemp(prefix="indicators-bench-"))
    server = start_prefect_server(work) if args.server else None
    try:
        batch, one, empty = work / "batch", work / "one", work / "empty"
        empty.mkdir()
        pages = build_batch(source, batch, args.pages)
        docs = sorted(batch.glob("*.pdf"))
        import pypdfium2
        smallest = min(sorted(source.glob("*.pdf")),
                       key=lambda p: (len(pypdfium2.PdfDocument(str(p))), p.stat().st_size))
        one.mkdir()
        shutil.copy(smallest, one / smallest.name)
        print(f"batch: {len(docs)} documents, {pages} pages (copies of {source}); Prefect: "
              f"{EXTRA_ENV.get('PREFECT_API_URL', 'ephemeral server per run')}", flush=True)

        words, pdfium = anchor("extract_words", docs), anchor("pdfium_text", docs)
        w_pp, p_pp = words["cpu"] / pages, pdfium["cpu"] / pages
        print(f"anchors: pdfplumber extract_words {w_pp:.4f} CPU-s/page, pypdfium2 text and "
              f"boxes {p_pp:.4f} CPU-s/page (process start included)", flush=True)

        runs: dict[str, dict] = {}

        def go(name: str, argv: list[str], codes: tuple[int, ...] = (0, 1)) -> dict:
            runs[name] = timed_run(argv, codes)
            print(f"  {name}: {runs[name]['cpu']:.1f} CPU-s, {runs[name]['wall']:.1f} s wall",
                  flush=True)
            return runs[name]

        go("empty folder (refused before anything loads)",
           ["--input", str(empty), "--output", str(work / "out-empty")], codes=(4,))
        fixed = go(f"one page, cold ({smallest.name}): the fixed cost",
                   ["--input", str(one), "--output", str(work / "out-one")])
        cold = go("cold, sequential", ["--input", str(batch), "--output", str(work / "out-seq")])
        warm = go("re-run, nothing changed", ["--input", str(batch), "--output", str(work / "out-seq")])
        for pdf in docs:
            os.utime(pdf)
        touched = go("re-run, every file touched (cache)",
                     ["--input", str(batch), "--output", str(work / "out-seq")])
        dask = None
        if not args.skip_dask:
            dask = go(f"cold, Dask x{args.workers}",
                      ["--input", str(batch), "--output", str(work / "out-dask"),
                       "--task-runner", "dask", "--workers", str(args.workers)])

        marginal = (cold["cpu"] - fixed["cpu"]) / pages
        print(f"\n| run | CPU s | wall s | peak tree MB |\n|---|---:|---:|---:|")
        for name, run in runs.items():
            print(f"| {name} | {run['cpu']:.2f} | {run['wall']:.1f} | {run['peak_mb']:.0f} |")
        print(f"\n| per page ({pages} pages) | CPU s/page | / extract_words | / pypdfium2 text |")
        print("|---|---:|---:|---:|")
        for name, value in (("pdfplumber extract_words", w_pp), ("pypdfium2 text + boxes", p_pp),
                            ("cold run, whole", cold["cpu"] / pages),
                            ("cold marginal (run minus fixed cost)", marginal)):
            print(f"| {name} | {value:.4f} | {value / w_pp:.2f} | {value / p_pp:.1f} |")
        stages = cold["report"].get("stage_seconds", {})
        print(f"\nfixed cost: {fixed['cpu']:.2f} CPU-s; nothing changed: {warm['cpu']:.2f} CPU-s "
              f"= {warm['cpu'] / cold['cpu']:.1%} of the cold run; every file touched: "
              f"{touched['cpu']:.2f} CPU-s = {touched['cpu'] / cold['cpu']:.1%}")
        print("cold run's phases (wall, in the flow): " + ", ".join(
            f"{k} {v:.1f} s" for k, v in stages.items() if k in ("extract", "validate_publish")))
        figures = {"documents": len(docs), "pages": pages, "source": str(source),
                   "anchor_extract_words_cpu_per_page": w_pp, "anchor_pdfium_cpu_per_page": p_pp,
                   "cold_marginal_cpu_per_page": marginal,
                   "marginal_over_extract_words": marginal / w_pp,
                   "fixed_cpu": fixed["cpu"], "warm_over_cold_cpu": warm["cpu"] / cold["cpu"],
                   "runs": {k: {x: v[x] for x in ("cpu", "wall", "peak_mb")} for k, v in runs.items()}}
        if dask is not None:
            same = all((work / "out-seq" / f).read_bytes() == (work / "out-dask" / f).read_bytes()
                       for f in ("indicators.csv", "indicators.parquet"))
            speed = cold["wall"] / dask["wall"]
            print(f"Dask x{args.workers}: {speed:.2f}x on wall time; identical dataset: {same}")
            figures.update(dask_wall_speedup=speed, dask_identical=same)

        slow = page_times(sorted(source.glob("*.pdf")), work)
        print(f"\nslowest pages of {source} (each read alone, warm, CPU-s):")
        for sec, name, page in slow[:5]:
            print(f"  {sec:.3f}  {name} p{page}")
        figures["slowest_pages"] = slow[:5]
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
