"""Stable indicator ids: the same measure in two documents gets the same id.

An id is the slug of the normalised label; `schemas/indicator_aliases.toml` (data the
user edits) maps labels that differ in wording but name the same measure to one id.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

ALIASES = Path(__file__).resolve().parents[2] / "schemas" / "indicator_aliases.toml"

_QUALIFIER = re.compile(r"\((?:[^()]*\b(?:per|rate|%|percent|percentage|number|no\.)\b[^()]*|%)\)", re.I)
_LEADING = re.compile(r"^(?:the\s+)?(?:(?:total|overall)\s+)?(?:number\s+of\s+)?(?:recorded\s+)?", re.I)
_SPELLINGS = [(re.compile(r"\banti[\s-]*social\b"), "anti social"),
              (re.compile(r"\bre[\s-]+offend"), "reoffend"),
              (re.compile(r"\bfirst[\s-]+time\b"), "first time")]


def normalise_label(label: str) -> str:
    s = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    s = _QUALIFIER.sub(" ", s)
    s = re.sub(r"[*†‡]+", " ", s).replace("&", " and ").lower()
    for pattern, spelling in _SPELLINGS:
        s = pattern.sub(spelling, s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return _LEADING.sub("", s).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].rstrip("-")


@lru_cache(maxsize=4)
def _rules(path: str) -> list[tuple[str, frozenset, tuple]]:
    p = Path(path)
    if not p.exists():
        return []
    with p.open("rb") as fh:
        data = tomllib.load(fh)
    rules = []
    for entry in data.get("alias", []):
        labels = frozenset(normalise_label(x) for x in entry.get("labels", []))
        patterns = tuple(re.compile(x) for x in entry.get("patterns", []))
        rules.append((entry["id"], labels, patterns))
    return rules


def indicator_id(label: str, aliases: Path = ALIASES) -> str:
    norm = normalise_label(label)
    for ident, labels, patterns in _rules(str(aliases)):
        if norm in labels or any(p.search(norm) for p in patterns):
            return ident
    return slug(norm) or "unlabelled"
