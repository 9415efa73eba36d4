"""The audit report: one self-contained HTML page in output/report/ (no CDN, works
offline) listing every published figure in a table a person can filter and sort, each
row opening a picture of its page with the figure boxed; plus a per-document summary
and the consistency findings. Plain functions; no Prefect.
"""
from __future__ import annotations

import html
import json
import os
import shutil

import pandas as pd

from extractors.pdf.document import open_readable
from flows.pictures import draw_pages, picture_name
from schemas.confidence import REVIEW_BELOW, needs_review

_COLUMNS = ["indicator", "geography", "period", "measure", "value", "value_text", "unit",
            "source_document", "page", "method", "confidence", "evidence"]
_HEADINGS = {"value": "value", "value_text": "as printed"}
# the published version's other files, from its report/ folder
_LINKS = [("Data Docs", "../validation/data_docs/index.html"), ("run report", "../run_report.md"),
          ("quarantine", "../quarantine.csv"), ("changes since the last version", "../diff.csv"),
          ("consistency findings", "../checks.csv"), ("dataset description", "../datapackage.json")]


def write_pages(valid: pd.DataFrame, docs: dict[str, str], pages_dir: str,
                drawn: dict[str, tuple[str, dict]] | None = None) -> dict[tuple, dict]:
    """One JPEG per page that has figures (the viewer draws each figure's box over it);
    returns {(document, page): {"img": file name, "w": width, "h": height in points}}.
    `drawn`: {document: (folder, {page: [w, h]})}, the pictures its task already drew
    (flows/pictures.py): linked here, not drawn again. A picture per page, not per figure."""
    os.makedirs(pages_dir, exist_ok=True)
    shown: dict[tuple, dict] = {}
    for name, rows in valid.groupby("source_document", sort=False):
        sha = str(rows["source_sha256"].iloc[0])
        wanted = set(int(p) for p in rows["page"])
        folder, sizes = (drawn or {}).get(name, ("", {}))
        missing = set()
        for page_no in wanted:
            size = sizes.get(page_no)
            src = os.path.join(folder, picture_name(sha, page_no)) if folder else ""
            if size and os.path.exists(src):
                _link(src, os.path.join(pages_dir, picture_name(sha, page_no)))
                shown[(name, page_no)] = {"img": picture_name(sha, page_no), "w": size[0], "h": size[1]}
            else:
                missing.add(page_no)
        path = docs.get(name)
        if not missing or not path or not os.path.exists(path):
            continue
        # pdfplumber's frame, on the file as the pipeline read it: the same as the bboxes
        with open_readable(path) as pdf:
            for page_no, (w, h) in draw_pages(pdf, sha, missing, pages_dir).items():
                shown[(name, page_no)] = {"img": picture_name(sha, page_no), "w": w, "h": h}
    return shown


def _link(src: str, dest: str) -> None:
    """A hard link where the file system allows it (no copy), else a copy."""
    if os.path.exists(dest):
        return
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


