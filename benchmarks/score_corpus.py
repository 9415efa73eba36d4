#!/usr/bin/env python3
"""Accuracy and extraction time on the sample corpus (reads ../shared, not needed by tests).

    .venv/bin/python benchmarks/score_corpus.py [--corpus ../shared/corpus] [--keep out.csv]

Runs the extractors directly (no Prefect, no validation) on every text PDF of the corpus
that has a gold file, prints seconds per page, then the scorer's L1/L2/L3 table.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractors as ex  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--keep", help="also write the predictions to this CSV")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    gold = corpus / "gold"
    rows, pages, seconds = [], 0, 0.0
    for pdf in sorted((corpus / "pdf").glob("*.pdf")):
        if not (gold / f"{pdf.stem}.csv").exists():
            continue
        t0 = time.perf_counter()
        doc = ex.open_document(str(pdf))
        found = ex.extract_document(doc)
        dt = time.perf_counter() - t0
        pages, seconds = pages + doc.page_count, seconds + dt
        rows += [r.to_dict() for r in found]
        print(f"{pdf.name:48} {doc.page_count:3d} pages {len(found):4d} figures {dt:6.2f} s "
              f"({dt / doc.page_count:.3f} s/page)")
    print(f"{'all':48} {pages:3d} pages {len(rows):4d} figures {seconds:6.2f} s "
          f"({seconds / max(pages, 1):.3f} s/page)\n")
    out = args.keep or os.path.join(tempfile.mkdtemp(), "indicators.csv")
    pd.DataFrame(rows).to_csv(out, index=False)
    scorer = corpus.parent / "eval" / "score_indicators.py"
    return subprocess.call([sys.executable, str(scorer), "--gold", str(gold), "--pred", out])


if __name__ == "__main__":
    sys.exit(main())
