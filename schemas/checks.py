"""Consistency checks on the published rows: flagged for a person, never corrected.

- change: a stated percentage change against the change computed from the two values
  it relates (the same table row or sentence);
- total: a total row against the sum of the rows above it in its column;
- conflict: the same indicator, area, period, measure and unit printed with different
  values, in one document or across documents.

Each finding names the rows (row_id), documents and pages it comes from.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

import pandas as pd

CHECK_COLUMNS = ["check", "message", "documents", "pages", "row_ids", "values", "expected"]
_STOP = {"the", "of", "and", "in", "by", "for", "to", "a", "an", "on", "with", "per", "as", "that",
         "were", "was", "is", "are", "be", "been", "number", "total", "recorded", "there"}


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _finding(check, message, rows: pd.DataFrame, expected="") -> dict:
    return {"check": check, "message": message,
            "documents": "; ".join(dict.fromkeys(rows["source_document"])),
            "pages": "; ".join(f"{d} p{p}" for d, p in zip(rows["source_document"], rows["page"])),
            "row_ids": "; ".join(rows.get("row_id", pd.Series([""] * len(rows))).astype(str)),
            "values": "; ".join(rows["value_text"]), "expected": expected}


def stated_changes(df: pd.DataFrame) -> list[dict]:
    out = []
    # one table row (same page and top edge) or one sentence
    top = df["bbox"].str.split(",").str[1].astype(float).round(0)
    line = top.where(df["method"].str.startswith("table"), -1)
    keyed = df.assign(_line=line)
    keys = ["source_document", "page", "_line", "indicator"]
    # only groups holding a stated percentage change can fail: skip the rest up front
    stated = keyed[(keyed["measure"] == "change") & (keyed["unit"] == "percent")][keys]
    keyed = keyed.merge(stated.drop_duplicates(), on=keys, how="inner")
    for _, group in keyed.groupby(keys, sort=False):
        if (group["_line"] == -1).all() and group["snippet"].nunique() > 1:
            continue
        changes = group[(group["measure"] == "change") & (group["unit"] == "percent")]
        actuals = group[(group["measure"] == "actual") & (group["unit"] != "percent")
                        & group["value"].notna() & (group["period"] != "")]
        if len(changes) != 1 or actuals["period"].nunique() < 2:
            continue
        ordered = actuals.sort_values("period")
        first, last = ordered.iloc[0], ordered.iloc[-1]
        if first["value"] == 0:
            continue
        computed = (last["value"] - first["value"]) / first["value"] * 100
        stated = changes.iloc[0]
        tolerance = 0.5 * 10 ** -_decimals(stated["value_text"]) + 0.05
        if abs(computed - stated["value"]) > tolerance:
            rows = pd.concat([first.to_frame().T, last.to_frame().T, changes])
            out.append(_finding(
                "change", f"{stated['indicator']}: stated change {stated['value_text']} but "
                f"{first['value_text']} ({first['period']}) -> {last['value_text']} ({last['period']}) "
                f"is {computed:+.1f}%", rows, f"{computed:.1f}"))
    return out


def totals(df: pd.DataFrame) -> list[dict]:
    """A row labelled Total that closes a table column, against the rows above it."""
    out = []
    tables = df[df["method"].str.startswith("table")].copy()
    tables["x"] = tables["bbox"].str.split(",").str[2].astype(float).round(0)
    keys = ["source_document", "page", "method", "x", "measure", "unit", "period"]
    # only columns holding a Total row can fail: skip the rest up front
    is_total = tables["indicator"].astype(str).str.match(r"^\s*(?:grand\s+)?total\b", case=False)
    tables = tables.merge(tables[is_total][keys].drop_duplicates(), on=keys, how="inner")
    for _, col in tables.groupby(keys, sort=False):
        col = col.assign(top=col["bbox"].str.split(",").str[1].astype(float)).sort_values("top")
        last = col.iloc[-1]
        if len(col) < 3 or not re.match(r"^\s*(?:grand\s+)?total\b", str(last["indicator"]), re.I):
            continue
        parts = col.iloc[:-1]
        if parts["value"].isna().any() or pd.isna(last["value"]):
            continue
        total = parts["value"].sum()
        places = _decimals(str(last["value_text"]))
        # rounded parts may miss a rounded total by half a unit each; whole counts may not
        tolerance = 0.5 * len(parts) * 10 ** -places if places else 1e-9
        if abs(total - last["value"]) > tolerance:
            out.append(_finding("total", f"{last['indicator']} {last['value_text']} but the "
                                f"{len(parts)} rows above add up to {total:g}", col, f"{total:g}"))
    return out


_LEAD_WORDS = {"of", "the", "in", "for", "on", "by", "all", "total", "recorded", "number", "reported"}


@lru_cache(maxsize=65536)
def _same_measure(small: str, big: str) -> bool:
    """`small` names the same measure as `big` when its words (at least two) appear in
    `big` as a phrase that no other word qualifies: "Hate Crime" in "incidents of hate
    crime recorded by the Police", but not "Violent crime" in "Domestic Violent Crime"."""
    s, b = re.findall(r"[a-z0-9]+", small.lower()), re.findall(r"[a-z0-9]+", big.lower())
    if len([w for w in s if w not in _STOP]) < 2:
        return False
    for i in range(len(b) - len(s) + 1):
        if [w.rstrip("s") for w in b[i:i + len(s)]] == [w.rstrip("s") for w in s]:
            return i == 0 or b[i - 1] in _LEAD_WORDS
    return False


def conflicts(df: pd.DataFrame) -> list[dict]:
    """Same measure, area, period and unit printed with different values. Rows of one
    table, or two sentences of one page, are different measures by construction."""
    out = []
    rows = df[df["value"].notna() & (df["period"] != "")]
    if "row_id" not in rows:
        rows = rows.assign(row_id="")
    for (geo, period, measure, _), group in rows.groupby(
            ["geography", "period", "measure", "unit"], sort=False):
        # plain records: the pair loop is quadratic in the group, so no pandas inside it
        recs = list(zip(group["value"], group["source_document"], group["page"],
                        group["method"].str.startswith("table"), group["indicator"].astype(str),
                        group["value_text"], group["row_id"].astype(str)))
        for a, b in combinations(recs, 2):
            if a[0] == b[0] or a[1:4] == b[1:4]:
                continue
            small, big = sorted((a[4], b[4]), key=len)
            if not _same_measure(small, big):
                continue
            out.append({"check": "conflict",
                        "message": f"{a[4]} / {b[4]} ({geo}, {period}, {measure}): {a[5]} vs {b[5]}",
                        "documents": "; ".join(dict.fromkeys((a[1], b[1]))),
                        "pages": f"{a[1]} p{a[2]}; {b[1]} p{b[2]}",
                        "row_ids": f"{a[6]}; {b[6]}", "values": f"{a[5]}; {b[5]}", "expected": ""})
    return out


def run_checks(df: pd.DataFrame) -> pd.DataFrame:
    found = stated_changes(df) + totals(df) + conflicts(df)
    return pd.DataFrame(found, columns=CHECK_COLUMNS)
