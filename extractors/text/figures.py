"""Which numbers in a sentence are figures.

Every printed number (digits, "three", "second highest", "9/15") is a candidate; the
rules below drop those that are not figures: years and dates, paragraph and item
numbers, rate bases ("per 1,000"), age bands and group definitions, durations, phone
numbers, codes and names ("NI 15", "Unity 101", "999 calls"), the size of a comparator
group, and counts that only announce a list ("four priorities:").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from extractors.pdf.layout import BULLETS
from extractors.numbers import DASHES, ORDINALS, WORD_NUMBERS, find_numbers, is_year
from extractors.context.periods import find_periods

_NOT_BEFORE = re.compile(
    r"(?:\b(?:per|section|sections|page|pages|paragraphs?|para|appendix|appendices|schedule|version|"
    r"item|items|tables?|figures?|fig\.?|charts?|chapters?|annex(?:es)?|ni|ref|no\.?|tel|telephone|phone|fax|mobile|"
    r"ext|room|floor|level|priority|recommendation|step|stage|phase|tier|number:|category|quarters?|q|"
    r"round|tranches?|wave|cohort|"
    r"grade|key\s+stage|parts?|aged?)\s*[:.]?\s*"
    r"(?:(?:between|under|over|from)\s+)?(?:\d+\s*(?:,|and|&|to|-)\s*)?$)", re.I)
_NOT_AFTER = re.compile(
    r"^(?:\s*(?:-|–|to|and)\s*\d+)?\s*(?:-\s*)?(?:year[- ]?olds?|years?\s+old|age\s+group|age\s+band|"
    r"years?|yrs?|months?|weeks?|days?|working\s+days?|quarters?|yearly|weekly|monthly|daily|fortnight\w*|decades?|"
    r"times\s+(?:a|an|per|each)\s+(?:year|month|week|day|quarter)|"
    r"-\s*hours?\b|(?:most\s+)?similar|or\s+more|or\s+fewer|or\s+over|and\s+over|\+|hour\s+(?:service|line)|"
    r"st\b|nd\b|rd\b|th\b|am\b|pm\b|o'clock)", re.I)
# Emergency and non-emergency numbers name a service: "999 calls", "101 calls".
_SERVICE_NUMBERS = {999.0, 101.0, 111.0, 112.0, 911.0}
_LIST_AFTER = re.compile(r"^\s*(?:[a-z\-]+\s+){0,3}[a-z\-]+\s*[:;]", re.I)
_STRUCTURE_AFTER = re.compile(r"^\s*(?:(?:key|main|strategic|core|overarching|cross-cutting)\s+)?(?:priorities|"
                              r"themes|objectives|strands|pillars|workstreams|headings|chapters|sections)\b", re.I)
_PER_PERIOD_AFTER = re.compile(r"^\s*\w+\s+per\s+(?:year|month|week|day|annum)\b", re.I)
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.I)
_SUPPRESSION = re.compile(r"\bsuppress\w*|\bnot\s+shown\b|\bshown\s+as\b|\bredacted\b|\bdisclos\w*", re.I)
_CLOCK = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}\s*(?:am|pm|hrs?)\b|(?<![\d.:])\d{1,2}:\d{2}(?![\d:])", re.I)   # 22:00
_PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
_WORD_NUM = re.compile(r"\b(" + "|".join(sorted(set(WORD_NUMBERS) - {"one", "hundred"}, key=len, reverse=True))
                       + r")\b", re.I)
_ORDINAL = re.compile(r"\b(" + "|".join(k for k in ORDINALS if k.isalpha()) + r")\b", re.I)
_RANK_FRACTION = re.compile(r"(?<![\d/])(\d{1,3})/(\d{1,3})(?![\d/])")
# "a quarter of all offences", "half of all victims": a share printed as a fraction word
_FRACTION = re.compile(r"\b(?:(?:a|one)\s+(?P<part>quarter|third|fifth)|(?P<half>half)|"
                       r"(?P<many>two|three|four)\s+(?P<parts>quarters|thirds|fifths))"
                       r"\s+(?:of\s+|the\s+)(?!(?:the\s+)?(?:19|20)\d\d\b|(?:the\s+)?(?:year|month|quarter|term)\b)",
                       re.I)
_FRACTION_VALUE = {"quarter": 25.0, "third": 100 / 3, "fifth": 20.0, "half": 50.0}
_RANK_BEFORE = re.compile(r"\b(?:rank(?:s|ed)?|position(?:ed)?|placed|ranking)\s+(?:of\s+|at\s+)?$", re.I)
_SUPERLATIVE_AFTER = re.compile(r"^\s*(?:highest|lowest|largest|smallest|best|worst|most|least|biggest)\b", re.I)
# Capitalised words that start a phrase rather than name something ("The 4 groups").
_FUNCTION_WORDS = {"the", "a", "an", "in", "on", "of", "all", "only", "around", "some", "over", "with",
                   "for", "by", "just", "nearly", "about", "approximately", "almost", "and", "but",
                   "there", "these", "those", "this", "that", "another", "further", "more", "than",
                   "at", "to", "from", "since", "during", "between", "up", "down", "its", "our", "their"}


# A duration that is the measured quantity ("an average of 18.3 days", "rose to 8.6 working
# days", "a wait of 87 seconds", "than the 20.0 day target"), not a time window ("within
# 2 working days", "over 2 years", "3 years ago").
_DURATION_AFTER = re.compile(r"^\s*(?:working\s+)?(?:days?|hours?|minutes?|mins?|seconds?|secs?|weeks?)\b"
                             r"(?!\s+ago\b)(?!-)", re.I)
_MEASURED_BEFORE = re.compile(r"\b(?:average(?:\s+of)?|took|takes|taking|wait(?:ed|ing)?\s+of|of|to|from|was|were|"
                              r"is|are|at|than(?:\s+the)?|the|a)\s+$", re.I)
_WINDOW_BEFORE = re.compile(r"\b(?:within|in|over|for|after|every|each|next|last|past|first|up\s+to|per|"
                            r"under)\s+$", re.I)


def _measured_duration(before: str, after: str) -> bool:
    return bool(_DURATION_AFTER.match(after) and _MEASURED_BEFORE.search(before)
                and not _WINDOW_BEFORE.search(before))


@dataclass
class Candidate:
    start: int          # offsets within the sentence
    end: int
    value: Optional[float]
    text: str
    unit: str = ""
    measure: str = ""
    word: bool = False  # printed in words ("three")


def candidates(sent: str) -> list[Candidate]:
    """Every number printed in `sentence` that is not part of a period or a phone number."""
    t = sent.translate(DASHES)
    phones = [m.span() for m in _PHONE.finditer(t)] + [m.span() for m in _CLOCK.finditer(t)]
    periods = [(p.start, p.end) for p in find_periods(t)]
    out = []
    for m in _RANK_FRACTION.finditer(t):
        if _RANK_BEFORE.search(t[:m.start()]):
            out.append(Candidate(m.start(), m.end(), float(m.group(1)), sent[m.start():m.end()], "rank", "rank"))
    taken = [(c.start, c.end) for c in out]
    for n in find_numbers(t):
        if any(a <= n.start < b for a, b in taken + phones):
            continue
        if any(a <= n.start < b for a, b in periods) and not n.unit:
            continue
        if is_year(n.value, n.text.strip()):
            continue
        out.append(Candidate(n.start, n.end, n.value, sent[n.start:n.end].strip(), n.unit))
    for m in _WORD_NUM.finditer(t):
        out.append(Candidate(m.start(), m.end(), float(WORD_NUMBERS[m.group(1).lower()]), m.group(1), word=True))
    for m in _FRACTION.finditer(t):
        if re.search(r"\b(?:first|second|third|final|last|next|other|the)\s+$", t[:m.start()], re.I):
            continue          # "the first half of the year" is a period
        g = "part" if m.group("part") else "half" if m.group("half") else "parts"
        word = m.group(g).lower()
        value = _FRACTION_VALUE.get(word.rstrip("s"), 0.0) * (WORD_NUMBERS[m.group("many").lower()]
                                                              if g == "parts" else 1)
        out = [c for c in out if not m.start() <= c.start < m.end(g)]     # not "two" of "two thirds"
        out.append(Candidate(m.start(g), m.end(g), round(value, 1), m.group(g), "percent", word=True))
    for m in _ORDINAL.finditer(t):
        if _SUPERLATIVE_AFTER.match(t[m.end():]):
            out.append(Candidate(m.start(), m.end(), float(ORDINALS[m.group(1).lower()]), m.group(1),
                                 "rank", "rank", word=True))
    for m in re.finditer(r"\b(\d{1,3})(?:st|nd|rd|th)\b", t):
        if _SUPERLATIVE_AFTER.match(t[m.end():]):      # "the 4th highest rate"
            out.append(Candidate(m.start(), m.end(), float(m.group(1)), m.group(0), "rank", "rank"))
    out.sort(key=lambda c: c.start)
    return out


CONTEXT_CHARS = 500


def _last_token(text: str) -> str:
    """What re.search(r"\\S*$", text) finds, in time linear in the token: the regex
    retries from every position and is quadratic on a long run of text."""
    if text.endswith("\n"):
        text = text[:-1]
    i = len(text)
    while i and not text[i - 1].isspace():
        i -= 1
    return text[i:]


def not_a_figure(c: Candidate, sent: str, context: str = "") -> bool:
    """True for numbers that are not figures. `context` is what precedes the text on
    the page when the text is a table cell (its row label)."""
    before, after = sent[:c.start], sent[c.end:]
    if context and not before.strip(BULLETS + " "):
        before = context + " "
    token = _last_token(before) + c.text + re.match(r"^\S*", after).group(0)
    # the checks below look at the words around the figure: a window keeps a run of text
    # thousands of characters long (a damaged font's output) from making them quadratic
    before, after = before[-CONTEXT_CHARS:], after[:CONTEXT_CHARS]
    if "@" in token or "http" in token.lower() or "www" in token.lower():
        return True
    if re.fullmatch(r"£\s*'?000s?", c.text):
        return True                       # "(£000)": the unit of a table, not money
    if c.unit in ("percent", "gbp") and not c.word:
        return False
    prev_word = re.search(r"(\S+)\s*$", before)
    next_word = re.match(r"^\s*(\S+)", after)
    day = c.value is not None and c.value == int(c.value) and 1 <= c.value <= 31
    if day and ((prev_word and _MONTH.match(prev_word.group(1).strip(",."))) or
                (next_word and _MONTH.match(next_word.group(1).strip(",.")))):
        return True                       # a date ("6 November", "March 31"); "December 271" is no day
    if _NOT_BEFORE.search(before) or (_NOT_AFTER.match(after) and not _measured_duration(before, after)):
        return True
    if c.value in _SERVICE_NUMBERS and (re.match(r"^\s*(?:calls?\b|/|lines?\b|numbers?\b|service\b)", after, re.I)
                                        or re.search(r"\b(?:call|dial|ring|phone|on)\s+$", before, re.I)
                                        or re.search(r"\b(?:call|dial|ring|phone|contact)\b", before, re.I)
                                        and re.search(r"(?:,|\bor)\s*$", before)):
        return True     # the number of a service ("call 101", "101 / phone", "call ... 0808 2000 247, or 999")
    if re.search(r"\bscale\s+(?:of|from)\s+(?:\d+\b[^.;]{0,40}\b(?:to|and)\s+)?$", before, re.I):
        return True                       # the ends of a scale ("on a scale from 1 (...) to 10")
    if re.search(r"\b(?:of|among|amongst)\s+(?:the|all)\s+$", before, re.I) and \
            re.search(r"\b(?:highest|lowest|largest|smallest|best|worst|biggest|rank\w*)\b",
                      " ".join(before.split()[-8:]), re.I):
        return True                       # the size of what a rank is among ("lowest of the 32 boroughs")
    if c.word and _STRUCTURE_AFTER.match(after):
        return True                       # "our four priorities": the plan's own parts
    if re.search(r"\bbetween\s+$", before) and re.match(r"^\s*and\s+\d+\s+(?:years|year)", after):
        return True                       # an age band
    if re.search(r"\bbetween\s+\d+\s+and\s+$", before) and re.match(r"^\s*years", after):
        return True
    if re.search(r"\bwhere\s+$", before) and re.match(r"^\s*is\b", after):
        return True                       # the scale of a rank ("where 1 is the best")
    if c.value is not None and c.value < 20 and c.value == int(c.value) and _LIST_AFTER.match(after) \
            and not re.match(r"^\s*times\b", after, re.I):
        return True                       # "focuses on 4 priorities:" announces a list
    if _PER_PERIOD_AFTER.match(after):
        return True                       # "one offence per year" defines a group
    if not before.strip(BULLETS + " ") and re.match(r"^\s*[.)]", after):
        return True                       # a paragraph or item number
    if not before.strip(BULLETS + " ") and not c.unit and re.match(r"^\s+[A-Z]", after) and not context \
            and (re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){1,3}", c.text) or re.fullmatch(r"[1-9]\d?", c.text)
                 and c.value <= 20):
        return True                       # a numbered paragraph or footnote: "3.2 The rate", "1 England rate"
    if c.text.lstrip().startswith(("<", ">")):
        return True                       # a censoring mark in prose defines the mark ("shown as <5")
    if before.endswith(("<", ">")):
        return True
    if re.search(r"\b(?:below|fewer\s+than|less\s+than|under|between\s+\w+\s+and)\s+$", before, re.I) and \
            _SUPPRESSION.search(before + after):
        return True                       # "counts below five are suppressed" sets a threshold
    if c.word and c.value == 1 and not re.match(r"^\s+in\s+(?:every\s+)?\w+", after, re.I):
        return True                       # "one" is no figure, but "one in five" is two
    lead = before.strip(BULLETS + " ")
    if (not c.unit and prev_word and re.fullmatch(r"[A-Z][a-z]+", prev_word.group(1))
            and prev_word.group(1).lower() not in _FUNCTION_WORDS
            and lead != prev_word.group(1) and "." not in c.text
            and not re.match(r"^\s*(?:%|per\b|[a-z])", after)):
        return True                       # a name with a number ("Unity 101")
    return False
