"""Figures in sentences and bullets, and what they measure (spaCy, rule based).

The pipeline is `spacy.blank("en")` plus a sentencizer: no statistical model, so it
works offline and is fast. `text_figures` decides which numbers are figures; this
module types each one from the words around it:

- unit: "%", "£", "per 1,000" after the figure; a comparison inherits the unit of
  the figure it is compared with ("6.2 per 100,000 ... England which was 4.2");
- measure and sign: "reduced by", "fewer", "a 15% reduction", "from X to Y" (two
  actuals), imperative bullets ("Reduce ... by 10%") are targets, "from X" in a target
  is its baseline, "ranks 9/15" and "second highest" are ranks; bullets inherit the
  direction of their lead-in ("decreases of:");
- period: the period printed next to the figure in its clause (a comparison base such
  as "compared with 2015/16" belongs to no other figure), else one opening the
  sentence, else the paragraph's last, else the document's; "so far" is the report's
  own year, a survey's results its survey year, an undated target the next period;
- place: the publisher's area unless the clause names the nation for this figure
  ("national average of 73", not "higher than the national average"), or a comparator
  group ("the average for the group");
- label: the clause in the document's words without the figures and periods; a clause
  that starts "This is ..." or names only a comparator takes the previous subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import spacy

from extractors.pdf.layout import BULLETS
from extractors.personal_data import is_contact_field
from extractors.context.periods import (MONTHS, PeriodMention, find_periods, month_of, period_end, periods_in,
                                        previous_period, span_ends)
from extractors.context.gazetteer import AREAS, find_places
from extractors.context.places import NATIONAL, national_geography
from extractors.context.units import rate_unit
from extractors.text.callouts import join_callouts
from extractors.text.figures import Candidate, candidates, not_a_figure
from extractors.text.phrases import (MAX_CONTENT_WORDS, can_be_verb, content_words, fuller_head, phrase_after,
                                     subject_before, trim)
from extractors.types import Document, Observation, TextBlock, format_bbox, union_bbox

# --------------------------------------------------------------------------- vocabulary
DOWN = r"reduc\w*|decreas\w*|fell|fall\w*|fewer|down|drop\w*|lower|declin\w*|less|cut"
UP = r"increas\w*|ris(?:e|es|en|ing)|rose|up|higher|more|grow\w*|grew|growth|gain\w*"
_DOWN_RE = re.compile(rf"\b(?:{DOWN})\b", re.I)
_UP_RE = re.compile(rf"\b(?:{UP})\b", re.I)
QUAL = r"(?:(?:just|well|a\s+little)\s+)?(?:nearly|almost|around|about|approximately|approx\.?|over|under|" \
       r"some|roughly|no\s+(?:more|less|fewer)\s+than|more\s+than|less\s+than|fewer\s+than|at\s+least|up\s+to|c\.|circa|an?\s+extra|" \
       r"a\s+further|further)"
_CHANGE_BEFORE = re.compile(rf"(?<!\bmake\s)(?<!\bmakes\s)(?<!\bmade\s)(?<!\bmaking\s)\b(?P<dir>{DOWN}|{UP})\b(?:\s+(?:by|of))?\s+(?:{QUAL}\s+)?$", re.I)
_BY_BEFORE = re.compile(rf"\bby\s+(?:{QUAL}\s+)?$", re.I)
# "8.9% below the profiled budget", "2.1 percentage points higher": a stated difference
_CHANGE_AFTER = re.compile(rf"^\s*%?\s*(?:percentage\s+points?\s+|pts?\s+)?(?P<dir>{DOWN}|{UP}|below|above)\b", re.I)
_POINTS_AFTER = re.compile(r"^\s*(?:percentage\s+points?|pts?|pp)\b", re.I)
_SHORTFALL_BEFORE = re.compile(rf"\b(?:shortfall|deficit)\s+of\s+(?:{QUAL}\s+)?$", re.I)
_TARGET_START = re.compile(
    r"^\s*(?:to\s+)?(?:reduce|increase|achieve|improve|decrease|maintain|deliver|raise|lower|cut|"
    r"halve|double|ensure|set\s+up|develop|support|recruit|target|aim|train|provide|complete|"
    r"open|create|build|commission|launch|expand|extend|grow)\b(?!\s+(?:from|of|in)\b)", re.I)
# "from the 2023/24 rate of 1,284": the level a target starts from
_BASELINE_OF = re.compile(r"\bfrom\s+(?:the|its|a|our|current)\s+(?:[\w/-]+\s+){0,4}?(?:rate|level|figure|"
                          r"baseline|value|position|total|number)\s+of\s+$", re.I)
_TARGET_WORD = re.compile(r"\b(?:targets?|aim(?:s|ing)?\s+to)\b(?!-)", re.I)
# a figure a target word binds to: "a target of 65%", "the target is 90%", "aims to reach
# 500", "the 40% target", "an ambition of 50"
_TARGET_BEFORE = re.compile(
    rf"\b(?:targets?|ambitions?|goals?|aims?)(?:\s+(?:for|in)\s+[^,;.]{{0,30}}?)?\s+(?:of|is|was|are|were|at|to\s+be|"
    rf"will\s+be|set\s+at)\s+(?:{QUAL}\s+)?$|\b(?:aim(?:s|ing|ed)?|plan(?:s|ning|ned)?|expect(?:s|ed|ing)?|"
    rf"intend(?:s|ed)?|seek(?:s|ing)?)\s+to\s+(?:\w+\s+){{0,6}}?(?:by\s+|to\s+|at\s+)?(?:{QUAL}\s+)?$|"
    rf"\b(?:targets?|ambitions?)\s*:\s*$", re.I)
# ...of which these name a level to reach, not a change ("a target of 90%")
_TARGET_LEVEL = re.compile(rf"\b(?:targets?|ambitions?|goals?)(?:\s+(?:for|in)\s+[^,;.]{{0,30}}?)?\s+(?:of|is|was|"
                           rf"are|were|at|to\s+be|will\s+be|set\s+at)\s+(?:{QUAL}\s+)?$", re.I)
_TARGET_AFTER = re.compile(r"^\s*%?\s*(?:\w+\s+){0,1}(?:targets?|ambition|goal)\b(?!\s+(?:has|have|had|was|were)\b)", re.I)


def _targets(sent: str, c: Candidate) -> bool:
    """The figure is a target the sentence names: the object of a target word, or the
    figure a target word follows ("the 40% target"). The other figures of the sentence
    (the actual it is compared with) are not."""
    a, b = clause_bounds(sent, c.start)
    before = sent[max(a, c.start - 80):c.start]
    return bool(_TARGET_BEFORE.search(before) or _TARGET_AFTER.match(sent[c.end:b]) or _BENCHMARK.search(before))


# "above the recommended level of 40": a level to reach (gold README, measure)
_BENCHMARK = re.compile(rf"\b(?:recommended|expected|required|benchmark|minimum|maximum|optimal|ideal)\s+"
                        rf"(?:level|rate|standard|figure|threshold|number)\s+(?:of|is|was|at)\s+(?:{QUAL}\s+)?$", re.I)
# "a smaller rise than the 5.4% seen across London": that figure is a change too
_CHANGE_THAN = re.compile(r"\b(?P<dir>rise|increase|fall|drop|reduction|decrease|decline|growth)s?\s+than\s+"
                          r"(?:that\s+of\s+|in\s+)?(?:the\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(
    r";|\bcompared\s+(?:to|with)\b|\bwhilst\b|\bwhile\b|\bwhereas\b|\bversus\b|(?<!violence\s)(?<!crimes\s)(?<!offences\s)\bagainst\s+(?:a|the)\b|"
    r",\s+(?:but|with|which\s+is|above|below)\b|\band\s+(?:an?\s+)?(?=[£\d])(?!(?:19|20)\d\d\b)", re.I)
_COMPARISON_START = re.compile(r"^\W*(?:compared|than|whilst|while|whereas|versus|against|above|below)\b", re.I)
_BASE_BEFORE = re.compile(r"(?:compared\s+(?:to|with)|than(?:\s+in)?|since|on|over|against|versus)\s+(?:the\s+)?"
                          r"(?:(?:end|start|beginning)\s+of\s+(?:the\s+)?)?$", re.I)
_NAME_BEFORE = re.compile(r"\b(?:Strategy|Plan|Act|Programme|Review|Assessment)\s*$")
# "compared with 398 in 2022": the year of a figure compared with, not one that carries on
_COMPARED_YEAR = re.compile(r"\b(?:compared\s+(?:to|with)|than|below|above)\s+(?:the\s+)?[£\d][\d,.]*%?\s+(?:[a-z]+\s+){0,2}(?:in|during)\s+$",
                            re.I)
_RELATIVE_PREV = re.compile(r"\b(?:last|previous|preceding|prior)\s+year\b", re.I)
# "than in the same period last year": the year a comparison is made with, not this figure's
_BASE_PHRASE = re.compile(r"\b(?:than|on|compared\s+(?:to|with)|against)\s+(?:in\s+)?(?:the\s+)?"
                          r"(?:same\s+(?:period|time|quarter|month)\s+)?(?:of\s+)?(?:the\s+)?$", re.I)
_COMPARE_BETWEEN = re.compile(r"\b(?:than|above|below|compared|same\s+as|similar\s+to|in\s+line\s+with|"
                              r"against|versus)\b", re.I)
_GROUP = re.compile(r"\b(?:average\s+(?:for|of)\s+the\s+(?:comparator\s+)?group|group\s+average|"
                    r"comparator\s+(?:group\s+)?average|similar\s+(?:areas|cities|forces|partnerships)\s+average|"
                    r"nearest\s+neighbours?(?:\s+group)?(?:'s?)?\s+average)\b",
                    re.I)
_FILLER = re.compile(
    r"^(?:in\s+addition,?|however,?|also,?|overall,|in\s+total,?|in\s+real\s+terms,?|therefore,?|"
    r"only|around|approximately|nearly|just\s+over|just|over|about|a\s+total\s+of|"
    r"there\s+(?:was|were|is|are|has\s+been|have\s+been)|this\s+(?:is|was|represents)|it\s+(?:is|was))\s+",
    re.I)
_ANAPHOR = re.compile(r"^\W*(?:(?:of|among|amongst)\s+(?:these|those|them|which|this|whom)|this|it|these|those|that|"
                      r"which|there\s+(?:was|were|is|are|has|have))\b", re.I)
_COMPARATOR_ONLY = re.compile(r"^(?:against|ahead\s+of|behind|short\s+of|missing|meeting|within)?\s*(?:an?\s+|the\s+|its\s+|their\s+)?"
                              r"(?:\w+\s+){0,2}(?:targets?|ambition|goal|standard)(?:\s+of)?\b.{0,60}$|"
                              r"^(?:(?:significantly\s+|slightly\s+|much\s+)?(?:above|below|higher\s+than|"
                              r"lower\s+than|than|compared\s+(?:to|with))\s+)?"
                              r"(?:the\s+)?(?:(?:national|england|regional|group|comparator)\s+)?"
                              r"(?:average|rate|figure)(?:\s+(?:for\s+the\s+group|nationally))?(?:\s+(?:is|was|of))?$",
                              re.I)
_NOW = re.compile(r"\bso\s+far\b|\bto\s+date\b|\bha(?:ve|s)\s+(?:now\s+)?been\s+(?:set\s+up|employed|recruited|"
                  r"appointed|established|introduced|opened|launched|trained|created)\b", re.I)
_SURVEY = re.compile(r"\bsurvey\b|\brespondents?\b|\bresidents\s+were\s+asked\b", re.I)
_SURVEY_HELD = re.compile(r"\bsurvey\b.{0,60}\b(?:carried\s+out|conducted|undertaken|took\s+place|ran)\b|"
                          r"\b(?:carried\s+out|conducted|undertaken)\b.{0,40}\bsurvey\b", re.I)
_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(january|february|march|april|may|june|july|august|"
                   r"september|october|november|december)\s+((?:19|20)\d{2})\b", re.I)
_YOUNGEST = re.compile(r"\b(?:youngest|oldest|aged?|age\s+of)\b", re.I)
# "victims aged under 25 rose from 26 to 37": the age defines who is counted
_AGE_BAND = re.compile(r"\baged\s+(?:under|over|between|from)?\s*\d+(?:\s*(?:-|to|and)\s*\d+)?(?!\S*\s*$)", re.I)
_CHANGE_NOUN = re.compile(r"^(?:an?\s+)?(?:increase|rise|fall|reduction|decrease|drop|decline|growth|change|cut)s?\s+"
                          r"(?:in|of)\s+(?:the\s+)?", re.I)
_LEAD_OUT = re.compile(r"(?::|\bof|\bincluding|\bin)\s*$", re.I)


@lru_cache(maxsize=1)
def nlp():
    """A blank English pipeline with rule-based sentence boundaries (no model download)."""
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    return pipe


@dataclass
class Discourse:
    """What earlier sentences of the same paragraph established."""
    period: str = ""     # the last period a sentence named for itself
    subject: str = ""    # the label of the previous figure, or the previous sentence
    survey: bool = False
    heading: str = ""    # a run-in heading opening the paragraph ("5. Anti-social behaviour. ...")


@dataclass
class DocumentContext:
    reference: str       # the period the document reports on
    current: str         # the financial year the document was written in ("so far")
    survey: str          # the year of the survey the document reports
    home: str            # the publisher's area


def next_period(period: str) -> str:
    m = re.fullmatch(r"(\d{4})/(\d{2})", period)
    if m:
        y = int(m.group(1)) + 1
        return f"{y}/{(y + 1) % 100:02d}"
    return str(int(period) + 1) if re.fullmatch(r"\d{4}", period) else ""


def _closing_month(year: str) -> str:
    """The last month of a financial or calendar year ("2023/24" -> "2024-03"); '' for
    any other period (a quarter's report dates its months)."""
    m = re.fullmatch(r"(\d{4})/(\d{2})", year or "")
    if m:
        return f"{int(m.group(1)) + 1}-03"
    return f"{year}-12" if re.fullmatch(r"\d{4}", year or "") else ""


def _year_of(period: str) -> str:
    """The year a period falls in: "2023/24 Q3" -> "2023/24"."""
    m = re.match(r"(\d{4}/\d{2}) Q[1-4]$", period or "")
    return m.group(1) if m else period


def _financial_year(month: int, year: int) -> str:
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def document_context(doc: Document, blocks: list[TextBlock]) -> DocumentContext:
    first_page = " ".join(b.text for b in blocks if b.page == 1)
    current = ""
    m = _DATE.search(first_page)
    if m:
        month = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december"].index(m.group(1).lower()) + 1
        current = _financial_year(month, int(m.group(2)))
    survey = ""
    for b in blocks:
        for s in re.split(r"(?<=[.!?])\s+", b.text):
            if _SURVEY_HELD.search(s):
                years = [p for p in periods_in(s) if re.fullmatch(r"\d{4}(?:-\d{2})?", p)]
                if years:
                    survey = max(years)[:4]
                    break
        if survey:
            break
    return DocumentContext(doc.reference_period, current, survey, doc.geography)


# --------------------------------------------------------------------------- items
def split_items(text: str) -> list[tuple[int, int, str]]:
    """(start, end, bullet char or '') for each bullet item or run of plain text."""
    marks = [m.start() for m in re.finditer(rf"(?:^|(?<=\s))[{re.escape(BULLETS)}](?=\s)", text)
             # a dash inside a sentence ("Serious violence – violence with injury, ... –") is no bullet
             if text[m.start()] not in "–-⁃" or re.search(r"(?:^|[.:;!?)])\s*$", text[:m.start()])]
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


# --------------------------------------------------------------------------- clauses
def clause_bounds(sent: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(sent)
    for at in _clause_breaks(sent):
        if at <= pos:
            start = at
        else:
            end = at
            break
    return start, end


@lru_cache(maxsize=256)
def _clause_breaks(sent: str) -> tuple[int, ...]:
    """Where the sentence's clauses start (cached: asked once for each figure in it);
    "and" in "between X and Y" does not start one."""
    return tuple(m.start() for m in _CLAUSE_BREAK.finditer(sent)
                 if not (m.group(0).lower().startswith("and")
                         and re.search(r"\bbetween\s+\S+\s+$", sent[:m.start()], re.I)))


# --------------------------------------------------------------------------- measure
def _measure(sent: str, c: Candidate, item_dir: int, is_target: bool) -> tuple[str, int]:
    """(measure, sign) of a figure from the words next to it."""
    before, after = sent[:c.start], sent[c.end:]
    if c.measure == "rank":
        return "rank", 1
    if is_target:
        if re.search(r"\bfrom\s+$", before, re.I) or re.search(r"\bequates?\s+to\s+$|\bequivalent\s+to\s+$",
                                                                 before, re.I) \
                or _BASELINE_OF.search(before[-60:]) \
                or re.search(r"\bequates?\s+to\b", after[:60], re.I):
            return "baseline", 1
        if re.search(rf"\bto\s+(?:{QUAL}\s+)?$", before, re.I) or _TARGET_LEVEL.search(before[-80:]):
            return "target", 1        # a level to reach ("a target of 90%"), not a change
        d = _direction(before) or _direction(after[:40]) or item_dir
        if re.search(r"\bimprove\b", before, re.I) and re.search(r"\b(?:position|place)s?\b", after[:30], re.I):
            return "target", -1   # a better rank is a smaller number
        return "target", (-1 if d < 0 else 1)
    if re.search(r"\bfrom\s+$", before, re.I) or re.search(r"\bfrom\s+\S+(?:\s+in\s+\S+)?\s+to\s+$", before, re.I):
        return "actual", 1
    m = _CHANGE_BEFORE.search(before) or _CHANGE_THAN.search(before)
    if m:
        return "change", (-1 if _direction(m.group("dir")) < 0 else 1)
    if _BY_BEFORE.search(before):
        a, _ = clause_bounds(sent, c.start)
        lead = sent[max(a, c.start - 80):c.start]
        d = _direction(lead) or (-1 if re.search(r"\bbelow\b", lead) else 1 if re.search(r"\babove\b", lead) else 0)
        if d:
            return "change", d
    m = _CHANGE_AFTER.match(after)
    if m:
        return "change", (-1 if m.group("dir").lower() == "below" or _direction(m.group("dir")) < 0 else 1)
    if _SHORTFALL_BEFORE.search(before):
        return "change", -1
    if _POINTS_AFTER.match(after):
        return "change", (-1 if _direction(before[-60:]) < 0 else 1)
    if item_dir and re.match(r"^\s*(?:in|of|for)\b", after):
        return "change", item_dir
    return "actual", 1


# --------------------------------------------------------------------------- unit
def _unit(sent: str, c: Candidate, nxt: Optional[Candidate], prev: Optional[Candidate],
          prev_unit: str) -> str:
    if c.unit:
        return c.unit
    after = sent[c.end:]
    stop = nxt.start - c.end if nxt else len(after)
    window = after[:max(stop, 0)][:60]
    m = re.match(r"^\s*to\s+\S+\s+(per\s+[\d,]+)", after)   # "from 911 to 1028 per 100,000"
    rate = rate_unit(window) or (rate_unit(m.group(1)) if m else "")
    if rate:
        return rate
    if re.match(r"^\s*per\s?cent\b", after, re.I) or _POINTS_AFTER.match(after):
        return "percent"
    if re.match(r"^\s*(?:working\s+)?(?:hours?|days?|minutes?|mins?|seconds?|secs?|weeks?)\b", after, re.I):
        return "other"
    if _YOUNGEST.search(sent[max(0, c.start - 60):c.start]) and c.value is not None and c.value < 120 \
            and not _AGE_BAND.search(sent[max(0, c.start - 60):c.start]):
        return "years"
    a, _ = clause_bounds(sent, c.start)
    if prev is not None and prev.start < a and prev_unit not in ("", "count") \
            and _COMPARISON_START.match(sent[a:c.start]):
        return prev_unit   # "6.2 per 100,000 ... compared to England which was 4.2"
    if prev is not None and prev_unit not in ("", "count") and _compared_level(sent, c, prev):
        return prev_unit   # "3.1 per 100,000 ..., below the London rate of 3.9"
    return "count"


# --------------------------------------------------------------------------- period
_BARE_QUARTER = re.compile(r"\b(?:Q|Quarter\s*)([1-4])\b(?!\s*(?:,|of)?\s*(?:19|20)\d{2})")
_TO_DATE = re.compile(r"\b(?:(?:for\s+)?the\s+year\s+to\s+date|year[\s-]to[\s-]date|so\s+far\s+this\s+year|"
                      r"in\s+the\s+year\s+(?:so\s+far|to\s+date))\b", re.I)


_MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS)
_SNAPSHOT_MONTH = re.compile(rf"\b(?i:at|by)\s+the\s+end\s+of\s+({_MONTH_NAMES})\b(?!\s*,?\s*(?:19|20)\d{{2}})")
_SNAPSHOT_PHRASE = re.compile(rf"\b(?:at|by)\s+the\s+end\s+of(?:\s+(?:{_MONTH_NAMES})\b)?", re.I)


def _mentions(sent: str, reference: str = ""):
    """Periods the sentence names. In a report on a quarter, a quarter printed without
    its year ("in Quarter 3") is of the report's year, and "the year to date" runs from
    its first quarter to the report's."""
    found = [p for p in find_periods(sent) if len(p.periods) == 1 and not _NAME_BEFORE.search(sent[:p.start])]
    m = re.fullmatch(r"(\d{4}/\d{2}) Q([1-4])", reference or "")
    if m:
        fy, q = m.groups()
        for b in _BARE_QUARTER.finditer(sent):
            if not any(p.start <= b.start() < p.end for p in found):
                found.append(PeriodMention(b.start(), b.end(), (f"{fy} Q{b.group(1)}",), "quarter"))
        for t in _TO_DATE.finditer(sent):
            span = f"{fy} Q1-{fy} Q{q}" if q != "1" else f"{fy} Q1"
            found.append(PeriodMention(t.start(), t.end(), (span,), "span"))
        found.sort(key=lambda p: p.start)
    if reference and re.match(r"\d{4}", reference):
        # a count "at the end of June" is of that month of the report's year
        for m in _SNAPSHOT_MONTH.finditer(sent):
            found.append(PeriodMention(m.start(1), m.end(1), (month_of(MONTHS[m.group(1).lower()], reference),),
                                       "month"))
        found.sort(key=lambda p: p.start)
    return found


def _is_base(sent: str, p, c: Candidate) -> bool:
    """A period the figure is compared with ("compared with 2015/16", "than ... in July 2015")."""
    if _BASE_BEFORE.search(sent[:p.start]):
        return True
    return p.start >= c.end and bool(re.search(r"\b(?:than|compared\s+(?:to|with)|since)\b",
                                              sent[c.end:p.start], re.I))


def _owner(sent: str, p, cands: list[Candidate]) -> Optional[Candidate]:
    """The figure a period belongs to: the nearest figure before it in its clause
    ("722 offences were committed in 2016/17"), else the first figure after it
    ("In 2017, 76% felt safe")."""
    a, b = clause_bounds(sent, p.start)
    m = _PERIOD_NOUN_OF.match(sent, p.end)
    if m:   # "the 2023 baseline of 73": the period names the figure's own level
        x = next((c for c in cands if c.start == m.end()), None)
        if x is not None:
            return x
    before = [c for c in cands if a <= c.start and c.end <= p.start]
    if before:
        return before[-1]
    after = [c for c in cands if p.end <= c.start < b]
    return after[0] if after else None


_TARGET_PART = re.compile(rf"(?:\bfrom\s+(?:the\s+)?(?:[\w/-]+\s+){{0,3}}?(?:baseline|level|rate|figure)\s+of|"
                          rf"\b(?:from|to))\s+(?:{QUAL}\s+)?$", re.I)
# a figure quoted as the level another is compared with: "..., against a London average of
# 98.9", "above the recommended level of 40", "below the London rate of 3.9"
_COMPARATOR_LEVEL = re.compile(rf"\b(?:against|above|below|than|compared\s+(?:to|with)|versus)\s+(?:an?|the)\s+"
                               rf"(?:[\w'’-]+\s+){{0,3}}?(?:average|rate|level|figure|benchmark|standard)\s+"
                               rf"(?:of|was|is|at)\s+(?:{QUAL}\s+)?$", re.I)


def _compared_level(sent: str, c: Candidate, prev: Candidate) -> bool:
    """The figure is the bare level the figure before it is compared with (no noun of its
    own after it: "the pre-pandemic level of 207 offences" counts offences)."""
    return bool(_COMPARATOR_LEVEL.search(sent[prev.end:c.start])) and \
        not re.match(r"^\s*(?!in\b|for\b|across\b|and\b|at\b|on\b)[A-Za-z]", sent[c.end:])


_PERIOD_NOUN_OF = re.compile(rf"\s+(?:[a-z-]+\s+)?(?:baseline|figure|level|total|rate|average|value|position)\s+"
                             rf"(?:of|was|is|at|stood\s+at)\s+(?:{QUAL}\s+)?", re.I)


def _explicit_period(sent: str, c: Candidate, cands: list[Candidate], measure: str, reference: str = "") -> str:
    """The period the sentence itself gives this figure, or '' ("previous" for "last year")."""
    a, b = clause_bounds(sent, c.start)
    mentions = _mentions(sent, reference)
    own = _own_mentions(sent, c, cands, mentions)
    if own:
        if measure == "change":   # a change is dated by the period it ends in
            return _change_period(sent, max(own, key=lambda p: p.start))
        return _nearest(own, c).periods[0]
    near = sent[max(a, c.start - 40):c.start] + " " + sent[c.end:min(b, c.end + 25)]
    prev = _RELATIVE_PREV.search(near)
    if prev and measure != "change" and not _BASE_PHRASE.search(near[:prev.start()]):
        return "previous"
    first = cands[0].start if cands else len(sent)
    opening = [p for p in mentions if p.end <= min(c.start, first) and not _is_base(sent, p, c)]
    if opening:   # "In 2016/17, ... with a rate of 3.6"; "(Q2 2016/17 to Q1 2017/18), 853 ... and 75%"
        return _change_period(sent, opening[-1]) if measure == "change" else opening[-1].periods[0]
    # "... 1.63% of adults, over 2,600 people, are dependent ..., while 480 were in treatment
    # in 2020/21": one period closing a sentence that compares nothing dates all its figures
    last = cands[-1].end if cands else 0
    closing = {p.periods[0] for p in mentions if p.start >= last and not _is_base(sent, p, c)}
    if len(closing) == 1 and len(mentions) == 1 and not re.search(r"\bcompar\w+|\bthan\b", sent, re.I) \
            and not any(_COMPARED_FIGURE.search(sent[:x.start]) for x in cands):
        return span_ends(closing.pop())[1] if measure == "change" else mentions[0].periods[0]
    return ""


def _change_period(sent: str, p) -> str:
    """The period a change is dated by: the end of a span between two periods ("between
    2019 and 2023"); a run of months printed with one year ("between April and September
    2013") is itself the period the change is over."""
    if p.kind == "span" and (len(re.findall(r"(?:19|20)\d{2}", sent[p.start:p.end])) == 1
                             or re.fullmatch(r"\d{4}-\d\d-\d{4}-\d\d", p.periods[0])):
        return p.periods[0]   # a run of months is the period itself
    return span_ends(p.periods[0])[1]


# what comes just before a figure another is compared with ("compared with the 690", "below 15,620")
_COMPARED_WITH = r"than|on|compared\s+(?:to|with)|against|below|above"
_COMPARED_BEFORE = re.compile(rf"\b(?:{_COMPARED_WITH})\s+(?:the\s+)?$", re.I)
_COMPARED_FIGURE = re.compile(rf"\b(?:from|versus|{_COMPARED_WITH})\s+(?:the\s+)?$", re.I)


def _own_mentions(sent: str, c: Candidate, cands: list[Candidate], mentions) -> list:
    """The periods printed with this figure in its clause that no other figure owns and
    that it is not compared with."""
    a, b = clause_bounds(sent, c.start)
    return [p for p in mentions if a <= p.start < b and _owner(sent, p, cands) is c and not _is_base(sent, p, c)]


def _nearest(mentions, c: Candidate):
    return min(mentions, key=lambda p: min(abs(p.start - c.end), abs(c.start - p.end)))


def _own_period(sent: str, c: Candidate, cands: list[Candidate], reference: str = "") -> str:
    """A period printed with this figure in its clause, that no other figure owns."""
    own = _own_mentions(sent, c, cands, _mentions(sent, reference))
    return _nearest(own, c).periods[0] if own else ""


def _from_to_period(sent: str, c: Candidate, cands: list[Candidate], anchor: str, own: str) -> Optional[str]:
    """In "from X to Y" without periods of their own, X is the earlier period of the
    clause's (else the sentence's) two."""
    before = sent[:c.start]
    is_from = re.search(r"\bfrom\s+$", before, re.I)
    is_to = re.search(r"\bfrom\s+\S+\s+to\s+$", before, re.I)
    if not (is_from or is_to) or own or find_periods(sent[c.end:c.end + 12]):
        return None
    a, b = clause_bounds(sent, c.start)
    mentions = [p for p in find_periods(sent) if len(p.periods) == 1 and p.kind != "span"]
    in_clause = [p for p in mentions if a <= p.start < b]
    if len({p.periods[0] for p in in_clause}) >= 2:
        mentions = in_clause
    # the pair "from X to Y" spans; of several periods, the two printed nearest it
    lo = c.start if is_from else is_to.start()
    to_part = re.match(r"\s+to\s+\S+", sent[c.end:]) if is_from else None
    hi = c.end + (to_part.end() if to_part else 0)
    # not a period a figure printed after the pair owns ("from 71 to 73, and by 38% since 2019")
    mentions = [p for p in mentions if (o := _owner(sent, p, cands)) is None or o.start < hi]
    mentions = sorted(mentions, key=lambda p: max(lo - p.end, p.start - hi, 0))
    named = sorted({p.periods[0] for p in mentions[:2]}, key=period_end)
    if len(named) >= 2:
        return named[0] if is_from else named[-1]
    end = named[0] if named else anchor
    return previous_period(end) if is_from else end


# --------------------------------------------------------------------------- place
def _is_name(sent: str, m: re.Match) -> bool:
    """"National Probation Service", "Public Health England", "Board for England and Wales"."""
    if re.match(r"\s+[A-Z]", sent[m.end():]) and sent[m.start()].isupper():
        return True
    before = sent[:m.start()]
    return bool(re.search(r"[A-Z][a-z]+\s+$", before) and not re.search(r"(?:^|[.;:]\s*)[A-Z][a-z]+\s+$", before)) \
        or bool(re.search(r"[A-Z][a-z]+\s+(?:for|of)\s+$", before))


_BEFORE_FIGURE = re.compile(r"[\s(:,]*(?:of\s+|at\s+|was\s+|is\s+|with\s+)?[(]?\s*$")


def _owned_by_other(sent: str, m: re.Match, c: Candidate, cands: list[Candidate]) -> bool:
    """A place printed right before another figure is that figure's ("(England 581)")."""
    return any(x is not c and x.start >= m.end() and _BEFORE_FIGURE.fullmatch(sent[m.end():x.start])
               for x in cands)


_PLACE_MEASURE = re.compile(r"^\s*(?:average|rate|figure|total|level)\s+(?:of|was|is|at)\s*$", re.I)
_PLACE_AFTER = re.compile(r"^\s*%?\s*(?:[a-z]+\s+){0,2}?(?:across|in|for|throughout)\s+(?:the\s+)?$", re.I)
_SENTENCE_PLACE = re.compile(r"^\W*(?:across|throughout|within)\s+(?:the\s+)?$", re.I)
_WITHIN_AREA = re.compile(r"\bwithin\s+the\s+((?:[A-Z][\w'’-]*\s+)+)(?:[a-z]+\s+)?area\b")


def _other_place(mentions, home: str, fits) -> str:
    """The first area of `mentions` (the gazetteer's, in a text) not the publisher's whose
    context `fits`."""
    for m in mentions:
        if m.text != home and fits(m):
            return national_geography(m.text) if national_geography(m.text) and len(m.text.split()) <= 2 \
                else m.text
    return ""


def _place(sent: str, c: Candidate, home: str, cands: list[Candidate]) -> str:
    before = sent[max(0, c.start - 60):c.start]
    # a place printed right before the figure, its value in brackets or after it ("the
    # North East (1,006 per 100,000)", "England 581", "Wales: 18.7%")
    places = find_places(before, AREAS)
    named = _other_place(places, home, lambda m: bool(_BEFORE_FIGURE.fullmatch(before[m.end:])))
    # "a London average of 98.9", "the London rate of 3.9"
    named = named or _other_place(places, home, lambda m: bool(_PLACE_MEASURE.match(before[m.end:])))
    # "6.2% across London", "the 5.4% seen across London"
    after = sent[c.end:c.end + 60]
    named = named or _other_place(find_places(after, AREAS), home,
                                  lambda m: bool(_PLACE_AFTER.match(after[:m.start]))
                                  and not re.match(r"\s+[A-Z]", after[m.end:]))
    # a sentence opening "Across London, ..." speaks of that place throughout
    named = named or _other_place(find_places(sent[:40], AREAS), home,
                                  lambda m: bool(_SENTENCE_PLACE.match(sent[:m.start])))
    if named:
        return named
    a, b = clause_bounds(sent, c.start)
    within = _WITHIN_AREA.search(sent, a, b)
    if within and within.group(1).strip() != home:
        return within.group(1).strip()      # "within the Northgate regeneration area": a part of the area
    if re.match(r"^\W*and\b", sent[a:c.start], re.I) and a > 0:
        pa, _ = clause_bounds(sent, a - 1)
        first = next((x for x in cands if pa <= x.start < a), None)
        if first is not None:
            for pattern, name in NATIONAL:
                m = pattern.search(sent, pa, first.start)
                if m and not _is_name(sent, m) and not _COMPARE_BETWEEN.search(sent[m.end():first.start]):
                    return name
    for pattern, name in NATIONAL + [(_GROUP, "Comparator group")]:
        for m in pattern.finditer(sent, a, b):
            if _is_name(sent, m) or _owned_by_other(sent, m, c, cands):
                continue
            if m.start() < c.start:
                if name == "Comparator group" or not _COMPARE_BETWEEN.search(sent[m.end():c.start]) \
                        or re.search(r"\b(?:average|rate)\b", sent[m.end():c.start]):
                    return name
            elif not _COMPARE_BETWEEN.search(sent[c.end:m.start()]):
                return name
    return home


# --------------------------------------------------------------------------- label
def _planned(sent: str, c: Candidate) -> bool:
    """The figure's clause speaks of something still to be done: "will", or "to" and a
    verb ("officers to recruit")."""
    a, b = clause_bounds(sent, c.start)
    return any(m.group(1) is None or can_be_verb(m.group(1))
               for m in re.finditer(r"\bwill\b|\bto\s+([a-z]+)\b", sent[a:b]))


# what a comma after the figure adds about its change or comparison, not about what it measures
_APPOSITIVE = re.compile(r",\s+(?:(?:an?|the)\s+(?:\w+\s+)?(?:rise|fall|increase|decrease|reduction|drop|decline|"
                         r"change)s?\b|(?:up|down)\s+(?:from|on)\b|(?:well\s+|significantly\s+)?(?:above|below|"
                         r"higher|lower|compared|than)\b)", re.I)


def _label(sent: str, c: Candidate, cands: list[Candidate]) -> str:
    """The clause without its figures, periods and filler; a clause over the label's cap
    gives way to the phrase that names what the figure counts (phrases.py)."""
    a, b = clause_bounds(sent, c.start)
    clause = sent[a:b]
    spans = [(x.start - a, x.end - a) for x in cands if a <= x.start < b]
    spans += [(p.start - a, p.end - a) for p in find_periods(sent) if a <= p.start < b
              and not _BASE_BEFORE.search(sent[:p.start])]
    chars = list(clause)
    for s, e in spans:
        for i in range(max(s, 0), min(e, len(chars))):
            chars[i] = " "
    text = "".join(chars)
    # a period printed without its year is still a period, not what is measured (blanked
    # to its own length: the figure's offsets still hold)
    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))
    text = _BARE_QUARTER.sub(blank, _SNAPSHOT_PHRASE.sub(blank, text))
    aside = re.search(r"\s[–—]\s", text[c.end - a:])
    if aside:   # "3,245 police officers at 31 March 2024 – the most the force has ever had"
        text = text[:c.end - a + aside.start()]
    aside = _APPOSITIVE.search(text, c.end - a)
    if aside and content_words(_tidy(text[:aside.start()])) >= 2:
        text = text[:aside.start()]   # "Overall crime rose by 1.8% ..., a smaller rise than ..."
    fig = max(c.start - a, 0)
    phrase = phrase_after(text[c.end - a:])
    phrase = phrase and fuller_head(phrase, text[:fig])
    if phrase and c.unit != "percent":
        # a count of a phrase that names itself ("the police recorded 2,614 violence with
        # injury offences in the borough") is labelled by that phrase, not the clause; a
        # share keeps its clause ("45% of respondents felt safe after dark")
        named = _tidy(_CHANGE_NOUN.sub("", phrase))
        if content_words(named) >= 3:
            return trim(named)
    whole = _tidy(text)
    if content_words(whole) <= MAX_CONTENT_WORDS:
        return whole
    phrase = phrase or subject_before(text[:fig], text[c.end - a:])
    rate = re.match(r"\s*((?:[a-z][\w'’-]*\s+){1,3}per\s+[\d,.]+(?:\s+[a-z][\w'’-]*){1,3})", text[c.end - a:])
    phrase = phrase or (rate.group(1) if rate else "")   # "at 68.4 offences per 1,000 residents"
    return trim(_tidy(_CHANGE_NOUN.sub("", phrase)) if phrase else whole)


