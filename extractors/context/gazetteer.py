"""UK place names (ONS, shipped in data/places.csv): is this text a place, and which
places does a text name.

Names are matched after folding case, "&" to "and", hyphens and punctuation to spaces
("Stratford-on-Avon" = "stratford on avon"); ONS forms such as "Bristol, City of" are
also known by their core name ("Bristol"). Ward names are very ambiguous ("Park",
"Central", "North East"), so callers say which kinds of place they accept.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "places.csv"

# Kinds of area a public body covers (not wards, which are parts of one).
AREAS = frozenset({
    "country_group", "country", "region", "london_subregion", "metropolitan_county", "county",
    "unitary", "metropolitan_district", "london_borough", "district", "police_force_area", "csp",
    "fire_authority", "combined_authority", "ccg", "local_health_board", "health_board"})
# Areas a local publisher (council, police, fire, partnership) covers.
LOCAL = AREAS - {"country_group", "country", "region", "london_subregion", "ccg"}
NATIONS = frozenset({"country_group", "country"})
MAX_WORDS = 6


@dataclass(frozen=True)
class Place:
    name: str      # the ONS name
    type: str      # see AREAS, or "ward"
    parent: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str                  # as printed
    places: tuple[Place, ...]  # every place of that name

    def kinds(self) -> set[str]:
        return {p.type for p in self.places}


def norm(text: str) -> str:
    s = text.casefold().replace("&", " and ").replace("’", "'")
    s = re.sub(r"[^\w']+|_", " ", s).replace("'", "")
    s = re.sub(r"^the\s+", "", " ".join(s.split()))
    return s.replace("saint ", "st ")


def _aliases(name: str) -> set[str]:
    """The name and the forms reports print: "Bristol, City of" -> "Bristol" too."""
    out = {name}
    if ", " in name:
        core, rest = name.split(", ", 1)
        out |= {core, f"{rest} {core}"}
    if name.endswith(" Police"):
        out.add(name[: -len(" Police")])   # "Metropolitan Police" -> "Metropolitan"
    return out


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Place, ...]]:
    index: dict[str, list[Place]] = {}
    with DATA.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            place = Place(rec["name"], rec["type"], rec["parent"])
            for alias in _aliases(rec["name"]):
                index.setdefault(norm(alias), []).append(place)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _squashed() -> dict[str, tuple[Place, ...]]:
    """Area names without spaces, for web domains ("northyorkshire.gov.uk")."""
    out: dict[str, list[Place]] = {}
    for key, places in _index().items():
        areas = [p for p in places if p.type in AREAS]
        if areas:
            out.setdefault(key.replace(" ", ""), []).extend(areas)
    return {k: tuple(v) for k, v in out.items()}


def lookup(text: str, kinds: frozenset[str] | set[str] | None = None) -> tuple[Place, ...]:
    """The places called exactly `text` (of the given kinds), or ()."""
    found = _index().get(norm(text), ())
    return tuple(p for p in found if kinds is None or p.type in kinds)


def lookup_squashed(token: str) -> tuple[Place, ...]:
    return _squashed().get(re.sub(r"[^a-z]", "", token.casefold()), ())


def is_place(text: str, kinds: frozenset[str] | set[str] | None = None) -> bool:
    return bool(lookup(text, kinds))


_WORD = re.compile(r"[A-Za-z][\w'’.-]*|&")


def find_places(text: str, kinds: frozenset[str] | set[str] | None = None) -> list[Mention]:
    """Place names printed in `text`, longest first at each position, left to right.
    A name must start with a capital letter (a proper noun, not "the park")."""
    words = list(_WORD.finditer(text))
    out: list[Mention] = []
    i = 0
    while i < len(words):
        if not words[i].group(0)[:1].isupper():
            i += 1
            continue
        hit = None
        for j in range(min(len(words), i + MAX_WORDS), i, -1):
            start, end = words[i].start(), words[j - 1].end()
            chunk = text[start:end].rstrip(".")
            if not chunk[-1:].isalpha():
                continue
            places = lookup(chunk, kinds)
            if places:
                hit = Mention(start, start + len(chunk), chunk, places)
                break
        if hit:
            out.append(hit)
            i = next((k for k in range(i, len(words)) if words[k].start() >= hit.end), len(words))
        else:
            i += 1
    return out
