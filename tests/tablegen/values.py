"""Numbers for generated tables: plausible series per indicator, and their printed forms."""

from __future__ import annotations

import random

from .banks import ARROWS, DIRECTION_WORDS, RAG, Ind


def show(
    v: float,
    dp: int,
    *,
    pct: bool = False,
    thousands: bool = True,
    neg: str = "minus",
    plus: bool = False,
    pound: bool = False,
) -> str:
    """The printed figure: 1,234 / 45.2% / -3.1 / (3.1) / +2.0 / £1,234."""
    s = f"{abs(v):,.{dp}f}" if thousands else f"{abs(v):.{dp}f}"
    if pound:
        s = "\u00a3" + s
    if pct:
        s += "%"
    if v < 0:
        s = f"({s})" if neg == "bracket" else "-" + s
    elif plus and v > 0:
        s = "+" + s
    return s


class Series:
    """Values of one indicator over years, quarters and months, made on demand and kept,
    so every column of a row tells one consistent story (quarters add up to the year to
    date for counts over a period)."""

    def __init__(self, rng: random.Random, ind: Ind, scale: float = 1.0):
        self.rng, self.ind = rng, ind
        self.base = rng.uniform(ind.lo, ind.hi) * scale
        self.memo: dict = {}

    def _r(self, v: float) -> float:
        v = round(v, self.ind.dp)
        if self.ind.unit == "percent":
            v = min(v, 100.0)
        return max(v, 0.0)

    def _get(self, key, make):
        if key not in self.memo:
            self.memo[key] = self._r(make())
        return self.memo[key]

    def _wiggle(self, v: float, rel: float) -> float:
        """v moved by up to rel of itself; a percentage keeps clear of 100."""
        room = v * rel
        if self.ind.unit == "percent":
            room = min(room, (100 - v) * 0.9) if v < 100 else 0.0
        return v + self.rng.uniform(-1, 1) * room

    def year(self, y: int) -> float:
        return self._get(("y", y), lambda: self._wiggle(self.base, 0.12))

    def quarter(self, y: int, q: int) -> float:
        share = 0.25 if self.ind.flow else 1.0
        return self._get(("q", y, q), lambda: self._wiggle(self.year(y) * share, 0.08))

    def ytd(self, y: int, q: int) -> float:
        qs = [self.quarter(y, i) for i in range(1, q + 1)]
        return self._r(sum(qs) if self.ind.flow else sum(qs) / len(qs))

    def month(self, y: int, m: int) -> float:
        share = 1 / 12 if self.ind.flow else 1.0
        return self._get(("m", y, m), lambda: self._wiggle(self.year(y) * share, 0.1))

    def target(self, key, actual: float) -> float:
        """A target a little better or worse than the actual, in the indicator's direction."""
        sign = 1 if self.ind.better == "up" else -1
        return self._get(("t", key), lambda: self._wiggle(actual, 0.07) + sign * abs(actual) * 0.01)

    def other(self, key, around: float, spread: float = 0.1) -> float:
        return self._get(("o", key), lambda: self._wiggle(around, spread))


def rag(ind: Ind, actual: float, target: float) -> str:
    good = actual >= target if ind.better == "up" else actual <= target
    if good:
        return RAG[0]
    gap = abs(actual - target) / max(abs(target), 1e-9)
    return RAG[1] if gap < 0.05 else RAG[2]


def direction(ind: Ind, now: float, before: float, arrows: bool) -> str:
    if abs(now - before) <= abs(before) * 0.005:
        return ARROWS["same"] if arrows else DIRECTION_WORDS["same"]
    if arrows:
        return ARROWS["up" if now > before else "down"]
    good = (now > before) == (ind.better == "up")
    return DIRECTION_WORDS["good" if good else "bad"]


def censor_mark(rng: random.Random, small_count: bool) -> str:
    if small_count and rng.random() < 0.6:
        return "<5"
    return rng.choice(("-", "\u2013", "n/a", "*"))
