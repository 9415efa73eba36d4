"""Time periods in headers and sentences, normalised as docs/dataset.md says.

Financial year 2016/17, its quarter 2016/17 Q3, calendar year 2017, month 2017-06,
and spans joining two normalised ends with "-" (2014-2016, 2016/17 Q2-2017/18 Q1).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from extractors.numbers import DASHES

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
            r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
SEASONS = r"(?:spring|summer|autumn|winter)"

_Y = r"(?:19|20)\d{2}"
# a financial year; "2022/231" is 2022/23 with footnote 1 glued on (three digits after the
# slash are no other period)
_FY = rf"(?:{_Y}\s*[/-]\s*(?:{_Y}|\d{{1,2}})(?!\d)|{_Y}\s*/\s*\d{{2}}(?=[1-9](?!\d))|(?<![\d/])\d{{2}}/\d{{2}}(?![\d/]))"
_QN = r"(?:Q|Quarter\s*)[1-4]"
_QS = rf"{_QN}(?:\s*(?:,|and|&)\s*{_QN})*"
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
_MON3 = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"

PERIOD_RE = re.compile(
    rf"(?P<qfy>{_QS}\s*(?:,|of)?\s*{_FY})"                # Q3, Q4 2016/17; Quarter 3 of 2023/24
    rf"|(?P<fyq>{_FY}\s*,?\s*{_QS})"                       # 2016/17 Q3
    rf"|(?P<yearto>\b(?:(?:the\s+)?(?:12|twelve)\s+months|year)\s+(?:to|ending|ended)\s+{_DAY}{_MONTH_RE}\.?\s+{_Y})"  # year to December 2023
    rf"|(?P<months>(?:\bbetween\s+{_DAY}{_MONTH_RE}\.?\s+and|{_DAY}{_MONTH_RE}\.?\s*(?:-|to))"
    rf"\s*{_DAY}{_MONTH_RE}\.?\s+{_Y})"                          # April-September 2013, between 1 April and 30 September 2013
    rf"|(?P<month>{_DAY}{_MONTH_RE}\.?\s+{_Y})"            # June 2017, 1 April 2021
    rf"|(?P<monthyy>\b(?:{_MON3}[\s'-]+|{_MONTH_RE}(?:-|\s*')\s*)\d{{2}}\b(?![/:.,]?\d))"  # Jan 21, Feb-21
    rf"|(?P<season>{SEASONS}\s+{_Y})"                      # Autumn 2016
    rf"|(?P<fy>{_FY})"                                     # 2016/17, 2014-2016
    rf"|(?P<year>(?<![\d,.£$])(?:FY\s?)?{_Y}(?!\d|[,.%]\d|%))",  # 2017
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


def _month_number(name: str) -> int:
    return next(v for k, v in MONTHS.items() if k.startswith(name.lower()[:3]))


def _parse(m: re.Match) -> tuple[tuple[str, ...], str] | None:
    s = m.group(0).translate(DASHES)
    kind = m.lastgroup
    if kind in ("qfy", "fyq"):
        qs = re.findall(r"(?:Q|Quarter\s*)([1-4])", s, re.I)
        fy_text = re.search(_FY, s).group(0)
        fy = _norm_fy_or_span(fy_text)
        if not fy or fy[1] != "fy":
            return None
        return tuple(f"{fy[0]} Q{q}" for q in qs), "quarter"
    if kind == "yearto":
        name, year = re.search(rf"({_MONTH_RE})\.?\s+(\d{{4}})\s*$", s, re.I).groups()
        m, y = _month_number(name), int(year)
        start = f"{y - 1}-{m + 1:02d}" if m < 12 else f"{y}-01"
        joined = month_span(start, f"{y}-{m:02d}")
        return (joined,), period_kind(joined)
    if kind == "months":
        a, b = re.findall(_MONTH_RE, s, re.I)
        year = s.strip()[-4:]
        m1, m2, y = _month_number(a), _month_number(b), int(year)
        start = f"{y - 1 if m1 > m2 else y}-{m1:02d}"
        joined = month_span(start, f"{y}-{m2:02d}")
        return (joined,), period_kind(joined)
    if kind == "month":
        name, year = re.search(r"([a-z]+)\.?\s+(\d{4})", s, re.I).groups()
        return (f"{year}-{_month_number(name):02d}",), "month"
    if kind == "monthyy":
        name, yy = re.match(r"([a-z]+)\W*(\d{2})", s, re.I).groups()
        if not name[0].isupper() or re.fullmatch(r"May\s+\d{2}", s):
            return None   # "may 21" is a verb before a number, not May 2021
        return (f"20{yy}-{_month_number(name):02d}",), "month"
    if kind == "season":
        return (re.search(r"\d{4}", s).group(0),), "year"
    if kind == "fy":
        fy = _norm_fy_or_span(re.sub(r"(?<=/\d{2})\d$", "", s.strip()))
        return ((fy[0],), fy[1]) if fy else None
    if kind == "year":
        return (re.search(r"\d{4}", s).group(0),), "year"
    return None


def period_kind(period: str) -> str:
    """fy, quarter, month, year or span, from a normalised period's shape."""
    if re.fullmatch(r"\d{4}/\d{2}", period):
        return "fy"
    if re.fullmatch(r"\d{4}/\d{2} Q[1-4]", period):
        return "quarter"
    if re.fullmatch(r"\d{4}-\d{2}", period) and int(period[5:]) <= 12 and period[5] in "01":
        return "month"
    if re.fullmatch(r"\d{4}", period):
        return "year"
    return "span"


def month_of(month: int, year: str) -> str:
    """A month of a financial year (April to March) or of a calendar year."""
    fy = re.match(r"(\d{4})/\d{2}", year)
    y = (int(fy.group(1)) + (month < 4)) if fy else int(year[:4])
    return f"{y}-{month:02d}"


