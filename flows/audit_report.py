"""The audit report: one self-contained HTML page in output/report/ (no CDN, works
offline) listing every published figure in a table a person can filter and sort, each
row opening a picture of its page with the figure boxed; plus a per-document summary
and the consistency findings. Plain functions; no Prefect.
"""
from __future__ import annotations

import html
import json
import os

import pandas as pd

from extractors.pdf.document import open_readable

RESOLUTION = 100          # dpi of the page pictures: legible, and cheap for hundreds of pages

_COLUMNS = ["indicator", "geography", "period", "measure", "value_text", "unit", "source_document",
            "page", "method"]


def write_pages(valid: pd.DataFrame, docs: dict[str, str], pages_dir: str) -> dict[tuple, dict]:
    """One JPEG per page that has figures (the viewer draws each figure's box over it);
    returns {(document, page): {"img": file name, "w": width, "h": height in points}}.
    A picture per page rather than per figure keeps a 200-page batch to seconds."""
    os.makedirs(pages_dir, exist_ok=True)
    shown: dict[tuple, dict] = {}
    for name, rows in valid.groupby("source_document", sort=False):
        path = docs.get(name)
        if not path or not os.path.exists(path):
            continue
        stem = str(rows["source_sha256"].iloc[0])[:16]
        # pdfplumber's frame, on the file as the pipeline read it: the same as the bboxes
        with open_readable(path) as pdf:
            for page_no in sorted(set(int(p) for p in rows["page"])):
                page = pdf.pages[page_no - 1]
                file = f"{stem}-p{page_no}.jpg"
                page.to_image(resolution=RESOLUTION).original.convert("RGB").save(
                    os.path.join(pages_dir, file), quality=80)
                shown[(name, page_no)] = {"img": file, "w": float(page.width), "h": float(page.height)}
    return shown


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
    '<td>' + (r.img ? '<a class="where" data-id="' + r.row_id + '" href="pages/' + r.img + '">page ' + r.page + '</a>' : '') + '</td></tr>').join('');
  count.textContent = shown.length + ' of ' + rows.length + ' figures';
}
function esc(v) { return String(v ?? '').replace(/[&<>"]/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch])); }
document.querySelectorAll('#figures th[data-key]').forEach(th => th.addEventListener('click', () => {
  sortUp = sortKey === th.dataset.key ? !sortUp : true; sortKey = th.dataset.key; render(); }));
filter.addEventListener('input', render);
// "page N": the page picture with the figure boxed, beside the table
const byId = Object.fromEntries(rows.map(r => [r.row_id, r]));
body.addEventListener('click', ev => {
  const a = ev.target.closest('a.where'); if (!a) return;
  ev.preventDefault();
  const r = byId[a.dataset.id], box = document.getElementById('box');
  document.getElementById('pageimg').src = 'pages/' + r.img;
  Object.assign(box.style, {left: 100 * r.box[0] + '%', top: 100 * r.box[1] + '%',
                            width: 100 * r.box[2] + '%', height: 100 * r.box[3] + '%'});
  document.getElementById('caption').textContent = r.value_text + ' - ' + r.indicator +
    ' (' + r.source_document + ', page ' + r.page + ')';
  document.getElementById('viewer').hidden = false;
  box.scrollIntoView({block: 'center'});
});
document.getElementById('close').addEventListener('click', () => {
  document.getElementById('viewer').hidden = true; });
render();
"""

_STYLE = """
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th[data-key] { cursor: pointer; background: #eef; }
input { font-size: 14px; padding: 4px; width: 30em; }
#viewer { position: fixed; top: 1em; right: 1em; width: 45%; max-height: 92vh; overflow: auto;
          background: #fff; border: 1px solid #888; box-shadow: 0 2px 12px #0004; padding: 6px; }
#sheet { position: relative; }
#sheet img { width: 100%; display: block; }
#box { position: absolute; outline: 3px solid #dc1e1e; outline-offset: 2px; }
"""


def _table(df: pd.DataFrame, cols: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols) + "</tr>"
                   for _, r in df.iterrows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_report(valid: pd.DataFrame, checks: pd.DataFrame, per_document: list[dict],
                 rejected: list[dict], docs: dict[str, str], report_dir: str) -> str:
    """Write report_dir/index.html and report_dir/pages/; returns the HTML's path."""
    shown = write_pages(valid, docs, os.path.join(report_dir, "pages"))
    data = []
    for _, r in valid.iterrows():
        item = {c: (None if pd.isna(r[c]) else r[c]) for c in _COLUMNS}
        item["page"] = int(r["page"])
        item["value"] = None if pd.isna(r["value"]) else float(r["value"])
        item["row_id"] = r["row_id"]
        page = shown.get((r["source_document"], item["page"]))
        if page:   # the figure's box as fractions of the page, for the viewer's overlay
            x0, top, x1, bottom = (float(v) for v in str(r["bbox"]).split(","))
            item["img"] = page["img"]
            item["box"] = [x0 / page["w"], top / page["h"], (x1 - x0) / page["w"],
                           (bottom - top) / page["h"]]
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
<div id="viewer" hidden><button id="close">close</button> <span id="caption"></span>
<div id="sheet"><img id="pageimg" alt="the source page"><div id="box"></div></div></div>
<script id="data" type="application/json">{payload}</script>
<script>const COLUMNS = {json.dumps(_COLUMNS)};{_SCRIPT}</script>
</body></html>
"""
    os.makedirs(report_dir, exist_ok=True)
    out = os.path.join(report_dir, "index.html")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(page)
    return out
