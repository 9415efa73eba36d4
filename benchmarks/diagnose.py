#!/usr/bin/env python3
"""Where one development document loses points: each gold row without an L3 partner,
beside the published row that locates it (L1) and the fields that differ.

    .venv/bin/python benchmarks/diagnose.py PRED.csv DOC_STEM [--level 3] [--extra]

PRED.csv comes from `benchmarks/score_corpus.py --keep`. Held-out documents
(score_corpus.HELD_OUT) are refused: their gold and output stay unseen while working.
`--extra` also lists published rows that match no gold row (precision losses).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.score_corpus import DEFAULT_CORPUS, HELD_OUT  # noqa: E402


def _scorer():
    path = DEFAULT_CORPUS.parent / "eval" / "score_indicators.py"
    spec = importlib.util.spec_from_file_location("score_indicators", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred")
    ap.add_argument("doc")
    ap.add_argument("--level", type=int, default=3)
    ap.add_argument("--extra", action="store_true")
    args = ap.parse_args()
    if any(args.doc.lower() in h or h in args.doc.lower() for h in HELD_OUT):
        print(f"{args.doc} is held out: score it with score_corpus.py, do not look at it")
        return 2
    sc = _scorer()
    gold_path = DEFAULT_CORPUS / "gold" / f"{args.doc}.csv"
    grecs = sc.read_csv_records(str(gold_path))
    precs = [r for r in sc.read_pred(args.pred) if sc.doc_key(r.get("source_document")) == args.doc]
    golds = [sc.Row(r, i) for i, r in enumerate(grecs)]
    preds = [sc.Row(r, i) for i, r in enumerate(precs)]
    used_p: set[int] = set()
    used_g: set[int] = set()
    # greedy like the scorer, per page, at the requested level
    for level in (args.level,):
        pairs = []
        for g in golds:
            for p in preds:
                if g.page == p.page and sc.level_ok(level, g, p):
                    q = sc.quality(g, p)
                    pairs.append((-q[0], -q[1], -q[2], g.order, p.order, g, p))
        pairs.sort(key=lambda t: t[:5])
        for *_, g, p in pairs:
            if g.order in used_g or p.order in used_p:
                continue
            used_g.add(g.order)
            used_p.add(p.order)
    missed = [g for g in golds if g.order not in used_g]
    print(f"{args.doc}: {len(golds)} gold, {len(preds)} published, {len(missed)} gold rows miss L{args.level}")
    for g in missed:
        rec = grecs[g.order]
        cands = [p for p in preds if p.page == g.page and p.order not in used_p and sc.level_ok(1, g, p)]
        print(f"- p{g.page} {rec['value_text']!r:>10} | {rec['indicator'][:60]!r} | {rec['geography']} | "
              f"{rec['period']} | {rec['measure']} | {rec['unit']}")
        for p in cands[:2]:
            pr = precs[p.order]
            diffs = []
            for key, gv, pv in (("unit", g.unit, p.unit), ("measure", g.measure, p.measure),
                                ("period", g.period, p.period), ("geo", g.geo, p.geo)):
                if gv != pv:
                    diffs.append(f"{key}={pr.get(key if key != 'geo' else 'geography')!r}")
            share = sc.label_share(g.tokens, p.tokens)
            if share < sc.CLOSE_SHARE:
                diffs.append(f"label={pr['indicator'][:70]!r}")
            if not sc.same_value(g, p):
                diffs.append(f"value={pr['value']!r}")
            print(f"      got: {'; '.join(diffs) or '(taken by another gold row)'}")
        if not cands:
            print("      got: nothing on that page")
    if args.extra:
        l1 = set()
        pairs = sorted(((g, p) for g in golds for p in preds if g.page == p.page and sc.level_ok(1, g, p)),
                       key=lambda gp: (gp[0].order, gp[1].order))
        ug: set[int] = set()
        for g, p in pairs:
            if g.order in ug or p.order in l1:
                continue
            ug.add(g.order)
            l1.add(p.order)
        print("\npublished rows locating no gold row:")
        for p in preds:
            if p.order not in l1:
                pr = precs[p.order]
                print(f"+ p{p.page} {pr['value_text']!r:>10} | {pr['indicator'][:60]!r} | {pr['method']} | "
                      f"{pr['snippet'][:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
