"""Reading printed figures: "1,087" -> 1087.0, "26%" -> 26 percent, "<10" -> censored.

One place decides what a figure token looks like, for tables and text alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")

# A printed number: optional sign and currency, thousands separators, decimals, percent.
NUMBER_RE = re.compile(
    r"(?<![\w.,/£$€-])"                      # not glued to a word, code or another number
    r"(?P<sign>[-+])?(?P<cur>[£$€])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%)?"
    r"(?P<suffix>(?:m|bn|k)\b)?"
)
CENSORED_RE = re.compile(r"^(?:<\s?\d+(?:\.\d+)?|>\s?\d+(?:\.\d+)?|\*+|-|–|\.\.|x|n/?a|n\.a\.?|"
                         r"not available|no data|nil|tbc|tbd|~)$", re.I)

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
}
SCALE = {"k": 1e3, "m": 1e6, "bn": 1e9}


@dataclass(frozen=True)
class ParsedNumber:
    value: Optional[float]   # None when censored / missing
    text: str                # as printed, without surrounding brackets and punctuation
    unit: str                # percent, gbp, or "" when the token alone does not say
    start: int = 0           # span within the string it was found in
    end: int = 0


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def find_numbers(text: str) -> list[ParsedNumber]:
    """Every printed number in `text` with its character span."""
    out = []
    t = text.translate(DASHES)
    for m in NUMBER_RE.finditer(t):
        num = m.group("num")
        # "1.1a", "12A", "3rd": a code or ordinal, not a quantity
        after = t[m.end():m.end() + 1]
        if after.isalpha() and not m.group("suffix") and not m.group("pct"):
            continue
        value = _to_float(num)
        if m.group("suffix"):
            value *= SCALE[m.group("suffix")]
        if m.group("sign") == "-":
            # a hyphen right after a word or digit is a range or compound, not a sign
            prev = t[m.start() - 1:m.start()] if m.start() else " "
            if prev.strip() and not prev in "([":
                continue
            value = -value
        unit = "percent" if m.group("pct") else ("gbp" if m.group("cur") == "£" else "")
        start, end = m.start(), m.end()
        out.append(ParsedNumber(value, text[start:end], unit, start, end))
    return out


_DIRECTION = re.compile(r"^(?P<word>up|down|increase(?:d)?|decrease(?:d)?|rise|fall|fell|rose|higher|lower|"
                        r"[▲▼↑↓△▽⬆⬇])\s*(?:by\s+)?", re.I)
_DOWN_WORDS = {"down", "decrease", "decreased", "fall", "fell", "lower", "▼", "↓", "▽", "⬇"}
_MARKS = "*†‡¹²³⁴⁵⁶⁷⁸⁹⁰"
DASH_CELLS = ("-", "–", "—")
_POINTS_SUFFIX = re.compile(r"(?<=[\d)])\s*(?:pts?|pp|ppts|percentage\s+points?)\.?$", re.I)
_SPACED_THOUSANDS = re.compile(r"[-+]?[£$€]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d+)?%?")


def parse_cell(text: str, dashes: bool = False) -> Optional[ParsedNumber]:
    """A table cell that holds exactly one figure (or a censored mark), else None.

    A figure in brackets is negative ("(3.2%)", an accounting convention); a direction
    word or arrow before it signs it ("down 6.1%"); footnote marks glued to it are not
    part of it. With `dashes`, a lone dash is a censored cell (a table's "not available").
    """
    s = " ".join(text.split())
    s = re.sub(rf"(?<=[\d%])[{_MARKS}]+$|^[*]+(?=\d)", "", s)   # footnote markers glued to a number
    if not s:
        return None
    if s in DASH_CELLS:
        return ParsedNumber(None, s, "", 0, len(s)) if dashes else None
    if CENSORED_RE.match(s) and s not in ("x", "~"):
        return ParsedNumber(None, s, "", 0, len(s))
    sign = 1.0
    d = _DIRECTION.match(s)
    if d and d.end() < len(s):
        sign = -1.0 if d.group("word").lower() in _DOWN_WORDS else 1.0
        s = s[d.end():]
    if re.fullmatch(r"\(\s*[^()]+\s*\)", s):
        sign, s = -sign, s[1:-1].strip()
    points = _POINTS_SUFFIX.search(s)
    if points:
        s = s[:points.start()]    # "5.1 pts": a difference of percentages
    printed = s
    if _SPACED_THOUSANDS.fullmatch(s):
        s = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", ",", s)   # "98 452": a thousands group
    if re.fullmatch(r"[£$€]?\s*'?0\d+s?", s):
        return None        # "£000", "000s": a header's scale; "007": a code
    nums = find_numbers(s)
    if len(nums) == 1 and nums[0].start == 0 and nums[0].end == len(s):
        n = nums[0]
        value = None if n.value is None else (n.value * sign if n.value >= 0 or sign > 0 else -n.value)
        text = printed if s != printed else n.text
        return ParsedNumber(value, text, "percent" if points else n.unit, 0, len(text))
    return None


def is_year(value: Optional[float], text: str) -> bool:
    return (value is not None and text.isdigit() and len(text) == 4
            and 1950 <= value <= 2060)
