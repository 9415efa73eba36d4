"""Reviewers' corrections, kept in the input folder (`corrections.csv`) and applied to
every run's rows after extraction and before validation, so a fix is made once and
survives every refresh. Plain functions; no Prefect.

One line per correction (a spreadsheet edits it; `indicators review` writes lines in
the same columns):

- `set`: the fields filled in are the figure's new values (the figure is `row_id`);
- `not a figure`: the row is dropped (`remove` means the same);
- `add`: a figure the pipeline missed: `source_document`, `page`, `bbox` and its fields.

`found_indicator` and `found_value_text` (and `source_document`, `page`) say what the
pipeline had read: when a `row_id` is no longer extracted (the PDF was replaced, or a
code change moved a box), the correction re-attaches to the one figure of that page
that reads the same value with the same label, with a warning, or else is reported as
stale. Nothing is dropped silently.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field

import pandas as pd

from schemas.contract import conform

CORRECTIONS_FILE = "corrections.csv"
FIELDS = ["indicator", "geography", "period", "measure", "value", "value_text", "unit"]
FILE_COLUMNS = ["action", "row_id", "source_document", "page", "bbox", "found_indicator",
                "found_value_text", *FIELDS, "note"]
REMOVE = {"not a figure", "remove"}
SUFFIX = "+corrected"


@dataclass
class Applied:
    """What the corrections did to one run's rows, for the reports."""
    lines: list[dict] = field(default_factory=list)   # {line, action, row_id, status, message}
    row_ids: set[str] = field(default_factory=set)    # rows a correction set, removed or added

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for ln in self.lines:
            out[ln["status"]] = out.get(ln["status"], 0) + 1
        return out


def read_corrections(input_dir: str) -> pd.DataFrame | None:
    """The input folder's corrections file as text columns (FILE_COLUMNS at least, plus
    `_line` and `_problem`), or None when there is none. Extra columns (review.csv's
    confidence, snippet...) are kept and ignored. A line with more cells than the header
    (a label with a comma, unquoted) is kept with its problem, to be reported."""
    path = os.path.join(input_dir, CORRECTIONS_FILE)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    if not lines:
        return None
    header = [h.strip().lower() for h in lines[0]]
    rows = []
    for n, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {h: " ".join(c.split()) for h, c in zip(header, cells)}
        row["_line"] = n
        row["_problem"] = "" if len(cells) <= len(header) else (
            f"{len(cells)} cells, the header has {len(header)}: a value holding a comma "
            "must be in double quotes")
        rows.append(row)
    df = pd.DataFrame(rows, dtype=object)
    for c in FILE_COLUMNS + ["_line", "_problem"]:
        if c not in df:
            df[c] = ""
    return df.fillna("")


def _label(text: str) -> str:
    return " ".join(str(text).lower().split())


def _bbox(text: str) -> str | None:
    try:
        numbers = [float(v) for v in re.split(r"[,\s]+", text.strip()) if v]
    except ValueError:
        return None
    return ",".join(f"{v:.1f}" for v in numbers) if len(numbers) == 4 else None


def apply_corrections(frame: pd.DataFrame, corrections: pd.DataFrame | None,
                      documents: dict[str, str]) -> tuple[pd.DataFrame, Applied]:
    """`frame` (the run's rows) with the corrections applied, and what each line did.
    `documents`: this run's document names -> sha256 (an added figure needs its PDF)."""
    applied = Applied()
    frame = frame.copy()
    frame["corrected"] = False
    frame["review_note"] = ""
    if corrections is None or not len(corrections):
        return frame, applied
    frame = frame.reset_index(drop=True)
    drop: set[int] = set()
    added: list[dict] = []
    for c in corrections.to_dict("records"):
        n, action = c["_line"], c["action"].lower()

        def report(status: str, message: str, rid: str = c["row_id"]) -> None:
            applied.lines.append({"line": n, "action": action, "row_id": rid,
                                  "source_document": c["source_document"], "page": c["page"],
                                  "status": status, "message": message})

        if c["_problem"]:
            report("invalid", c["_problem"])
            continue
        if action == "add":
            row, problem = _added(c, documents)
            if problem:
                report("stale" if "not in this run" in problem else "invalid", problem)
                continue
            twin = frame.index[frame["row_id"] == row["row_id"]]
            if len(twin):     # the extractors read it now: the correction sets its fields
                _set(frame, twin[0], c)
                report("applied", "added figure is extracted now: its fields were set", row["row_id"])
            else:
                added.append(row)
                report("applied", "figure added", row["row_id"])
            applied.row_ids.add(row["row_id"])
            continue
        if action not in REMOVE and action != "set":
            report("invalid", f"unknown action {c['action']!r} (set, not a figure or add)")
            continue
        target, how = _find(frame, c, drop)
        if target is None:
            report("stale", how)
            continue
        rid = frame.at[target, "row_id"]
        applied.row_ids.add(rid)
        if action in REMOVE:
            drop.add(target)
            report("re-attached" if how else "applied", (how + "; " if how else "") + "removed: not a figure", rid)
        else:
            _set(frame, target, c)
            report("re-attached" if how else "applied", how or "fields set", rid)
    frame = frame.drop(index=sorted(drop))
    if added:
        frame = pd.concat([frame, conform(pd.DataFrame(added))], ignore_index=True)
    return frame.reset_index(drop=True), applied