_SCRIPT = """
const rows = JSON.parse(document.getElementById('data').textContent);
const body = document.querySelector('#figures tbody');
const filter = document.getElementById('filter');
const count = document.getElementById('count');
const PAGE = 200;          // rows drawn at a time: 10,000 figures stay responsive
let sortKey = null, sortUp = true, first = 0, shown = rows;
// a finding's link shows its rows: "rows:id1,id2"; otherwise every word must match
function matches() {
  const q = filter.value.trim().toLowerCase();
  if (q.startsWith('review:')) { const below = parseFloat(q.slice(7)); return rows.filter(r => r.confidence !== null && r.confidence < below); }
  if (q.startsWith('rows:')) { const ids = new Set(q.slice(5).split(',')); return rows.filter(r => ids.has(r.row_id)); }
  const words = q.replace(/(\\d),(?=\\d{3})/g, '$1').split(/\\s+/).filter(Boolean);
  return rows.filter(r => words.every(w => r.search.includes(w)));
}
function compare(a, b) {      // missing values last, whichever way the column is sorted
  const x = a[sortKey], y = b[sortKey];
  if (x === null || x === undefined || x === '') return (y === null || y === undefined || y === '') ? 0 : 1;
  if (y === null || y === undefined || y === '') return -1;
  const c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), undefined, {numeric: true});
  return sortUp ? c : -c;
}
function update() {
  shown = matches();
  if (sortKey) shown.sort(compare);
  first = 0; draw();
}
function draw() {
  const part = shown.slice(first, first + PAGE);
  body.innerHTML = part.map(r => '<tr id="r-' + r.row_id + '">' + COLUMNS.map(c => '<td' + (c === 'value' ? ' class="num"' : '') + '>' + esc(c === 'value' ? r.value_shown : r[c]) + '</td>').join('') +
    '<td>' + (r.img ? '<a class="where" data-id="' + r.row_id + '" href="pages/' + r.img + '">page ' + r.page + '</a>' : '') + '</td></tr>').join('');
  count.textContent = shown.length ? (first + 1) + '-' + Math.min(first + PAGE, shown.length) + ' of ' + shown.length +
    (shown.length < rows.length ? ' (filtered from ' + rows.length + ')' : '') + ' figures' : 'no figure of ' + rows.length + ' matches';
  document.getElementById('prev').disabled = first === 0;
  document.getElementById('next').disabled = first + PAGE >= shown.length;
}
function esc(v) { return String(v ?? '').replace(/[&<>"]/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch])); }
document.querySelectorAll('#figures th[data-key]').forEach(th => th.addEventListener('click', () => {
  sortUp = sortKey === th.dataset.key ? !sortUp : true; sortKey = th.dataset.key;
  document.querySelectorAll('#figures th[data-key]').forEach(h => {
    h.setAttribute('aria-sort', h === th ? (sortUp ? 'ascending' : 'descending') : 'none');
    h.querySelector('.arrow').textContent = h === th ? (sortUp ? ' \\u25b2' : ' \\u25bc') : ''; });
  update(); }));
let pending = null;         // filter after typing pauses, not on every key
filter.addEventListener('input', () => { clearTimeout(pending); pending = setTimeout(update, 120); });
document.getElementById('prev').addEventListener('click', () => { first = Math.max(0, first - PAGE); draw(); });
document.getElementById('next').addEventListener('click', () => { first += PAGE; draw(); });
// "Needs review": the figures below the review confidence, least sure first
document.querySelectorAll('a.review').forEach(a => a.addEventListener('click', ev => {
  ev.preventDefault(); filter.value = 'review:' + a.dataset.below; sortKey = 'confidence'; sortUp = true;
  document.querySelectorAll('#figures th[data-key]').forEach(h => {
    const on = h.dataset.key === 'confidence';
    h.setAttribute('aria-sort', on ? 'ascending' : 'none');
    h.querySelector('.arrow').textContent = on ? ' \\u25b2' : ''; });
  update(); document.getElementById('figures').scrollIntoView(); }));
document.querySelectorAll('a.finding').forEach(a => a.addEventListener('click', ev => {
  ev.preventDefault(); filter.value = 'rows:' + a.dataset.ids; update();
  document.getElementById('figures').scrollIntoView(); }));
// "page N": the page picture with the figure boxed, beside the table
const byId = Object.fromEntries(rows.map(r => [r.row_id, r]));
const viewer = document.getElementById('viewer');
body.addEventListener('click', ev => {
  const a = ev.target.closest('a.where'); if (!a) return;
  ev.preventDefault();
  const r = byId[a.dataset.id], box = document.getElementById('box');
  document.getElementById('pageimg').src = 'pages/' + r.img;
  Object.assign(box.style, {left: 100 * r.box[0] + '%', top: 100 * r.box[1] + '%',
                            width: 100 * r.box[2] + '%', height: 100 * r.box[3] + '%'});
  document.getElementById('caption').textContent = r.value_text + ' - ' + r.indicator +
    ' (' + r.source_document + ', page ' + r.page + ')';
  viewer.hidden = false;
  box.scrollIntoView({block: 'center'});
});
document.getElementById('close').addEventListener('click', () => { viewer.hidden = true; });
document.addEventListener('keydown', ev => { if (ev.key === 'Escape') viewer.hidden = true; });
update();
"""

