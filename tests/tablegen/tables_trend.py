"""Time series: one indicator (crime type, service count, health rate) per row, periods
across in the many spellings reports use, then change and % change columns dated by the
period they end in."""

from __future__ import annotations

from .banks import CRIMES, GROUPS_CRIME, HEALTH, KPI, Ind
from .builder import Ctx, TableBuilder
from .model import Column, RowMeaning
from .periods import (
    calendar_span_text,
    fy_span_text,
    fy_text,
    month,
    month_text,
    month_span_text,
    quarter,
    quarter_text,
)
from .rules import TableMeaning
from .values import Series, censor_mark, show

SOCIETY = {"Drug offences", "Possession of weapons offences", "Public order offences"}
TOTALS = {
    "county": (60000, 160000),
    "police": (90000, 180000),
    "fire": (90000, 160000),
    "city": (30000, 90000),
    "metropolitan": (15000, 40000),
    "unitary": (15000, 60000),
    "district": (6000, 15000),
}


def crime_rows(ctx: Ctx) -> tuple[list[tuple[str | None, Ind, str]], list[str]]:
    """(group, indicator, printed label) rows of crime types, and footnotes."""
    rng = ctx.rng
    total = rng.uniform(*TOTALS[ctx.area.kind])
    picks = sorted(rng.sample(CRIMES, k=rng.randint(4, 9)), key=CRIMES.index)
    grouped = rng.random() < 0.35
    rows, notes = [], []
    if rng.random() < 0.5:
        marker = rng.choice(("*", ""))
        ind = Ind("Total recorded crime", "count", total, total, better="down")
        rows.append((None, ind, ind.label + marker))
        if marker:
            notes.append("* Excludes fraud and computer misuse.")
    for name, share in picks:
        v = total * share * rng.uniform(0.85, 1.15)
        group = (GROUPS_CRIME[1] if name in SOCIETY else GROUPS_CRIME[0]) if grouped else None
        printed = name
        if name == "Hate crime" and rng.random() < 0.5:
            printed += "\u00b9"
            notes.append("\u00b9 Racially or religiously aggravated offences and other hate crime.")
        rows.append((group, Ind(name, "count", v, v, better="down"), printed))
    if grouped:
        rows.sort(key=lambda r: (r[0] is not None, GROUPS_CRIME.index(r[0]) if r[0] else 0))
    return rows, notes