def _find(frame: pd.DataFrame, c: dict, dropped: set[int]) -> tuple[int | None, str]:
    """The row a correction is for, and "" or how it was found again (re-attached)."""
    hit = frame.index[frame["row_id"] == c["row_id"]] if c["row_id"] else []
    hit = [i for i in hit if i not in dropped]
    if len(hit):
        return hit[0], ""
    where = f"page {c['page'] or '?'} of {c['source_document'] or '?'}"
    if not (c["page"] and c["found_value_text"]):
        return None, (f"row {c['row_id'] or '(none)'} is no longer extracted, and the line gives "
                      "no page and found_value_text to find it again by")
    same = (frame["page"].astype(str) == c["page"]) & \
        (frame["value_text"].astype(str).str.replace(" ", "") == c["found_value_text"].replace(" ", ""))
    if c["source_document"]:
        same &= frame["source_document"] == c["source_document"]
    if c["found_indicator"]:
        same &= frame["indicator"].map(_label) == _label(c["found_indicator"])
    found = [i for i in frame.index[same] if i not in dropped]
    if len(found) > 1 and _bbox(c["bbox"]):
        # the same value and label twice on the page: the one printed where it was
        found = [i for i in found if _near(frame.at[i, "bbox"], c["bbox"])] or found
    if len(found) == 1:
        return found[0], (f"row {c['row_id']} is no longer extracted: re-attached to row "
                          f"{frame.at[found[0], 'row_id']}, the same value and label on {where}")
    return None, (f"row {c['row_id']} is no longer extracted, and {len(found)} figures on {where} "
                  f"read {c['found_value_text']!r} as {c['found_indicator']!r}" if found else
                  f"row {c['row_id']} is no longer extracted, and no figure on {where} reads "
                  f"{c['found_value_text']!r} as {c['found_indicator']!r}")


def _near(a: str, b: str, points: float = 2.0) -> bool:
    """Two bboxes within `points` of each other on every side."""
    try:
        return all(abs(float(x) - float(y)) <= points
                   for x, y in zip(_bbox(a).split(","), _bbox(b).split(",")))
    except (AttributeError, ValueError):
        return False


def _set(frame: pd.DataFrame, i: int, c: dict) -> None:
    from extractors.context.ids import indicator_id
    for f in FIELDS:
        if not c[f]:
            continue
        if f == "value":
            frame.at[i, f] = _number(c[f])
        else:
            frame.at[i, f] = c[f]
    frame.at[i, "indicator_id"] = indicator_id(frame.at[i, "indicator"])
    _mark(frame, i, c["note"])


def _mark(frame: pd.DataFrame, i: int, note: str) -> None:
    frame.at[i, "corrected"] = True
    frame.at[i, "review_note"] = note or "corrected by a reviewer"
    if not str(frame.at[i, "method"]).endswith(SUFFIX):
        frame.at[i, "method"] = f"{frame.at[i, 'method']}{SUFFIX}"


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace("£", "").replace("%", "").strip()
    try:
        return float(text)
    except ValueError:
        return None


def _added(c: dict, documents: dict[str, str]) -> tuple[dict, str]:
    """The row for an `add` line, or the reason it cannot be added."""
    from extractors.context.ids import indicator_id
    from extractors.merge import figure_id
    doc = c["source_document"]
    if doc not in documents:
        return {}, f"{doc or '(no source_document)'} is not in this run: the figure is not added"
    bbox = _bbox(c["bbox"])
    if not c["page"].isdigit() or bbox is None:
        return {}, "an added figure needs its page (a number) and bbox (x0,top,x1,bottom)"
    if not c["value_text"] and not c["value"]:
        return {}, "an added figure needs its value or value_text"
    measure, period = c["measure"] or "actual", c["period"]
    value = _number(c["value"] or c["value_text"])
    return {"indicator": c["indicator"], "indicator_id": indicator_id(c["indicator"]),
            "geography": c["geography"], "period": period, "measure": measure, "value": value,
            "value_text": c["value_text"] or c["value"], "unit": c["unit"] or "count",
            "source_document": doc, "source_sha256": documents[doc], "page": int(c["page"]),
            "bbox": bbox, "method": "review:added" + SUFFIX,
            "snippet": c["note"] or "added by a reviewer",
            "row_id": figure_id(documents[doc], int(c["page"]), bbox, measure, period),
            "source_url": "", "evidence": "added by a reviewer", "corrected": True,
            "review_note": c["note"] or "added by a reviewer"}, ""
