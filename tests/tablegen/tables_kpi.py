"""Performance scorecards: one indicator per row, periods and measures across (actuals by
year or quarter, year to date, targets, baselines, forecasts, variances, changes), with
status, direction-of-travel, reference-code and comment columns that are never figures."""

from __future__ import annotations

from .banks import KPI, NOTES, SOURCES, Ind
from .builder import Ctx, TableBuilder
from .model import Column, RowMeaning
from .periods import fy, fy_text, quarter, quarter_text, ytd
from .rules import TableMeaning, wrap_label
from .values import Series, direction, rag, show

MARKER_NOTES = {
    "*": "* Excludes fraud and computer misuse.",
    "\u2020": "\u2020 Definition changed during the year.",
    "\u00b9": "\u00b9 Figures are provisional and subject to validation.",
}


def _year_header(ctx: Ctx, y: int, style: str) -> tuple[str, str]:
    if ctx.ref_kind == "cal":
        return str(y), str(y)
    return fy_text(y, style)


def label_cells(
    ctx: Ctx, inds: list[Ind], wrap: bool, with_unit
) -> tuple[list[tuple[str, RowMeaning]], list[str]]:
    """Printed stubs (some with a footnote marker, long ones wrapped) and their meaning."""
    rng = ctx.rng
    marked = set(rng.sample(range(len(inds)), k=min(len(inds), rng.choice((0, 0, 1, 2)))))
    markers = rng.sample(list(MARKER_NOTES), k=len(marked))
    out, notes = [], []
    for i, ind in enumerate(inds):
        label = ind.printed(with_unit(ind))
        feats = []
        printed = label
        if wrap and len(label) > 34:
            printed = wrap_label(label, 34)
            feats.append("label:wrapped")
        if i in marked:
            m = markers.pop()
            printed += m
            notes.append(MARKER_NOTES[m])
            feats.append("label:footnote-marker")
        out.append((printed, RowMeaning(label=label, unit=ind.unit, features=tuple(feats))))
    return out, notes


def kpi_table(ctx: Ctx):
    rng = ctx.rng
    bank = KPI.get(ctx.domain, KPI["council"])
    themes = rng.sample(list(bank), k=min(len(bank), rng.choice((1, 2, 2, 3))))
    variant = _variant(ctx)
    picks = []
    for th in themes:
        pool = bank[th]
        if variant == "msg":  # comparisons with other forces only make sense for rates and shares
            pool = [i for i in pool if i.unit != "count"] or pool
        if variant == "a_pts":  # a change in percentage points: shares only
            pool = [i for i in pool if i.unit == "percent"] or [
                i for th in bank.values() for i in th if i.unit == "percent"
            ]
        picks.append((th, rng.sample(pool, k=min(len(pool), rng.randint(2, 4)))))
    groups = len(picks) > 1 and rng.random() < 0.6
    pct_sign = rng.random() < 0.6
    thousands = rng.random() < 0.85
    neg = "bracket" if rng.random() < 0.25 else "minus"
    inds = [ind for _, inds in picks for ind in inds]
    rows, notes = label_cells(
        ctx, inds, rng.random() < 0.5, lambda ind: ind.unit != "percent" or not pct_sign or rng.random() < 0.5
    )

    def fmt(ind: Ind, v: float, plus=False) -> str:
        return show(
            v, ind.dp, pct=pct_sign and ind.unit == "percent", thousands=thousands, neg=neg, plus=plus
        )

    caption = ctx.caption(
        rng.choice(
            (
                "Key performance indicators",
                "Performance scorecard",
                "Corporate performance indicators",
                "Performance summary",
                "Performance against targets",
            )
        )
    )
    b = TableBuilder(ctx, TableMeaning(), caption, "kpi")
    code_style = rng.choice((None, None, "letters", "dotted"))
    if code_style:
        b.col(None, rng.choice(("Ref", "Code", "PI ref")), Column("code", align="L"))
        b.features.add("col:ref-code")
    b.col(
        None,
        rng.choice(("Performance indicator", "Indicator", "Measure", "Key performance indicator")),
        Column("stub", align="L"),
    )
    b.footnotes += notes
    row_state: dict = {}
    cells_fns = _columns(ctx, b, variant, fmt, row_state)
    arrows = rng.random() < 0.3
    status = rng.random() < 0.6
    if status:
        b.col(None, rng.choice(("Status", "RAG", "RAG status")), Column("status", align="C"))
        b.features.add("col:status-rag")
    dot = rng.random() < 0.5
    if dot:
        b.col(None, rng.choice(("Direction of travel", "Trend", "DoT")), Column("status", align="C"))
        b.features.add("col:arrows" if arrows else "col:direction-words")
    note = rng.choice((None, None, None, "Comments", "Source"))
    if note:
        b.col(None, note, Column("note", align="L"))
        b.features.add("col:notes" if note == "Comments" else "col:source")

    k = 0
    for ti, (theme, tinds) in enumerate(picks):
        if groups:
            b.group(theme)
        for ri, ind in enumerate(tinds):
            printed, meaning = rows[k]
            k += 1
            s = Series(rng, ind)
            cells = []
            if code_style == "letters":
                cells.append("".join(w[0] for w in theme.split() if w[0].isupper()) + str(ri + 1))
            elif code_style == "dotted":
                cells.append(f"{ti + 1}.{ri // 2 + 1}{'ab'[ri % 2]}")
            cells.append(printed)
            values = {}
            now = before = target = None
            row_state.clear()
            for fn in cells_fns:
                text, role, v, forced = fn(ind, s)
                if forced is not None:
                    values[len(cells)] = forced
                cells.append(text)
                if role == "now":
                    now = v
                elif role == "before":
                    before = v
                elif role == "target":
                    target = target if target is not None else v
            if status:
                cells.append(rag(ind, now, target) if target is not None else "Data only")
            if dot:
                if before is None:
                    before = s.quarter(ctx.year - 1, ctx.quarter) if ctx.quarter else s.year(ctx.year - 1)
                cells.append(direction(ind, now, before, arrows))
            if note:
                cells.append(rng.choice(NOTES if note == "Comments" else SOURCES))
            b.row(cells, meaning, values)
    return b.build()


