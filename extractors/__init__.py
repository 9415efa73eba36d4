"""Plain-Python extraction: PDF -> Observation rows. No Prefect in here.

The stages, in data-flow order (each a plain function a test can call):

    open_document(path, geography="")        -> Document            (document.py)
    read_layout(doc)                         -> list[PageLayout]    (layout.py)
    describe_document(doc, layouts)          -> Document            (document.py: area, period)
    find_tables(doc, layouts)                -> list[Table]         (tables.py)
    find_text_blocks(layouts, tables)        -> list[TextBlock]     (layout.py)
    table_observations(doc, tables, layouts) -> list[Observation]   (interpret_tables.py)
    text_observations(doc, blocks)           -> list[Observation]   (narrative.py)
    merge_observations(doc, rows, blocks)    -> list[Observation]   (merge.py; personal data
                                                                     redacted: personal_data.py)

`extract_document` runs them all for one document.
"""
import time

from extractors.types import (BBox, Cell, Document, DocumentRejected, Observation, Table,
                              TextBlock)
from extractors.document import describe_document, open_document
from extractors.limits import DocumentStopped, check_time, document_limits
from extractors.layout import PageLayout, read_layout, find_text_blocks
from extractors.tables import find_tables
from extractors.interpret_tables import table_observations
from extractors.narrative import text_observations
from extractors.merge import merge_observations

__all__ = [
    "BBox", "Cell", "Document", "DocumentRejected", "Observation", "Table",
    "TextBlock", "PageLayout", "open_document", "describe_document", "read_layout", "find_text_blocks",
    "find_tables", "table_observations", "text_observations", "merge_observations",
    "extract_document", "extract_with_stats", "document_limits", "DocumentStopped",
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
