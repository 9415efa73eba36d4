"""Events on a timeline take the month they are pinned to.

An infographic's "our year" strip prints the months along an axis (APR MAY ... MAR,
with the year under the first month of each year) and hangs each event's text above or
below it on a short connector line. The event's figures are dated by that month, not by
the document's year, so the block is read as if it opened with the month ("September
2023: Op Sceptre: 540 knives surrendered").
"""
from __future__ import annotations

import re
from dataclasses import replace

from extractors.context.periods import MONTHS
from extractors.pdf.layout import PageLayout
from extractors.types import TextBlock

MIN_MONTHS = 6          # an axis prints at least this many month names on one line
REACH = 15              # an event hangs within this many axis-label heights of the axis
_MONTH = re.compile(r"^(%s)[a-z]*\.?$" % "|".join(m[:3] for m in MONTHS), re.I)
MONTH_NAMES = sorted(MONTHS, key=MONTHS.get)
MONTH_BY_ABBR = {m[:3]: n for m, n in MONTHS.items()}
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def _axis(lay: PageLayout):
    """(months [(x centre, month number, word)], row top, row bottom) of the first line
    that prints MIN_MONTHS month names or more, or None."""
    rows: dict[int, list] = {}
    for w in lay.words:
        m = _MONTH.match(w.text)
        if m and (w.text.isupper() or w.text[:1].isupper()):
            rows.setdefault(round(w.top), []).append(w)
    for _, ws in sorted(rows.items()):
        names = {w.text[:3].lower() for w in ws}
        if len(names) >= MIN_MONTHS:
            months = sorted(((w.x0 + w.x1) / 2, MONTH_BY_ABBR[w.text[:3].lower()], w) for w in ws)
            return months, min(w.top for w in ws), max(w.bottom for w in ws)
    return None


def date_by_timeline(lay: PageLayout, blocks: list[TextBlock]) -> list[TextBlock]:
    found = _axis(lay)
    if not found:
        return blocks
    months, top, bottom = found
    h = bottom - top
    # the year printed under (or over) a month starts that year on the axis
    years = sorted(((w.x0 + w.x1) / 2, w.text) for w in lay.words
                   if _YEAR.match(w.text) and abs(w.top - bottom) < 2.5 * h)
    if not years:
        return blocks
    out = []
    for b in blocks:
        if top - REACH * h <= b.bbox[3] <= top or bottom <= b.bbox[1] <= bottom + REACH * h:
            # the connector: a vertical rule under or over the block, between it and the axis
            xs = [(r[0] + r[2]) / 2 for r in lay.v_rules
                  if b.bbox[0] <= (r[0] + r[2]) / 2 <= b.bbox[2]
                  and (r[1] >= b.bbox[3] - 2 and r[3] <= top + h or r[3] <= b.bbox[1] + 2 and r[1] >= top - h)]
            if xs and not _MONTH.match(b.text.split()[0]):
                x = xs[0]
                cx, month, _ = min(months, key=lambda m: abs(m[0] - x))
                year = [y for yx, y in years if yx <= cx + h]
                if year:
                    name = MONTH_NAMES[month - 1].capitalize()
                    prefix = f"{name} {year[-1]}: "
                    b = replace(b, text=prefix + b.text, char_boxes=[None] * len(prefix) + b.char_boxes)
        out.append(b)
    return out