def _variant(ctx: Ctx) -> str:
    rng = ctx.rng
    if ctx.ref_kind == "quarter":
        return rng.choice(("q_years", "q_single", "q_groups"))
    options = ["a_years", "a_groups", "a_baseline", "a_plain", "a_pts"]
    if ctx.domain in ("police", "fire", "partnership") and ctx.ref_kind == "fy":
        options += ["msg", "msg"]
    return rng.choice(options)


def _columns(ctx: Ctx, b: TableBuilder, variant: str, fmt, row_state: dict):
    """Add the figure columns of a variant; return one function per column giving
    (printed cell, role for status, value, value override) for an indicator's series.
    row_state notes a censored actual or target, so that the variance beside it is n/a too."""
    rng, Y, q = ctx.rng, ctx.year, ctx.quarter
    fns = []
    censor_p = 0.06 if rng.random() < 0.4 else 0.0

    def add(top, bottom, column, role, get, sup="", plus=False, pts=False):
        b.col(top, bottom, column, sup)

        def cell(ind, s, get=get, role=role, plus=plus, rank=column.unit == "rank", column=column, pts=pts):
            v = get(ind, s)
            if v is None or ("measure:variance" in column.features and row_state.get("censored")):
                return "n/a", role, None, None
            # a dash in a change column whose change is nil would read as a zero, not a gap
            if censor_p and rng.random() < censor_p and not (column.measure == "change" and v == 0):
                row_state["censored"] = row_state.get("censored") or role in ("now", "target")
                return rng.choice(("-", "\u2013", "n/a", "*")), role, v, None
            if pts:
                return show(v, 1, plus=True) + " pts", role, v, None
            if column.measure == "change" and column.unit == "percent":  # points: never a % sign
                return show(v, 1, plus=plus), role, v, None
            return (str(int(v)) if rank else fmt(ind, v, plus)), role, v, None

        fns.append(cell)

    fig = lambda **k: Column("figure", **k)  # noqa: E731
    if variant == "q_years":
        ystyle = rng.choice(("slash", "slash", "dash"))
        if rng.random() < 0.5:
            _, prev = quarter_text(Y - 1, q, rng.choice(("q_first", "q_last")))
            add(
                None,
                prev.replace(" ", "\n", 1),
                fig(period=quarter(Y - 1, q), features=("period:quarter-fy",)),
                "before",
                lambda i, s: s.quarter(Y - 1, q),
            )
        _, top = fy_text(Y, ystyle)
        for qq in range(1, q + 1):
            add(
                top,
                f"Q{qq}",
                fig(period=quarter(Y, qq), features=("period:quarter-under-year",)),
                "now" if qq == q else None,
                lambda i, s, qq=qq: s.quarter(Y, qq),
            )
        if q >= 2 and rng.random() < 0.7:
            add(
                top,
                "YTD",
                fig(period=ytd(Y, q), features=("period:ytd-under-year",)),
                None,
                lambda i, s: s.ytd(Y, q) if i.flow or i.unit != "count" else None,
            )
        add(
            None,
            rng.choice((f"Target\n{fy(Y)}", f"{fy(Y)}\ntarget", f"Annual\ntarget\n{fy(Y)}")),
            fig(measure="target", period=fy(Y), features=("measure:target",)),
            "target",
            lambda i, s: s.target(Y, s.year(Y)),
        )
    elif variant == "q_single":
        style = rng.choice(("q_first", "q_last", "q_first_dash"))
        _, prev = quarter_text(Y - 1, q, style)
        _, cur = quarter_text(Y, q, style)
        add(
            None,
            prev,
            fig(period=quarter(Y - 1, q), features=("period:quarter-fy",)),
            "before",
            lambda i, s: s.quarter(Y - 1, q),
        )
        add(
            None,
            cur,
            fig(period=quarter(Y, q), features=("period:quarter-fy",)),
            "now",
            lambda i, s: s.quarter(Y, q),
        )
        if q >= 2:
            add(
                None,
                rng.choice(("YTD", f"{fy(Y)}\nYTD", "Year to\ndate")),
                fig(period=ytd(Y, q), features=("period:ytd",)),
                None,
                lambda i, s: s.ytd(Y, q) if i.flow or i.unit != "count" else None,
            )
        add(
            None,
            rng.choice((f"{fy(Y)}\ntarget", f"Target\n{fy(Y)}")),
            fig(measure="target", period=fy(Y), features=("measure:target",)),
            "target",
            lambda i, s: s.target(Y, s.year(Y)),
        )
    elif variant == "q_groups":
        _, qname = quarter_text(Y, q, rng.choice(("q_first", "word")))
        add(
            qname,
            "Actual",
            fig(period=quarter(Y, q), features=("measure:actual",)),
            "now",
            lambda i, s: s.quarter(Y, q),
        )
        add(
            qname,
            "Target",
            fig(measure="target", period=quarter(Y, q), features=("measure:target",)),
            "target",
            lambda i, s: s.target(("q", Y, q), s.quarter(Y, q)),
        )
        add(
            qname,
            "Variance",
            fig(measure="change", period=quarter(Y, q), features=("measure:variance",)),
            None,
            lambda i, s: round(s.quarter(Y, q) - s.target(("q", Y, q), s.quarter(Y, q)), i.dp),
            plus=rng.random() < 0.5,
        )
        if q >= 2:
            add(
                "Year to date",
                "Actual",
                fig(period=ytd(Y, q), features=("period:ytd-group",)),
                None,
                lambda i, s: s.ytd(Y, q) if i.flow or i.unit != "count" else None,
            )
            add(
                "Year to date",
                "Target",
                fig(measure="target", period=ytd(Y, q), features=("period:ytd-group", "measure:target")),
                None,
                lambda i, s: s.target(("ytd", Y, q), s.ytd(Y, q)) if i.flow or i.unit != "count" else None,
            )
        if rng.random() < 0.6:
            add(
                None,
                rng.choice((f"Forecast\n{fy(Y)}", f"Year-end\nforecast\n{fy(Y)}")),
                fig(period=fy(Y), features=("measure:forecast",)),
                None,
                lambda i, s: s.other(("fc", Y), s.year(Y), 0.05),
            )
    elif variant == "a_years":
        spell = rng.choice(("slash", "slash", "dash", "wrap", "glued"))
        years = list(range(Y - rng.choice((1, 2, 3)), Y + 1))
        glued_digit = "2" if any(f.startswith("\u00b9") for f in b.footnotes) else "1"
        for k, y in enumerate(years):
            style = "slash" if spell in ("glued", "wrap") else spell
            feat = "period:fy-" + ("dash" if style == "dash" else "slash")
            if spell == "wrap" and k == len(years) - 2:
                style, feat = "wrap", "period:fy-wrapped"
            norm, text = _year_header(ctx, y, style)
            if ctx.ref_kind == "cal":
                feat = "period:calendar"
            sup = ""
            if spell == "glued" and y == Y:
                sup, feat = glued_digit, "period:footnote-glued"
                b.footnotes.append(f"{glued_digit} Provisional data, subject to validation.")
            add(
                None,
                text,
                fig(period=norm, features=(feat,)),
                "now" if y == Y else "before" if y == Y - 1 else None,
                lambda i, s, y=y: s.year(y),
                sup=sup,
            )
        tlabel = rng.choice(("Target", f"Target\n{_year_header(ctx, Y, 'slash')[1]}"))
        add(
            None,
            tlabel,
            fig(
                measure="target",
                period=None if tlabel == "Target" else ctx.doc.ref_period,
                features=("measure:target",),
            ),
            "target",
            lambda i, s: s.target(Y, s.year(Y)),
        )
        if rng.random() < 0.6:  # a "Change" column keeps each row's unit (points for percentages)
            add(
                None,
                rng.choice(("Change", "Change on\nprevious year")),
                fig(
                    measure="change",
                    period=ctx.doc.ref_period,
                    features=("measure:change", "period:change-end"),
                ),
                None,
                lambda i, s: round(s.year(Y) - s.year(Y - 1), i.dp),
                plus=rng.random() < 0.5,
            )
    elif variant == "a_groups":
        for y in (Y - 1, Y):
            _, top = _year_header(ctx, y, rng.choice(("slash", "dash")))
            norm = _year_header(ctx, y, "slash")[0]
            add(
                top,
                "Target",
                fig(measure="target", period=norm, features=("measure:target", "period:group-header")),
                "target" if y == Y else None,
                lambda i, s, y=y: s.target(y, s.year(y)),
            )
            add(
                top,
                "Actual",
                fig(period=norm, features=("measure:actual", "period:group-header")),
                "now" if y == Y else "before",
                lambda i, s, y=y: s.year(y),
            )
        add(
            top,
            "Variance",
            fig(measure="change", period=norm, features=("measure:variance", "period:group-header")),
            None,
            lambda i, s: round(s.year(Y) - s.target(Y, s.year(Y)), i.dp),
            plus=rng.random() < 0.5,
        )
    elif variant == "a_baseline":
        by = Y - rng.choice((3, 4))
        bnorm, btext = _year_header(ctx, by, "slash")
        add(
            None,
            rng.choice((f"Baseline\n({btext})", f"Baseline\n{btext}")),
            fig(measure="baseline", period=bnorm, features=("measure:baseline",)),
            None,
            lambda i, s: s.year(by),
        )
        for y in (Y - 1, Y):
            norm, text = _year_header(ctx, y, "slash")
            add(
                None,
                rng.choice((f"{text}\nActual", f"Actual\n{text}", f"Outturn\n{text}")),
                fig(period=norm, features=("measure:actual",)),
                "now" if y == Y else "before",
                lambda i, s, y=y: s.year(y),
            )
        norm, text = _year_header(ctx, Y + 1, "slash")
        add(
            None,
            f"Target\n{text}",
            fig(measure="target", period=norm, features=("measure:target", "period:next-year")),
            "target",
            lambda i, s: s.target(Y + 1, s.year(Y)),
        )
    elif variant == "a_pts":  # shares only: last year, this year, the change in points, the target
        ystyle = rng.choice(("slash", "dash"))
        for y in (Y - 1, Y):
            norm, text = _year_header(ctx, y, ystyle)
            add(None, text, fig(period=norm), "now" if y == Y else "before", lambda i, s, y=y: s.year(y))
        in_cell = rng.random() < 0.4
        head = "Change" if in_cell else rng.choice(("Change\n(pts)", "Change\n(% points)", "pts\nchange"))
        add(
            None,
            head,
            fig(
                measure="change",
                unit="percent",
                period=ctx.doc.ref_period,
                features=("measure:pts", "period:change-end"),
            ),
            None,
            lambda i, s: round(s.year(Y) - s.year(Y - 1), 1),
            plus=True,
            pts=in_cell,
        )
        dated = rng.random() < 0.5
        add(
            None,
            f"Target\n{_year_header(ctx, Y, ystyle)[1]}" if dated else "Target",
            fig(measure="target", period=ctx.doc.ref_period if dated else None, features=("measure:target",)),
            "target",
            lambda i, s: s.target(Y, s.year(Y)),
        )
    elif variant == "a_plain":  # undated columns: the document's reference period
        if rng.random() < 0.5:
            norm, text = _year_header(ctx, Y - 1, "slash")
            add(None, text, fig(period=norm), "before", lambda i, s: s.year(Y - 1))
        add(
            None,
            rng.choice(("Actual", "Outturn", "Performance")),
            fig(features=("measure:actual",)),
            "now",
            lambda i, s: s.year(Y),
        )
        add(
            None,
            "Target",
            fig(measure="target", features=("measure:target",)),
            "target",
            lambda i, s: s.target(Y, s.year(Y)),
        )
        if rng.random() < 0.5:
            add(
                None,
                rng.choice(("Variance", "Variance\nfrom target")),
                fig(measure="change", features=("measure:variance",)),
                None,
                lambda i, s: round(s.year(Y) - s.target(Y, s.year(Y)), i.dp),
                plus=rng.random() < 0.5,
            )
    elif variant == "msg":
        norm, text = fy_text(Y, "slash")
        add(None, text, fig(period=norm), "now", lambda i, s: s.year(Y))
        add(
            None,
            rng.choice(("Most similar\ngroup average", "MSG\naverage", "Nearest\nneighbours\naverage")),
            fig(period=norm, geography="Comparator group", features=("place:comparator-group",)),
            "target",
            lambda i, s: s.other("msg", s.year(Y), 0.12),
        )
        add(
            None,
            rng.choice(("MSG\nposition", "Position\nin MSG", "Rank")),
            fig(measure="rank", unit="rank", period=norm, features=("measure:rank",)),
            None,
            lambda i, s: float(rng.randint(1, 8)),
        )
    return fns
