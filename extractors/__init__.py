"""Plain-Python extraction: PDF -> Observation rows. No Prefect in here.

The stages, in data-flow order (each a plain function a test can call):

    open_document(path, geography="")        -> Document            (document.py)
    read_layout(doc)                         -> list[PageLayout]    (layout.py)
    describe_document(doc, layouts)          -> Document            (document.py: area, period)
    find_tables(doc, layouts)                -> list[Table]         (tables.py)
    find_text_blocks(layouts, tables)        -> list[TextBlock]     (layout.py)
    table_observations(doc, tables, layouts) -> list[Observation]   (interpret_tables.py)
    text_observations(doc, blocks)           -> list[Observation]   (narrative.py)
    merge_observations(doc, rows)            -> list[Observation]   (merge.py)

`extract_document` runs them all for one document.
"""
from extractors.types import (BBox, Cell, Document, DocumentRejected, Observation, Table,
                              TextBlock)
from extractors.document import describe_document, open_document
from extractors.layout import PageLayout, read_layout, find_text_blocks
from extractors.tables import find_tables
from extractors.interpret_tables import table_observations
from extractors.narrative import text_observations
from extractors.merge import merge_observations

__all__ = [
    "BBox", "Cell", "Document", "DocumentRejected", "Observation", "Table",
    "TextBlock", "PageLayout", "open_document", "describe_document", "read_layout", "find_text_blocks",
    "find_tables", "table_observations", "text_observations", "merge_observations",
    "extract_document",
]


def extract_document(doc: Document) -> list[Observation]:
    """Every figure of one opened document, as CONTRACT rows."""
    layouts = read_layout(doc)
    doc = describe_document(doc, layouts)
    tables = find_tables(doc, layouts)
    blocks = find_text_blocks(layouts, tables)
    rows = table_observations(doc, tables, layouts) + text_observations(doc, blocks)
    return merge_observations(doc, rows)