# Words that say how a figure moved or stands, not what it measures: a label keeps the
# measure ("Knife crime rose by 20%" -> "Knife crime"; the measure column says it rose).
_TREND_WORDS = re.compile(r"(?<![\w-])(?:rose|risen|fell|fallen|dropped|remains?|remained|respectively|now|still|"
                          r"currently|nonetheless|slightly)(?![\w-])", re.I)


def _without_trend_words(label: str) -> str:
    out = _TREND_WORDS.sub(" ", label)
    out = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", out)).strip(" ,;:")
    return out if re.search(r"[A-Za-z]", out) else label


def _tidy(text: str) -> str:
    text = re.sub(rf"^[\s{re.escape(BULLETS)};,]+", "", text)
    text = re.sub(r"^\(?\d{1,3}(?:\.\d{1,3})+[.)]?\s+(?=[A-Z])", "", text)   # a paragraph number ("3.5 ")
    text = re.sub(r"^(?:compared\s+(?:to|with)|whilst|while|whereas|with|and|but|which\s+is)\s+", "", text, flags=re.I)
    for _ in range(3):
        text = _FILLER.sub("", text.strip(" ,.;:-()*"))
    text = re.sub(r"\b(?:in|during|for|from|to|by|of|on|since|between|and)\s*(?=[,.;)*]|$)", " ", text)
    text = re.sub(r"\(\s*\)|\s+([,.;:])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:-()*")


