"""Assemble one table: columns with their meaning, rows of printed cells, then the header
rows, the look (rules, shading, split over two pages) and the expected gold rows."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .model import BodyRow, Column, Expected, RowMeaning, TableSpec, two_level_header
from .places import Area, Publisher
from .rules import DocMeaning, TableMeaning, clean_label, expect

P_SPLIT = 0.2  # share of long tables continued on a second page
P_REPEAT_HEADER = 0.6  # of those, share that repeat the header on page 2


@dataclass
class Ctx:
    """What a table needs to know about its document."""

    rng: random.Random
    pub: Publisher
    ref_kind: str  # fy | quarter | cal
    year: int  # start of the financial year, or the calendar year
    quarter: int | None
    doc: DocMeaning
    table_no: int = 0

    @property
    def area(self) -> Area:
        return self.pub.area

    @property
    def domain(self) -> str:
        return self.pub.domain

    @property
    def last_full_year(self) -> int:
        """The latest year a table can show whole: a quarterly report's year is not over."""
        return self.year - 1 if self.ref_kind == "quarter" else self.year

    @property
    def half_years(self) -> tuple[int, int]:
        """The two latest April-September half years the document can show."""
        late = self.year if self.ref_kind != "quarter" or (self.quarter or 1) >= 2 else self.year - 1
        return late - 1, late

    def months(self, n: int) -> list[tuple[int, int]]:
        """n consecutive (year, month): ending with the report's quarter, or in the first or
        second half of its financial or calendar year."""
        if self.ref_kind == "quarter":
            end_m = {1: 6, 2: 9, 3: 12, 4: 3}[self.quarter]
            y, m = (self.year + 1 if self.quarter == 4 else self.year), end_m
            out = []
            for _ in range(n):
                out.append((y, m))
                y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            return out[::-1]
        y, m = (
            (self.year, self.rng.choice((1, 7)))
            if self.ref_kind == "cal"
            else (self.year, self.rng.choice((4, 10)))
        )
        out = []
        for _ in range(n):
            out.append((y, m))
            y, m = (y, m + 1) if m < 12 else (y + 1, 1)
        return out

    def caption(self, text: str) -> str:
        """Numbered ("Table 2: ...") most of the time, as reports do."""
        if self.rng.random() < 0.8:
            self.table_no += 1
            return f"Table {self.table_no}: {text}"
        return text


class TableBuilder:
    def __init__(self, ctx: Ctx, meaning: TableMeaning, caption: str, kind: str):
        self.ctx, self.meaning, self.caption = ctx, meaning, caption
        self.heads: list[tuple[str | None, str, str]] = []
        self.columns: list[Column] = []
        self.rows: list[tuple[list[str], RowMeaning | None, dict[int, float]]] = []
        self.footnotes: list[str] = []
        self.features: set[str] = {f"table:{kind}"}

    def col(self, top: str | None, bottom: str, column: Column, sup: str = "") -> int:
        self.heads.append((top, bottom, sup))
        self.columns.append(column)
        return len(self.columns) - 1

    def group(self, text: str) -> None:
        self.rows.append(([text], None, {}))
        self.features.add("body:group-rows")

    def row(self, cells: list[str], meaning: RowMeaning, values: dict[int, float] | None = None) -> None:
        assert len(cells) == len(self.columns), (cells, len(self.columns))
        self.rows.append((cells, meaning, values or {}))

    def build(self) -> TableSpec:
        rng = self.ctx.rng
        header = two_level_header([(t, b) for t, b, _ in self.heads])
        for i, (_, _, sup) in enumerate(self.heads):
            if sup:
                cell = [h for row in header for h in row if h.col == i and h.span == 1][-1]
                cell.superscript = sup
        self.features.add("header:two-level" if len(header) == 2 else "header:one-row")
        style = rng.choices(("grid", "hrules", "unruled"), (0.4, 0.35, 0.25))[0]
        spec = TableSpec(
            caption=self.caption,
            header=header,
            columns=self.columns,
            rows=[],
            footnotes=self.footnotes,
            style=style,
            shade_header=rng.random() < 0.35,
            zebra=style != "grid" and rng.random() < 0.2,
            font_size=rng.choice((7.5, 8.0, 8.0, 8.5)),
            valign=rng.choice(("MIDDLE", "TOP")),
        )
        n = len(self.rows)
        if n >= 8 and rng.random() < P_SPLIT:
            at = n // 2
            while at > 3 and self.rows[at - 1][1] is None:  # never leave a group row last on page 1
                at -= 1
            spec.split_at, spec.repeat_header = at, rng.random() < P_REPEAT_HEADER
        self.features.add(f"style:{style}")
        spec.features = set(self.features)
        paths = [" / ".join(x for x in (t, b) if x).replace("\n", " ") for t, b, _ in self.heads]
        meaning = TableMeaning(
            **{
                **self.meaning.__dict__,
                "features": tuple(self.meaning.features) + tuple(sorted(self.features)),
            }
        )
        for i, (cells, rmean, values) in enumerate(self.rows):
            if rmean is None:
                spec.rows.append(BodyRow(cells + [""] * (len(self.columns) - 1), group=True))
                continue
            part = ()
            if spec.split_at is not None:
                part = (
                    ("split:page1",)
                    if i < spec.split_at
                    else ("split:page2-header-repeated" if spec.repeat_header else "split:page2-no-header",)
                )
            body = BodyRow(cells)
            for j, (text, col) in enumerate(zip(cells, self.columns)):
                if col.kind != "figure" or not text:
                    continue
                e: Expected = expect(self.ctx.doc, meaning, rmean, col, text, values.get(j), part)
                e.where = f"{clean_label(self.caption)[:50]} | row {rmean.label!r} | col {paths[j]!r}"
                body.expected.append(e)
            spec.rows.append(body)
        return spec