def month_span(start: str, end: str) -> str:
    """Two months as one period: April to March of the next year is that financial year,
    January to December one calendar year; any other run stays a span."""
    y1, m1 = map(int, start.split("-"))
    y2, m2 = map(int, end.split("-"))
    if (m1, m2) == (4, 3) and y2 == y1 + 1:
        return f"{y1}/{y2 % 100:02d}"
    if (m1, m2) == (1, 12) and y1 == y2:
        return str(y1)
    return f"{start}-{end}"


def find_periods(text: str) -> list[PeriodMention]:
    """Periods in `text` in order; "X to Y" of two periods becomes one span."""
    return list(_periods(text))


@lru_cache(maxsize=512)
def _periods(text: str) -> tuple[PeriodMention, ...]:
    # cached: a sentence is searched once for each figure in it
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
                and (SPAN_RE.match(t[prev.end:p.start]) and re.search(r"\bto\b|-", t[prev.end:p.start])
                     # "between October 2022 and September 2023" is a window; "between October
                     # 2022 and October 2023" compares two months
                     or prev.kind == p.kind == "month" and re.fullmatch(r"\s*and\s*", t[prev.end:p.start])
                     and re.search(r"\bbetween\s+$", t[:prev.start], re.I)
                     and prev.periods[0][5:] != p.periods[0][5:])
                and prev.periods[0] < p.periods[0]):
            a, b = prev.periods[0], p.periods[0]
            joined = month_span(a, b) if prev.kind == p.kind == "month" else f"{a}-{b}"
            merged[-1] = PeriodMention(prev.start, p.end, (joined,), period_kind(joined))
        else:
            merged.append(p)
    return tuple(merged)


def span_ends(period: str) -> tuple[str, str]:
    """The two ends of a span ("2015/16-2016/17" -> both); a single period twice."""
    for i, ch in enumerate(period):
        if ch == "-" and re.match(r"\d{4}", period[i + 1:]) and i >= 4:
            return period[:i], period[i + 1:]
    return period, period


def period_end(period: str) -> tuple[int, int]:
    """(year, month) a period ends in, to order periods of different kinds; (0, 0) if unknown."""
    end = span_ends(period)[1]
    kind = period_kind(end)
    if kind == "fy":
        return int(end[:4]) + 1, 3
    if kind == "quarter":
        y, q = int(end[:4]), int(end[-1])
        return (y, 3 * q + 3) if q < 4 else (y + 1, 3)
    if kind == "month":
        return int(end[:4]), int(end[5:7])
    if kind == "year":
        return int(end), 12
    return 0, 0


def periods_in(text: str) -> list[str]:
    """Flat list of normalised periods named in `text`."""
    return [p for m in find_periods(text) for p in m.periods]


def previous_period(period: str) -> str:
    """The period before `period`: 2016/17 -> 2015/16, 2017 -> 2016, 2023/24 Q1 ->
    2022/23 Q4, 2024-01 -> 2023-12; '' if unknown."""
    m = re.fullmatch(r"(\d{4})/(\d{2})", period)
    if m:
        y = int(m.group(1)) - 1
        return f"{y}/{(y + 1) % 100:02d}"
    m = re.fullmatch(r"(\d{4}/\d{2}) Q([1-4])", period)
    if m:
        q = int(m.group(2))
        return f"{m.group(1)} Q{q - 1}" if q > 1 else f"{previous_period(m.group(1))} Q4"
    if period_kind(period) == "month":
        y, mo = int(period[:4]), int(period[5:])
        return f"{y}-{mo - 1:02d}" if mo > 1 else f"{y - 1}-12"
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{4})-(\d{2})", period)
    if m:    # a run of months (April to September 2013): the same months a year before
        y1, m1, y2, m2 = map(int, m.groups())
        return f"{y1 - 1}-{m1:02d}-{y2 - 1}-{m2:02d}"
    return ""


_STATED = re.compile(
    r"\b(?:data|figures|statistics|information|numbers)\s+(?:\w+\s+){0,3}?(?:refers?|relates?|are\s+for)\s+to\s+"
    r"(?:the\s+)?(?:financial\s+|calendar\s+)?(?:year\s+)?(.{0,50})"
    r"|\b(?:reporting\s+period|period\s+covered)\s*:?\s*(.{0,50})"
    r"|\bfor\s+the\s+(?:financial\s+)?year\s+((?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d{4}\s+to\s+.{0,30})", re.I)
_YEAR_ENDING = re.compile(r"\byear\s+end(?:ed|ing)\s+(?:\d{1,2}\s+)?march\s+((?:19|20)\d{2})\b", re.I)


def stated_period(text: str) -> str:
    """The period the text says its figures are for ("the data refers to 2016/17",
    "for the year 1 April 2021 to 31 March 2022", "year ending March 2024"), or ''."""
    for m in _STATED.finditer(text):
        stated = periods_in(next(g for g in m.groups() if g is not None))
        if stated:
            return stated[0]
    m = _YEAR_ENDING.search(text)
    if m:
        y = int(m.group(1))
        return f"{y - 1}/{y % 100:02d}"
    return ""


def reference_period(text: str, title: str = "") -> str:
    """The period a document reports on: the one it says its figures are for, else the
    one its title names (`title`, already read), else its most often named financial
    year, else its most often named year."""
    stated = stated_period(text)
    if stated or title:
        return stated or title
    counts = Counter(p for p in periods_in(text) if re.fullmatch(r"\d{4}/\d{2}", p))
    if not counts:
        counts = Counter(p for p in periods_in(text) if re.fullmatch(r"\d{4}", p))
    if not counts:
        return ""
    best = max(counts.values())
    return max(p for p, c in counts.items() if c == best)