# --------------------------------------------------------------------------- main
def _strip_periods(text: str) -> str:
    for p in reversed(find_periods(text)):
        text = text[:p.start] + " " + text[p.end:]
    return " ".join(_BARE_QUARTER.sub(" ", _SNAPSHOT_PHRASE.sub(" ", text)).split())


def _bbox(block: TextBlock, start: int, end: int):
    boxes = [b for b in block.char_boxes[start:end] if b]
    return union_bbox(boxes) if boxes else None


def _read_sentence(doc: Document, ctx: DocumentContext, block: TextBlock, s_text: str, s_off: int,
                   prefix: str, item_dir: int, is_target: bool, talk: Discourse,
                   at_start: bool = False) -> list[Observation]:
    cands = [c for c in candidates(s_text) if not not_a_figure(c, s_text, prefix)]
    # a sentence that sets a target: its "from the baseline of 73" and "to 66" are the
    # target's baseline and level
    aims = [x for x in cands if _targets(s_text, x)]
    out = []
    prev_unit, sent_subject, prev_head, sent_period, lead_period, prev_label = "", "", "", "", "", ""
    prev_period_of = ""     # the period of the figure before, for one compared with it
    prev_change = 0         # the sign of the figure before when it is a change
    for i, c in enumerate(cands):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        prev = cands[i - 1] if i else None
        measure, sign = _measure(s_text, c, item_dir, is_target or c in aims
                                 or (any(x.start < c.start for x in aims)
                                     and bool(_TARGET_PART.search(s_text[:c.start]))))
        if measure == "actual" and prev is not None and prev_change and c.unit == "percent" \
                and re.fullmatch(r"[^().;%]{0,25}\(\s*", s_text[prev.end:c.start]):
            measure, sign = "change", prev_change   # "increased by 18 offences (1.3%)": the same change
        if measure == "actual" and prev is not None and prev_change and c.unit and c.unit == prev.unit \
                and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", s_text[prev.end:c.start]):
            measure, sign = "change", prev_change   # "by 47% and 8% respectively"
        prev_change = sign if measure == "change" else 0
        unit = "rank" if c.unit == "rank" else _unit(s_text, c, nxt, prev, prev_unit)
        if measure == "target" and unit == "count" and re.search(
                r"\b(?:position|place)s?\b", s_text[c.end:c.end + 30], re.I):
            unit = "rank"
        prev_unit = unit
        compared_with = None
        if measure == "target" and not is_target:
            # a target set against a result ("... so far this year, above the annual target of
            # 500") is for the year unless a period is printed with it
            explicit = _own_period(s_text, c, cands, ctx.reference)
            opening = "" if explicit or not ctx.reference else \
                _explicit_period(s_text, c, cands, measure, ctx.reference)
            if opening not in ("", "previous") and period_end(opening) > period_end(ctx.reference):
                explicit = opening     # "In 2024 we aim to ... to no more than 66"
        else:
            explicit = _explicit_period(s_text, c, cands, measure, ctx.reference) or sent_period
            compared_with = _COMPARED_BEFORE.search(s_text[:c.start])
            if explicit and explicit != "previous" and not compared_with:   # not "down 15% on the 690 in Q3 2022/23"
                sent_period = explicit   # "722 offences ... in 2016/17, a rise of 2%": the 2% is 2016/17's
                if measure != "baseline" and period_end(explicit) > period_end(lead_period or "0") \
                        and not re.search(r"\bfrom\s+$", s_text[:c.start], re.I):   # "down from 5.2 in Q2"
                    lead_period = explicit
        anchor = explicit if explicit not in ("", "previous") else (talk.period or ctx.reference)
        period = None if measure in ("target", "baseline") else \
            _from_to_period(s_text, c, cands, anchor, _own_period(s_text, c, cands, ctx.reference))
        undated = False
        if period is None:
            if explicit == "previous":
                period = previous_period(talk.period or ctx.reference)
            elif explicit:
                period = explicit
            elif measure == "target" and is_target:
                period = next_period(_year_of(ctx.reference)) or ctx.reference   # a plan is for the coming year
            elif measure == "target":
                period = _year_of(ctx.reference)     # the year's target a result is measured against
            elif measure == "baseline":
                period = ctx.reference
            elif ctx.current and _NOW.search(s_text):
                period = ctx.current
            elif talk.survey and ctx.survey:
                period = ctx.survey
            else:
                period = talk.period or ctx.reference
                undated = talk.period in ("", ctx.reference)   # no period nearer than the report's own
        if compared_with and prev and prev_period_of and explicit in ("", sent_period) \
                and _RELATIVE_PREV.search(s_text) and previous_period(prev_period_of):
            # "14,869 compared with 15,296" where the sentence compares with last year
            period = previous_period(prev_period_of)
        if measure == "actual" and explicit not in ("", "previous") and ctx.reference and period == explicit \
                and period_end(explicit) > period_end(ctx.reference) and _planned(s_text, c):
            measure = "target"   # "officers to recruit in 2024/25" in a 2023/24 report: not yet observed
        if period and period == _closing_month(ctx.reference):
            period = ctx.reference     # "at 31 March 2024" in a 2023/24 report closes its year
        elif measure == "target" and re.fullmatch(r"(?:19|20)\d\d-03", period or ""):
            period = _financial_year(3, int(period[:4]))   # "to 1,200 by March 2025": that financial year
        prev_period_of = period if not compared_with else prev_period_of
        label = _label(s_text, c, cands)
        place = _place(s_text, c, ctx.home, cands)
        if re.match(r"^\s*times\s+(?:the|as|that|higher|greater|more|lower)\b", s_text[c.end:], re.I):
            # "three times the national rate": a ratio to the comparator, of the area described
            unit, measure, sign, place = "ratio", "change", 1, ctx.home
        a, _ = clause_bounds(s_text, c.start)
        lead = _strip_periods(s_text[a:c.start]).strip(BULLETS + " ;,")
        lead = re.sub(r"^(?:in|during|between|from|since|for)\b[\s,]*(?:and\b[\s,]*)?", "", lead, flags=re.I).strip(" ,*")
        anaphoric = _ANAPHOR.match(lead) or (a == 0 and _ANAPHOR.match(s_text.strip(BULLETS + " ")))
        compared = place != ctx.home and (
            _COMPARE_BETWEEN.search(label) or _COMPARISON_START.match(s_text[a:c.start]))
        subject = sent_subject or talk.subject
        if not sent_subject and a > 0 and re.match(r"^\W*with\b", s_text[a:c.start], re.I):
            # "Robbery showed the greatest decrease, with 29 fewer offences": the figure
            # describes what the main clause is about
            main = " ".join(_strip_periods(s_text[:a]).strip(BULLETS + " ,;").split()[:10])
            subject = main if main and not any(x.start < a for x in cands) else subject
        if prev is not None and prev_label and _compared_level(s_text, c, prev):
            label = prev_label       # the level compared with measures what the figure before does
        elif re.match(r"^\W*and\b", s_text[a:c.start], re.I) and prev_head:
            label = f"{prev_head} {label}".strip()   # "... an issue for 49% of NPS ... and 40.5% of CRC ..."
        elif subject and (anaphoric or len(label.split()) < 3 or _COMPARATOR_ONLY.match(label) or compared):
            label = f"{subject}: {label}" if label else subject
        label = trim(_without_trend_words(_with_heading(label, talk.heading)))
        prev_label = label
        sent_subject = sent_subject or label
        head = _strip_periods(s_text[a:c.start]).strip(BULLETS + " ,;")
        if not re.match(r"^(?:and|compared|than)\b", head, re.I):
            prev_head = " ".join(head.split()[-12:])
        box = _bbox(block, s_off + c.start, s_off + c.end)
        if box is None:
            continue
        out.append(Observation(
            indicator=label or block.context, indicator_id="",
            geography=place, period=period, measure=measure,
            value=None if c.value is None else c.value * sign, value_text=c.text, unit=unit,
            source_document=doc.name, source_sha256=doc.sha256, page=block.page,
            bbox=format_bbox(box), method="text:spacy", snippet=" ".join(s_text.split()),
            evidence={"period": "document" if undated else "sentence" if period else "none",
                      "area": "publisher" if place == ctx.home else "named in the text",
                      "label": "sentence" if label else "heading"}))
    # what this sentence leaves for the next one
    named = [p for p in _mentions(s_text) if not _BASE_BEFORE.search(s_text[:p.start])
             and not _COMPARED_YEAR.search(s_text[:p.start])]
    if lead_period:   # the latest period a figure is dated by carries on, not one it is compared with
        talk.period = lead_period
    elif named:
        talk.period = span_ends(named[-1].periods[0])[1] if named[-1].kind == "span" and not \
            re.search(r"\(", s_text[max(0, named[-1].start - 2):named[-1].start]) else named[-1].periods[0]
    if out:
        talk.subject = out[0].indicator
    elif _NUMBERING.match(s_text):
        pass                     # a paragraph number split off as a sentence ("2.")
    else:
        first = re.split(r"[,;:]", s_text.strip(BULLETS + " "))[0]
        talk.subject = " ".join(first.split()[:12])
        if at_start and _RUN_IN.fullmatch(s_text.strip()):
            talk.heading = s_text.strip().rstrip(".")
    return out


