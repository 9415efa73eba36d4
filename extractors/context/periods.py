"""Time periods in headers and sentences, normalised as CONTRACT.md says.

Financial year 2016/17, its quarter 2016/17 Q3, calendar year 2017, month 2017-06,
and spans joining two normalised ends with "-" (2014-2016, 2016/17 Q2-2017/18 Q1).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.numbers import DASHES

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
SEASONS = r"(?:spring|summer|autumn|winter)"

_Y = r"(?:19|20)\d{2}"
_FY = rf"(?:{_Y}\s*[/-]\s*(?:{_Y}|\d{{1,2}})(?!\d)|(?<![\d/])\d{{2}}/\d{{2}}(?![\d/]))"
_QS = r"Q[1-4](?:\s*(?:,|and|&)\s*Q[1-4])*"

PERIOD_RE = re.compile(
    rf"(?P<qfy>{_QS}\s*,?\s*{_FY})"                       # Q3, Q4 2016/17
    rf"|(?P<fyq>{_FY}\s*,?\s*{_QS})"                       # 2016/17 Q3
    rf"|(?P<month>{_MONTH_RE}\.?\s+{_Y})"                  # June 2017
    rf"|(?P<season>{SEASONS}\s+{_Y})"                      # Autumn 2016
    rf"|(?P<fy>{_FY})"                                     # 2016/17, 2014-2016
    rf"|(?P<year>(?<![\d,.£$])(?:FY\s?)?{_Y}(?![\d,.%]\d|%))",  # 2017
    re.I)
SPAN_RE = re.compile(r"^\s*(?:-|to|until|through)\s*$", re.I)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    periods: tuple[str, ...]   # usually one; a quarter list gives several
    kind: str                  # fy, year, quarter, month, span


def _fy(a: str, b: str) -> str | None:
    y1 = int(a) if len(a) == 4 else 2000 + int(a)   # "08/09" -> 2008/09
    base = 10 ** len(b) if len(b) < 4 else 1
    y2 = int(b) if len(b) == 4 else (y1 // base * base + int(b))
    if len(b) < 4 and y2 < y1:
        y2 += base
    return f"{y1}/{y2 % 100:02d}" if y2 == y1 + 1 else None


def _norm_fy_or_span(s: str) -> tuple[str, str] | None:
    m = re.fullmatch(rf"\s*({_Y}|\d{{2}})\s*([/-])\s*({_Y}|\d{{1,2}})\s*", s)
    if not m:
        return None
    a, sep, b = m.groups()
    fy = _fy(a, b)
    if len(a) == 2:
        return (fy, "fy") if fy and sep == "/" else None
    if fy and (sep == "/" or len(b) < 4):
        return fy, "fy"
    if len(b) == 4 and int(b) > int(a):
        return f"{a}-{b}", "span"
    if len(b) == 2:
        end = int(a[:2] + b)
        if end > int(a):
            return f"{a}-{end}", "span"
    return None


def _parse(m: re.Match) -> tuple[tuple[str, ...], str] | None:
    s = m.group(0).translate(DASHES)
    kind = m.lastgroup
    if kind in ("qfy", "fyq"):
        qs = re.findall(r"Q([1-4])", s, re.I)
        fy_text = re.search(_FY, s).group(0)
        fy = _norm_fy_or_span(fy_text)
        if not fy or fy[1] != "fy":
            return None
        return tuple(f"{fy[0]} Q{q}" for q in qs), "quarter"
    if kind == "month":
        name, year = re.match(r"([a-z]+)\.?\s+(\d{4})", s, re.I).groups()
        month = next(v for k, v in MONTHS.items() if k.startswith(name.lower()[:3]))
        return (f"{year}-{month:02d}",), "month"
    if kind == "season":
        return (re.search(r"\d{4}", s).group(0),), "year"
    if kind == "fy":
        fy = _norm_fy_or_span(s)
        return ((fy[0],), fy[1]) if fy else None
    if kind == "year":
        return (re.search(r"\d{4}", s).group(0),), "year"
    return None


def find_periods(text: str) -> list[PeriodMention]:
    """Periods in `text` in order; "X to Y" of two periods becomes one span."""
    found = []
    t = text.translate(DASHES)
    for m in PERIOD_RE.finditer(t):
        parsed = _parse(m)
        if parsed:
            found.append(PeriodMention(m.start(), m.end(), parsed[0], parsed[1]))
    merged: list[PeriodMention] = []
    for p in found:
        prev = merged[-1] if merged else None
        if (prev and len(prev.periods) == 1 and len(p.periods) == 1
                and prev.kind != "span" and p.kind != "span"
                and SPAN_RE.match(t[prev.end:p.start])
                and re.search(r"\bto\b|-", t[prev.end:p.start])
                and prev.periods[0] < p.periods[0]):
            merged[-1] = PeriodMention(prev.start, p.end,
                                       (f"{prev.periods[0]}-{p.periods[0]}",), "span")
        else:
            merged.append(p)
    return merged


def span_ends(period: str) -> tuple[str, str]:
    """The two ends of a span ("2015/16-2016/17" -> both); a single period twice."""
    for i, ch in enumerate(period):
        if ch == "-" and re.match(r"\d{4}", period[i + 1:]) and i >= 4:
            return period[:i], period[i + 1:]
    return period, period


def periods_in(text: str) -> list[str]:
    """Flat list of normalised periods named in `text`."""
    return [p for m in find_periods(text) for p in m.periods]


def previous_period(period: str) -> str:
    """The period before `period`: 2016/17 -> 2015/16, 2017 -> 2016; '' if unknown."""
    m = re.fullmatch(r"(\d{4})/(\d{2})", period)
    if m:
        y = int(m.group(1)) - 1
        return f"{y}/{(y + 1) % 100:02d}"
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    return ""


def reference_period(text: str) -> str:
    """The period a document reports on: the one it says its data refers to,
    else its most often named financial year, else its most often named year."""
    m = re.search(r"data (?:refers?|relates?) to\s+(.{0,20})", text, re.I)
    if m:
        stated = periods_in(m.group(1))
        if stated:
            return stated[0]
    counts = Counter(p for p in periods_in(text) if re.fullmatch(r"\d{4}/\d{2}", p))
    if not counts:
        counts = Counter(p for p in periods_in(text) if re.fullmatch(r"\d{4}", p))
    if not counts:
        return ""
    best = max(counts.values())
    return max(p for p, c in counts.items() if c == best)
