#!/usr/bin/env python3
"""One `indicators run` over every odd file of the robustness set (pdfplumber's test PDFs,
a ZIP) and the sample corpus: every file must end ok, partial or rejected with a reason,
the run must exit 0 and nothing it writes may hold a traceback.

    .venv/bin/python benchmarks/robustness.py [--shared ../shared] [--max-seconds 120]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--max-seconds", default="120", help="per-document time limit for the run")
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
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--input", str(inp),
                               "--output", str(out), "--max-seconds", args.max_seconds],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        report = json.loads((out / "run_report.json").read_text())
        docs = {d["document"]: d for d in report["per_document"]}
        print(f"{len(files)} files, exit code {proc.returncode}, {wall:.0f} s\n")
        print("| file | status | pages | published | reason |\n|---|---|---:|---:|---|")
        for f in files:
            d = docs.get(f.name)
            if d is None:
                print(f"| {f.name} | **missing from the report** | | | |")
                continue
            reason = d["reason"].replace("|", "\\|")
            print(f"| {f.name} | {d['status']} | {d['pages']} | {d['published']} | {reason} |")
        statuses = Counter(d["status"] for d in docs.values())
        written = "".join(p.read_text(errors="replace") for p in out.rglob("*")
                          if p.is_file() and p.suffix in (".json", ".md", ".csv", ".html"))
        tracebacks = ("Traceback (most recent call last)" in proc.stdout + proc.stderr + written)
        missing = [f.name for f in files if f.name not in docs]
        no_reason = [n for n, d in docs.items() if d["status"] != "ok" and not d["reason"]]
        print(f"\nstatuses: {dict(statuses)}; missing: {missing}; without a reason: {no_reason}; "
              f"traceback anywhere: {tracebacks}")
        ok = proc.returncode == 0 and not missing and not no_reason and not tracebacks
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
