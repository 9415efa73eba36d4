#!/usr/bin/env python3
"""Both accuracy measurements in one table: the sample corpus (L1/L2/L3 F1 against the
gold) and ICDAR 2013 table structure (mean adjacency F1, ground-truth regions given).

    .venv/bin/python benchmarks/run_all.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import icdar2013, score_corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    shared = Path(ap.parse_args().shared)
    corpus = score_corpus.score(shared / "corpus")
    with contextlib.redirect_stdout(io.StringIO()):
        table_f1 = icdar2013.main(["--bench", str(shared / "benchmarks")])
    print(f"{'measurement':44} {'L1 F1':>6} {'L2 F1':>6} {'L3 F1':>6}")
    for name, res in list(corpus["documents"].items()) + [("OVERALL (micro)", corpus["overall"])]:
        print(f"{name[:44]:44} " + " ".join(f"{res[lv]['f1']:6.3f}" for lv in ("L1", "L2", "L3")))
    print(f"\ncorpus extraction: {corpus['pages']} pages, {corpus['seconds']:.2f} s "
          f"({corpus['seconds'] / max(corpus['pages'], 1):.3f} s/page)")
    print(f"ICDAR 2013 table structure, 156 tables, mean adjacency F1: {table_f1:.4f} "
          f"(anchors: Camelot stream 0.855, per-table oracle 0.924)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
