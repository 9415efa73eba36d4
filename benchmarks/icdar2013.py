#!/usr/bin/env python3
"""Table structure on ICDAR 2013 (region given): extractors.grid.read_grid vs the ground truth.

    .venv/bin/python benchmarks/icdar2013.py [--bench ../shared/benchmarks] [--keep DIR] [--per-table]

For each of the 156 primary tables of `icdar2013/manifest.csv`, read_grid is called on the
table's page with the ground-truth region (`bbox_top_left`, pdfplumber coordinates) as
the area, unchanged: read_grid takes the words whose centre lies within 2 pt of the area
(the region boxes hug the text, so the margin only forgives rounding) and looks for
ruling lines up to 12 pt outside it by itself (ICDAR boxes exclude the table's frame).
The first grid returned is written as `<document>_<table>.csv`, and the benchmark's own
`score_tables.py --manifest` scores the folder (adjacency P/R/F1, `collapse`
normalisation). Reads ../shared; the tests do not need it.

`main()` returns the macro adjacency F1, so a combined benchmark can import and call it
(`from benchmarks.icdar2013 import main; f1 = main(["--bench", path])`).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.tables.grid import read_grid  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "benchmarks"


def primary_tables(bench: Path) -> list[dict]:
    with open(bench / "icdar2013" / "manifest.csv", newline="", encoding="utf-8-sig") as fh:
        return [r for r in csv.DictReader(fh) if not r["alternative_of"]]


def predict(bench: Path, out_dir: Path, only: str = "") -> list[tuple[str, float, str]]:
    """Write one CSV per primary table; return (key, seconds, method) per table."""
    timings = []
    for r in primary_tables(bench):
        key = f"{r['document']}_{r['table']}"
        if only and only not in key:
            continue
        area = tuple(float(v) for v in r["bbox_top_left"].split(","))
        t0 = time.perf_counter()
        grids = read_grid(str(bench / "icdar2013" / r["pdf"]), int(r["page"]), area)
        dt = time.perf_counter() - t0
        if not grids:
            timings.append((key, dt, "none"))
            continue       # no file: the scorer counts the table as 0
        with open(out_dir / f"{key}.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(grids[0].rows)
        timings.append((key, dt, grids[0].method))
    return timings


def main(argv: list[str] | None = None) -> float:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default=str(DEFAULT_BENCH), help="the shared benchmarks folder")
    ap.add_argument("--keep", help="write the predicted CSVs (and scores.csv) here instead of a temp folder")
    ap.add_argument("--per-table", action="store_true", help="print the scorer's line per table")
    ap.add_argument("--only", default="", help="only tables whose key contains this (debugging)")
    args = ap.parse_args([] if argv is None else argv)   # importable: never reads the caller's sys.argv
    bench = Path(args.bench).resolve()

    tmp = None
    if args.keep:
        out_dir = Path(args.keep)
        out_dir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="icdar2013-")
        out_dir = Path(tmp.name)
    pred_dir = out_dir / "pred"
    pred_dir.mkdir(exist_ok=True)
    for old in pred_dir.glob("*.csv"):
        old.unlink()

    timings = predict(bench, pred_dir, args.only)
    summary = out_dir / "summary.json"
    cmd = [sys.executable, str(bench / "score_tables.py"), "--gt", str(bench / "icdar2013" / "csv"),
           "--pred", str(pred_dir), "--manifest", str(bench / "icdar2013" / "manifest.csv"),
           "--out", str(out_dir / "scores.csv"), "--json", str(summary)]
    if args.per_table:
        cmd.append("--per-table")
    if args.only:
        cmd.append("--skip-missing")
    subprocess.run(cmd, check=True)

    secs = [t for _, t, _ in timings]
    methods: dict[str, int] = {}
    for _, _, m in timings:
        methods[m] = methods.get(m, 0) + 1
    print(f"read_grid: {len(secs)} tables, {sum(secs):.1f} s total, median {statistics.median(secs):.3f} s, "
          f"mean {statistics.mean(secs):.3f} s, max {max(secs):.2f} s per table "
          f"(opens the PDF and parses the page each call)")
    print("methods: " + ", ".join(f"{m} {n}" for m, n in sorted(methods.items())))
    with open(summary, encoding="utf-8") as fh:
        s = json.load(fh)
    f1 = s.get("macro_f1", 0.0)
    print(f"mean adjacency  P {s.get('macro_precision', 0):.4f}  R {s.get('macro_recall', 0):.4f}  F1 {f1:.4f}"
          f"   (anchors: camelot stream 0.855 fixed, per-table oracle 0.924)")
    if tmp is not None:
        tmp.cleanup()
    return f1


if __name__ == "__main__":
    main(sys.argv[1:])