_STYLE = """
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th[data-key] { cursor: pointer; background: #eef; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#run { color: #555; }
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


def _checks_table(checks: pd.DataFrame) -> str:
    """Consistency findings, each with a link that shows its rows in the figures table."""
    cols = ["check", "message", "pages"]
    head = "".join(f"<th>{c}</th>" for c in cols) + "<th>rows</th>"
    body = []
    for _, r in checks.iterrows():
        ids = [i for i in str(r.get("row_ids", "")).replace(";", " ").replace(",", " ").split() if i]
        link = (f'<a class="finding" href="#figures" data-ids="{html.escape(",".join(ids))}">'
                f"show {len(ids)} row(s)</a>") if ids else ""
        body.append("<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols)
                    + f"<td>{link}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _shown_value(value) -> str:
    """The value as the dataset holds it, signed, thousands grouped ("-16", "1,087")."""
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


def _run_line(run: dict | None) -> str:
    run = run or {}
    facts = [f"{k} {html.escape(str(run[key]))}" for k, key in
             (("validated in version", "run_id"), ("run started", "started_at"),
              ("pipeline", "pipeline_version"))
             if run.get(key)]
    links = " · ".join(f'<a href="{href}">{html.escape(text)}</a>' for text, href in _LINKS)
    return f'<p id="run">{" · ".join(facts)}</p><p>{links}</p>'


def write_report(valid: pd.DataFrame, checks: pd.DataFrame, per_document: list[dict],
                 rejected: list[dict], docs: dict[str, str], report_dir: str,
                 run: dict | None = None, drawn: dict | None = None,
                 corrections: list[dict] | None = None, review_below: float = REVIEW_BELOW) -> str:
    """Write report_dir/index.html and report_dir/pages/; returns the HTML's path.
    `run`: run_id, started_at and pipeline_version, shown at the top; `drawn`: the page
    pictures the documents' tasks drew (see write_pages); `corrections`: what each line
    of the input folder's corrections.csv did (schemas/corrections.py)."""
    shown = write_pages(valid, docs, os.path.join(report_dir, "pages"), drawn)
    data = []
    for r in valid.to_dict("records"):      # plain dicts: iterrows costs a second per 7,000 rows
        item = {c: (None if pd.isna(r[c]) else r[c]) for c in _COLUMNS}
        item["page"] = int(r["page"])
        item["value"] = None if pd.isna(r["value"]) else float(r["value"])
        item["value_shown"] = _shown_value(item["value"])
        item["confidence"] = None if pd.isna(r.get("confidence")) else float(r["confidence"])
        item["row_id"] = r["row_id"]
        page = shown.get((r["source_document"], item["page"]))
        if page:   # the figure's box as fractions of the page, for the viewer's overlay
            x0, top, x1, bottom = (float(v) for v in str(r["bbox"]).split(","))
            item["img"] = page["img"]
            item["box"] = [x0 / page["w"], top / page["h"], (x1 - x0) / page["w"],
                           (bottom - top) / page["h"]]
        # what a search finds: every column, the row id, and the figures without separators
        plain = f"{item['value']:.10g}" if item["value"] is not None else ""
        item["search"] = " ".join([str(r[c]) for c in _COLUMNS] + [
            str(r["row_id"]), plain, str(r["value_text"]).replace(",", "")]).lower()
        data.append(item)
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    headers = "".join(f'<th data-key="{c}" aria-sort="none">{_HEADINGS.get(c, c)}'
                      f'<span class="arrow"></span></th>' for c in _COLUMNS) + "<th>where</th>"
    docs_table = _table(pd.DataFrame(per_document), ["document", "status", "reason", "pages", "tables",
                                                     "extracted", "published", "quarantined"]) \
        if per_document else "<p>No documents.</p>"
    rejected_html = _table(pd.DataFrame(rejected), ["document", "reason"]) if rejected else "<p>None.</p>"
    checks_html = _checks_table(checks) if len(checks) else "<p>None.</p>"
    low = int(needs_review(valid, review_below).sum())
    review_html = (f'<p id="review-count">{low} of {len(valid)} figures are below confidence '
                   f'{review_below}. <a class="review" href="#figures" data-below="{review_below}">'
                   f"Show them, least sure first</a>, each with its evidence; "
                   f'"page N" shows where it is printed.</p>') if low else \
        f'<p id="review-count">No figure is below confidence {review_below}.</p>'
    corrections_html = _table(pd.DataFrame(corrections), ["line", "action", "row_id", "status", "message"]) \
        if corrections else "<p>None (no corrections.csv in the input folder).</p>"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Indicator audit report</title>
<style>{_STYLE}</style></head><body>
<h1>Indicator audit report</h1>
{_run_line(run)}
<h2>Documents</h2>{docs_table}
<h2>Rejected files</h2>{rejected_html}
<h2>Consistency findings</h2>{checks_html}
<h2>Needs review</h2>{review_html}
<h2>Corrections</h2>{corrections_html}
<h2>Figures</h2>
<p><input id="filter" type="search" placeholder="filter: words, numbers or a row id">
<button id="prev">previous</button> <button id="next">next</button> <span id="count"></span></p>
<table id="figures"><thead><tr>{headers}</tr></thead><tbody></tbody></table>
<div id="viewer" hidden><button id="close">close (Esc)</button> <span id="caption"></span>
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
