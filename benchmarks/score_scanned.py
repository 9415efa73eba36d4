#!/usr/bin/env python3
"""Accuracy of the OCR path on the corpus's scanned copy of the 2012/13 leaflet.

    .venv/bin/python benchmarks/score_scanned.py [--corpus ../shared/corpus] [--keep out.csv]
                                                 [--dpi 300] [--psm 11]

The scanned copy has the same pages and figures as the text leaflet, so its gold file is
the leaflet's with `source_document` renamed (corpus/gold/README.md, "Scoring the scanned
copy"); this script writes that file to a temporary folder, runs the extractors directly
(no Prefect) and prints the scorer's L1/L2/L3 table. Needs Tesseract installed.
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
from extractors.pdf import ocr  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SCANNED = "safe-city-annual-summary-2012-13-scanned.pdf"
ORIGINAL = "safe-city-annual-summary-2012-13"


def write_gold(corpus: Path, folder: str) -> None:
    """The leaflet's gold file, renamed for the scanned copy."""
    gold = pd.read_csv(corpus / "gold" / f"{ORIGINAL}.csv", dtype=str, keep_default_na=False)
    gold["source_document"] = SCANNED
    gold.to_csv(os.path.join(folder, f"{Path(SCANNED).stem}.csv"), index=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--keep", help="also write the predictions to this CSV")
    ap.add_argument("--dpi", type=int, default=ocr.DPI)
    ap.add_argument("--psm", type=int, default=ocr.PSM)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not ocr.tesseract_available():
        print(f"Tesseract not found: {ocr.INSTALL_HINT}", file=sys.stderr)
        return 2
    ocr.DPI, ocr.PSM = args.dpi, args.psm
    tmp = tempfile.mkdtemp()
    write_gold(corpus, tmp)
    out = args.keep or os.path.join(tempfile.mkdtemp(), "indicators.csv")   # not in the gold folder

    t0 = time.perf_counter()
    doc = ex.open_document(str(corpus / "pdf" / SCANNED))
    rows = ex.extract_document(doc)
    dt = time.perf_counter() - t0
    pd.DataFrame([r.to_dict() for r in rows]).to_csv(out, index=False)
    print(f"{SCANNED}: {doc.page_count} pages, OCR pages {list(doc.ocr_pages)}, "
          f"dpi {ocr.DPI}, psm {ocr.PSM}: {len(rows)} figures in {dt:.1f} s\n")
    return subprocess.call([sys.executable, str(corpus.parent / "eval" / "score_indicators.py"),
                            "--gold", tmp, "--pred", out])


if __name__ == "__main__":
    sys.exit(main())
