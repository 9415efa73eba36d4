"""Personal data (people's names, e-mail addresses, phone numbers) kept out of published rows.

Rule based, never keyed on a document's own names (no statistical NER model is available):

- e-mail addresses: `local@domain.tld`;
- phone numbers: UK numbers by their grouping (`023 8083 3613`, `02380 833613`,
  `0161 496 0000`, `07700 900123`, `(023) 8083 3613`), international ones with a `+`
  (`+44 23 8083 3613`), and any number after a `Tel`/`Telephone`/`Fax` label or a
  `Phone:`/`Mobile:` field (`Tel: 101`). Statistics are not phones: a figure with a
  thousands comma (`30,883`), a decimal point, a `/` (`2016/17`), a `%` or a currency
  sign is never matched, and a bare number needs a leading 0 and 10-11 digits;
- people's names: a labelled field (`Name:`, `Author:`, `Contact:`, `Director Name:`,
  `Lead officer:` ...) followed by two or more capitalised words, a title or rank (`Mr`,
  `Dr`, `Cllr`, `Councillor`, `Superintendent`, `Chief Inspector` ...) followed by
  capitalised words, and the local part of an e-mail address (`alison.heydari@...` ->
  "Alison Heydari"). Words naming an organisation or a role ("Community Safety Team",
  "City Council") are never taken for a name.

`people_in(texts)` collects the names of one document, so a name found in its contact
block is also redacted where it is printed without a label or title; `redact(text,
names)` replaces personal data with `[name]`, `[e-mail]`, `[phone]`.
"""
from __future__ import annotations

import re
from typing import Iterable

# --------------------------------------------------------------------------- e-mail
EMAIL_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"

# --------------------------------------------------------------------------- phone
# Not glued to a word or to a number's punctuation ("1,087", "2016/17", "£0", "-0.5").
_START = r"(?<![\w.,/£$€+-])"
_END = r"(?![\w%]|[.,/]\d)"
_UK = (r"\(?0\d{2}\)?[ -]?\d{4}[ -]?\d{4}"        # 023 8083 3613, 020 7946 0000
       r"|\(?0\d{3}\)?[ -]?\d{3}[ -]?\d{3,4}"     # 0161 496 0000, 0800 123 456
       r"|\(?0\d{4}\)?[ -]?\d{3}[ -]?\d{3}"       # 01632 960 001
       r"|\(?0\d{4}\)?[ -]?\d{5,6}"               # 02380 833613, 07700 900123
       r"|0\d{9,10}")                             # 02380833613
_INTERNATIONAL = r"\+\d{1,3}[ -]?(?:\(0\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){2,3}"   # +44 (0)23 8083 3613
_DIGITS = r"\+?\(?\d[\d ()-]*\d"
# "Tel 101", "Tel: 023...", "Telephone no. 101", "Phone: 101", "Mobile number: 07700 ..."
# ("phone"/"mobile" are common nouns, so they need a colon or "no."/"number").
_LABELLED = (r"(?i:\b(?:tel(?:ephone)?|fax)\b\.?(?:\s*(?:no\.?|number))?\s*:?"
             r"|\b(?:phone|mobile|mob)\b(?:\s*(?:no\.?|number)\s*:?|\s*:))\s*" + _DIGITS)
PHONE_PATTERN = rf"{_START}(?:{_INTERNATIONAL}|{_UK}){_END}|{_LABELLED}{_END}"

# One pattern for both, as the validation suite uses it ("a row carries contact details").
CONTACT_PATTERN = rf"{EMAIL_PATTERN}|{PHONE_PATTERN}"

EMAIL_RE = re.compile(EMAIL_PATTERN)
PHONE_RE = re.compile(PHONE_PATTERN)
CONTACT_RE = re.compile(CONTACT_PATTERN)

