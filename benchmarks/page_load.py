"""What pages make a parser hold: the inflated size of each page's content streams and the
glyphs PDFium counts on it, over every PDF in the folders given. The input limits in
extractors/pdf/page_limits.py are set from these figures.

    python benchmarks/page_load.py ../shared/corpus/pdf tests/fixtures raw_docs \
        ../shared/benchmarks
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber  # noqa: E402
import pypdfium2  # noqa: E402

from extractors.pdf.page_limits import page_load  # noqa: E402

NO_CAP = 1 << 40


def page_loads(path: str, max_pages: int) -> list[tuple[int, int, int, int]]:
    """(page, content bytes, glyphs, text operators) for each page; glyphs -1 when PDFium
    cannot say."""
    out = []
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages[:max_pages]
        loads = [page_load(p.page_obj, NO_CAP) for p in pages]
    try:
        doc = pypdfium2.PdfDocument(path)
        chars = [doc[i].get_textpage().count_chars() for i in range(min(len(doc), len(loads)))]
    except Exception:
        chars = []
    chars += [-1] * (len(loads) - len(chars))
    return [(n, s, c, ops) for n, ((s, ops), c) in enumerate(zip(loads, chars), start=1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--max-pages", type=int, default=200, help="pages read per file")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args()
    rows, failed = [], 0
    for folder in args.folders:
        for path in sorted(Path(folder).rglob("*.pdf")):
            try:
                rows += [(str(path), *r) for r in page_loads(str(path), args.max_pages)]
            except Exception:   # unreadable files are the robustness suite's business
                failed += 1
    print(f"{len(rows)} pages of {len({r[0] for r in rows})} files ({failed} unreadable)")
    for col, name in ((2, "content bytes"), (3, "glyphs"), (4, "text operators")):
        print(f"\nlargest {name}:")
        for r in sorted(rows, key=lambda r: -r[col])[:args.top]:
            print(f"  {r[col]:>12,d}  p{r[1]:<4d} {os.path.relpath(r[0])}")


if __name__ == "__main__":
    main()
