"""Generate, render, extract and score: what the test and benchmarks/generated_tables.py share."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .documents import generate
from .model import DocSpec, Expected
from .score import DocScore, Row, prf, score_document

PRODUCERS = ("reportlab", "fpdf2")


def renderer(producer: str) -> Callable[[DocSpec, str], dict]:
    """reportlab | fpdf2 | chromium (HTML printed by the system Chromium through Playwright:
    not among the default PRODUCERS, so the test needs no browser)."""
    if producer == "reportlab":
        from .render_reportlab import render
    elif producer == "chromium":
        from .render_html import render
    else:
        from .render_fpdf import render
    return render


def build_corpus(seed: int, n: int, out_dir: Path, producers=PRODUCERS) -> list[tuple[DocSpec, Path]]:
    """Generate n documents, draw each with its producer, and set each expected row's page."""
    out = []
    for doc in generate(seed, n, producers):
        path = Path(out_dir) / f"{doc.name}.pdf"
        pages = renderer(doc.producer)(doc, str(path))
        for i, t in enumerate(doc.tables):
            for j, r in enumerate(t.rows):
                part = 1 if t.split_at is not None and j >= t.split_at else 0
                for e in r.expected:
                    e.page = pages[(i, part)]
        out.append((doc, path))
    return out


def unprinted(doc: DocSpec, path: Path) -> list[Expected]:
    """Expected rows whose value_text is not in the text of their page (a generator bug)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    texts = {i + 1: re.sub(r"\s+", " ", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))}
    pdf.close()
    return [e for e in doc.expected if e.value_text not in texts.get(e.page, "")]


def extract_with_pipeline(path: Path) -> list:
    import extractors as ex

    return ex.extract_document(ex.open_document(str(path)))


@dataclass
class Result:
    docs: list[tuple[DocSpec, DocScore, str]] = field(default_factory=list)  # (spec, score, error)
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0  # CPU spent extracting

    def totals(self, keep: Callable[[DocSpec], bool] = lambda d: True) -> dict:
        n_gold = sum(len(s.gold) for d, s, _ in self.docs if keep(d))
        n_pred = sum(len(s.pred) for d, s, _ in self.docs if keep(d))
        out = {"gold": n_gold, "pred": n_pred}
        for level in (1, 2, 3):
            tp = sum(s.tp(level) for d, s, _ in self.docs if keep(d))
            out[f"L{level}"] = prf(tp, n_gold, n_pred)
        return out

    def feature_recall(self) -> dict[str, tuple[int, int]]:
        """feature -> (expected rows carrying it, of which matched at L3)."""
        seen: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for doc, s, _ in self.docs:
            for g in s.gold:
                for f in set(g.src.features) | doc.features:
                    seen[f][0] += 1
                    seen[f][1] += g.order in s.matched[3]
        return {f: (n, k) for f, (n, k) in seen.items()}

    def worst_features(self, k: int = 12, min_rows: int = 10) -> list[tuple[str, int, int]]:
        rows = [(f, n, m) for f, (n, m) in self.feature_recall().items() if n >= min_rows]
        return sorted(rows, key=lambda r: (r[2] / r[1], -r[1]))[:k]

    def misses(self) -> list[tuple[DocSpec, Expected, object | None]]:
        """Expected rows not understood (L3), each with the closest published row on its page."""
        out = []
        for doc, s, _ in self.docs:
            for g in s.gold:
                if g.order in s.matched[3]:
                    continue
                out.append((doc, g.src, _closest(g, s)))
        return out


def _closest(g: Row, s: DocScore):
    """The published row this gold row matched at L2 or L1, else one with its value on its page."""
    for level in (2, 1):
        if g.order in s.matched[level]:
            return s.matched[level][g.order].src
    from .score import same_value

    same = [p for p in s.pred if p.page == g.page and (same_value(g, p) or (g.text and g.text == p.text))]
    return same[0].src if same else None


def evaluate(
    seed: int,
    n: int,
    out_dir: Path,
    producers=PRODUCERS,
    extract: Callable[[Path], list] = extract_with_pipeline,
) -> Result:
    res = Result()
    corpus = build_corpus(seed, n, out_dir, producers)
    t0 = time.process_time()
    for doc, path in corpus:
        error = ""
        try:
            rows = extract(path)
        except Exception as exc:  # a crash on one document is a miss of all its rows, not the end
            rows, error = [], f"{type(exc).__name__}: {exc}"
        res.docs.append((doc, score_document(doc.expected, rows), error))
        res.paths[doc.name] = path
    res.seconds = time.process_time() - t0
    return res


def fmt_row(obj) -> str:
    if obj is None:
        return "(nothing published with this value on this page)"
    value = "" if obj.value is None else f"{obj.value:g}"
    return (
        f"p{obj.page} {obj.indicator!r} | {obj.geography} | {obj.period} | {obj.measure} | "
        f"{value} ({obj.value_text!r}) | {obj.unit}"
    )


def summary(res: Result, show: int = 10) -> str:
    """Overall scores, the worst features and some misses: the failure message of the test."""
    tot = res.totals()
    lines = [f"{len(res.docs)} documents, {tot['gold']} expected rows, {tot['pred']} published"]
    for level in (1, 2, 3):
        p, r, f = tot[f"L{level}"]
        lines.append(f"  L{level}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    lines.append("worst features (L3 recall):")
    for f, n, m in res.worst_features():
        lines.append(f"  {f:40} {m / n:6.3f}  ({m}/{n})")
    errors = [(d.name, e) for d, _, e in res.docs if e]
    if errors:
        lines.append(f"extraction errors: {errors[:5]}")
    lines.append("example misses (expected -> published):")
    for doc, e, got in _spread(res.misses(), show):
        lines.append(f"  {doc.name} {e.where}")
        lines.append(f"     expected  {fmt_row(e)}")
        lines.append(f"     published {fmt_row(got)}")
    return "\n".join(lines)


def _spread(items: list, k: int) -> list:
    """k items taken evenly through the list (misses of many documents, not of the first)."""
    if len(items) <= k or k <= 0:
        return items[: max(k, 0)]
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]
