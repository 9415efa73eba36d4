"""The audit report: one self-contained HTML page in output/report/ (no CDN, works
offline) listing every published figure in a table a person can filter and sort, each
row linking to a crop of its page with the figure boxed; plus a per-document summary
and the consistency findings. Plain functions; no Prefect.
"""
from __future__ import annotations

import html
import json
import os

import pandas as pd
import pdfplumber
from PIL import ImageDraw

RESOLUTION = 100          # dpi of the crops: legible, and small enough for hundreds of figures
MARGIN = 40               # points of page kept above and below the figure

_COLUMNS = ["indicator", "geography", "period", "measure", "value_text", "unit", "source_document",
            "page", "method"]


def write_crops(valid: pd.DataFrame, docs: dict[str, str], crops_dir: str) -> dict[str, str]:
    """One PNG per figure, each page rendered once; returns {row_id: file name}."""
    os.makedirs(crops_dir, exist_ok=True)
    scale = RESOLUTION / 72
    written = {}
    for (name, page_no), rows in valid.groupby(["source_document", "page"], sort=False):
        path = docs.get(name)
        if not path or not os.path.exists(path):
            continue
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[int(page_no) - 1]
            image = page.to_image(resolution=RESOLUTION).original.convert("RGB")
        for _, row in rows.iterrows():
            x0, top, x1, bottom = (float(v) for v in row["bbox"].split(","))
            crop_box = (0, max(0, top - MARGIN) * scale, image.width,
                        min(image.height, (bottom + MARGIN) * scale))
            crop = image.crop(tuple(int(v) for v in crop_box))
            draw = ImageDraw.Draw(crop)
            draw.rectangle(((x0 - 2) * scale, (top - 2) * scale - crop_box[1],
                            (x1 + 2) * scale, (bottom + 2) * scale - crop_box[1]),
                           outline=(220, 30, 30), width=3)
            file = f"{row['row_id']}.png"
            crop.save(os.path.join(crops_dir, file), optimize=True)
            written[row["row_id"]] = file
    return written


_SCRIPT = """
const rows = JSON.parse(document.getElementById('data').textContent);
const body = document.querySelector('#figures tbody');
const filter = document.getElementById('filter');
const count = document.getElementById('count');
let sortKey = null, sortUp = true;
function render() {
  const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
  let shown = rows.filter(r => words.every(w => r.search.includes(w)));
  if (sortKey) shown.sort((a, b) => {
    const k = sortKey === 'value_text' ? 'value' : sortKey;   // figures sort by number
    const x = a[k] ?? Infinity, y = b[k] ?? Infinity;
    const c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
    return sortUp ? c : -c; });
  body.innerHTML = shown.map(r => '<tr>' + COLUMNS.map(c => '<td>' + esc(r[c]) + '</td>').join('') +
    '<td>' + (r.crop ? '<a href="crops/' + r.crop + '">page ' + r.page + '</a>' : '') + '</td></tr>').join('');
  count.textContent = shown.length + ' of ' + rows.length + ' figures';
}
function esc(v) { return String(v ?? '').replace(/[&<>"]/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch])); }
document.querySelectorAll('#figures th[data-key]').forEach(th => th.addEventListener('click', () => {
  sortUp = sortKey === th.dataset.key ? !sortUp : true; sortKey = th.dataset.key; render(); }));
filter.addEventListener('input', render);
render();
"""

_STYLE = """
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th[data-key] { cursor: pointer; background: #eef; }
input { font-size: 14px; padding: 4px; width: 30em; }
"""


def _table(df: pd.DataFrame, cols: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols) + "</tr>"
                   for _, r in df.iterrows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def publish_report(valid: pd.DataFrame, checks: pd.DataFrame, per_document: list[dict],
                   rejected: list[dict], docs: dict[str, str], output_dir: str) -> str:
    """Build the report beside output/report/, then swap it in, so the folder is never half-written."""
    import shutil
    import tempfile
    final = os.path.join(output_dir, "report")
    stage = tempfile.mkdtemp(prefix=".report-", dir=output_dir)
    write_report(valid, checks, per_document, rejected, docs, stage)
    old = final + ".old"
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(stage, final)
    shutil.rmtree(old, ignore_errors=True)
    return os.path.join(final, "index.html")


def write_report(valid: pd.DataFrame, checks: pd.DataFrame, per_document: list[dict],
                 rejected: list[dict], docs: dict[str, str], report_dir: str) -> str:
    """Write report_dir/index.html and report_dir/crops/; returns the HTML's path."""
    crops = write_crops(valid, docs, os.path.join(report_dir, "crops"))
    data = []
    for _, r in valid.iterrows():
        item = {c: (None if pd.isna(r[c]) else r[c]) for c in _COLUMNS}
        item["page"] = int(r["page"])
        item["value"] = None if pd.isna(r["value"]) else float(r["value"])
        item["row_id"] = r["row_id"]
        item["crop"] = crops.get(r["row_id"], "")
        item["search"] = " ".join(str(r[c]) for c in _COLUMNS).lower()
        data.append(item)
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    headers = "".join(f'<th data-key="{c}">{c}</th>' for c in _COLUMNS) + "<th>where</th>"
    docs_table = _table(pd.DataFrame(per_document), ["document", "status", "reason", "pages", "tables",
                                                     "extracted", "published", "quarantined"]) \
        if per_document else "<p>No documents.</p>"
    rejected_html = _table(pd.DataFrame(rejected), ["document", "reason"]) if rejected else "<p>None.</p>"
    checks_html = _table(checks, ["check", "message", "pages", "row_ids"]) if len(checks) else "<p>None.</p>"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Indicator audit report</title>
<style>{_STYLE}</style></head><body>
<h1>Indicator audit report</h1>
<h2>Documents</h2>{docs_table}
<h2>Rejected files</h2>{rejected_html}
<h2>Consistency findings</h2>{checks_html}
<h2>Figures</h2>
<p><input id="filter" type="search" placeholder="filter: words from any column">
<span id="count"></span></p>
<table id="figures"><thead><tr>{headers}</tr></thead><tbody></tbody></table>
<script id="data" type="application/json">{payload}</script>
<script>const COLUMNS = {json.dumps(_COLUMNS)};{_SCRIPT}</script>
</body></html>
"""
    os.makedirs(report_dir, exist_ok=True)
    out = os.path.join(report_dir, "index.html")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(page)
    return out
