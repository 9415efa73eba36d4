"""Units and scale as headers, labels, captions and sentences print them.

Shared by the table reader and the text reader, so "per 1,000", "(£000)" or "pts" mean
the same wherever they are printed.
"""
from __future__ import annotations

import re

_RATE = re.compile(r"\bper\s+(100,?000|10,?000|1,?000|100|10|1)\b(?!\s*%)", re.I)
_RATE_UNITS = {"1000": "rate_per_1000", "10000": "rate_per_10000", "100000": "rate_per_100000"}
_PERCENT = re.compile(r"%|\bper\s?cent(?:age)?\b|\bpercentage\b|\bproportion\b|\bshare\b|\bpts\b|"
                      r"\bpercentage\s+points?\b|\b(?:pp|ppts)\b", re.I)
_MONEY = re.compile(r"£|\bgbp\b|\bpounds?\b|\bspend\b|\bcost\b|\bbudget\b|\bincome\b|\bexpenditure\b", re.I)
_COUNT = re.compile(r"^\s*(?:number|no\.|count|total\s+number)\b|\bnumber\s+of\b|^\s*(?:n|count)\s*$", re.I)
_RATIO = re.compile(r"\bratio\b|\btimes\s+(?:the|as)\b", re.I)
_DURATION = re.compile(r"\b(?:days?|hours?|minutes?|seconds?|mins?|secs?|weeks?|kg|kilograms?|tonnes?|"
                       r"km|kilometres?|miles?|litres?)\b", re.I)
_AGE = re.compile(r"\b(?:average|median|mean)\s+age\b|\bage\s*\(years\)", re.I)
POINTS = re.compile(r"\b(?:pts|percentage\s+points?|pp|ppts)\b", re.I)

# A multiplier printed in a header, label or caption: "£000", "(£'000s)", "£k", "£m",
# "£ million", "(000)", "thousands".
_SCALE = [
    (re.compile(r"£\s*'?\s*000s?\b|\(\s*000s?\s*\)|\b000s\b|\bthousands?\b|£\s*k\b|\(£k\)", re.I), 1e3),
    (re.compile(r"£\s*m\b|£\s*millions?\b|\(£m\)|\bmillions?\b|£\s*mn\b", re.I), 1e6),
    (re.compile(r"£\s*bn\b|£\s*billions?\b|\bbillions?\b", re.I), 1e9),
]


_MARKS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡")


def rate_unit(text: str) -> str:
    m = _RATE.search(text.translate(_MARKS))
    if not m:
        return ""
    return _RATE_UNITS.get(m.group(1).replace(",", ""), "")


def unit_from_text(text: str) -> str:
    """The unit a label or header announces, or '' when it names none."""
    text = text.translate(_MARKS)
    rate = rate_unit(text)
    if rate:
        return rate
    if "£" in text:
        return "gbp"
    if _PERCENT.search(text):
        return "percent"
    if _COUNT.search(text):
        return "count"
    if _MONEY.search(text):
        return "gbp"
    if _RATIO.search(text):
        return "ratio"
    if _AGE.search(text):
        return "years"
    if _DURATION.search(text):
        return "other"
    return ""


def scale_from_text(text: str) -> float:
    """The multiplier a header, label or caption prints for its figures (1 if none)."""
    for pattern, factor in _SCALE:
        if pattern.search(text):
            return factor
    return 1.0
