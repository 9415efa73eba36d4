"""What changed between the published version and this run, figure by figure (row_id):
added, removed, or changed (same figure, a different value or reading of it)."""
from __future__ import annotations

import os

import pandas as pd

from schemas.contract import COLUMNS
from schemas.datapackage import read_parquet

DIFF_COLUMNS = ["change", "row_id", "source_document", "page", "indicator", "period", "measure",
                "old_value_text", "new_value_text", "changed_columns", "by_correction"]
# Columns compared for "changed"; the key columns are part of the row_id already. The
# confidence and its evidence follow from the rest (and from refitted weights): not a
# change of the figure.
_COMPARED = [c for c in COLUMNS if c not in ("row_id", "confidence", "evidence")]


def load_rows(version_dir: str | None) -> pd.DataFrame | None:
    path = os.path.join(version_dir or "", "indicators.parquet")
    return read_parquet(path) if version_dir and os.path.exists(path) else None


def diff_rows(old: pd.DataFrame | None, new: pd.DataFrame | None,
              corrected: set[str] = frozenset()) -> pd.DataFrame:
    """One line per figure added, removed or changed; empty when either side is missing
    (a first run is not "everything added", a failed run not "everything removed").
    `corrected`: the row_ids a reviewer's correction set, removed or added in this run
    (`by_correction` says the change is theirs)."""
    if old is None or new is None:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    # row ids are unique in a published dataset (the suite's row key); be safe anyway
    a, b = (f.drop_duplicates("row_id").set_index("row_id") for f in (old, new))
    out = []
    for rid in b.index.difference(a.index, sort=False):
        out.append(_line("added", rid, b.loc[rid], None, b.loc[rid]))
    for rid in a.index.difference(b.index, sort=False):
        out.append(_line("removed", rid, a.loc[rid], a.loc[rid], None))
    both = a.index.intersection(b.index, sort=False)
    cols = [c for c in _COMPARED if c in a.columns and c in b.columns]
    # as text, a missing value as "" (NaN never equals NaN)
    left, right = (f.loc[both, cols].astype(str).fillna("") for f in (a, b))
    differs = left.ne(right)
    for rid in both[differs.any(axis=1).to_numpy()]:
        changed = [c for c in cols if differs.at[rid, c]]
        out.append(_line("changed", rid, b.loc[rid], a.loc[rid], b.loc[rid], changed))
    diff = pd.DataFrame(out, columns=DIFF_COLUMNS)
    diff["by_correction"] = diff["row_id"].isin(set(corrected))
    return diff


def _line(change, rid, row, old, new, changed=()) -> dict:
    return {"change": change, "row_id": rid, "source_document": row["source_document"],
            "page": int(row["page"]), "indicator": row["indicator"], "period": row["period"],
            "measure": row["measure"],
            "old_value_text": "" if old is None else old["value_text"],
            "new_value_text": "" if new is None else new["value_text"],
            "changed_columns": ";".join(changed)}


def diff_counts(diff: pd.DataFrame) -> dict[str, int]:
    counts = diff["change"].value_counts() if len(diff) else {}
    return {k: int(counts.get(k, 0)) for k in ("added", "changed", "removed")}
