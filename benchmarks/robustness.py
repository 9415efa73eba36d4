#!/usr/bin/env python3
"""One `indicators run` over every odd file of the robustness set (pdfplumber's test PDFs,
a ZIP), the hostile set (written by ../shared/benchmarks/hostile/make_hostile.py) and the
sample corpus: every file must end ok, partial or rejected with a reason, none failed;
the run must exit 0 within files x --max-seconds, with the peak resident memory of its
whole process tree under 3 GB, and nothing it writes may hold a traceback.

    .venv/bin/python benchmarks/robustness.py [--shared ../shared] [--max-seconds 300]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--max-seconds", default="300", help="per-document time limit for the run")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    work = Path(tempfile.mkdtemp(prefix="indicators-robust-"))
    try:
        inp, out = work / "input", work / "output"
        inp.mkdir()
        files = sorted((shared / "benchmarks" / "robustness" / "pdfs").iterdir())
        files += sorted((shared / "corpus" / "pdf").glob("*.pdf"))
        for f in files:
            shutil.copy(f, inp / f.name)
        hostile = work / "hostile"
        subprocess.run([sys.executable, str(shared / "benchmarks" / "hostile" / "make_hostile.py"),
                        str(hostile)], check=True, capture_output=True)
        for f in sorted(hostile.iterdir()):
            shutil.copy(f, inp / f.name)
            files.append(f)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--input", str(inp),
                                 "--output", str(out), "--max-seconds", args.max_seconds],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = _tree_peak(proc)
        stdout, stderr = proc.communicate()
        wall, peak_gb = time.perf_counter() - t0, peak() / (1 << 30)
        report = json.loads((out / "run_report.json").read_text())
        docs = {d["document"]: d for d in report["per_document"]}
        print(f"{len(files)} files, exit code {proc.returncode}, {wall:.0f} s, peak resident "
              f"memory of the process tree {peak_gb:.2f} GB\n")
        print("| file | status | pages | published | seconds | peak MB | reason |\n"
              "|---|---|---:|---:|---:|---:|---|")
        for f in files:
            d = docs.get(f.name)
            if d is None:
                print(f"| {f.name} | **missing from the report** | | | | | |")
                continue
            reason = d["reason"].replace("|", "\\|")
            print(f"| {f.name} | {d['status']} | {d['pages']} | {d['published']} | "
                  f"{d['seconds']} | {d.get('peak_mb') or ''} | {reason} |")
        statuses = Counter(d["status"] for d in docs.values())
        written = "".join(p.read_text(errors="replace") for p in out.rglob("*")
                          if p.is_file() and p.suffix in (".json", ".md", ".csv", ".html"))
        tracebacks = ("Traceback (most recent call last)" in stdout + stderr + written)
        missing = [f.name for f in files if f.name not in docs]
        no_reason = [n for n, d in docs.items() if d["status"] != "ok" and not d["reason"]]
        in_time = wall <= len(files) * float(args.max_seconds)
        print(f"\nstatuses: {dict(statuses)}; missing: {missing}; without a reason: {no_reason}; "
              f"traceback anywhere: {tracebacks}; within files x max-seconds: {in_time}")
        ok = (proc.returncode == 0 and not missing and not no_reason and not tracebacks
              and not statuses["failed"] and in_time and peak_gb < 3)
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _tree_peak(proc: subprocess.Popen):
    """Sample the resident memory of `proc` and everything below it every 50 ms; the
    returned function stops sampling and gives the peak in bytes."""
    import psutil
    peak, done = [0], threading.Event()

    def watch():
        root = psutil.Process(proc.pid)
        while not done.wait(0.05):
            try:
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in
                                           [root] + root.children(recursive=True)))
            except psutil.Error:
                pass
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()

    def stop() -> int:
        done.set()
        thread.join()
        return peak[0]
    return stop


if __name__ == "__main__":
    sys.exit(main())
