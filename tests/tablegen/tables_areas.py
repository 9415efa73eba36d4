"""Tables of places: districts, wards or localities as rows (police and fire dashboards,
ward profiles). The indicator is the caption's measure, plus what a column adds
("... rate per 1,000 population"); the geography is the row's place."""

from __future__ import annotations

from .banks import AREA_MEASURES, RATE_UNITS, RATE_WORDS, Ind
from .builder import Ctx, TableBuilder
from .model import Column, RowMeaning
from .periods import fy_text, month, month_span_text, month_text, quarter, quarter_text, ytd
from .places import COMPARATOR_GROUP, COMPARATOR_LABELS
from .rules import TableMeaning
from .values import Series, show

POPULATION = {
    "District": (80000, 180000),
    "Area": (90000, 250000),
    "Ward": (8000, 20000),
    "Locality": (20000, 50000),
}


def _period(ctx: Ctx, y: int, style: str = "slash") -> tuple[str, str]:
    return (str(y), str(y)) if ctx.ref_kind == "cal" else fy_text(y, style)


def areas_table(ctx: Ctx):
    rng, area, Y = ctx.rng, ctx.area, ctx.year
    name, per_1000, base = rng.choice(AREA_MEASURES[ctx.domain])
    options = ["years", "rates_years", "count_rate", "months", "halfyear"]
    if ctx.ref_kind == "quarter" and (ctx.quarter or 1) >= 2:
        options.append("quarters")
    variant = rng.choice(options)
    total_row = variant != "rates_years" and rng.random() < 0.45
    parts = (
        list(area.parts)
        if total_row
        else sorted(rng.sample(area.parts, k=min(len(area.parts), rng.randint(4, 9))))
    )
    word = area.part_kind.lower()
    rate_words = RATE_WORDS[base]
    thousands = rng.random() < 0.85
    neg = "bracket" if rng.random() < 0.2 else "minus"
    pct_sign = rng.random() < 0.7
    meaning = TableMeaning(stub="places", measure_name=name)
    caption_period = None
    if variant == "rates_years":
        meaning.measure_name = f"{name} {rate_words}"
        meaning.unit = RATE_UNITS[base]
        caption = f"{name} {rate_words} by {word}"
    elif variant in ("count_rate",):
        if ctx.ref_kind == "quarter" or rng.random() < 0.7:
            caption_period, ptext = (
                quarter_text(Y, ctx.quarter, rng.choice(("word", "q_first")))
                if ctx.ref_kind == "quarter"
                else _period(ctx, Y)
            )
            caption = f"{name} by {word}, {ptext}"
            meaning.features = ("period:caption",)
        else:
            caption = f"{name} by {word}"
        meaning.period = caption_period
    elif variant == "months":
        caption = f"{name} by {word}"
    else:
        caption = f"{name} by {word}"
    b = TableBuilder(ctx, meaning, ctx.caption(caption), f"areas-{variant}")
    b.features.add(f"place:stub-{word}")
    b.col(None, area.part_kind if rng.random() < 0.75 else "Area", Column("stub", align="L"))

    unit = RATE_UNITS[base] if variant == "rates_years" else "count"
    ind = Ind(name, unit, 0, 0, 1 if unit != "count" else 0)
    getters = []
    fig = lambda **k: Column("figure", **k)  # noqa: E731
    if variant in ("years", "rates_years"):
        n = 2 if variant == "years" else rng.choice((2, 3))
        style = rng.choice(("slash", "dash"))
        last = ctx.last_full_year
        for y in range(last - n + 1, last + 1):
            norm, text = _period(ctx, y, style)
            b.col(
                None,
                text,
                fig(
                    period=norm,
                    features=("period:calendar" if ctx.ref_kind == "cal" else f"period:fy-{style}",),
                ),
            )
            getters.append(lambda s, y=y: s.year(y))
        last = b.columns[-1].period
        if rng.random() < 0.6:
            b.col(
                None,
                rng.choice(("Change", "Difference")),
                fig(measure="change", period=last, features=("measure:change", "period:change-end")),
            )
            getters.append("change")
        if variant == "years" and rng.random() < 0.6:
            b.col(
                None,
                rng.choice(("% change", "Change (%)")),
                fig(
                    measure="change",
                    unit="percent",
                    period=last,
                    features=("measure:pct-change", "period:change-end"),
                ),
            )
            getters.append("pct")
    elif variant == "count_rate":
        quarterly = ctx.ref_kind == "quarter"
        b.col(None, rng.choice(("Number", "Count", name.split()[-1].capitalize())), fig())
        getters.append((lambda s: s.quarter(Y, ctx.quarter)) if quarterly else (lambda s: s.year(Y)))
        rate_head = rng.choice((f"Rate {rate_words}", f"Rate {rate_words.replace(' population', '')}"))
        b.col(
            None,
            rate_head.replace(" per", "\nper", 1),
            fig(unit=RATE_UNITS[base], meaning=rate_head.lower(), features=("unit:rate-column",)),
        )
        getters.append("rate")
        if rng.random() < 0.5:
            prev = quarter_text(Y - 1, ctx.quarter, "q_first")[1] if quarterly else _period(ctx, Y - 1)[1]
            b.col(
                None,
                rng.choice(("% change", f"% change\non {prev}")),
                fig(measure="change", unit="percent", features=("measure:pct-change",)),
            )
            getters.append("pct_prev")
            prev_get = (lambda s: s.quarter(Y - 1, ctx.quarter)) if quarterly else (lambda s: s.year(Y - 1))
    elif variant == "months":
        style = rng.choice(("abbr_space", "abbr_dash", "abbr_full"))
        months = ctx.months(rng.randint(4, 6))
        for y, m in months:
            norm, text = month_text(y, m, style)
            b.col(None, text, fig(period=norm, features=(f"period:month-{style.split('_')[1]}",)))
            getters.append(lambda s, y=y, m=m: s.month(y, m))
        if rng.random() < 0.5:
            b.col(
                None,
                "Total",
                fig(
                    period=f"{month(*months[0])}-{month(*months[-1])}", features=("period:month-span-total",)
                ),
            )
            getters.append(lambda s, ms=tuple(months): round(sum(s.month(y, m) for y, m in ms), s.ind.dp))
    elif variant == "halfyear":
        style = rng.choice(("dash", "dash", "to"))
        for y in ctx.half_years:
            norm, text = month_span_text(y, 4, 9, style)
            head, _, year = text.rpartition(" ")
            b.col(None, f"{head}\n{year}", fig(period=norm, features=("period:month-span",)))
            getters.append(lambda s, y=y: round(sum(s.month(y, m) for m in range(4, 10)), s.ind.dp))
        last = b.columns[-1].period
        b.col(
            None,
            "% change",
            fig(
                measure="change",
                unit="percent",
                period=last,
                features=("measure:pct-change", "period:change-end"),
            ),
        )
        getters.append("pct")
    elif variant == "quarters":
        _, top = fy_text(Y, rng.choice(("slash", "dash")))
        for qq in range(1, ctx.quarter + 1):
            b.col(top, f"Q{qq}", fig(period=quarter(Y, qq), features=("period:quarter-under-year",)))
            getters.append(lambda s, qq=qq: s.quarter(Y, qq))
        b.col(top, "YTD", fig(period=ytd(Y, ctx.quarter), features=("period:ytd-under-year",)))
        getters.append(lambda s: s.ytd(Y, ctx.quarter))

    rows: list[tuple[str, str, tuple[str, ...]]] = [(p, p, ()) for p in parts]
    if total_row:
        rows.append((rng.choice(("Total", area.name)), area.name, ("place:total-row",)))
    if variant == "rates_years" and rng.random() < 0.6:
        comparators = [area.name] + ([area.region] if area.region != area.national else [])
        comparators.append(
            rng.choice(("England", "England and Wales"))
            if ctx.domain in ("police", "partnership")
            else area.national
        )
        rows += [(c, c, ("place:comparator-rows",)) for c in dict.fromkeys(comparators)]
        if rng.random() < 0.4:
            rows.append(
                (
                    rng.choice(COMPARATOR_LABELS),
                    COMPARATOR_GROUP,
                    ("place:comparator-rows", "place:comparator-group"),
                )
            )
    pops = {p: rng.uniform(*POPULATION[area.part_kind]) for p in parts}
    series = {}
    for label, place, _ in rows:
        if place in pops:
            pop = pops[place]
        elif place == area.name and total_row:
            pop = None
        else:
            pop = rng.uniform(*POPULATION[area.part_kind])
        if unit == "count":
            level = per_1000 * pop / 1000 if pop else 0
        else:
            level = per_1000 * base / 1000
        s = Series(rng, Ind(name, unit, level, level, ind.dp, flow=True))
        series[label] = (s, pop)
    if total_row:  # the total is the sum of the districts, as printed
        tot_label = rows[-1][0]
        tot = series[tot_label][0]
        parts_series = [series[p][0] for p in parts]
        tot.year = lambda y: round(sum(ps.year(y) for ps in parts_series), 0)
        tot.month = lambda y, m: round(sum(ps.month(y, m) for ps in parts_series), 0)
        tot.quarter = lambda y, q: round(sum(ps.quarter(y, q) for ps in parts_series), 0)
        tot.ytd = lambda y, q: round(sum(ps.ytd(y, q) for ps in parts_series), 0)
        series[tot_label] = (tot, sum(pops.values()))

    for label, place, feats in rows:
        s, pop = series[label]
        cells, vals, hidden = [label], [], []
        for g in getters:
            if g == "change":
                if hidden[-1] or hidden[-2]:
                    cells.append("n/a")
                    continue
                v = round(vals[-1] - vals[-2], ind.dp)
                cells.append(show(v, ind.dp, thousands=thousands, neg=neg, plus=rng.random() < 0.4))
            elif g in ("pct", "pct_prev"):
                a, c = (vals[-2], vals[-1]) if g == "pct" else (prev_get(s), vals[0])
                if (hidden[-1] or hidden[-2] if g == "pct" else hidden[0]) or a < 5:
                    cells.append("n/a")
                    continue
                cells.append(show(round((c - a) / a * 100, 1), 1, pct=pct_sign, neg=neg))
            elif g == "rate":
                cells.append(
                    "*" if hidden[0] else show(round(vals[0] / pop * base, 1), 1, thousands=thousands)
                )
            else:
                v = g(s)
                vals.append(v)
                hidden.append(unit == "count" and v < 5)
                cells.append("<5" if hidden[-1] else show(v, ind.dp, thousands=thousands))
        b.row(cells, RowMeaning(label=label, place=place, features=feats))
    return b.build()
