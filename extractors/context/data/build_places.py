#!/usr/bin/env python3
"""Rebuild places.csv (the gazetteer the pipeline ships) from the ONS-derived list in
the shared project folder. Not imported by the pipeline; run it when that list changes:

    python3 extractors/context/data/build_places.py [../shared/data/uk-geography/places.csv]

Keeps name, type and parent name (the GSS codes and vintages are not used); one row
per distinct (name, type). The data are ONS data under the Open Government Licence
v3.0: PLACES-LICENCE.md beside this file carries the attribution it requires.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[3] / "shared" / "data" / "uk-geography" / "places.csv"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    seen, rows = set(), []
    with source.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            key = (rec["name"], rec["type"])
            if key in seen:
                continue
            seen.add(key)
            rows.append((rec["name"], rec["type"], rec["parent_name"]))
    with (HERE / "places.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "type", "parent"])
        w.writerows(rows)
    print(f"{len(rows)} places written to {HERE / 'places.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
