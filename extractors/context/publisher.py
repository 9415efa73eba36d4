"""Who published a document, and so which area its figures are about.

A public body's name carries its area: "Leeds City Council", "Kent Police & Crime
Commissioner", "Office of the Police and Crime Commissioner for Cumbria", "Safer Gateshead
Partnership", "Devon and Somerset Fire and Rescue Service". The place is the
longest run of the name's words that the gazetteer knows as an area, so a stray word
before the name ("The", "Out") never becomes the place. National bodies (a government
department, the ONS) publish about England, or the UK / England and Wales where the
text says so most.

Evidence is weighed by where it is printed (WEIGHTS): the PDF's title and author, the
title block and the running headers count most; the body text, a web domain
(leeds.gov.uk) and plain mentions of an area count less.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.context.gazetteer import LOCAL, NATIONS, find_places, lookup, lookup_squashed

_NAME = r"(?P<place>(?:[A-Z][\w'’.-]*|&|and|upon|on|under|of|in|the)(?:[ ]+(?:[A-Z][\w'’.-]*|&|and|upon|on|under|of|in|the)){0,6})"
_AND = r"(?:and|&)"
# A body named after its place; "{p}" is where the place is printed.
_BODIES = [
    r"{p}[ ]+(?:City|County|Borough|District|Metropolitan[ ]Borough|Town|Unitary|Parish)?[ ]*Council\b",
    r"\b(?:City|County|Borough|District)[ ]+of[ ]+{p}[ ]+Council\b",
    r"\b(?:London|Royal|Metropolitan)[ ]+Borough[ ]+of[ ]+{p}",
    rf"{{p}}[ ]+(?:Police[ ]*(?:,[ ]*Fire)?[ ]*{_AND}[ ]*Crime|Fire[ ]*{_AND}[ ]*Rescue)[ ]+(?:Commissioner|Panel|Service|Authority)\b",
    rf"\b(?:Police|Fire)[ ]*(?:,[ ]*Fire)?[ ]*{_AND}[ ]*(?:Crime|Rescue)[ ]+(?:Commissioner|Service|Authority)[ ]+(?:for|of)[ ]+{{p}}",
    r"{p}[ ]+(?:Police|Constabulary|Fire[ ]+Authority|Fire[ ]+Service|OPCC|PCC|PFCC|Combined[ ]+Authority)\b",
    r"\bSafer?[ ]+{p}[ ]+(?:Partnership|Board)\b",
    r"{p}[ ]+Partnership\b",
    r"{p}[ ]+(?:Health[ ]+and[ ]+Wellbeing[ ]+Board|Integrated[ ]+Care[ ]+Board|Public[ ]+Health)\b",
    r"\bNHS[ ]+{p}[ ]+(?:Integrated[ ]+Care[ ]+Board|ICB|Clinical[ ]+Commissioning[ ]+Group|CCG)\b",
]
_PUBLISHER = [re.compile(b.format(p=_NAME)) for b in _BODIES]
_NATIONAL_BODY = re.compile(
    r"\b(?:Home[ ]+Office|Department[ ]+(?:for|of)[ ]+[A-Z]\w+|Ministry[ ]+of[ ]+[A-Z]\w+|HM[ ]+Treasury|"
    r"Cabinet[ ]+Office|Office[ ]+for[ ]+National[ ]+Statistics|UK[ ]+Health[ ]+Security[ ]+Agency|"
    r"Office[ ]+for[ ]+Health[ ]+Improvement|NHS[ ]+England|Public[ ]+Health[ ]+England|"
    r"HM[ ]+Inspectorate[ ]+of\b)")
_NATION_WORDS = [("United Kingdom", re.compile(r"\b(?:United[ ]+Kingdom|UK-wide|across[ ]+the[ ]+UK)\b")),
                 ("England and Wales", re.compile(r"\bEngland[ ]+(?:and|&)[ ]+Wales\b")),
                 ("England", re.compile(r"\bEngland\b"))]
_DOMAIN = re.compile(r"\b(?:www\.)?([a-z][a-z0-9-]*)\.(?:gov\.uk|police\.uk|nhs\.uk|org\.uk)\b", re.I)
_DOMAIN_NOISE = re.compile(r"-?(?:pcc|opcc|pfcc|police|fire|firerescue|council|cc|bc|dc|mbc|gov|csp|safer|nhs|icb)$")
_NOT_AREAS = {"national", "local", "county", "city", "borough", "district", "community", "safer", "the"}


# How much a body's name says about the publisher, by where it is printed: the PDF's own
# title and author, the title block and running headers name the publisher; the body text
# also names partners ("West Yorkshire Police, Leeds City Council, ...").
WEIGHTS = {"metadata": 6.0, "title": 6.0, "furniture": 4.0, "first": 2.0, "body": 0.5}
# What one area can gain from one kind of place, however often it is named there.
CAPS = {"metadata": 6.0, "title": 6.0, "furniture": 4.0, "first": 2.0, "body": 2.0}
MENTION = 0.1           # a plain mention of an area (no body's name around it)
MENTION_CAP = 1.0
# Police forces are named as partners in most council and partnership documents.
_PARTNER_KIND = re.compile(r"\b(?:Police|Constabulary)\s*$", re.I)


@dataclass(frozen=True)
class Evidence:
    """A piece of text that may name the publisher, and where it is printed (a key of
    WEIGHTS)."""
    text: str
    where: str


def _place_in(words: str) -> str:
    """The longest run of `words` at its end ("Commissioner for Kent" -> Kent), else at its start
    ("Leeds Safer Stronger" -> Leeds), that names a local area."""
    tokens = words.split()
    runs = [" ".join(tokens[i:]) for i in range(len(tokens))] + \
           [" ".join(tokens[:i]) for i in range(len(tokens) - 1, 0, -1)]
    for i, t in enumerate(tokens):   # two areas joined: "Dorset and Wiltshire"
        if t.lower() in ("and", "&") and _place_in(" ".join(tokens[:i])) and _place_in(" ".join(tokens[i + 1:])):
            left = _place_in(" ".join(tokens[:i]))
            return f"{left} {t} {_place_in(' '.join(tokens[i + 1:]))}"
    for cand in runs:
        if cand.lower() in _NOT_AREAS:
            continue
        if lookup(cand, LOCAL) or lookup(cand.title(), LOCAL):
            return cand if not cand.isupper() else cand.title()
    return ""


def publishers(text: str) -> list[tuple[str, float]]:
    """Areas named as publishers in `text` (a line or block), in order, each with a
    factor: 1, or 0.5 for a police force (more often a partner than the publisher)."""
    out = []
    for variant in {text, text.title()} if text.isupper() else {text}:
        for pattern in _PUBLISHER:
            for m in pattern.finditer(variant):
                place = _place_in(m.group("place"))
                if place:
                    out.append((place, 0.5 if _PARTNER_KIND.search(m.group(0)) else 1.0))
    return out


def _domain_places(text: str) -> list[str]:
    out = []
    for m in _DOMAIN.finditer(text):
        token = _DOMAIN_NOISE.sub("", m.group(1).lower())
        places = [p for p in lookup_squashed(token) if p.type in LOCAL]
        if places:
            out.append(places[0].name.split(", ")[0])
    return out


def read_area(evidence: list[Evidence]) -> str:
    """The area a document covers from the text that may name its publisher. '' if
    nothing names one."""
    score: Counter[str] = Counter()
    named: Counter[tuple[str, str]] = Counter()
    mentions: Counter[str] = Counter()
    spelt: dict[str, str] = {}
    national = 0.0
    for ev in evidence:
        weight = WEIGHTS[ev.where]
        for place, factor in publishers(ev.text):
            key = place.casefold()
            spelt.setdefault(key, place)
            named[key, ev.where] += weight * factor
        for place in _domain_places(ev.text):
            spelt.setdefault(place.casefold(), place)
            score[place.casefold()] += 1.5
        if _NATIONAL_BODY.search(ev.text):
            national += weight
        for m in find_places(ev.text, LOCAL):
            if len(m.text) > 3 and not m.text.isupper():
                spelt.setdefault(m.text.casefold(), m.text)
                mentions[m.text.casefold()] += MENTION
    for (key, where), value in named.items():
        score[key] += min(value, CAPS[where])
    for key, value in mentions.items():
        score[key] += min(value, MENTION_CAP)
    best_key, best = score.most_common(1)[0] if score else ("", 0.0)
    if national > max(best, 2.0):
        return _nation(" ".join(ev.text for ev in evidence))
    return spelt[best_key] if best >= 1.0 else ""


def _nation(text: str) -> str:
    counts = {name: len(p.findall(text)) for name, p in _NATION_WORDS}
    counts["England"] -= counts["England and Wales"]
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "England"


def is_nation(place: str) -> bool:
    return bool(lookup(place, NATIONS))