def trend_table(ctx: Ctx):
    rng = ctx.rng
    notes: list[str] = []
    if ctx.domain == "health":
        inds = rng.sample(HEALTH, k=rng.randint(4, 8))
        rows = [(None, i, i.printed()) for i in inds]
        mode = rng.choice(("cal_span", "fy_span", "fy", "cal"))
        caption = rng.choice(
            (
                "Trends in health outcomes",
                "Public health outcomes over time",
                "Alcohol and health indicators, trend",
            )
        )
    elif ctx.domain in ("police", "partnership"):
        rows, notes = crime_rows(ctx)
        mode = {
            "fy": rng.choice(("fy", "fy", "months", "halfyear")),
            "cal": rng.choice(("cal", "cal", "months")),
            "quarter": rng.choice(("quarters", "quarters_2level", "months", "halfyear")),
        }[ctx.ref_kind]
        caption = rng.choice(
            (
                "Recorded crime by crime type",
                "Police recorded crime",
                "Crime and anti-social behaviour",
                "Crime types compared",
            )
        )
    else:
        bank = KPI.get(ctx.domain, KPI["council"])
        pool = [i for th in bank.values() for i in th if i.unit == "count" and i.flow]
        inds = rng.sample(pool, k=min(len(pool), rng.randint(3, 7)))
        rows = [(None, i, i.label) for i in inds]
        mode = {
            "fy": rng.choice(("fy", "months")),
            "cal": "cal",
            "quarter": rng.choice(("quarters", "quarters_2level")),
        }[ctx.ref_kind]
        caption = rng.choice(("Service activity", "Activity trends", "Demand for services"))
    thousands = rng.random() < 0.85
    neg = "bracket" if rng.random() < 0.2 else "minus"
    b = TableBuilder(ctx, TableMeaning(), ctx.caption(caption), f"trend-{mode}")
    b.col(
        None,
        (
            rng.choice(("Crime type", "Indicator", ""))
            if ctx.domain in ("police", "partnership")
            else rng.choice(("Indicator", "Measure"))
        ),
        Column("stub", align="L"),
    )
    getters = _period_columns(ctx, b, mode, notes)
    last_period = b.columns[-1].period
    change = rng.choice((None, "change", "pct", "both"))
    if mode in ("cal_span", "fy_span") or "period:month-span-total" in b.columns[-1].features:
        change = None
    if change in ("change", "both"):
        b.col(
            None,
            rng.choice(("Change", "Difference", "Change\n(number)")),
            Column(
                "figure",
                measure="change",
                period=last_period,
                features=("measure:change", "period:change-end"),
            ),
        )
    if change in ("pct", "both"):
        prev = b.heads[-2 if change == "pct" else -3][1].replace("\n", "")
        b.col(
            None,
            rng.choice(
                (
                    "% change",
                    "Change\n(%)",
                    f"% change\non {prev}" if "\n" not in prev and len(prev) < 12 else "% change",
                )
            ),
            Column(
                "figure",
                measure="change",
                unit="percent",
                period=last_period,
                features=("measure:pct-change", "period:change-end"),
            ),
        )
    pct_sign = rng.random() < 0.7
    censor_p = 0.05 if rng.random() < 0.4 else 0.0
    b.footnotes += notes
    current = None
    for group, ind, printed in rows:
        if group and group != current:
            b.group(group)
            current = group
        s = Series(rng, ind)
        vals = [g(s) for g in getters]
        cells = [printed]
        for v in vals:
            if censor_p and rng.random() < censor_p:
                cells.append(censor_mark(rng, False))
            else:
                cells.append(show(v, ind.dp, thousands=thousands, pct=ind.unit == "percent" and pct_sign))
        if change in ("change", "both"):
            cells.append(
                show(
                    round(vals[-1] - vals[-2], ind.dp),
                    ind.dp,
                    thousands=thousands,
                    neg=neg,
                    plus=rng.random() < 0.5,
                )
            )
        if change in ("pct", "both"):
            pct = round((vals[-1] - vals[-2]) / vals[-2] * 100, 1) if vals[-2] else 0.0
            cells.append(show(pct, 1, pct=pct_sign, neg=neg))
        b.row(
            cells,
            RowMeaning(
                label=ind.printed() if ctx.domain == "health" else ind.label,
                unit=ind.unit,
                features=(
                    ("label:footnote-marker",) if printed != ind.printed() and printed != ind.label else ()
                ),
            ),
        )
    return b.build()


