"""Places: the area a document covers, and places named in the text.

A council document names its publisher ("Leeds City Council", "Leeds Safer
Communities Partnership"); the place in that name is the area the figures are about
unless the text names another. A configured geography for the source wins over this.
"""
from __future__ import annotations

import re
from collections import Counter

_PLACE = r"([A-Z][A-Za-z'\-]+(?:(?:[ ]+(?:and|&|upon|on|of|under))?[ ]+[A-Z][A-Za-z'\-]+)?)"
_BODY = (r"(?:City|County|Borough|District|Metropolitan[ ]Borough|Town|Unitary)?[ ]*Council"
         r"|(?:Safe(?:r)?[ ]+[A-Z][a-z]+|Community[ ]+Safety|Crime[ ]+and[ ]+Disorder(?:[ ]+Reduction)?)"
         r"[ ]+Partnership")
# Spaces only: a publisher's name never runs across a line break between text blocks.
_PUBLISHER = re.compile(_PLACE + r"[ ]+(?:" + _BODY + r")\b")
# Organisations whose names look like places ("Thames Valley Police", "Youth Offending Service").
_ORG_WORDS = {"constabulary", "police", "service", "services", "company", "group", "board", "unit",
              "trust", "fire", "rescue", "health", "partnership", "agency", "team", "office"}
_BODY_KINDS = {"city", "county", "borough", "district", "town", "metropolitan", "unitary"}
_NOT_PLACES = {"the", "this", "a", "our", "city", "county", "borough", "district", "council",
               "local", "all", "each", "every", "and", "partnership", "safe", "national"}


def _clean(place: str) -> str:
    words = place.split()
    while words and words[0].lower() in _NOT_PLACES:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in _BODY_KINDS:
        words = words[:-1]   # "Leeds City" (Council) -> Leeds
    return " ".join(w if not w.isupper() else w.title() for w in words)


def read_geography(text: str) -> str:
    """The most often named publisher's place in `text`, or '' when none is named."""
    counts: Counter[str] = Counter()
    for variant in (text, text.title()):   # headings in capitals read as title case
        for m in _PUBLISHER.finditer(variant):
            place = _clean(m.group(1))
            if place and place.lower() not in _NOT_PLACES and not (
                    set(place.lower().split()) & _ORG_WORDS):
                counts[place] += 1
    if not counts:
        return ""
    return counts.most_common(1)[0][0]
