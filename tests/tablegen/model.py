"""What a generated document is made of, independent of the PDF producer that draws it.

A TableSpec holds what is printed (header cells with their spans, body cells as text) and,
next to it, the meaning of each column and row that the gold rules need. The expected rows
are derived from that meaning (rules.py) when the table is built, so the printed table and
its answers cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Expected:
    """One gold row (CONTRACT "Gold files" columns, without source_document)."""

    indicator: str
    geography: str
    period: str
    measure: str
    value: float | None
    value_text: str
    unit: str
    page: int = 0
    features: frozenset[str] = frozenset()
    where: str = ""  # table and cell, for failure messages

    def as_gold(self, document: str) -> dict:
        return {
            "source_document": document,
            "page": self.page,
            "indicator": self.indicator,
            "geography": self.geography,
            "period": self.period,
            "measure": self.measure,
            "value": "" if self.value is None else self.value,
            "value_text": self.value_text,
            "unit": self.unit,
        }


@dataclass
class Column:
    """What a column means. kind: stub | figure | status | code | note | period."""

    kind: str
    measure: str = "actual"
    period: str | None = None
    geography: str | None = None
    unit: str | None = None  # overrides the row's unit (a "%" or "Rate per 1,000" column)
    scale: float = 1.0  # a "£000" header: applied to money only
    meaning: str = ""  # words the column adds to the indicator ("rate per 1,000 population")
    label: str = ""  # the column's own name, for tables whose stub is periods
    features: tuple[str, ...] = ()
    align: str = "R"


@dataclass
class RowMeaning:
    label: str = ""  # row label without footnote markers, line breaks folded
    place: str | None = None
    period: str | None = None
    unit: str | None = None
    measure: str | None = None  # a "% change" row in a table whose stub is periods
    features: tuple[str, ...] = ()


@dataclass
class HeadCell:
    text: str
    col: int
    span: int = 1  # columns covered
    rows: int = 1  # header rows covered (a column headed only in the top row)
    superscript: str = ""  # a footnote digit printed raised after the text


@dataclass
class BodyRow:
    cells: list[str]
    group: bool = False  # a full-width heading row inside the body ("Housing and health")
    expected: list[Expected] = field(default_factory=list)


@dataclass
class TableSpec:
    caption: str
    header: list[list[HeadCell]]
    columns: list[Column]
    rows: list[BodyRow]
    footnotes: list[str] = field(default_factory=list)
    style: str = "grid"  # grid | hrules | unruled
    shade_header: bool = False
    zebra: bool = False
    font_size: float = 8.0
    valign: str = "MIDDLE"
    split_at: int | None = None  # body row index where page 2 starts
    repeat_header: bool = True
    features: set[str] = field(default_factory=set)

    @property
    def expected(self) -> list[Expected]:
        return [e for r in self.rows for e in r.expected]


@dataclass
class DocSpec:
    name: str
    producer: str  # reportlab | fpdf2 | chromium
    publisher: str
    area: str
    title: str
    ref_statement: str
    ref_period: str
    intro: str
    tables: list[TableSpec]
    footer: str = ""  # "page" | "page_word" | ""
    font: str = "sans"  # sans | serif | unicode (a TrueType font, also forced by the text)
    features: set[str] = field(default_factory=set)

    @property
    def expected(self) -> list[Expected]:
        return [e for t in self.tables for e in t.expected]

    def printed_texts(self) -> list[str]:
        """Everything printed that is not a figure cell (for checks on stray numbers)."""
        out = [self.publisher, self.title, self.ref_statement, self.intro]
        for t in self.tables:
            out.append(t.caption)
            out += t.footnotes
            out += [h.text + h.superscript for row in t.header for h in row]
            for r in t.rows:
                out += [c for c, col in zip(r.cells, t.columns) if r.group or col.kind != "figure"]
        return out


def two_level_header(specs: list[tuple[str | None, str]]) -> list[list[HeadCell]]:
    """Header rows from (top, bottom) per column. A column whose top is None is headed by
    its bottom text alone, over both rows; consecutive columns with the same top text share
    one spanning cell. All tops None gives a one-row header."""
    if all(top is None for top, _ in specs):
        return [[HeadCell(b, i) for i, (_, b) in enumerate(specs)]]
    top_row, bottom_row = [], []
    i = 0
    while i < len(specs):
        top, bottom = specs[i]
        if top is None:
            top_row.append(HeadCell(bottom, i, 1, rows=2))
            i += 1
            continue
        j = i
        while j + 1 < len(specs) and specs[j + 1][0] == top:
            j += 1
        top_row.append(HeadCell(top, i, j - i + 1))
        bottom_row += [HeadCell(specs[k][1], k) for k in range(i, j + 1)]
        i = j + 1
    return [top_row, bottom_row]
