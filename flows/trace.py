"""`indicators trace`: from a published figure back to the spot on the page.

Selects rows of the published dataset by id or by filters, prints each row's
provenance, and writes a PNG of its page region with the figure boxed in red and its
table row or text line outlined in blue. Plain functions; no Prefect.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from extractors.pdf.document import open_readable
from schemas.datapackage import read_csv, read_parquet

FIGURE, CONTEXT = (220, 30, 30), (40, 90, 220)


def load_dataset(output_dir: str) -> pd.DataFrame:
    parquet = Path(output_dir) / "indicators.parquet"
    if parquet.exists():
        return read_parquet(str(parquet))
    return read_csv(str(Path(output_dir) / "indicators.csv"))


def select(df: pd.DataFrame, row_id: str = "", words: str = "", value: float | None = None,
           document: str = "", period: str = "", page: int | None = None) -> pd.DataFrame:
    keep = pd.Series(True, index=df.index)
    if row_id:
        keep &= df["row_id"].astype(str).str.startswith(row_id)
    for w in words.split():
        keep &= df["indicator"].str.contains(w, case=False, regex=False)
    if value is not None:
        keep &= (df["value"] - value).abs() < 1e-9
    if document:
        keep &= df["source_document"].str.contains(document, case=False, regex=False)
    if period:
        keep &= df["period"] == period
    if page is not None:
        keep &= df["page"] == page
    return df[keep]


def _box(text: str) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = (float(v) for v in text.split(","))
    return x0, top, x1, bottom


def context_box(page, figure, max_gap: float = 260) -> tuple[float, float, float, float]:
    """The printed line the figure sits on (its table row or line of text): the words
    on its baseline, reached from the figure across gaps narrower than `max_gap`."""
    x0, top, x1, bottom = figure
    mid = (top + bottom) / 2
    line = sorted((w for w in page.extract_words() if w["top"] <= mid <= w["bottom"]), key=lambda w: w["x0"])
    left, right = x0, x1
    for w in reversed([w for w in line if w["x1"] <= x0 + 1]):
        if left - w["x1"] > max_gap:
            break
        left = w["x0"]
    for w in [w for w in line if w["x0"] >= x1 - 1]:
        if w["x0"] - right > max_gap:
            break
        right = w["x1"]
    tops = [w["top"] for w in line] + [top]
    bottoms = [w["bottom"] for w in line] + [bottom]
    return left - 2, min(tops) - 2, right + 2, max(bottoms) + 2


def render(row: pd.Series, pdf_path: str, out_png: str, margin: float = 90) -> str:
    """A PNG of the figure's page region: figure boxed, its row or line outlined."""
    with open_readable(pdf_path) as pdf:
        page = pdf.pages[int(row["page"]) - 1]
        figure = _box(row["bbox"])
        context = context_box(page, figure)
        crop = page.crop((0, max(0, context[1] - margin), page.width,
                          min(page.height, context[3] + margin)))
        img = crop.to_image(resolution=150)
        img.draw_rect(context, fill=None, stroke=CONTEXT, stroke_width=2)
        img.draw_rect((figure[0] - 1.5, figure[1] - 1.5, figure[2] + 1.5, figure[3] + 1.5),
                      fill=None, stroke=FIGURE, stroke_width=3)
        os.makedirs(os.path.dirname(out_png) or ".", exist_ok=True)
        img.save(out_png)
    return out_png


def describe(row: pd.Series) -> str:
    fields = ["row_id", "indicator", "geography", "period", "measure", "value", "value_text", "unit",
              "source_document", "source_sha256", "page", "bbox", "method", "snippet"]
    return "\n".join(f"  {f:16} {row[f]}" for f in fields if f in row)


def trace(df: pd.DataFrame, docs_dir: str, out_dir: str) -> list[str]:
    """Print and render each selected row; returns the PNG paths."""
    written = []
    for _, row in df.iterrows():
        print(describe(row))
        pdf_path = os.path.join(docs_dir, row["source_document"])
        if not os.path.exists(pdf_path):
            print(f"  (no {row['source_document']} in {docs_dir}: no picture)\n")
            continue
        with open(pdf_path, "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() != row["source_sha256"]:
                print("  warning: the PDF's bytes have changed since this row was published")
        png = render(row, pdf_path, os.path.join(out_dir, f"{row['row_id']}.png"))
        print(f"  picture          {png}\n")
        written.append(png)
    return written
