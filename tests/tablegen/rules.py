"""The gold coding rules (shared corpus/gold/README.md) applied to one table cell.

Kept in one place so every table kind keys its figures the same way:
  indicator  the row label without footnote markers; where the stub lists places, the
             caption's measure name; where the stub lists periods, the column's name; plus
             the column's meaning when a row holds several measures ("... rate per 1,000")
  geography  the row's place, else the column's place, else the publisher's area
  period     the column's (its header path), else the row's, else the caption's, else the
             document's reference period
  measure    the column's (target, baseline, change, rank, actual), or the row's
  unit       the column's, else the row's, else the table's (caption), else count
  value      as printed: separators dropped, brackets negative, a scale (£000, £m, £k)
             applied to money
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Column, Expected, RowMeaning

CENSORED = ("-", "\u2013", "n/a", "N/A", "*", "<5", "<10")
MARKERS = "*\u00b9\u00b2\u00b3\u2020"  # footnote markers glued to labels: * ¹ ² ³ †


@dataclass
class TableMeaning:
    stub: str = "indicators"  # indicators | places | periods
    measure_name: str = ""  # caption's measure, for a stub of places
    unit: str | None = None  # from the caption ("per 1,000 population", "(£000)")
    scale: float = 1.0
    period: str | None = None  # from the caption
    features: tuple[str, ...] = ()


@dataclass
class DocMeaning:
    area: str
    ref_period: str


def clean_label(printed: str) -> str:
    """A stub as an analyst keys it: line breaks folded, footnote markers dropped."""
    s = " ".join(printed.split())
    return s.rstrip(MARKERS).strip()


def parse_cell(text: str) -> tuple[float | None, str]:
    """(value before any header scale, value_text) of a printed figure cell."""
    t = text.strip()
    if t in CENSORED:
        return None, t
    if t.endswith(" pts"):  # percentage points: a word after the figure, not part of it
        t = t[:-4]
    neg = t.startswith("(") and t.endswith(")")
    core = t[1:-1] if neg else t
    s = core.replace(",", "").replace("\u00a3", "").replace("%", "").replace("+", "")
    mult = 1.0
    if s.endswith("m"):
        s, mult = s[:-1], 1e6
    elif s.endswith("k"):
        s, mult = s[:-1], 1e3
    v = float(s) * mult
    if neg:
        v = -abs(v)
    return round(v, 6), core


def expect(
    doc: DocMeaning,
    table: TableMeaning,
    row: RowMeaning,
    col: Column,
    text: str,
    value: float | None = None,
    extra: tuple[str, ...] = (),
) -> Expected:
    """The gold row of one figure cell. `value` overrides the parsed one (an accounting
    dash that the row shows to be zero)."""
    parsed, value_text = parse_cell(text)
    if value is None:
        value = parsed
    if table.stub == "places":
        indicator = table.measure_name
    elif table.stub == "periods":
        indicator = col.label
    else:
        indicator = row.label
    if col.meaning:
        indicator = f"{indicator} {col.meaning}"
    # a change row in a table of periods ("% change") is in its own unit, whatever the column's
    unit = (row.unit if row.measure else None) or col.unit or row.unit or table.unit or "count"
    if value is not None and unit == "gbp":
        value = round(value * col.scale * table.scale, 6)
    features = set(table.features) | set(row.features) | set(col.features) | set(extra)
    features.add(f"unit:{unit}")
    if value_text[-1:] in ("m", "k"):
        features.add("scale:in-cell")
    if text.endswith(" pts"):
        features.add("unit:pts-in-cell")
    geography = row.place or col.geography or doc.area
    if geography == doc.area and not (row.place or col.geography):
        features.add("geo:document-area")
    period = col.period or row.period or table.period or doc.ref_period
    if not (col.period or row.period or table.period):
        features.add("period:document-reference")
    elif not (col.period or row.period):
        features.add("period:caption")
    if value is None:
        features.add("cell:censored")
    elif "," in value_text:
        features.add("cell:thousands-separator")
    if text.strip().startswith("("):
        features.add("cell:bracket-negative")
    return Expected(
        indicator=indicator,
        geography=geography,
        period=period,
        measure=row.measure or col.measure,
        value=value,
        value_text=value_text,
        unit=unit,
        features=frozenset(features),
    )


def wrap_label(label: str, width: int) -> str:
    """Break a long stub over two lines at a word boundary near the middle."""
    if len(label) <= width:
        return label
    words = label.split(" ")
    best, cut = None, 1
    for i in range(1, len(words)):
        left = len(" ".join(words[:i]))
        score = abs(left - len(label) / 2)
        if best is None or score < best:
            best, cut = score, i
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def has_digits(s: str) -> bool:
    return bool(re.search(r"\d", s))
