#!/usr/bin/env python3
"""Seconds per page of each extraction stage, on every PDF of a folder.

    .venv/bin/python benchmarks/stage_times.py [folder] [--repeat N] [--median] [--cpu] [--profile STAGE]

Each stage of `extractors` runs on its own, fed the previous stage's output, so its time
is its own. The anchor, timed in the same run, is pdfplumber's plain text extraction of
the same pages; TOTAL / anchor is the ratio that stays put when the machine is busy. Every document is run N times (default 5) and a stage's time is the best run
(or the median with --median): the first run also pays one-off imports and model loads,
which a warm worker pays once. --cpu times with the process's CPU clock instead of the
wall clock, which other jobs on a shared machine disturb far less. --profile prints cProfile's top functions for one stage
(or "all") over every document.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractors as ex  # noqa: E402

STAGES = ["open_document", "read_layout", "describe_document", "find_tables",
          "find_text_blocks", "table_observations", "text_observations", "merge_observations"]


def run_stages(path: str, clock=time.perf_counter) -> dict[str, float]:
    """Seconds of each stage for one document, in pipeline order."""
    t: dict[str, float] = {}

    def timed(name, fn, *args):
        t0 = clock()
        out = fn(*args)
        t[name] = clock() - t0
        return out

    doc = timed("open_document", ex.open_document, path)
    layouts = timed("read_layout", ex.read_layout, doc)
    doc = timed("describe_document", ex.describe_document, doc, layouts)
    tables = timed("find_tables", ex.find_tables, doc, layouts)
    blocks = timed("find_text_blocks", ex.find_text_blocks, layouts, tables)
    rows = timed("table_observations", ex.table_observations, doc, tables, layouts)
    rows += timed("text_observations", ex.text_observations, doc, blocks)
    timed("merge_observations", ex.merge_observations, doc, rows)
    t["pages"] = doc.page_count
    return t


def anchor_seconds(path: str, clock=time.perf_counter) -> float:
    """The anchor the stages are compared with, timed in the same run: pdfplumber's own
    text extraction of every page (the least any PDF reader here does)."""
    import pdfplumber
    t0 = clock()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
    return clock() - t0


def stage_table(pdfs: list[Path], repeat: int, pick, clock) -> dict[str, dict[str, float]]:
    """{document: {stage: seconds per page}} with `pick` (min or median) over the runs,
    and the anchor's seconds per page ("anchor")."""
    out = {}
    for pdf in pdfs:
        runs = [run_stages(str(pdf), clock) for _ in range(repeat)]
        pages = runs[0]["pages"]
        out[pdf.name] = {s: pick([r[s] for r in runs]) / pages for s in STAGES}
        out[pdf.name]["anchor"] = pick([anchor_seconds(str(pdf), clock) for _ in range(repeat)]) / pages
        out[pdf.name]["pages"] = pages
    return out


def print_table(per_doc: dict[str, dict[str, float]]) -> None:
    names = list(per_doc)
    total_pages = sum(d["pages"] for d in per_doc.values())
    head = f"{'stage (s/page)':20}" + "".join(f"{n[:14]:>16}" for n in names) + f"{'all':>10}"
    print(head)
    print("-" * len(head))
    for s in STAGES + ["TOTAL"]:
        vals = [sum(d[x] for x in STAGES) if s == "TOTAL" else d[s] for d in per_doc.values()]
        weighted = sum(v * d["pages"] for v, d in zip(vals, per_doc.values())) / total_pages
        print(f"{s:20}" + "".join(f"{v:16.4f}" for v in vals) + f"{weighted:10.4f}")
    anchor = [d["anchor"] for d in per_doc.values()]
    print(f"{'anchor (plumber)':20}" + "".join(f"{v:16.4f}" for v in anchor)
          + f"{sum(v * d['pages'] for v, d in zip(anchor, per_doc.values())) / total_pages:10.4f}")
    totals = [sum(d[x] for x in STAGES) for d in per_doc.values()]
    print(f"{'TOTAL / anchor':20}" + "".join(f"{t / a:16.1f}" for t, a in zip(totals, anchor))
          + f"{sum(t * d['pages'] for t, d in zip(totals, per_doc.values())) / sum(a * d['pages'] for a, d in zip(anchor, per_doc.values())):10.1f}")
    print(f"pages: " + ", ".join(f"{n} {int(d['pages'])}" for n, d in per_doc.items()))


def profile(pdfs: list[Path], stage: str, top: int = 30) -> None:
    """cProfile of one stage (or every stage) over all documents, after a warm-up run."""
    for pdf in pdfs:
        run_stages(str(pdf))
    prof = cProfile.Profile()
    if stage == "all":
        prof.enable()
        for pdf in pdfs:
            run_stages(str(pdf))
        prof.disable()
    else:
        def clock(state={"on": False, "n": 0}):
            # toggles the profiler around the chosen stage: run_stages calls the clock
            # once before and once after each stage, in STAGES order
            idx, edge = divmod(state["n"], 2)
            state["n"] += 1
            if STAGES[idx % len(STAGES)] == stage:
                (prof.disable if edge else prof.enable)()
            return time.perf_counter()
        for pdf in pdfs:
            run_stages(str(pdf), clock)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "raw_docs"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--median", action="store_true", help="median of the runs, not the best")
    ap.add_argument("--cpu", action="store_true", help="process CPU time, not wall time")
    ap.add_argument("--profile", metavar="STAGE", help="cProfile one stage (or 'all') instead")
    args = ap.parse_args(argv)
    pdfs = sorted(Path(args.folder).glob("*.pdf"))
    if args.profile:
        profile(pdfs, args.profile)
        return 0
    clock = time.process_time if args.cpu else time.perf_counter
    t0 = clock()
    first = [run_stages(str(p), clock) for p in pdfs]        # cold: imports, model loads
    cold = clock() - t0
    print_table(stage_table(pdfs, args.repeat, statistics.median if args.median else min, clock))
    pages = sum(r["pages"] for r in first)
    print(f"cold first pass (imports and model loads included): {cold:.2f} s, {cold / pages:.3f} s/page"
          f" ({'CPU' if args.cpu else 'wall'} clock)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