# a run-in heading: a few capitalised words and a full stop opening a paragraph
_RUN_IN = re.compile(r"(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]\s+)?[A-Z][\w'’-]*(?:\s+[\w'’&-]+){0,4}\.")


# headings that name a part of the report, not what is measured
_PART_HEADING = re.compile(r"^\W*(?:\d[\d.]*\W*)?(?:summary|introduction|background|overview|conclusions?|"
                           r"recommendations?|notes?|purpose|key (?:points|messages|findings)|highlights)\W*$", re.I)


def _with_heading(label: str, heading: str) -> str:
    """A paragraph's run-in heading names what a figure counts when its clause does not
    ("5. Anti-social behaviour. Reported incidents rose by 216")."""
    def stems(text: str) -> set[str]:
        return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{3,}", text)}
    if not heading or stems(heading) & stems(label) or _PART_HEADING.match(heading):
        return label
    if not label:
        return heading
    both = f"{heading}: {label}"
    return both if content_words(both) <= MAX_CONTENT_WORDS else label   # the label's own words first


_NUMBERING = re.compile(r"^\s*\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[ivx]{1,5}|[a-z])[.)]?\s*$", re.I)


def numbering_blocks(blocks: list[TextBlock]) -> set[int]:
    """Blocks that are paragraph or item numbers printed in a column of their own ("1.1"
    beside its paragraph): a bare number in body-size type with text starting just to
    its right on the same line. A big number with its label beside it is a callout."""
    out = set()
    for i, b in enumerate(blocks):
        if not _NUMBERING.match(b.text):
            continue
        height = b.bbox[3] - b.bbox[1]
        for o in blocks:
            if o is b or o.page != b.page or o.bbox[3] < b.bbox[1] or o.bbox[1] > b.bbox[3]:
                continue
            # a character of another block on this line, starting just to the right, in
            # type of about this size (a paragraph beside its number)
            if any(x is not None and abs(x[1] - b.bbox[1]) <= 0.6 * height and 0 < x[0] - b.bbox[2] < 8 * height
                   and (x[3] - x[1]) * 1.3 >= height for x in o.char_boxes):
                out.add(i)
                break
    return out