def _period_columns(ctx: Ctx, b: TableBuilder, mode: str, notes: list[str]):
    """Add the period columns; return one value getter per column."""
    rng, Y, q = ctx.rng, ctx.year, ctx.quarter or 4
    fig = lambda period, *f: Column("figure", period=period, features=f)  # noqa: E731
    getters = []
    if mode in ("fy", "cal"):
        n = rng.randint(3, 5)
        spell = rng.choice(("slash", "slash", "dash", "wrap", "glued")) if mode == "fy" else "cal"
        for k, y in enumerate(range(Y - n + 1, Y + 1)):
            sup = ""
            if mode == "cal":
                norm, text, feat = str(y), str(y), "period:calendar"
            else:
                style = spell if spell in ("slash", "dash") else "slash"
                if spell == "wrap" and k == n - 2:
                    style = "wrap"
                norm, text = fy_text(y, style)
                feat = {"slash": "period:fy-slash", "dash": "period:fy-dash", "wrap": "period:fy-wrapped"}[
                    style
                ]
                if spell == "glued" and y == Y:
                    digit = "2" if any(n.startswith("\u00b9") for n in notes) else "1"  # ¹ is taken
                    sup, feat = digit, "period:footnote-glued"
                    notes.append(f"{digit} Provisional data, subject to validation.")
            b.col(None, text, fig(norm, feat), sup)
            getters.append(lambda s, y=y: s.year(y))
    elif mode == "quarters":
        style = rng.choice(("q_first", "q_last", "q_first_dash", "word"))
        end = (Y, q)
        seq = []
        y, qq = end
        for _ in range(rng.randint(4, 6)):
            seq.append((y, qq))
            y, qq = (y, qq - 1) if qq > 1 else (y - 1, 4)
        for y, qq in reversed(seq):
            norm, text = quarter_text(y, qq, style)
            b.col(
                None, text.replace(" ", "\n", 1) if style == "word" else text, fig(norm, "period:quarter-fy")
            )
            getters.append(lambda s, y=y, qq=qq: s.quarter(y, qq))
    elif mode == "quarters_2level":
        ystyle = rng.choice(("slash", "dash"))
        for y, last in ((Y - 1, 4), (Y, q)):
            _, top = fy_text(y, ystyle)
            for qq in range(1, last + 1):
                b.col(top, f"Q{qq}", fig(quarter(y, qq), "period:quarter-under-year"))
                getters.append(lambda s, y=y, qq=qq: s.quarter(y, qq))
    elif mode == "months":
        style = rng.choice(("abbr_space", "abbr_dash", "abbr_full"))
        months = ctx.months(6)
        for y, m in months:
            norm, text = month_text(y, m, style)
            b.col(None, text, fig(norm, f"period:month-{style.split('_')[1]}"))
            getters.append(lambda s, y=y, m=m: s.month(y, m))
        if rng.random() < 0.4:
            span = f"{month(*months[0])}-{month(*months[-1])}"
            b.col(None, "Total", fig(span, "period:month-span-total"))
            getters.append(lambda s, ms=tuple(months): round(sum(s.month(y, m) for y, m in ms), s.ind.dp))
    elif mode == "halfyear":
        style = rng.choice(("dash", "to"))
        for y in ctx.half_years:
            norm, text = month_span_text(y, 4, 9, style)
            head, _, year = text.rpartition(" ")
            b.col(None, f"{head}\n{year}", fig(norm, "period:month-span"))
            getters.append(lambda s, y=y: round(sum(s.month(y, m) for m in range(4, 10)), s.ind.dp))
    elif mode == "cal_span":
        style = rng.choice(("short", "short_tight", "long"))
        for y0 in (Y - 8, Y - 5, Y - 2):
            norm, text = calendar_span_text(y0, y0 + 2, style)
            b.col(None, text, fig(norm, "period:calendar-span"))
            getters.append(lambda s, y0=y0: s.year(y0))
    elif mode == "fy_span":
        style = rng.choice(("short", "to", "dash"))
        for y0 in (Y - 8, Y - 5, Y - 2):
            norm, text = fy_span_text(y0, y0 + 2, style)
            b.col(
                None, text.replace(" to ", "\nto ") if style != "short" else text, fig(norm, "period:fy-span")
            )
            getters.append(lambda s, y0=y0: s.year(y0))
    return getters


def rank_table(ctx: Ctx):
    """League positions among similar areas (1 = first), by crime type, for two years."""
    rng, Y = ctx.rng, ctx.year
    picks = sorted(rng.sample(CRIMES, k=rng.randint(4, 9)), key=CRIMES.index)
    group = rng.choice(
        (
            "most similar community safety partnerships",
            "most similar forces",
            "similar areas",
            "the most similar group",
        )
    )
    n = rng.choice((8, 15))
    caption = rng.choice((f"Position among the {group}", f"Relative position among {group}"))
    if rng.random() < 0.4:
        caption += " (1 = lowest rate)"
    b = TableBuilder(ctx, TableMeaning(), ctx.caption(caption), "ranks")
    b.col(None, rng.choice(("Crime type", "")), Column("stub", align="L"))
    word = rng.choice(("Position", "Relative\nposition", "Rank"))
    style = rng.choice(("slash", "dash"))
    for y in (Y - 1, Y):
        norm, text = (str(y), str(y)) if ctx.ref_kind == "cal" else fy_text(y, style)
        b.col(
            None,
            f"{word}\n{text}",
            Column(
                "figure",
                measure="rank",
                unit="rank",
                period=norm,
                features=("measure:rank",),
                align=rng.choice(("R", "C")),
            ),
        )
    change = rng.random() < 0.5
    if change:
        b.col(
            None,
            "Change in\nposition",
            Column(
                "figure",
                measure="change",
                unit="rank",
                period=b.columns[-1].period,
                features=("measure:rank-change", "period:change-end"),
            ),
        )
    for name, _ in picks:
        a, c = rng.randint(1, n), rng.randint(1, n)
        cells = [name, str(a), str(c)]
        if change:
            cells.append(show(c - a, 0, plus=True) if c != a else "0")
        b.row(cells, RowMeaning(label=name, unit="rank"))
    return b.build()
