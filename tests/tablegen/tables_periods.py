"""Periods down the side: one year, quarter or month per row and one measure per column
(the column header names the indicator), sometimes closed by a change row dated by the
last period."""

from __future__ import annotations

from .builder import Ctx, TableBuilder
from .model import Column, RowMeaning
from .periods import fy_text, month_text, quarter_text
from .rules import TableMeaning
from .values import show

MEASURES = {
    "police": (
        "Domestic abuse",
        [
            ("Domestic abuse incidents", "count", 9000, 0),
            ("Domestic abuse crimes", "count", 6000, 0),
            ("Arrests for domestic abuse", "count", 2500, 0),
            ("Arrest rate (%)", "percent", 30, 1),
        ],
    ),
    "fire": (
        "Incidents attended",
        [
            ("Incidents attended", "count", 9000, 0),
            ("Fires attended", "count", 2500, 0),
            ("False alarms", "count", 4000, 0),
            ("Average response time (minutes)", "other", 9, 1),
        ],
    ),
    "council": (
        "Homelessness",
        [
            ("Homelessness approaches", "count", 1800, 0),
            ("Cases prevented", "count", 600, 0),
            ("Prevention rate (%)", "percent", 45, 1),
            ("Households in temporary accommodation", "count", 250, 0),
        ],
    ),
    "health": (
        "Alcohol treatment",
        [
            ("Adults in alcohol treatment", "count", 900, 0),
            ("Successful completions", "count", 320, 0),
            ("Successful completion rate (%)", "percent", 35, 1),
            ("New presentations to treatment", "count", 500, 0),
        ],
    ),
}
MEASURES["partnership"] = MEASURES["police"]


def periods_table(ctx: Ctx):
    rng, Y = ctx.rng, ctx.year
    topic, cols = MEASURES[ctx.domain]
    cols = [c for c in cols if rng.random() < 0.8] or cols[:2]
    scale = rng.uniform(0.3, 1.5)
    mode = {"fy": rng.choice(("fy", "months")), "cal": "cal", "quarter": "quarters"}[ctx.ref_kind]
    rows = []  # (printed, period, feature, share of a year)
    if mode == "fy":
        style = rng.choice(("slash", "dash"))
        rows = [
            (fy_text(y, style)[1], fy_text(y)[0], f"period:fy-{style}", 1.0)
            for y in range(Y - rng.randint(3, 5), Y + 1)
        ]
    elif mode == "cal":
        rows = [(str(y), str(y), "period:calendar", 1.0) for y in range(Y - rng.randint(3, 5), Y + 1)]
    elif mode == "quarters":
        style = rng.choice(("q_first", "q_last", "word"))
        seq, y, q = [], Y, ctx.quarter
        for _ in range(rng.randint(4, 6)):
            seq.append((y, q))
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        rows = [
            (quarter_text(y, q, style)[1], quarter_text(y, q)[0], "period:quarter-fy", 0.25)
            for y, q in reversed(seq)
        ]
    else:
        style = rng.choice(("abbr_space", "abbr_dash", "full"))
        rows = [
            (month_text(Y, m, style)[1], month_text(Y, m)[0], f"period:month-{style.split('_')[-1]}", 1 / 12)
            for m in range(4, 4 + rng.randint(4, 6))
        ]
    first, last = rows[0][0], rows[-1][0]
    b = TableBuilder(
        ctx, TableMeaning(stub="periods"), ctx.caption(f"{topic}, {first} to {last}"), f"periods-{mode}"
    )
    b.col(
        None,
        {"fy": "Year", "cal": "Year", "quarters": "Quarter", "months": "Month"}[mode],
        Column("stub", align="L"),
    )
    for label, unit, level, dp in cols:
        head = label if len(label) <= 16 else label.replace(" ", "\n", 1 if len(label) < 30 else 2)
        if head.count("\n") == 2:
            a, bb, c = head.split("\n")
            head = f"{a} {bb}\n{c}"
        b.col(
            None,
            head,
            Column(
                "figure",
                unit=unit if unit != "count" else None,
                label=label,
                features=("period:stub-periods",),
            ),
        )
    thousands = rng.random() < 0.85
    series = []
    for label, unit, level, dp in cols:
        base = level * scale if unit == "count" else level
        series.append(
            [
                round(base * (share if unit == "count" else 1) * rng.uniform(0.85, 1.15), dp)
                for _, _, _, share in rows
            ]
        )
    for i, (printed, period, feat, _) in enumerate(rows):
        cells = [printed] + [show(s[i], dp, thousands=thousands) for s, (_, _, _, dp) in zip(series, cols)]
        b.row(cells, RowMeaning(label=printed, period=period, features=(feat,)))
    if rng.random() < 0.45:
        prev = rows[-2][0]
        label = rng.choice(("% change", f"% change on {prev}", "Change (%)"))
        cells = [label]
        for s, (_, unit, _, dp) in zip(series, cols):
            cells.append(
                show(round((s[-1] - s[-2]) / s[-2] * 100, 1), 1, pct=True) if unit != "percent" else ""
            )
        b.row(
            cells,
            RowMeaning(
                label=label,
                period=rows[-1][1],
                measure="change",
                unit="percent",
                features=("measure:pct-change-row", "period:change-end"),
            ),
        )
    return b.build()
