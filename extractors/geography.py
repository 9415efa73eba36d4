"""Places: the area a document covers, and places named in the text.

A council document names its publisher ("Southampton City Council", "Leeds Safer
Communities Partnership"); the place in that name is the area the figures are about
unless the text names another. A configured geography for the source wins over this.
"""
from __future__ import annotations

import re
from collections import Counter

_PLACE = r"([A-Z][A-Za-z'\-]+(?:(?:\s+(?:and|&|upon|on|of|under))?\s+[A-Z][A-Za-z'\-]+)?)"
_BODY = (r"(?:City|County|Borough|District|Metropolitan\s+Borough|Town|Unitary)?\s*Council"
         r"|(?:Safe(?:r)?\s+[A-Z][a-z]+|Community\s+Safety|Crime\s+and\s+Disorder(?:\s+Reduction)?)"
         r"\s+Partnership")
_PUBLISHER = re.compile(_PLACE + r"\s+(?:" + _BODY + r")\b")
_NOT_PLACES = {"the", "this", "a", "our", "city", "county", "borough", "district", "council",
               "local", "all", "each", "every", "and", "partnership", "safe", "national"}

# Comparator words that put a figure outside the publisher's area.
NATIONAL_WORDS = re.compile(r"\b(?:national(?:ly)?|england\s+average|the\s+country)\b", re.I)


def _clean(place: str) -> str:
    words = place.split()
    while words and words[0].lower() in _NOT_PLACES:
        words = words[1:]
    return " ".join(w if not w.isupper() else w.title() for w in words)


def read_geography(text: str) -> str:
    """The most often named publisher's place in `text`, or '' when none is named."""
    counts: Counter[str] = Counter()
    for variant in (text, text.title()):   # headings in capitals read as title case
        for m in _PUBLISHER.finditer(variant):
            place = _clean(m.group(1))
            if place and place.lower() not in _NOT_PLACES:
                counts[place] += 1
    if not counts:
        return ""
    return counts.most_common(1)[0][0]
