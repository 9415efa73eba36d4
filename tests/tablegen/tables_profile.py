"""Comparator profiles (public-health and police style): one indicator per row, the area,
its region, England and a comparator group across; the period in its own column, in the
caption or in a spanning header ("Comparators 2023/24" over region and England)."""

from __future__ import annotations

from .banks import CRIMES, HEALTH, Ind
from .builder import Ctx, TableBuilder
from .model import Column, RowMeaning
from .periods import calendar_span_text, fy_span_text, fy_text
from .places import COMPARATOR_GROUP, COMPARATOR_LABELS
from .rules import TableMeaning, wrap_label
from .values import Series, show


def _row_period(ctx: Ctx, ind: Ind, style: dict) -> tuple[str, str]:
    """A plausible latest period for an indicator, in the table's spelling."""
    Y = ctx.year
    if ind.period_form == "cal_span":
        return calendar_span_text(Y - 3, Y - 1, style["span"])
    if ind.period_form == "fy_span":
        return fy_span_text(Y - 3, Y - 1, style["fyspan"])
    if ind.period_form == "cal":
        return str(Y - 1), str(Y - 1)
    return fy_text(Y - 1, style["fy"])


def profile_table(ctx: Ctx):
    rng, area, Y = ctx.rng, ctx.area, ctx.year
    police = ctx.domain in ("police", "partnership") and rng.random() < 0.6
    variant = rng.choice(("period_column", "unit_span", "comparators_group"))
    if police:
        crimes = sorted(rng.sample(CRIMES, k=rng.randint(4, 8)), key=CRIMES.index)
        inds = [
            Ind(n, "rate_per_1000", 80 * sh, 80 * sh, 1 if 80 * sh >= 1 else 2, "down") for n, sh in crimes
        ]
        variant = rng.choice(("unit_span", "comparators_group"))
        unit_words = rng.choice(("Crimes per 1,000 population", "Rate per 1,000 population"))
    else:
        pool = HEALTH
        if variant == "unit_span":
            pool = [i for i in HEALTH if i.unit == "rate_per_100000"]
        inds = rng.sample(pool, k=min(len(pool), rng.randint(4, 8)))
        unit_words = rng.choice(
            ("Rate per 100,000", "Per 100,000 population", "Directly standardised rate per 100,000")
        )
    national = area.national
    if police:
        national = rng.choice((national, "England and Wales"))
    comparator = rng.choice(COMPARATOR_LABELS) if rng.random() < 0.4 else None
    places = [(area.name, area.name), (area.region, area.region), (national, national)]
    if area.region == national:  # Wales: region and nation are one
        places = places[:1] + places[2:]
    if comparator:
        places.append((comparator, COMPARATOR_GROUP))

    style = {
        "span": rng.choice(("short", "short_tight", "long")),
        "fyspan": rng.choice(("short", "to")),
        "fy": rng.choice(("slash", "dash")),
    }
    meaning = TableMeaning()
    caption = (
        rng.choice(
            (
                "Health profile summary",
                "Local outcomes compared",
                "Benchmarking against comparators",
                "How we compare",
            )
        )
        if not police
        else rng.choice(("Crime rates compared", "Crime compared with similar areas"))
    )
    if police and variant == "comparators_group":  # the unit must be printed somewhere
        caption = f"Crimes {unit_words.split(' ', 1)[1]}, compared"
        meaning.unit = inds[0].unit
        meaning.features = ("unit:caption",)
    if variant == "unit_span":
        pnorm, ptext = fy_text(Y - 1, style["fy"]) if ctx.ref_kind != "cal" else (str(Y - 1), str(Y - 1))
        caption += f", {ptext}"
        meaning.period = pnorm
        meaning.features = ("period:caption",)
        meaning.unit = inds[0].unit
    b = TableBuilder(ctx, meaning, ctx.caption(caption), f"profile-{variant}")
    b.features.add("place:column-comparators")
    b.col(
        None,
        rng.choice(("Indicator", "Measure", "")) if not police else "Crime type",
        Column("stub", align="L"),
    )
    period_col = variant == "period_column"
    if period_col:
        b.col(None, rng.choice(("Period", "Time period", "Year")), Column("period", align="C"))
    getters = []
    if variant in ("period_column", "unit_span"):
        top = unit_words if variant == "unit_span" else None
        for printed, geo in places:
            b.col(
                top,
                printed.replace(" ", "\n", 1) if len(printed) > 14 else printed,
                Column(
                    "figure",
                    geography=geo,
                    features=(("place:comparator-group",) if geo == COMPARATOR_GROUP else ())
                    + (("unit:spanning-header",) if top else ()),
                ),
            )
            getters.append(geo)
    else:  # the area's two years, then its comparators for the latest year
        ystyle = style["fy"]
        for y in (Y - 2, Y - 1):
            norm, text = fy_text(y, ystyle) if ctx.ref_kind != "cal" else (str(y), str(y))
            b.col(
                area.name,
                text,
                Column(
                    "figure",
                    period=norm,
                    geography=area.name,
                    features=("period:group-header", "place:spanning-header"),
                ),
            )
            getters.append((area.name, y))
        norm, text = fy_text(Y - 1, ystyle) if ctx.ref_kind != "cal" else (str(Y - 1), str(Y - 1))
        top = rng.choice((f"Comparators {text}", f"{text} comparators"))
        for printed, geo in places[1:]:
            b.col(
                top,
                printed.replace(" ", "\n", 1) if len(printed) > 14 else printed,
                Column(
                    "figure",
                    geography=geo,
                    period=norm,
                    features=("period:group-header",)
                    + (("place:comparator-group",) if geo == COMPARATOR_GROUP else ()),
                ),
            )
            getters.append((geo, Y - 1))
    if comparator and rng.random() < 0.5:
        b.footnotes.append(f"{comparator}: the average of similar areas.")
    censor_p = 0.08 if rng.random() < 0.5 else 0.0
    wrap = rng.random() < 0.5
    ratio = variant == "period_column" and not police and rng.random() < 0.3
    if ratio:  # the area against the nation: a change in unit ratio, as "three times the national rate"
        b.col(
            None,
            f"Ratio to\n{national}",
            Column(
                "figure",
                measure="change",
                unit="ratio",
                meaning=f"ratio to {national}",
                features=("unit:ratio-column",),
            ),
        )
    for ind in inds:
        label = ind.printed(variant != "unit_span")
        printed = wrap_label(label, 36) if wrap else label
        feats = ("label:wrapped",) if printed != label else ()
        cells = [printed]
        rmean = RowMeaning(label=label, unit=ind.unit, features=feats)
        if period_col:
            rmean.period, ptext = _row_period(ctx, ind, style)
            cells.append(ptext)
            spelled = {
                "fy": f"period:fy-{style['fy']}",
                "cal": "period:calendar",
                "cal_span": "period:calendar-span",
                "fy_span": "period:fy-span",
            }[ind.period_form]
            rmean.features += ("period:period-column", spelled)
        s = Series(rng, ind)
        shown = {}
        for g in getters:
            v = s.other(g, s.base, 0.18)
            if censor_p and rng.random() < censor_p:
                cells.append(rng.choice(("*", "-", "n/a", "\u2013")))
            else:
                cells.append(show(v, ind.dp, pct=False))
                shown[g] = float(cells[-1].replace(",", ""))
        if ratio:
            a, n = shown.get(area.name), shown.get(national)
            cells.append(f"{a / n:.2f}" if a and n else "n/a")
        b.row(cells, rmean)
    return b.build()
