"""The shared scorer's matching (eval/score_indicators.py, CONTRACT.md "Scoring"), kept
here so the tests run from this repository alone.

Per document and page, each gold row is matched to at most one published row:
  L1 located     same value (|a-b| <= 1e-6*max(1,|a|)), or both without a value and the same
                 value_text; at L1 alone the same printed text also counts (a mis-scaled figure)
  L2 typed       L1 and the same unit and measure
  L3 understood  L2 and the same normalised period and geography, and at least half of the
                 gold label's content tokens among the published label's
Candidates are taken best first (more other fields agreeing, then label overlap, then the
smaller value difference, then order), one-to-one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

VALUE_REL_TOL = 1e-6
CLOSE_SHARE = 0.5
STOP_WORDS = frozenset("""
a about above after against all also am an and any are as at be been before being
below between both but by can could did do does doing down during each else few for
from further had has have having he her here hers him his how i if in into is it its
itself just may me might more most must my no nor not now of off on once only or other
our ours out over own per re s same shall she should so some such than that the their
theirs them then there these they this those through to too under until up upon very
via was we were what when where which while who whom whose why will with within without
would you your
""".split())
UNIT_ALIASES = {
    "%": "percent",
    "percentage": "percent",
    "pct": "percent",
    "per_cent": "percent",
    "\u00a3": "gbp",
    "pounds": "gbp",
    "number": "count",
}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x).strip() == ""


def norm_value(x) -> float | None:
    if _blank(x) or isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return None if math.isinf(x) else float(x)
    s = str(x).strip().translate(DASHES)
    for ch in (",", "%", "\u00a3", "\u00a0", " "):
        s = s.replace(ch, "")
    try:
        v = float(s)
    except ValueError:
        return None
    return None if math.isnan(v) or math.isinf(v) else v


def norm_text(x) -> str:
    if _blank(x):
        return ""
    s = re.sub(r"\s+", "", str(x).translate(DASHES).casefold())
    return {"na": "n/a", "n.a.": "n/a", "n.a": "n/a", "n/a.": "n/a"}.get(s, s)


def _simple(x) -> str:
    return "" if _blank(x) else re.sub(r"\s+", " ", str(x)).strip().casefold()


def norm_unit(x) -> str:
    s = _simple(x).replace("-", "_").replace(" ", "_")
    return UNIT_ALIASES.get(s, s)


def norm_geo(x) -> str:
    s = _simple(x).translate(DASHES).replace("&", " and ")
    s = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", s)).strip()
    return s[4:] if s.startswith("the ") else s


def _fy(a: str, b: str, sep: str) -> str | None:
    y1 = int(a)
    if len(b) == 2:
        return f"{y1}/{b}" if (y1 + 1) % 100 == int(b) else None
    if len(b) == 4 and int(b) == y1 + 1 and sep == "/":
        return f"{y1}/{b[2:]}"
    return None


def _single_period(s: str) -> str | None:
    s = re.sub(r"^(fy|financial year)\s*", "", s.strip())
    if re.fullmatch(r"\d{4}", s):
        return s
    m = re.fullmatch(r"(\d{4})\s*([/-])\s*(\d{4}|\d{1,2})", s)
    if m:
        fy = _fy(m.group(1), m.group(3), m.group(2))
        if fy:
            return fy
        if m.group(2) == "-" and len(m.group(3)) <= 2 and 1 <= int(m.group(3)) <= 12:
            return f"{m.group(1)}-{int(m.group(3)):02d}"
        return None
    m = re.fullmatch(r"q([1-4])\s*,?\s*(\d{4})\s*([/-])\s*(\d{2}|\d{4})", s) or re.fullmatch(
        r"(\d{4})\s*([/-])\s*(\d{2}|\d{4})\s*,?\s*q([1-4])", s
    )
    if m:
        q, a, sep, b = (
            (m.group(1), m.group(2), m.group(3), m.group(4))
            if s.startswith("q")
            else (m.group(4), m.group(1), m.group(2), m.group(3))
        )
        if sep == "-" and len(b) == 4 and int(b) == int(a) + 1:
            sep = "/"
        fy = _fy(a, b, sep)
        return f"{fy} Q{q}" if fy else None
    m = re.fullmatch(r"([a-z]{3,9})\.?\s+(\d{4})", s)
    if m and m.group(1)[:3] in MONTHS:
        return f"{m.group(2)}-{MONTHS[m.group(1)[:3]]:02d}"
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    return None


def norm_period(x) -> str:
    if _blank(x):
        return ""
    s = re.sub(r"\s+", " ", str(x).translate(DASHES)).strip().casefold()
    one = _single_period(s)
    if one:
        return one
    parts = re.split(r"\s+to\s+", s)
    candidates = [parts] if len(parts) == 2 else []
    candidates += [[s[:i], s[i + 1 :]] for i, ch in enumerate(s) if ch == "-"]
    for left, right in candidates:
        a, b = _single_period(left), _single_period(right)
        if a and b:
            m = re.fullmatch(r"(\d{4})-(\d{2})", right.strip())
            if re.fullmatch(r"\d{4}-\d{2}", a) and m and 1 <= int(m.group(2)) <= 12:
                b = f"{m.group(1)}-{m.group(2)}"
            return f"{a}-{b}"
    return s


def label_tokens(x) -> frozenset[str]:
    if _blank(x):
        return frozenset()
    return frozenset(t for t in re.findall(r"[a-z0-9]+", str(x).casefold()) if t not in STOP_WORDS)


def label_share(gold: frozenset, pred: frozenset) -> float:
    return 1.0 if not gold else len(gold & pred) / len(gold)


@dataclass
class Row:
    """One gold or published row, normalised; `src` is the original object."""

    page: int | None
    value: float | None
    text: str
    unit: str
    measure: str
    period: str
    geo: str
    tokens: frozenset
    order: int
    src: object

    @classmethod
    def of(cls, obj, order: int) -> "Row":
        """From anything with the CONTRACT attributes (an Expected, an Observation)."""
        page = getattr(obj, "page", None)
        return cls(
            page=int(page) if page not in (None, "") else None,
            value=norm_value(obj.value),
            text=norm_text(obj.value_text),
            unit=norm_unit(obj.unit),
            measure=_simple(obj.measure),
            period=norm_period(obj.period),
            geo=norm_geo(obj.geography),
            tokens=label_tokens(obj.indicator),
            order=order,
            src=obj,
        )


def same_value(g: Row, p: Row) -> bool:
    if g.value is not None and p.value is not None:
        return abs(g.value - p.value) <= VALUE_REL_TOL * max(1.0, abs(g.value))
    if g.value is None and p.value is None:
        return g.text != "" and g.text == p.text
    return False


def level_ok(level: int, g: Row, p: Row) -> bool:
    if not same_value(g, p) and not (level == 1 and g.text != "" and g.text == p.text):
        return False
    if level >= 2 and (g.unit != p.unit or g.measure != p.measure):
        return False
    if level >= 3 and (
        g.period != p.period or g.geo != p.geo or label_share(g.tokens, p.tokens) < CLOSE_SHARE
    ):
        return False
    return True


def quality(g: Row, p: Row) -> tuple:
    agree = (g.unit == p.unit) + (g.measure == p.measure) + (g.period == p.period) + (g.geo == p.geo)
    share = label_share(g.tokens, p.tokens)
    diff = 0.0 if g.value is None or p.value is None else abs(g.value - p.value)
    return agree + (share >= CLOSE_SHARE), share, -diff


def match_page(level: int, golds: list[Row], preds: list[Row]) -> list[tuple[Row, Row]]:
    pairs = []
    for g in golds:
        for p in preds:
            if level_ok(level, g, p):
                q = quality(g, p)
                pairs.append(((-q[0], -q[1], -q[2], g.order, p.order), g, p))
    pairs.sort(key=lambda t: t[0])
    used_g, used_p, out = set(), set(), []
    for _, g, p in pairs:
        if g.order not in used_g and p.order not in used_p:
            used_g.add(g.order)
            used_p.add(p.order)
            out.append((g, p))
    return out


@dataclass
class DocScore:
    gold: list[Row]
    pred: list[Row]
    matched: dict[int, dict[int, Row]]  # level -> gold order -> the published row it matched

    def tp(self, level: int) -> int:
        return len(self.matched[level])


def score_document(expected: list, published: list) -> DocScore:
    gold = [Row.of(e, i) for i, e in enumerate(expected)]
    pred = [Row.of(o, i) for i, o in enumerate(published)]
    by_page: dict = {}
    for p in pred:
        by_page.setdefault(p.page, []).append(p)
    gold_pages: dict = {}
    for g in gold:
        gold_pages.setdefault(g.page, []).append(g)
    matched = {1: {}, 2: {}, 3: {}}
    for level in (1, 2, 3):
        for page, gs in gold_pages.items():
            for g, p in match_page(level, gs, by_page.get(page, [])):
                matched[level][g.order] = p
    return DocScore(gold, pred, matched)


def prf(tp: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else float(n_gold == 0)
    r = tp / n_gold if n_gold else float(n_pred == 0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
