"""What a figure in a sentence counts, as an analyst would key it: a rule-based chunker.

No statistical model is used (none installs from the registries; see the README). Words
are tagged from closed classes listed here (determiners, prepositions, auxiliaries) and
from WordNet's part-of-speech lexicon as shipped by the PyPI package
`spacy-lookups-data` (base forms per part of speech, irregular forms, suffix rules).
Two shapes cover most reporting prose:

- the figure quantifies the noun phrase after it: "8,400 children live in low-income
  households", "45% of respondents felt safe after dark" -> that phrase, with the
  predicate that describes it ("children live in low-income households");
- the figure completes a predicate: "Hospital admissions ... were 581 per 100,000",
  "Overall crime rose by 1.8%", "Council Tax collection reached 82.4%" -> the subject
  before the verb.

The caller has already blanked the figures and periods of the clause.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_CONTENT_WORDS = 12   # a label's cap; a longer clause is cut down to the phrase naming the figure

DETERMINERS = frozenset("the a an this that these those its their our his her all each every some any "
                        "both such another".split())
PREPOSITIONS = frozenset("of in on at by for from to with within without between during since over under "
                         "across among amongst against than per into through after before around about via "
                         "towards toward upon onto off".split())
CONJUNCTIONS = frozenset("and or but nor while whilst whereas although though because so yet".split())
AUXILIARIES = frozenset("is are was were be been being am has have had having do does did will would shall "
                        "should can could may might must".split())
ADVERBS = frozenset("also now still only just nearly almost around about approximately approx roughly over "
                    "under more less fewer than least most not already further again then some well "
                    "significantly slightly much far".split())
# nouns that head a phrase the figure is a value of, not what it counts ("an average of 8")
MEASURE_NOUNS = frozenset("average total rate figure level score value number count proportion share "
                          "percentage sum amount".split())
# nouns that are the figure's unit, not its subject ("8 days to process", "73 crimes per 1,000")
UNIT_NOUNS = frozenset("per cent percent pts pt points point days day hours hour minutes minute weeks week "
                       "months month years year times seconds second pounds".split())
COMPARATIVES = frozenset("fewer more less additional extra further new".split())
STOP_AFTER = frozenset({"which", "who", "where", "when", "compared", "than", "whilst", "while", "whereas",
                        "although", "because", "but", "so", "meaning", "equating", "equates", "representing",
                        "making", "bringing", "giving", "putting", "against"})
_WORD = re.compile(r"[A-Za-z][\w'’&/-]*(?::[A-Za-z][\w'’&/-]*)*|[(),;:.%£–—]")   # "Safe:Space" is one word
BREAKS = (",", ";", ":", "(", ")", "–", "—")


@dataclass(frozen=True)
class Lexicon:
    nouns: frozenset[str]
    verbs: frozenset[str]
    adjectives: frozenset[str]
    irregular_verbs: frozenset[str]   # inflected forms ("rose", "fell", "took")
    verb_rules: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    import spacy_lookups_data
    data = Path(spacy_lookups_data.__file__).resolve().parent / "data"

    def load(name: str) -> dict:
        with gzip.open(data / name, "rt", encoding="utf-8") as f:
            return json.load(f)
    index, exc, rules = load("en_lemma_index.json.gz"), load("en_lemma_exc.json.gz"), load("en_lemma_rules.json.gz")
    return Lexicon(frozenset(index["noun"]), frozenset(index["verb"]), frozenset(index["adj"]),
                   frozenset(exc["verb"]), tuple(tuple(r) for r in rules["verb"]))


def _verb_form(word: str) -> bool:
    """An inflected verb form: "rose", "reached", "remains", "living"."""
    lex = lexicon()
    if word in lex.irregular_verbs:
        return True
    for suffix, repl in lex.verb_rules:
        if suffix and word.endswith(suffix) and word[:-len(suffix)] + repl in lex.verbs:
            return True
    return False


def can_be_verb(word: str) -> bool:
    w = word.lower()
    return w in AUXILIARIES or w in lexicon().verbs or _verb_form(w)


def is_verb(word: str) -> bool:
    """A word that is read as a verb wherever it stands: an auxiliary, a past or present
    participle or irregular form, or a base form that is never a noun or adjective."""
    w = word.lower()
    if w in AUXILIARIES:
        return True
    lex = lexicon()
    if w in lex.irregular_verbs or (w.endswith(("ed", "ing")) and _verb_form(w)):
        return True
    return w in lex.verbs and w not in lex.nouns and w not in lex.adjectives


def _tokens(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


def _function(w: str) -> bool:
    w = w.lower()
    return w in DETERMINERS or w in PREPOSITIONS or w in ADVERBS or w in CONJUNCTIONS


def phrase_after(after: str) -> str:
    """The noun phrase the figure quantifies and its predicate, or "" when the words after
    the figure are its unit, a preposition or a new clause."""
    toks = _tokens(after)
    i = 0
    while i < len(toks) and toks[i].group(0).lower() in ("%", "per", "cent", "percent", "pts", "pp"):
        if toks[i].group(0).lower() == "per":   # "581 per 100,000": a rate of the subject
            return ""
        i += 1
    if i < len(toks) and toks[i].group(0).lower() == "of":       # "45% of respondents"
        i += 1
    # "22 fewer young people", "two additional officers": the comparison is the measure's
    while i < len(toks) and toks[i].group(0).lower() in DETERMINERS | COMPARATIVES:
        i += 1
    if i >= len(toks):
        return ""
    first = toks[i].group(0)
    low = first.lower()
    if not first[0].isalpha() or low in PREPOSITIONS or low in CONJUNCTIONS or low in UNIT_NOUNS \
            or low in STOP_AFTER or low in AUXILIARIES or is_verb(first) and not first[0].isupper():
        return ""
    if i + 1 < len(toks) and toks[i + 1].group(0).lower() == "per":
        return ""        # "73 crimes per 1,000 population": the unit of the subject's rate
    start = toks[i].start()
    end = toks[i].end()
    for t in toks[i + 1:]:
        w = t.group(0)
        if w in BREAKS or w.lower() in STOP_AFTER:
            break
        end = t.end()
    return after[start:end]


def _tail(after: str) -> str:
    """What the clause says after the figure: its unit phrase and complement ("working
    days per full-time equivalent employee", "within the service standard"), up to a
    comparison or a new clause."""
    toks = _tokens(after)
    end = 0
    for t in toks:
        w = t.group(0)
        if w in BREAKS or w.lower() in STOP_AFTER or w.lower() in ("above", "below"):
            break
        end = t.end()
    return after[:end].strip()


def subject_before(before: str, after: str = "") -> str:
    """The subject of the verb the figure completes and the clause's words after the
    figure, without the verb ("Complaint response times have fallen to 84.2% within the
    service standard" -> "Complaint response times within the service standard"), or ""
    when no verb stands between the subject and the figure."""
    toks = _tokens(before)
    i = len(toks) - 1
    # the words between the verb and the figure: "to", "by", "an average of", "around"
    while i >= 0:
        w = toks[i].group(0).lower()
        if w in PREPOSITIONS or w in DETERMINERS or w in ADVERBS or w in ("%", "£"):
            i -= 1
        elif w in MEASURE_NOUNS and i + 1 < len(toks) and toks[i + 1].group(0).lower() == "of":
            i -= 1
        else:
            break
    if i < 0 or not can_be_verb(toks[i].group(0)) or toks[i].group(0)[0].isupper() and i > 0:
        return ""
    if i > 0 and toks[i - 1].group(0).lower() in DETERMINERS:
        return ""        # "against a target of 90%": a noun, not a verb
    # the verb group: "has also risen", "were", "stood"
    verb_end = toks[i].start()
    i -= 1
    while i >= 0 and (toks[i].group(0).lower() in AUXILIARIES or toks[i].group(0).lower() in ADVERBS
                      or toks[i].group(0).lower().endswith("ly")):
        verb_end = toks[i].start()
        i -= 1
    if i < 0:
        return ""
    # "Serious violence – violence with injury, ..., knife crime – rose": the aside is no subject
    subject = re.sub(r"\s[–—]\s[^–—]*\s[–—](?=\s|$)", " ", before[:verb_end])
    # an adverbial or a reporting frame before a comma is not the subject ("In 2016/17, ...")
    subject = re.split(r"[,;:]\s*", subject)[-1]
    subject = re.sub(r"^.*\b(?:that|showed|shows|found|finds)\s+", "", subject, flags=re.I).strip()
    if not subject:
        return ""
    return f"{subject} {_tail(after)}".strip()


def fuller_head(phrase: str, before: str) -> str:
    """A noun phrase after the figure that repeats a head noun the sentence has already
    described more fully takes that description ("In terms of drug related offences ...,
    a total of 722 offences were committed" -> "drug related offences were committed")."""
    toks = _tokens(phrase)
    if not toks:
        return phrase
    head = toks[0].group(0)
    m = None
    for m in re.finditer(rf"((?:[\w'’-]+\s+){{1,3}}){re.escape(head)}\b", before):
        pass
    if m is None:
        return phrase
    mods = m.group(1).split()
    while mods and (_function(mods[0]) or mods[0].lower() in AUXILIARIES):
        mods.pop(0)
    return f"{' '.join(mods)} {phrase}" if mods else phrase


_CONTENT = re.compile(r"[A-Za-z0-9]+")


# the usual English stop-word list: what a reader does not count as a label's words
STOP_WORDS = frozenset("""
a about above after against all also am an and any are as at be been before being below between both but by
can could did do does doing down during each else few for from further had has have having he her here hers
him his how i if in into is it its itself just may me might more most must my no nor not now of off on once
only or other our ours out over own per re s same shall she should so some such than that the their theirs
them then there these they this those through to too under until up upon very via was we were what when
where which while who whom whose why will with within without would you your""".split())


def _content_tokens(label: str) -> list[re.Match]:
    """Content words as a reader counts them: letter and digit runs that are not stop
    words ("per 100,000" has two: "100" and "000")."""
    return [m for m in _CONTENT.finditer(label) if m.group(0).lower() not in STOP_WORDS]


def trim(label: str) -> str:
    """At most MAX_CONTENT_WORDS content words, the first ones (the subject comes first)."""
    content = _content_tokens(label)
    if len(content) <= MAX_CONTENT_WORDS:
        return label
    return label[:content[MAX_CONTENT_WORDS - 1].end()].strip(" ,;:(")


def content_words(label: str) -> int:
    return len(_content_tokens(label))

