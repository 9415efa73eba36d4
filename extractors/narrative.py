"""Figures in sentences and bullets, and what they measure (spaCy, rule based).

The pipeline is `spacy.blank("en")` plus a sentencizer: it needs no statistical model,
works offline and is fast. Each printed number in a sentence is first tested against
the things that are not figures (years, dates, paragraph and item numbers, rate bases,
age bands, durations, phone numbers, names and codes), then typed from the words
around it: unit ("%", "£", "per 1,000"), measure and sign ("reduced by", "fewer",
"from X to Y", an imperative target, "ranks"), period (the nearest period named in
its clause, else the sentence, else the document's) and place ("nationally").
Bullets inherit the direction of their lead-in ("decreases of:").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import spacy

from extractors.numbers import DASHES, ORDINALS, WORD_NUMBERS, find_numbers, is_year
from extractors.periods import find_periods, previous_period, span_ends
from extractors.semantics import national_geography, rate_unit
from extractors.types import Document, Observation, TextBlock, format_bbox, union_bbox
from extractors.layout import BULLETS

# --------------------------------------------------------------------------- vocabulary
DOWN = r"reduc\w*|decreas\w*|fell|fall\w*|fewer|down|drop\w*|lower|declin\w*|less|cut"
UP = r"increas\w*|ris(?:e|es|en|ing)|rose|up|higher|more|grow\w*|growth|gain\w*"
_DOWN_RE = re.compile(rf"\b(?:{DOWN})\b", re.I)
_UP_RE = re.compile(rf"\b(?:{UP})\b", re.I)
QUAL = r"(?:(?:just|well|a\s+little)\s+)?(?:nearly|almost|around|about|approximately|approx\.?|over|under|" \
       r"some|roughly|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|c\.|circa|an?\s+extra|a\s+further|further)"
_CHANGE_BEFORE = re.compile(
    rf"(?:\b(?P<dir>{DOWN}|{UP})\b(?:\s+(?:by|of))?|\bby)\s+(?:{QUAL}\s+)?$", re.I)
_CHANGE_AFTER = re.compile(rf"^\s*(?P<dir>{DOWN}|{UP}|change|difference)\b", re.I)
_TARGET_START = re.compile(
    r"^\s*(?:to\s+)?(?:reduce|increase|achieve|improve|decrease|maintain|deliver|raise|lower|cut|"
    r"halve|double|ensure|set\s+up|develop|support|recruit|target|aim)\b", re.I)
_TARGET_WORD = re.compile(r"\b(?:target|aim(?:s|ing)?\s+to|by\s+20\d\d)\b", re.I)
_RANK_BEFORE = re.compile(r"\b(?:rank(?:s|ed)?|position(?:ed)?|placed|ranking)\s+(?:of\s+|at\s+)?$", re.I)
_SUPERLATIVE_AFTER = re.compile(r"^\s*(?:highest|lowest|largest|smallest|best|worst|most|least|biggest|place)\b", re.I)

_NOT_BEFORE = re.compile(
    r"(?:\b(?:per|section|sections|page|pages|paragraphs?|para|appendix|appendices|schedule|version|"
    r"item|items|table|figure|fig\.?|chart|chapter|annex|ni|ref|no\.?|tel|telephone|phone|fax|mobile|"
    r"ext|room|floor|level|unity|priority|recommendation|step|stage|phase|tier|number:|category|"
    r"grade|key\s+stage|year|years|age|ages|aged|under|over-?|week|month)\s*[:.]?\s*"
    r"(?:\d+\s*(?:,|and|&|to|-)\s*)?$)", re.I)
_NOT_AFTER = re.compile(
    r"^(?:\s*(?:-|–|to|and)\s*\d+)?\s*(?:-\s*)?(?:year[- ]?olds?|years?\s+old|age\s+group|age\s+band|"
    r"years?|yrs?|months?|weeks?|days?|yearly|weekly|monthly|daily|fortnight\w*|decades?|"
    r"(?:most\s+)?similar|or\s+more|or\s+fewer|or\s+over|and\s+over|\+|calls?\b|hour\s+(?:service|line)|"
    r"st\b|nd\b|rd\b|th\b|am\b|pm\b|o'clock)", re.I)
_LIST_AFTER = re.compile(r"^\s*(?:[a-z\-]+\s+){0,3}[a-z\-]+\s*[:;]", re.I)
_PER_PERIOD_AFTER = re.compile(r"^\s*\w+\s+per\s+(?:year|month|week|day|annum)\b", re.I)
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.I)
_PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)")
_WORD_NUM = re.compile(r"\b(" + "|".join(sorted(set(WORD_NUMBERS) - {"one", "hundred"}, key=len, reverse=True))
                       + r")\b", re.I)
_ORDINAL = re.compile(r"\b(" + "|".join(k for k in ORDINALS if k.isalpha()) + r")\b", re.I)
_RANK_FRACTION = re.compile(r"(?<![\d/])(\d{1,3})/(\d{1,3})(?![\d/])")
_CLAUSE_BREAK = re.compile(r";|\bcompared\s+(?:to|with)\b|\bwhilst\b|\bwhile\b|\bwhereas\b|\bversus\b|"
                           r"\bagainst\s+(?:a|the)\b|,\s+(?:but|and\s+(?=\d)|which\s+is)", re.I)
_RELATIVE_PREV = re.compile(r"\b(?:last|previous|preceding|prior)\s+year\b", re.I)
_FROM_TO = re.compile(r"\bfrom\s*$", re.I)
_LEAD_OUT = re.compile(r"(?::|\bof|\bincluding|\bin)\s*$", re.I)
_YOUNGEST = re.compile(r"\b(?:youngest|oldest|aged?|age\s+of)\b", re.I)


@lru_cache(maxsize=1)
def nlp():
    """A blank English pipeline with rule-based sentence boundaries (no model download)."""
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    return pipe


@dataclass
class Candidate:
    start: int          # offsets within the sentence
    end: int
    value: Optional[float]
    text: str
    unit: str = ""
    measure: str = ""
    word: bool = False  # printed in words ("three")


# --------------------------------------------------------------------------- items
def split_items(text: str) -> list[tuple[int, int, str]]:
    """(start, end, bullet char or '') for each bullet item or run of plain text."""
    marks = [m.start() for m in re.finditer(rf"(?:^|(?<=\s))[{re.escape(BULLETS)}](?=\s)", text)]
    if not marks:
        return [(0, len(text), "")]
    out = []
    if marks[0] > 0:
        out.append((0, marks[0], ""))
    for a, b in zip(marks, marks[1:] + [len(text)]):
        out.append((a, b, text[a]))
    return out


def _direction(text: str) -> int:
    down, up = _DOWN_RE.search(text), _UP_RE.search(text)
    if down and (not up or down.start() > up.start()):
        return -1
    return 1 if up else 0


# --------------------------------------------------------------------------- candidates
def _candidates(sent: str) -> list[Candidate]:
    t = sent.translate(DASHES)
    phones = [m.span() for m in _PHONE.finditer(t)]
    periods = [(p.start, p.end) for p in find_periods(t)]
    out = []
    for m in _RANK_FRACTION.finditer(t):
        if _RANK_BEFORE.search(t[:m.start()]):
            out.append(Candidate(m.start(), m.end(), float(m.group(1)), sent[m.start():m.end()], "rank", "rank"))
    taken = [(c.start, c.end) for c in out]
    for n in find_numbers(t):
        span = (n.start, n.end)
        if any(a <= n.start < b for a, b in taken + phones):
            continue
        if any(a <= n.start < b for a, b in periods) and not n.unit:
            continue
        if is_year(n.value, n.text.strip()):
            continue
        out.append(Candidate(n.start, n.end, n.value, sent[n.start:n.end].strip(), n.unit))
    for m in _WORD_NUM.finditer(t):
        out.append(Candidate(m.start(), m.end(), float(WORD_NUMBERS[m.group(1).lower()]), m.group(1), word=True))
    for m in _ORDINAL.finditer(t):
        if _SUPERLATIVE_AFTER.match(t[m.end():]) and m.group(1).lower() != "first" or \
                (m.group(1).lower() == "first" and re.match(r"^\s*place\b", t[m.end():])):
            out.append(Candidate(m.start(), m.end(), float(ORDINALS[m.group(1).lower()]), m.group(1),
                                 "rank", "rank", word=True))
    out.sort(key=lambda c: c.start)
    return out


def _not_a_figure(c: Candidate, sent: str, context: str = "") -> bool:
    """True for numbers that are not figures. `context` is what precedes the text on
    the page when the text is a table cell (its row label)."""
    before, after = sent[:c.start], sent[c.end:]
    if context and not before.strip():
        before = context + " "
    token = re.search(r"\S*$", before).group(0) + c.text + re.match(r"^\S*", after).group(0)
    if "@" in token or "http" in token.lower() or "www" in token.lower():
        return True
    if c.unit in ("percent", "gbp") and not c.word:
        return False
    prev_word = re.search(r"(\S+)\s*$", before)
    next_word = re.match(r"^\s*(\S+)", after)
    if (prev_word and _MONTH.match(prev_word.group(1).strip(",."))) or \
            (next_word and _MONTH.match(next_word.group(1).strip(",."))):
        return True                       # a date
    if _NOT_BEFORE.search(before) or _NOT_AFTER.match(after):
        return True
    if re.search(r"\bbetween\s+$", before) and re.match(r"^\s*and\s+\d+\s+(?:years|year)", after):
        return True                       # an age band
    if re.search(r"\bbetween\s+\d+\s+and\s+$", before) and re.match(r"^\s*years", after):
        return True
    if re.search(r"\bwhere\s+$", before) and re.match(r"^\s*is\b", after):
        return True                       # the scale of a rank ("where 1 is the best")
    if c.value is not None and c.value < 20 and c.value == int(c.value) and _LIST_AFTER.match(after):
        return True                       # "focuses on 4 priorities:" announces a list
    if _PER_PERIOD_AFTER.match(after):
        return True                       # "one offence per year" defines a group
    if not before.strip() and re.match(r"^\s*[.)]", after):
        return True                       # a paragraph or item number
    if re.match(r"^[.)]\s*$", after) and not before.strip():
        return True
    if c.word and c.value == 1:
        return True
    if (not c.unit and prev_word and re.fullmatch(r"[A-Z][a-z]+", prev_word.group(1))
            and before.strip() != prev_word.group(1) and "." not in c.text
            and not re.match(r"^\s*(?:%|per\b|[a-z])", after)):
        return True                       # a name with a number ("Unity 101")
    return False


# --------------------------------------------------------------------------- typing
def _clause_bounds(sent: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(sent)
    for m in _CLAUSE_BREAK.finditer(sent):
        if m.start() <= pos:
            start = m.start()
        elif m.start() > pos:
            end = m.start()
            break
    return start, end


def _label(sent: str, c: Candidate, cands: list[Candidate]) -> str:
    a, b = _clause_bounds(sent, c.start)
    clause = sent[a:b]
    if re.match(r"^\s*(?:;|compared|whilst|while|whereas|versus|against)", clause, re.I) and a > 0:
        pa, pb = _clause_bounds(sent, a - 1)
        clause = sent[pa:pb]
        a = pa
    # remove the figures themselves and period phrases: the label is what is measured
    spans = [(x.start - a, x.end - a) for x in cands if a <= x.start < a + len(clause)]
    spans += [(p.start, p.end) for p in find_periods(clause)]
    chars = list(clause)
    for s, e in spans:
        for i in range(max(s, 0), min(e, len(chars))):
            chars[i] = " "
    text = "".join(chars)
    text = re.sub(rf"^[\s{re.escape(BULLETS)}]+", "", text)
    text = re.sub(r"\b(?:in|during|for|from|to|by|of|on|since)\s*(?=[,.;)]|$)", " ", text)
    text = re.sub(r"\(\s*\)|\s+([,.;:])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-()")
    words = text.split()
    return " ".join(words[:18])


def _period(sent: str, c: Candidate, reference: str, role: str) -> str:
    """The period named nearest the figure in its clause, else in the sentence."""
    a, b = _clause_bounds(sent, c.start)
    mentions = [p for p in find_periods(sent) if len(p.periods) == 1
                and not re.search(r"\b(?:Strategy|Plan|Act|Programme|Review)\s*$", sent[:p.start])]
    in_clause = [p for p in mentions if a <= p.start < b]
    pool = in_clause or mentions
    rel = [m for m in _RELATIVE_PREV.finditer(sent[a:b])]
    if rel and role != "change" and not in_clause:
        return previous_period(reference)
    if not pool:
        return reference
    best = min(pool, key=lambda p: min(abs(p.start - c.end), abs(p.end - c.start)))
    period = best.periods[0]
    if role == "change" and best.kind == "span":
        period = span_ends(period)[1]
    between = re.search(r"\bbetween\s+$", sent[:best.start], re.I)
    if between:
        after = [p for p in mentions if p.start > best.end]
        if after:
            period = after[0].periods[0]
    return period


def _unit(sent: str, c: Candidate, nxt: Optional[Candidate]) -> str:
    if c.unit:
        return c.unit
    after = sent[c.end:]
    stop = nxt.start - c.end if nxt else len(after)
    window = after[:max(stop, 0)][:60]
    m = re.match(r"^\s*to\s+\S+\s+(per\s+[\d,]+)", after)   # "from 911 to 1028 per 100,000"
    rate = rate_unit(window) or (rate_unit(m.group(1)) if m else "")
    if rate:
        return rate
    if re.match(r"^\s*%|^\s*per\s?cent\b", after, re.I):
        return "percent"
    if re.match(r"^\s*hours?\b", after, re.I):
        return "other"
    if _YOUNGEST.search(sent[max(0, c.start - 60):c.start]) and c.value is not None and c.value < 120:
        return "years"
    return "count"


def _type(sent: str, c: Candidate, cands: list[Candidate], item_dir: int, is_target: bool
          ) -> tuple[str, float]:
    """(measure, sign) of a figure from the words next to it."""
    before, after = sent[:c.start], sent[c.end:]
    if c.measure == "rank":
        return "rank", 1
    if is_target:
        if re.search(r"\bfrom\s+$", before, re.I) or re.search(r"\bequates?\s+to\b", after[:60], re.I):
            return "baseline", 1
        if re.search(r"\bto\s+$", before, re.I):
            return "target", 1
        d = _direction(sent[:c.start]) or item_dir
        improve_rank = re.search(r"\b(?:position|place)s?\b", after[:30] + before[-60:], re.I)
        if re.search(r"\bimprove\b", before, re.I) and improve_rank:
            return "target", -1
        return "target", (-1 if d < 0 else 1)
    if _FROM_TO.search(before) or re.search(r"\bfrom\s+\S+\s+to\s+$", before, re.I):
        return "actual", 1
    m = _CHANGE_BEFORE.search(before)
    if m and (m.group("dir") or re.search(rf"\b(?:{DOWN}|{UP})\w*\s+by\s+(?:{QUAL}\s+)?$", before, re.I)):
        d = _direction(m.group(0)) or _direction(before[-40:])
        return "change", (-1 if d < 0 else 1)
    m = _CHANGE_AFTER.match(after.lstrip("%").lstrip())
    if m or re.match(rf"^\s*%?\s*(?:{DOWN}|{UP})\b", after, re.I):
        d = _direction(after[:30])
        return "change", (-1 if d < 0 else 1)
    if item_dir and re.match(r"^\s*(?:in|of|for)\b", after):
        return "change", item_dir
    return "actual", 1


def _from_to_periods(sent: str, c: Candidate, cands: list[Candidate], reference: str) -> Optional[str]:
    """In "from X to Y" without periods of their own, X is the earlier period."""
    before = sent[:c.start]
    is_from = _FROM_TO.search(before)
    is_to = re.search(r"\bfrom\s+\S+\s+to\s+$", before, re.I)
    if not (is_from or is_to):
        return None
    local = sent[c.end:c.end + 12]
    if find_periods(local):
        return None
    named = [p.periods[0] for p in find_periods(sent) if len(p.periods) == 1 and p.kind != "span"]
    if len(set(named)) >= 2:
        ordered = sorted(set(named))
        return ordered[0] if is_from else ordered[-1]
    end = named[0] if named else reference
    return previous_period(end) if is_from else end


# --------------------------------------------------------------------------- main
def _bbox(block: TextBlock, start: int, end: int):
    boxes = [b for b in block.char_boxes[start:end] if b]
    return union_bbox(boxes) if boxes else None


def text_observations(doc: Document, blocks: list[TextBlock]) -> list[Observation]:
    out = []
    reference = doc.reference_period
    for block in blocks:
        lead_dir = 0
        lead_bullet = None
        for a, b, bullet in split_items(block.text):
            item = block.text[a:b]
            if lead_bullet is not None and (bullet == lead_bullet or not bullet):
                lead_dir, lead_bullet = 0, None
            item_dir = lead_dir
            is_target = bool(_TARGET_START.match(item.lstrip(BULLETS + " ")))
            for sent in nlp()(item).sents:
                s_text = sent.text
                s_off = a + sent.start_char
                prefix = block.context if sent.start_char == 0 and a == 0 else ""
                cands = [c for c in _candidates(s_text) if not _not_a_figure(c, s_text, prefix)]
                sent_target = is_target or bool(_TARGET_WORD.search(s_text))
                for i, c in enumerate(cands):
                    nxt = cands[i + 1] if i + 1 < len(cands) else None
                    measure, sign = _type(s_text, c, cands, item_dir, sent_target)
                    unit = _unit(s_text, c, nxt) if c.unit != "rank" else "rank"
                    if measure == "target" and unit == "count" and re.search(
                            r"\b(?:position|place)s?\b", s_text[c.end:c.end + 30], re.I):
                        unit = "rank"
                    period = _from_to_periods(s_text, c, cands, reference) or \
                        _period(s_text, c, reference, measure)
                    ca, cb = _clause_bounds(s_text, c.start)
                    clause = s_text[ca:cb]
                    geo = doc.geography
                    nat = national_geography(clause)
                    if nat and not re.search(r"\bthan\s+(?:the\s+)?(?:national|england)", clause, re.I):
                        geo = nat
                    box = _bbox(block, s_off + c.start, s_off + c.end)
                    if box is None:
                        continue
                    value = None if c.value is None else c.value * sign
                    out.append(Observation(
                        indicator=_label(s_text, c, cands) or block.context, indicator_id="",
                        geography=geo, period=period, measure=measure, value=value,
                        value_text=c.text, unit=unit, source_document=doc.name,
                        source_sha256=doc.sha256, page=block.page, bbox=format_bbox(box),
                        method="text:spacy", snippet=" ".join(s_text.split())))
            if _LEAD_OUT.search(item.strip()) and _direction(item):
                lead_dir, lead_bullet = _direction(item[-80:]) or _direction(item), bullet
    return out
