"""The values that flow from a PDF to a published row, one type per arrow.

Document -> PageLayout -> Table / TextBlock -> Observation.
Geometry (page, bbox in PDF points, top-left origin) is carried from the first
type to the last, so provenance is never reconstructed afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom (pdfplumber's convention)


def union_bbox(boxes) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def format_bbox(b: BBox) -> str:
    return ",".join(f"{v:.1f}" for v in b)


class DocumentRejected(Exception):
    """A file that cannot be read as a PDF with text; `reason` is for the run report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    path: str
    name: str            # file name, the dataset's source_document
    sha256: str
    size_bytes: int
    page_count: int
    text_pages: int      # pages with a text layer
    geography: str = ""  # area the publisher covers (config, else read from the text)
    reference_period: str = ""  # the period the document reports on, read from its text
    ocr_pages: tuple[int, ...] = ()  # 1-based pages without a text layer, read with OCR
    info: str = ""       # the PDF's own Title, Author and Subject (often name the publisher)
    # 1-based pages over an input limit (extractors/pdf/page_limits.py), with the reason:
    # they are not read, and the document is "partial"
    skipped_pages: tuple[tuple[int, str], ...] = ()
    repaired: str = ""   # how a PDF pdfminer could not open was rebuilt ("" if it was not)
    read_path: str = ""  # the file the readers open: `path`, or its repaired copy

    @property
    def source_path(self) -> str:
        return self.read_path or self.path

    @property
    def has_text_layer(self) -> bool:
        return self.text_pages > 0


@dataclass
class TextBlock:
    """A run of text outside data tables (a paragraph, bullet, heading, or a text cell)."""
    page: int
    text: str
    char_boxes: list[Optional[BBox]]   # one per character of `text` (None for inserted spaces)
    bbox: BBox
    context: str = ""                  # e.g. the row label of the table cell it came from
    kind: str = "text"                 # "text" or "cell"
    size: float = 0.0                  # median type size of its words
    color: Optional[tuple] = None      # fill colour of most of its glyphs


@dataclass
class Cell:
    row: int
    col: int
    text: str
    bbox: BBox
    row_span: int = 1
    col_span: int = 1
    text_bbox: Optional[BBox] = None   # box of the printed text (bbox is the whole cell)


@dataclass
class Table:
    page: int
    bbox: BBox
    method: str                        # table:camelot-lattice, table:camelot-stream, table:pdfplumber
    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    header_rows: int = -1              # -1: not known from the geometry, the reader decides
    title: str = ""                    # caption or heading printed just above the table
    notes: str = ""                    # text printed just below it (axis titles, sources)
    heading: str = ""                  # the section heading over it ("Change in crime since 2019")
    holds_data: bool = True            # False: a ruled layout box (a form, prose in a grid)

    def grid(self) -> list[list[str]]:
        g = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            g[c.row][c.col] = c.text
        return g


@dataclass
class Observation:
    """One published row: the CONTRACT columns."""
    indicator: str
    indicator_id: str
    geography: str
    period: str
    measure: str
    value: Optional[float]
    value_text: str
    unit: str
    source_document: str
    source_sha256: str
    page: int
    bbox: str
    method: str
    snippet: str
    row_id: str = ""
    source_url: str = ""               # set by the flow for a downloaded document
    # how fields were decided, for the readers after this one (not a published column):
    # {"period": "document"} when nothing but the document's own period dated the figure
    evidence: dict = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict:
        # every field is a plain value: a shallow copy (asdict's deep copy cost seconds
        # on a large batch)
        d = dict(self.__dict__)
        d["evidence"] = dict(self.evidence)
        return d
