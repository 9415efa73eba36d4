"""What words around a figure say about it: unit, measure, and place.

Shared by the table reader (headers, row labels, titles) and the text reader
(the words of a sentence), so both read "per 1,000", "target" or "nationally" alike.
"""
from __future__ import annotations

import re

_RATE = re.compile(r"\bper\s+(100,?000|10,?000|1,?000|100|10|1)\b(?!\s*%)", re.I)
_RATE_UNITS = {"1000": "rate_per_1000", "10000": "rate_per_10000", "100000": "rate_per_100000"}
_PERCENT = re.compile(r"%|\bper\s?cent(?:age)?\b|\bpercentage\b|\bproportion\b|\bshare\b", re.I)
_MONEY = re.compile(r"£|\bgbp\b|\bpounds?\b|\bspend\b|\bcost\b|\bbudget\b|\(£", re.I)
_RANK = re.compile(r"\b(?:rank(?:ed|ing|s)?|position|league|placed)\b", re.I)
_CHANGE = re.compile(r"\b(?:change|difference|variance|increase|decrease|reduction|growth)\b", re.I)
_TARGET = re.compile(r"\btarget", re.I)
_BASELINE = re.compile(r"\bbaseline\b", re.I)

NATIONAL = [
    (re.compile(r"\bengland\s+(?:and|&)\s+wales\b", re.I), "England and Wales"),
    (re.compile(r"\b(?:national(?:ly)?|england(?:\s+average)?|nation-?wide)\b", re.I), "England"),
]
_FOOTNOTE = re.compile(r"\s*[*†‡]+$|\s*\(\d\)$|(?<=[a-z])\d$")


def strip_footnote(label: str) -> str:
    return _FOOTNOTE.sub("", " ".join(label.split())).strip().rstrip(".:;").strip()


def rate_unit(text: str) -> str:
    m = _RATE.search(text)
    if not m:
        return ""
    return _RATE_UNITS.get(m.group(1).replace(",", ""), "")


def unit_from_text(text: str) -> str:
    """The unit a label or header announces, or '' when it names none."""
    rate = rate_unit(text)
    if rate:
        return rate
    if _MONEY.search(text):
        return "gbp"
    if _PERCENT.search(text):
        return "percent"
    return ""


def measure_from_text(text: str) -> str:
    """actual / target / baseline / change / rank as a header or label announces it, or ''."""
    if _TARGET.search(text):
        return "target"
    if _BASELINE.search(text):
        return "baseline"
    if _RANK.search(text):
        return "rank"
    if _CHANGE.search(text):
        return "change"
    return ""


def national_geography(text: str) -> str:
    for pattern, name in NATIONAL:
        if pattern.search(text):
            return name
    return ""


def looks_like_place(label: str) -> bool:
    """A short proper name: capitalised words, no digits, at most four words."""
    s = strip_footnote(label)
    words = s.replace("&", " ").split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in s):
        return False
    small = {"and", "of", "upon", "on", "the", "under", "in"}
    return all(w[0].isupper() or w in small for w in words)


def places_column(labels: list[str], home: str) -> bool:
    """Row labels are areas when they name the home area or the nation and nearly all
    look like place names (a chart of comparator areas, a table of wards)."""
    cleaned = [strip_footnote(x) for x in labels if x.strip()]
    if len(cleaned) < 2:
        return False
    anchors = sum(1 for x in cleaned if (home and x.lower() == home.lower())
                  or national_geography(x) and len(x.split()) <= 3)
    shaped = sum(looks_like_place(x) for x in cleaned)
    return anchors >= 1 and shaped >= 0.8 * len(cleaned)