def text_observations(doc: Document, blocks: list[TextBlock]) -> list[Observation]:
    ctx = document_context(doc, blocks)
    blocks = join_callouts(blocks)
    out = []
    numbers = numbering_blocks(blocks)
    for i, block in enumerate(blocks):
        if is_contact_field(block.text, block.context) or i in numbers:
            continue   # a contact block (Name:, Tel:, E-mail:) holds no indicator figure
        talk = Discourse(survey=bool(_SURVEY.search(block.text)))
        lead_dir, lead_bullet = 0, None
        list_period, in_list = "", False
        for a, b, bullet in split_items(block.text):
            item = block.text[a:b]
            if bullet and not in_list:
                list_period = talk.period
            if bullet:   # sibling bullets are separate statements: a period carries from the lead only
                talk.period = list_period
            in_list = bool(bullet)
            if lead_bullet is not None and (bullet == lead_bullet or not bullet):
                lead_dir, lead_bullet = 0, None
            # an imperative item is a target, numbered ("7.1 Reduce ...") or not
            is_target = bool(_TARGET_START.match(re.sub(r"^\(?\d{1,3}(?:\.\d{1,3})*[.)]?\s+", "",
                                                        item.lstrip(BULLETS + " "))))
            for sent in nlp()(item).sents:
                prefix = block.context if sent.start_char == 0 and a == 0 else ""
                opens = not item[:sent.start_char].strip() or bool(_NUMBERING.match(item[:sent.start_char]))
                out += _read_sentence(doc, ctx, block, sent.text, a + sent.start_char, prefix,
                                      lead_dir, is_target, talk, at_start=opens)
            if _LEAD_OUT.search(item.strip()) and _direction(item):
                lead_dir, lead_bullet = _direction(item[-80:]) or _direction(item), bullet
    return out
