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
    # plain arrays, one pass per group: pandas operations inside the loop cost a
    # millisecond a group, seconds for a 200-page batch
    col = {c: keyed[c].to_numpy() for c in ("measure", "unit", "value", "period", "snippet",
                                            "_line", "value_text", "indicator")}
    groups = sorted(keyed.groupby(keys, sort=False).indices.values(), key=lambda ix: ix[0])
    for ix in groups:
        if (col["_line"][ix] == -1).all() and len(set(col["snippet"][ix])) > 1:
            continue
        changes = [i for i in ix if col["measure"][i] == "change" and col["unit"][i] == "percent"]
        actuals = [i for i in ix if col["measure"][i] == "actual" and col["unit"][i] != "percent"
                   and not pd.isna(col["value"][i]) and col["period"][i] != ""]
        if len(changes) != 1 or len({col["period"][i] for i in actuals}) < 2:
            continue
        ordered = sorted(actuals, key=lambda i: col["period"][i])
        first, last, stated = ordered[0], ordered[-1], changes[0]
        v0, v1 = col["value"][first], col["value"][last]
        if v0 == 0:
            continue
        computed = (v1 - v0) / v0 * 100
        text = col["value_text"]
        tolerance = 0.5 * 10 ** -_decimals(text[stated]) + 0.05
        if abs(computed - col["value"][stated]) > tolerance:
            out.append(_finding(
                "change", f"{col['indicator'][stated]}: stated change {text[stated]} but "
                f"{text[first]} ({col['period'][first]}) -> {text[last]} ({col['period'][last]}) "
                f"is {computed:+.1f}%", keyed.iloc[[first, last, stated]], f"{computed:.1f}"))
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


def _words(text: str) -> tuple[list[str], tuple[str, ...]]:
    """A label's words as _same_measure reads them: as printed, and without a plural s."""
    raw = re.findall(r"[a-z0-9]+", text.lower())
    return raw, tuple(w.rstrip("s") for w in raw)


def _candidate_pairs(labels: list[str]) -> list[tuple[int, int]]:
    """(i, j), i < j, of the labels where one may name the same measure as the other: the
    shorter's words appear in the longer at the first place they occur, and that place
    starts the label or follows a lead word. An index of those phrases, so a group of n
    rows costs about n lookups, not n*(n-1)/2 comparisons; _same_measure decides."""
    words = [_words(label) for label in labels]
    wanted = {norm for raw, norm in words if len([w for w in raw if w not in _STOP]) >= 2}
    sizes = sorted({len(p) for p in wanted})
    holders: dict[tuple, list[int]] = {}
    for k, (raw, norm) in enumerate(words):
        seen = set()
        for i in range(len(norm)):
            for n in sizes:
                phrase = norm[i:i + n]
                if len(phrase) < n:
                    break
                if phrase in wanted and phrase not in seen:
                    seen.add(phrase)            # only its first place counts
                    if i == 0 or raw[i - 1] in _LEAD_WORDS:
                        holders.setdefault(phrase, []).append(k)
    pairs = set()
    for k, (_, norm) in enumerate(words):
        for m in holders.get(norm, ()):
            if m != k:
                pairs.add((min(k, m), max(k, m)))
    return sorted(pairs)


def conflicts(df: pd.DataFrame) -> list[dict]:
    """Same measure, area, period and unit printed with different values. Rows of one
    table, or two sentences of one page, are different measures by construction."""
    out = []
    rows = df[df["value"].notna() & (df["period"] != "")]
    if "row_id" not in rows:
        rows = rows.assign(row_id="")
    for (geo, period, measure, _), group in rows.groupby(
            ["geography", "period", "measure", "unit"], sort=False):
        recs = list(zip(group["value"], group["source_document"], group["page"],
                        group["method"].str.startswith("table"), group["indicator"].astype(str),
                        group["value_text"], group["row_id"].astype(str)))
        for i, j in _candidate_pairs([r[4] for r in recs]):
            a, b = recs[i], recs[j]
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
