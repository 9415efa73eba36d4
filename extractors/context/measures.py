"""Measures (actual, target, baseline, change, rank) as headers and labels name them.

A header word says what a column holds: "2023/24 target", "Baseline", "Forecast
outturn", "Variance", "% change", "pts", "Rank", "Position". In a budget-monitoring
table the budget is what spend is measured against (target); a budget on its own is
the year's allocation (actual).
"""
from __future__ import annotations

import re

_TARGET = re.compile(r"\btarget|\bambition\b|\bgoal\b|\baim\b|\bplanned\b", re.I)
_BASELINE = re.compile(r"\bbaseline\b|\bstarting\s+point\b", re.I)
_RANK = re.compile(r"\b(?:rank(?:ed|ing|s)?|position|league|placed|quartile)\b", re.I)
_CHANGE = re.compile(r"\b(?:change|difference|variance|variation|increase|decrease|reduction|growth|ratio\s+to|"
                     r"movement|pts|percentage\s+points?|pp|ppts|over\s*/\s*\(?under\)?(?:\s*spend)?|under\s*/\s*\(?over\)?|"
                     r"overspend|underspend)\b"
                     r"|\+/-|±", re.I)
_BUDGET = re.compile(r"\bbudget|\ballocation\b", re.I)
_ACTUAL = re.compile(r"\b(?:actual|outturn|forecast|projected|projection|spend|spent|expenditure|"
                     r"result)\b", re.I)


def measure_from_text(text: str) -> str:
    """actual / target / baseline / change / rank as a header or label announces it, or ''
    ("budget" is left to `budget_measure`, which needs the table around it)."""
    if _CHANGE.search(text):
        return "change"
    if _TARGET.search(text):
        return "target"
    if _BASELINE.search(text):
        return "baseline"
    if _RANK.search(text):
        return "rank"
    if _ACTUAL.search(text):
        return "actual"
    if _BUDGET.search(text):
        return "budget"
    return ""


def budget_measure(headers: list[str]) -> str:
    """A budget column is a target when the table also has what is measured against it
    (spend, forecast, outturn, a variance); on its own it is the year's allocation."""
    against = any(_ACTUAL.search(h) or _CHANGE.search(h) for h in headers if not _BUDGET.search(h))
    return "target" if against else "actual"