# --------------------------------------------------------------------------- names
# Words that name an organisation, a place type or a role, never part of a person's name.
_NOT_NAME = frozenset("""
council city county borough district parish town village team teams service services safety safe
safer community communities partnership partnerships department directorate division office officer
officers unit board committee group groups police constabulary force fire rescue health trust nhs
authority authorities government ministry home street road lane avenue house centre center hall civic
crime crimes youth justice strategy strategic manager management head director directors chair
chairman chairperson executive commissioner commissioners member members portfolio holder leader
deputy assistant senior principal lead adviser advisor coordinator co-ordinator project programme
the of and for to in on at by with none not applicable tbc tbd n/a performance policy research
intelligence data analysis analyst analytics report reports overview scrutiny support admin
administration enquiries enquiry info information contact contacts customer customers public general
mailbox helpdesk cabinet area areas region regional national local university college school
schools court courts probation prison prisons victim victims offender offenders partners agency
agencies network forum panel secretariat democratic governance legal finance housing planning
environment environmental transport education children adults adult social care family families
tel telephone phone mobile fax email e-mail address website web ext extension name author date
subject decision-maker decision recommendations summary confidentiality statement details
""".split())
_TITLE = (r"(?:Chief\s+Superintendent|Chief\s+Inspector|Chief\s+Constable|Detective\s+(?:Chief\s+)?"
          r"(?:Superintendent|Inspector|Sergeant|Constable)|Superintendent|Inspector|Sergeant|Sgt|"
          r"Constable|Councillor|Cllr|Mrs|Mr|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Revd|Rev)")
_WORD = r"(?:(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)"
_INITIAL = r"(?:[A-Z]\.?)"
_TITLED_RE = re.compile(rf"\b{_TITLE}\.?\s+(?P<name>(?:{_INITIAL}\s+){{0,2}}{_WORD}(?:\s+{_WORD}){{0,2}})\b")
_LABEL = (r"(?i:\b(?:(?:report\s+)?author|contact(?:\s+officer)?|lead\s+officer|responsible\s+officer|"
          r"officer|director|chair(?:man|person)?|prepared\s+by|written\s+by)(?:\s*name)?|(?<![A-Za-z]\s)\bname)\s*:\s*")
_LABELLED_RE = re.compile(rf"(?:{_LABEL})+(?:{_TITLE}\.?\s+)?(?P<name>{_WORD}(?:\s+{_WORD}){{1,3}})")
_EMAIL_LOCAL_RE = re.compile(r"([A-Za-z][A-Za-z'’-]*(?:[._][A-Za-z][A-Za-z'’-]*){1,2})@")


def find_emails(text: str) -> list[str]:
    return EMAIL_RE.findall(text)


def find_phones(text: str) -> list[str]:
    return [m.group(0) for m in PHONE_RE.finditer(text)]


def _trim(name: str) -> str:
    """The name without trailing words that are labels or roles ("Mitch Sanders Tel")."""
    words = name.split()
    while words and words[-1].lower().strip(".") in _NOT_NAME:
        words.pop()
    return " ".join(words)


def _is_name(name: str, min_words: int) -> bool:
    words = name.split()
    return len(words) >= min_words and not any(w.lower().strip(".") in _NOT_NAME for w in words)


def names_from_email(address: str) -> list[str]:
    """"alison.heydari@x" -> ["Alison Heydari"]; role mailboxes ("community.safety@") give none."""
    m = _EMAIL_LOCAL_RE.match(address)
    if not m:
        return []
    parts = re.split(r"[._]", m.group(1))
    if any(len(p) < 2 or p.lower() in _NOT_NAME for p in parts):
        return []
    return [" ".join(p[:1].upper() + p[1:].lower() for p in parts)]


def find_names(text: str) -> list[str]:
    """Names printed in a labelled field, after a title, or in an e-mail address."""
    out = []
    for m in _LABELLED_RE.finditer(text):
        name = _trim(m.group("name"))
        if _is_name(name, 2):
            out.append(name)
    for m in _TITLED_RE.finditer(text):
        name = _trim(m.group("name"))
        if name and _is_name(name, 1):
            out.append(name)
    for address in find_emails(text):
        out += names_from_email(address)
    return list(dict.fromkeys(out))


