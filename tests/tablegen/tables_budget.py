"""Budget monitoring statements: service lines as rows, budget (a target), forecast outturn
(an actual) and variance (a change) across, money in £, £000, £k or £m, underspends in
brackets, an accounting dash where forecast equals budget."""

from __future__ import annotations

from .banks import BUDGET
from .builder import Ctx, TableBuilder
from .model import Column, RowMeaning
from .periods import fy_text
from .rules import TableMeaning
from .values import show

SIZE = {
    "county": (4000, 260000),
    "city": (2000, 150000),
    "metropolitan": (2000, 120000),
    "unitary": (1500, 110000),
    "district": (150, 9000),
    "police": (3000, 90000),
    "fire": (500, 20000),
}


def budget_table(ctx: Ctx):
    rng, Y = ctx.rng, ctx.year
    dirs = rng.sample(list(BUDGET), k=rng.choice((1, 2, 2, 3)))
    lines = [(d, rng.sample(BUDGET[d], k=rng.randint(2, 4))) for d in dirs]
    groups = len(dirs) > 1 and rng.random() < 0.6
    scale_mode = rng.choice(("caption_000", "header_000", "span_000", "header_m", "cell_m", "cell_pounds"))
    neg = "bracket" if rng.random() < 0.6 else "minus"
    _, ytext = fy_text(Y, rng.choice(("slash", "slash", "dash")))
    title = rng.choice(
        (
            f"Revenue budget monitoring {ytext}",
            f"Forecast outturn by service, {ytext}",
            f"Revenue budget {ytext}: forecast position",
        )
    )
    meaning = TableMeaning(
        unit="gbp", period=fy_text(Y)[0], features=("period:caption", f"scale:{scale_mode}")
    )
    if scale_mode == "caption_000":
        title += " (\u00a3000)"
        meaning.scale = 1000.0
    b = TableBuilder(ctx, meaning, ctx.caption(title), "budget")
    b.col(
        None, rng.choice(("Service", "Directorate / service", "Service area", "")), Column("stub", align="L")
    )
    heads = [
        rng.choice(("Budget", "Revised budget", "Annual budget")),
        rng.choice(("Forecast outturn", "Forecast", "Projected outturn")),
        rng.choice(("Variance", "Over/(under) spend", "Forecast variance")),
    ]
    measures = [("target", "measure:budget"), ("actual", "measure:forecast"), ("change", "measure:variance")]
    col_scale, suffix, top = 1.0, "", None
    if scale_mode == "header_000":
        col_scale, suffix = 1000.0, "\n\u00a3000"
    elif scale_mode == "header_m":
        col_scale, suffix = 1e6, "\n\u00a3m"
    elif scale_mode == "span_000":
        col_scale, top = 1000.0, "\u00a3000"
    for head, (measure, feat) in zip(heads, measures):
        b.col(
            top,
            head.replace(" ", "\n", 1) + suffix if len(head) > 10 else head + suffix,
            Column("figure", measure=measure, scale=col_scale, features=(feat,)),
        )
    pct_col = rng.random() < 0.4
    if pct_col:
        b.col(
            None,
            rng.choice(("Variance\n%", "Variance\n(%)", "% of\nbudget")),
            Column("figure", measure="change", unit="percent", features=("measure:variance-pct",)),
        )
    lo, hi = SIZE.get(ctx.area.kind, SIZE["unitary"])
    totals = [0.0, 0.0]
    for d, services in lines:
        if groups:
            b.group(rng.choice((f"{d} directorate", d)))
        for svc in services:
            bud = round(rng.uniform(lo, hi) / len(services))  # £000
            fc = bud if rng.random() < 0.15 else round(bud * (1 + rng.uniform(-0.06, 0.08)))
            totals[0] += bud
            totals[1] += fc
            b.row(*_cells(rng, scale_mode, neg, svc, bud, fc, pct_col))
    if rng.random() < 0.6:
        b.row(
            *_cells(
                rng,
                scale_mode,
                neg,
                rng.choice(("Total net expenditure", "Net revenue budget")),
                round(totals[0]),
                round(totals[1]),
                pct_col,
                total=True,
            )
        )
    return b.build()


def _money(mode: str, v000: float, neg: str) -> str:
    """A sum in £000 printed in the table's scale."""
    if mode in ("caption_000", "header_000", "span_000"):
        return show(v000, 0, neg=neg)
    if mode == "header_m":
        return show(round(v000 / 1000, 1), 1, neg=neg)
    if mode == "cell_m":
        if abs(v000) >= 1000:
            return (
                show(round(v000 / 1000, 1), 1, neg=neg, pound=True).replace(")", "m)")
                if v000 < 0 and neg == "bracket"
                else show(round(v000 / 1000, 1), 1, neg=neg, pound=True) + "m"
            )
        return (
            show(v000, 0, neg=neg, pound=True).replace(")", "k)")
            if v000 < 0 and neg == "bracket"
            else show(v000, 0, neg=neg, pound=True) + "k"
        )
    return show(v000 * 1000, 0, neg=neg, pound=True)


def _cells(rng, mode, neg, label, bud, fc, pct_col, total=False):
    var = fc - bud
    cells = [label, _money(mode, bud, neg), _money(mode, fc, neg)]
    values = {}
    feats = ("budget:total-row",) if total else ()
    if var == 0 and rng.random() < 0.7:
        cells.append("-")  # an accounting dash: the row's own figures show it is nil
        values[3] = 0.0
        feats += ("cell:accounting-dash",)
    else:
        cells.append(_money(mode, var, neg) if mode != "cell_m" or abs(var) >= 1 else "\u00a30")
    if pct_col:
        cells.append(show(round(var / bud * 100, 1), 1, pct=True, neg=neg) if bud else "n/a")
    return cells, RowMeaning(label=label, features=feats), values
