"""Labels as an analyst keys them: a row label without its footnote marker, a caption's
subject without its number, period or breakdown ("Table 4: Violence by locality, 2023/24"
-> "Violence")."""
from __future__ import annotations

import re

from extractors.context.periods import find_periods

_FOOTNOTE = re.compile(r"\s*[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+$|\s*\(\d\)$|(?<=[a-z)])\d$")
_CAPTION_NUMBER = re.compile(r"^\s*(?:figure|fig\.?|chart|graph|table|exhibit|appendix)\s*[\dA-Z]+[a-z]?\s*[:.\-–]?\s*",
                             re.I)
_PARAGRAPH = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
# the breakdown or place after the measure: "by ward", "in Gateshead", "compared with"
_BREAKDOWN = re.compile(r"\s+(?:by|across|compared\s+with|compared\s+to|versus|vs\.?|in\s+(?=[A-Z]))\s*.*$")


def strip_footnote(label: str) -> str:
    return _FOOTNOTE.sub("", " ".join(label.split())).strip().rstrip(".:;").strip()


def without_periods(text: str) -> str:
    for m in reversed(find_periods(text)):
        text = text[:m.start] + text[m.end:]
    return " ".join(text.split()).strip(" ,;:-–")


def caption_subject(title: str) -> str:
    """What a caption says the table measures: its number, paragraph number, periods
    and the breakdown after "by" / "in" dropped."""
    t = _CAPTION_NUMBER.sub("", _PARAGRAPH.sub("", title or ""))
    t = t.split(":")[0] if ":" in t and len(t.split(":")[0].split()) >= 2 else t.replace(":", " ")
    t = without_periods(t)
    t = _BREAKDOWN.sub("", t)
    return strip_footnote(t.strip(" ,;:-–"))
