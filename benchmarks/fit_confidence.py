#!/usr/bin/env python3
"""Fit the confidence weights (schemas/confidence_weights.py) on the development gold, and
print the calibration curve: the share of the figures that miss L3 found among the
published figures of lowest confidence.

    .venv/bin/python benchmarks/fit_confidence.py [--corpus ../shared/corpus] [--write]

Every development PDF (the text ones and the scanned copy, scored against its original's
gold) is extracted directly (no Prefect), checked (schemas/checks.py) and given its
signals (schemas/confidence.py). A published row is a hit when the scorer pairs it with a
gold row at L3 (its own greedy matching, per page). The weights are an L2-regularised
logistic regression of hit on the signals. The curve is printed in-sample and
leave-one-document-out (each document scored with weights fitted on the others): the
second is the estimate for a report the weights never saw. --write stores the weights.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractors as ex  # noqa: E402
from schemas.checks import run_checks  # noqa: E402
from schemas.confidence import SIGNALS, flagged_rows, signals  # noqa: E402
from schemas.contract import to_frame  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SCANNED, ORIGINAL = "safe-city-annual-summary-2012-13-scanned", "safe-city-annual-summary-2012-13"
WEIGHTS_FILE = ROOT / "schemas" / "confidence_weights.py"
SHARES = (0.05, 0.1, 0.2, 0.3, 0.5)
L2 = 1.0          # ridge penalty: keeps a signal seen on a handful of rows from running off


def _scorer(corpus: Path):
    spec = importlib.util.spec_from_file_location("score_indicators", corpus.parent / "eval" / "score_indicators.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def l3_hits(sc, gold_csv: Path, frame: pd.DataFrame) -> np.ndarray:
    """1 for each row of `frame` (one document) the scorer pairs with a gold row at L3."""
    golds = [sc.Row(r, i) for i, r in enumerate(sc.read_csv_records(str(gold_csv)))]
    recs = frame.astype(object).where(frame.notna(), "").to_dict("records")
    preds = [sc.Row(sc.lower_keys(r), i) for i, r in enumerate(recs)]
    hit = np.zeros(len(preds), dtype=int)
    for page in {g.page for g in golds}:
        pairs = [(-q[0], -q[1], -q[2], g.order, p.order, g, p)
                 for g in golds if g.page == page for p in preds
                 if p.page == page and sc.level_ok(3, g, p) for q in [sc.quality(g, p)]]
        pairs.sort(key=lambda t: t[:5])
        used_g: set[int] = set()
        for *_, g, p in pairs:
            if g.order in used_g or hit[p.order]:
                continue
            used_g.add(g.order)
            hit[p.order] = 1
    return hit


def dataset(corpus: Path) -> pd.DataFrame:
    """Signals, the L3 hit and the document of every published row of the corpus."""
    sc = _scorer(corpus)
    parts = []
    for pdf in sorted((corpus / "pdf").glob("*.pdf")):
        stem = ORIGINAL if pdf.stem == SCANNED else pdf.stem
        gold = corpus / "gold" / f"{stem}.csv"
        if not gold.exists():
            continue
        frame = to_frame(ex.extract_document(ex.open_document(str(pdf))))
        checks = run_checks(frame)
        sig = signals(frame, flagged_rows(checks))
        scored = frame.assign(source_document=f"{stem}.pdf")
        sig["hit"] = l3_hits(sc, gold, scored)
        sig["document"] = pdf.stem
        parts.append(sig)
    return pd.concat(parts, ignore_index=True)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method; column 0 of x is the intercept (not penalised)."""
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], L2)
    ridge[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + ridge * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(ridge + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def curve(conf: np.ndarray, hit: np.ndarray) -> dict[float, float]:
    """Share of the misses among the lowest-confidence `share` of rows (ties by order)."""
    order = np.argsort(conf, kind="stable")
    misses = (hit[order] == 0)
    total = max(misses.sum(), 1)
    return {s: misses[: int(round(s * len(conf)))].sum() / total for s in SHARES}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.relative_to(ROOT)}")
    args = ap.parse_args()
    data = dataset(Path(args.corpus))
    names = list(SIGNALS)
    x = np.column_stack([np.ones(len(data))] + [data[n].to_numpy(float) for n in names])
    y = data["hit"].to_numpy(float)
    w = fit(x, y)
    conf = 1 / (1 + np.exp(-x @ w))
    held = np.zeros(len(data))
    for doc in data["document"].unique():
        own = (data["document"] == doc).to_numpy()
        held[own] = 1 / (1 + np.exp(-x[own] @ fit(x[~own], y[~own])))
    print(f"{len(data)} published rows, {int((y == 0).sum())} miss L3\n")
    print(f"{'signal':18} {'rows':>5} {'miss':>5} {'weight':>7}")
    print(f"{'(intercept)':18} {len(data):5d} {int((y == 0).sum()):5d} {w[0]:7.2f}")
    for k, n in enumerate(names, start=1):
        on = data[n] == 1
        print(f"{n:18} {int(on.sum()):5d} {int((on & (data['hit'] == 0)).sum()):5d} {w[k]:7.2f}")
    print("\nshare of the L3 misses among the lowest-confidence rows")
    print(f"{'lowest':>8} " + " ".join(f"{s:>6.0%}" for s in SHARES))
    for name, c in (("in-sample", conf), ("held-out", held)):
        print(f"{name:>8} " + " ".join(f"{v:6.1%}" for v in curve(c, y.astype(int)).values()))
    per_doc = data.assign(c=held).groupby("document").apply(
        lambda d: curve(d["c"].to_numpy(), d["hit"].to_numpy())[0.2], include_groups=False)
    print("\nheld-out, lowest 20% of each document: " + ", ".join(f"{d[:24]} {v:.0%}" for d, v in per_doc.items()))
    if args.write:
        body = "\n".join(f"    {n!r}: {w[k]:.3f}," for k, n in enumerate(names, start=1))
        WEIGHTS_FILE.write_text(
            '"""Confidence weights, fitted on the development gold by benchmarks/fit_confidence.py\n'
            '(a logistic regression of "the figure is right at L3" on the signals of\n'
            'schemas/confidence.py). Written by that script: refit, do not edit."""\n\n'
            f"INTERCEPT = {w[0]:.3f}\nWEIGHTS = {{\n{body}\n}}\n")
        print(f"\nwritten {WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
