"""Places a figure is about, from a header, a row stub or a sentence.

A header or stub names a place when the gazetteer knows it ("North East", "Wallsend"),
when it names the nation ("England", "National average"), or a comparator group
("Nearest neighbours average", "Most similar group"). A data provider's name ("Kent
Police" over the force's figures for the city) is not a place: only names the
gazetteer knows, the nation and comparator groups are.
"""
from __future__ import annotations

import re

from extractors.context.gazetteer import AREAS, is_place
from extractors.context.labels import strip_footnote

NATIONAL = [
    (re.compile(r"\bengland\s+(?:and|&)\s+wales\b", re.I), "England and Wales"),
    (re.compile(r"\b(?:national(?:ly)?|england(?:\s+average)?|nation-?wide)\b", re.I), "England"),
]
COMPARATOR = "Comparator group"
# a stub row for the whole area: "Total", "All wards", "Borough total"
TOTAL_ROW = re.compile(r"^(?:total|all(?:\s+\w+)?|overall|(?:\w+\s+)?total|whole\s+\w+)$", re.I)
_COMPARATOR = re.compile(r"\b(?:nearest\s+neighbours?|most\s+similar\s+(?:group|forces?|areas?|cities|"
                         r"partnerships?|family)|msg|comparator(?:\s+group)?|peer\s+group|family\s+(?:group\s+)?average|"
                         r"similar\s+(?:areas|authorities|councils|cities|forces))\b", re.I)
_AVERAGE = re.compile(r"\s+(?:average|avg\.?|mean|rate|value|figure|total)$", re.I)
# Stub headers that say the rows are places.
PLACE_HEADERS = re.compile(r"\b(?:ward|district|area|locality|localities|neighbourhood|borough|local\s+authority|"
                           r"authority|force|csp|region|place|town|division|sector|county|constituency|"
                           r"council|lsoa|msoa|icb|ccg|geography|partnership)s?\b", re.I)


def national_geography(text: str) -> str:
    for pattern, name in NATIONAL:
        if pattern.search(text):
            return name
    return ""


def _name(text: str) -> str:
    s = strip_footnote(re.sub(r"\([^)]*\)", " ", text))
    return _AVERAGE.sub("", s).strip(" ,;:-–")


def looks_like_place(label: str) -> bool:
    """A short proper name: capitalised words, no digits, at most five words."""
    s = strip_footnote(label)
    words = s.replace("&", " ").split()
    if not 1 <= len(words) <= 5 or any(ch.isdigit() for ch in s):
        return False
    small = {"and", "of", "upon", "on", "the", "under", "in", "with", "by"}
    return all(w[0].isupper() or w in small for w in words)


def place_of(text: str, home: str = "", kinds=None) -> str:
    """The place a header or stub cell names, spelt as printed, or ''. `kinds` limits
    the gazetteer entries that count (wards are very ambiguous: "Park", "Central")."""
    if not text or not text.strip():
        return ""
    if _COMPARATOR.search(text) and len(text.split()) <= 6:
        return COMPARATOR
    name = _name(text)
    if not name or not looks_like_place(name):
        return ""
    if home and name.lower() == home.lower():
        return home
    if is_place(name, kinds):      # before the nation: "East of England" is a region
        return name if not name.isupper() else name.title()
    nat = national_geography(name)
    if nat and len(name.split()) <= 3:
        return nat
    return ""


def places_column(labels: list[str], home: str, header: str = "") -> bool:
    """Row labels are areas: most name places the gazetteer knows (or the nation, the
    home area, a comparator group), or the stub's header says so (Ward, Locality) and
    they look like place names."""
    cleaned = [strip_footnote(x) for x in labels if x.strip()]
    if len(cleaned) < 2:
        return False
    shaped = sum(looks_like_place(x) for x in cleaned)
    if header and PLACE_HEADERS.search(header) and not re.search(r"\bcategory\b|\btype\b|\bgroup\b", header, re.I):
        named = sum(bool(place_of(x, home)) for x in cleaned)
        return named >= 1 and shaped >= 0.6 * len(cleaned)
    named = sum(bool(place_of(x, home, AREAS)) for x in cleaned)
    return named >= max(2, 0.6 * len(cleaned)) and shaped >= 0.8 * len(cleaned)