def people_in(texts: Iterable[str]) -> set[str]:
    """The names (two words or more) found in one document's texts, to redact wherever
    else that document prints them."""
    names: set[str] = set()
    for t in texts:
        if t:
            names.update(n for n in find_names(t) if len(n.split()) >= 2)
    return names


def _name_re(name: str) -> re.Pattern:
    words = name.split()
    return re.compile(r"\b" + r"[\s.]+".join(re.escape(w.strip(".")) for w in words) + r"\b", re.I)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """`text` with e-mail addresses, phone numbers and people's names replaced by
    `[e-mail]`, `[phone]`, `[name]` (a title is kept: "Superintendent [name]")."""
    if not text:
        return text
    spans: list[tuple[int, int, str]] = []

    def add(a: int, b: int, tag: str):
        if not any(a < e and s < b for s, e, _ in spans):
            spans.append((a, b, tag))

    for m in EMAIL_RE.finditer(text):
        add(m.start(), m.end(), "[e-mail]")
    for m in PHONE_RE.finditer(text):
        a = m.start() + len(re.match(r"\D*", m.group(0)).group(0).rstrip("+("))  # keep the label
        add(a, m.end(), "[phone]")
    # whole names wherever printed; a one-word name only where its title or label is (below)
    found = {n for n in set(names) | set(find_names(text)) if len(n.split()) >= 2}
    for name in sorted(found, key=len, reverse=True):
        for m in _name_re(name).finditer(text):
            add(m.start(), m.end(), "[name]")
    for rx in (_LABELLED_RE, _TITLED_RE):
        for m in rx.finditer(text):
            name = _trim(m.group("name"))
            if name and _is_name(name, 2 if rx is _LABELLED_RE else 1):
                add(m.start("name"), m.start("name") + len(name), "[name]")
    for a, b, tag in sorted(spans, reverse=True):
        text = text[:a] + tag + text[b:]
    return text


def has_contact_details(text: str) -> bool:
    """An e-mail address or a phone number (what the validation suite quarantines)."""
    return bool(text) and CONTACT_RE.search(text) is not None


_CONTACT_LABEL = re.compile(
    r"(?i)(?:^|[\s:|])(?:(?:report\s+)?author|contact(?:\s+officer)?|director\s+name|(?<![A-Za-z]\s)name|"
    r"tel(?:ephone)?|phone|mobile|fax|e-?mail|address)\s*:\s*$")

_CONTACT_START = re.compile(
    r"(?i)\W*(?:contact\s+details|(?:report\s+)?author\s*:|contact(?:\s+officer)?\s*:|"
    r"(?:director\s+)?name\s*:|tel(?:ephone)?\b|phone\s*:|mobile\s*:|fax\b|e-?mail\s*:)")


def is_contact_field(text: str, context: str = "") -> bool:
    """A cell or line of a contact block: its label (the text before it on the page) is
    Name/Author/Contact/Tel/E-mail..., it is itself only an e-mail address or phone number,
    or it is a short block that opens with such a label and holds an e-mail or phone number.
    Such text holds no indicator figure, so it is not read for figures at all."""
    t = text.strip()
    if context and _CONTACT_LABEL.search(context.strip()):
        return True
    if len(t) < 300 and _CONTACT_START.match(t) and has_contact_details(t):
        return True    # a short line or block of contact fields ("Name: ... Tel: ...")
    rest = CONTACT_RE.sub("", t)
    return bool(t) and not re.search(r"\w", rest)


def redact_observations(rows: list, names: Iterable[str] = ()) -> list:
    """Rows with personal data replaced in their text columns. A row whose figure was
    itself part of a phone number or an e-mail address (printed in the snippet, gone from
    the redacted snippet) is dropped: it is contact data, not a figure."""
    names = set(names)
    kept = []
    for row in rows:
        snippet = redact(row.snippet, names)
        figure = row.value_text.strip()
        if figure and figure in row.snippet and figure not in snippet:
            continue
        if has_contact_details(row.value_text):
            continue
        row.snippet = snippet
        row.indicator = redact(row.indicator, names)
        row.geography = redact(row.geography, names)
        kept.append(row)
    return kept
