"""Plain-Python extraction: PDF -> Observation rows. No Prefect in here.

The stages, in data-flow order (each a plain function a test can call):

    open_document(path, geography="")        -> Document            (pdf/document.py)
    read_layout(doc)                         -> list[PageLayout]    (pdf/layout.py, pdf/ocr.py)
    describe_document(doc, layouts)          -> Document            (context/document.py: area, period)
    find_tables(doc, layouts)                -> list[Table]         (tables/find.py)
    find_text_blocks(layouts, tables)        -> list[TextBlock]     (text/blocks.py)
    table_observations(doc, tables, layouts) -> list[Observation]   (tables/interpret.py)
    text_observations(doc, blocks)           -> list[Observation]   (text/narrative.py)
    merge_observations(doc, rows, blocks)    -> list[Observation]   (merge.py; personal data
                                                                     redacted: personal_data.py)

The packages are the stages: pdf/ (open, layout, OCR), tables/ (find, structure,
interpret, charts), text/ (figures in prose), context/ (the document's area and
period, periods, places, units and measures, indicator ids).

`extract_document` runs them all for one document.
"""
import time

from extractors.types import (BBox, Cell, Document, DocumentRejected, Observation, Table,
                              TextBlock)
from extractors.pdf.document import open_document
from extractors.context.document import describe_document
from extractors.limits import DocumentStopped, check_time, document_limits, where
from extractors.pdf.layout import PageLayout, read_layout
from extractors.text.blocks import find_text_blocks
from extractors.tables.find import find_tables
from extractors.tables.interpret import table_observations
from extractors.text.narrative import text_observations
from extractors.merge import merge_observations

__all__ = [
    "BBox", "Cell", "Document", "DocumentRejected", "Observation", "Table",
    "TextBlock", "PageLayout", "open_document", "describe_document", "read_layout", "find_text_blocks",
    "find_tables", "table_observations", "text_observations", "merge_observations",
    "extract_document", "extract_with_stats", "document_limits", "DocumentStopped", "where",
]


def extract_document(doc: Document) -> list[Observation]:
    """Every figure of one opened document, as CONTRACT rows."""
    return extract_with_stats(doc)[0]


def extract_with_stats(doc: Document) -> tuple[list[Observation], dict]:
    """extract_document, plus what the run report and the benchmark want to know: tables
    holding figures, the largest page size (for the bbox check) and seconds per stage."""
    seconds: dict[str, float] = {}

    def timed(stage, fn, *args):
        check_time(f"starting stage {stage}")
        t0 = time.perf_counter()
        out = fn(*args)
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - t0
        return out

    layouts = timed("layout", read_layout, doc)
    doc = timed("describe", describe_document, doc, layouts)
    tables = timed("tables", find_tables, doc, layouts)
    blocks = timed("text_blocks", find_text_blocks, layouts, tables)
    rows = timed("table_figures", table_observations, doc, tables, layouts)
    rows += timed("text_figures", text_observations, doc, blocks)
    rows = timed("merge", merge_observations, doc, rows, blocks)
    stats = {"tables": sum(t.holds_data for t in tables),
             "page_size": (max(lay.width for lay in layouts), max(lay.height for lay in layouts)),
             "seconds": seconds}
    return rows, stats
