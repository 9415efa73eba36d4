#!/usr/bin/env python3
"""Generated table pages with known answers: L1/L2/L3 precision, recall and F1 overall, per
PDF producer and per variation feature, and example misses. The developer's view of which
table layouts, period spellings, units and header shapes the pipeline does not read yet.

    .venv/bin/python benchmarks/generated_tables.py [--seed S] [--n N]
        [--producer reportlab|fpdf2|chromium|all] [--producers P1,P2,...] [--show K]
        [--feature F] [--keep DIR] [--dump]

--producers   the producers documents are drawn by in turn (default reportlab,fpdf2; add
              chromium for HTML tables printed by the system Chromium, which needs Playwright)
--producer    one of them alone ("all": those of --producers)

--feature F   show misses only of expected rows carrying feature F (e.g. period:ytd)
--keep DIR    write the PDFs and a gold CSV per document to DIR instead of a temporary folder
--dump        print each generated table and its expected rows, without extracting
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tablegen.describe import doc_text  # noqa: E402
from tablegen.documents import generate  # noqa: E402
from tablegen.run import PRODUCERS, _spread, evaluate, fmt_row  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--n", type=int, default=120, help="documents (1-3 tables each)")
    ap.add_argument("--producer", choices=("reportlab", "fpdf2", "chromium", "all"), default="all")
    ap.add_argument(
        "--producers",
        default=",".join(PRODUCERS),
        help="comma-separated producers drawing the documents in turn (reportlab, fpdf2, chromium)",
    )
    ap.add_argument("--show", type=int, default=15, help="example misses to print")
    ap.add_argument("--feature", default="", help="misses of rows carrying this feature only")
    ap.add_argument("--keep", default="", help="folder for the PDFs and gold CSVs")
    ap.add_argument("--dump", action="store_true", help="print the generated tables, do not extract")
    args = ap.parse_args(argv)
    producers = tuple(p.strip() for p in args.producers.split(",") if p.strip())
    if args.producer != "all":
        producers = (args.producer,)
    unknown = set(producers) - {"reportlab", "fpdf2", "chromium"}
    if unknown or not producers:
        ap.error(f"unknown producer(s): {', '.join(sorted(unknown)) or '(none given)'}")
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="generated-tables-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.dump:
        for doc in generate(args.seed, args.n, producers):
            print(doc_text(doc))
        return 0
    res = evaluate(args.seed, args.n, out, producers)
    if args.keep:
        for doc, _, _ in res.docs:
            with open(out / f"{doc.name}.csv", "w", newline="", encoding="utf-8") as fh:
                w = csv.DictWriter(
                    fh, fieldnames=list(doc.expected[0].as_gold("").keys()) if doc.expected else ["page"]
                )
                w.writeheader()
                w.writerows(e.as_gold(f"{doc.name}.pdf") for e in doc.expected)

    n_tables = sum(len(d.tables) for d, _, _ in res.docs)
    print(
        f"seed {args.seed}: {len(res.docs)} documents, {n_tables} tables; extraction {res.seconds:.1f} s CPU"
        f" ({out})\n"
    )
    print(
        f"{'':28} {'gold':>6} {'pred':>6} | "
        + " | ".join(f"{lv}:  P     R     F1 " for lv in ("L1", "L2", "L3"))
    )

    def line(name, tot):
        cells = " | ".join("{:5.3f} {:5.3f} {:5.3f}".format(*tot[f"L{lv}"]) for lv in (1, 2, 3))
        print(f"{name:28} {tot['gold']:6d} {tot['pred']:6d} | {cells}")

    line("overall", res.totals())
    for p in producers:
        line(f"producer {p}", res.totals(lambda d, p=p: d.producer == p))

    print("\nper feature: L3 recall among the expected rows carrying it (L1 and L2 recall beside)")
    recall = res.feature_recall()
    by_level = {lv: {} for lv in (1, 2)}
    for doc, s, _ in res.docs:
        for g in s.gold:
            for f in set(g.src.features) | doc.features:
                for lv in (1, 2):
                    by_level[lv][f] = by_level[lv].get(f, 0) + (g.order in s.matched[lv])
    groups: dict[str, list] = {}
    for f, (n, m) in recall.items():
        groups.setdefault(f.split(":")[0], []).append((f, n, m))
    for g in sorted(groups):
        for f, n, m in sorted(groups[g], key=lambda r: (r[2] / r[1], r[0])):
            print(
                f"  {f:42} {n:6d} rows  L3 {m / n:6.3f}   L1 {by_level[1][f] / n:5.3f}  L2 {by_level[2][f] / n:5.3f}"
            )

    errors = [(d.name, e) for d, _, e in res.docs if e]
    if errors:
        print(f"\nextraction errors ({len(errors)}):")
        for name, e in errors[:10]:
            print(f"  {name}: {e}")
    misses = [m for m in res.misses() if not args.feature or args.feature in m[1].features]
    print(
        f"\n{len(misses)} expected rows not matched at L3{' with ' + args.feature if args.feature else ''}; "
        f"{min(args.show, len(misses))} examples (expected, then the published row nearest to it):"
    )
    for doc, e, got in _spread(misses, args.show):
        print(f"  {doc.name}: {e.where}")
        print(f"     expected  {fmt_row(e)}")
        print(f"     published {fmt_row(got)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
