"""Plain-text views of a generated document and its expected rows, for eyeballing."""

from __future__ import annotations

from .model import DocSpec, TableSpec


def table_text(t: TableSpec) -> str:
    n = len(t.columns)
    grid = []
    for hrow in t.header:
        line = [""] * n
        for h in hrow:
            line[h.col] = (h.text + h.superscript).replace("\n", " ") + (
                f" [span {h.span}]" if h.span > 1 else ""
            )
        grid.append(line)
    grid.append(["-" * 3] * n)
    for i, r in enumerate(t.rows):
        if t.split_at is not None and i == t.split_at:
            grid.append(
                [f"=== page break (header {'repeated' if t.repeat_header else 'not repeated'}) ==="]
                + [""] * (n - 1)
            )
        grid.append(
            [r.cells[0].replace("\n", " / ") + "  [group]"] + [""] * (n - 1)
            if r.group
            else [c.replace("\n", " / ") for c in r.cells]
        )
    widths = [min(38, max(len(row[j]) for row in grid)) for j in range(n)]
    out = [t.caption]
    for row in grid:
        out.append(" | ".join(row[j][:38].ljust(widths[j]) for j in range(n)))
    out += t.footnotes
    return "\n".join(out)


def doc_text(d: DocSpec, expected: bool = True) -> str:
    out = [
        f"# {d.name}  ({', '.join(sorted(d.features))})",
        d.publisher,
        d.title,
        d.ref_statement,
        f"-> area {d.area!r}, reference period {d.ref_period!r}",
        "",
    ]
    for t in d.tables:
        out += [
            f"[{t.style}{', split at %d' % t.split_at if t.split_at is not None else ''}] "
            f"{', '.join(sorted(f for f in t.features if not f.startswith('style:')))}",
            table_text(t),
            "",
        ]
        if expected:
            for e in t.expected:
                out.append(
                    f"  p{e.page} {e.indicator!r:60} {e.geography:18} {e.period:22} {e.measure:8} "
                    f"{'' if e.value is None else e.value!s:>12} {e.value_text!r:12} {e.unit}"
                )
            out.append("")
    return "\n".join(out)
