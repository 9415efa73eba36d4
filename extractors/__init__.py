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

`extract_document` runs them all for one document (stages.py).

The names below are imported when first used, so a command that only needs a light part
(the CLI checking its arguments, the sources manifest) does not load spaCy and Camelot.
"""
import importlib

_HOME = {
    "BBox": "types", "Cell": "types", "Document": "types", "DocumentRejected": "types",
    "Observation": "types", "Table": "types", "TextBlock": "types",
    "open_document": "pdf.document", "describe_document": "context.document",
    "DocumentStopped": "limits", "check_time": "limits", "document_limits": "limits",
    "where": "limits", "PageLayout": "pdf.layout", "read_layout": "pdf.layout",
    "find_text_blocks": "text.blocks", "find_tables": "tables.find",
    "table_observations": "tables.interpret", "text_observations": "text.narrative",
    "merge_observations": "merge", "extract_document": "stages", "extract_with_stats": "stages",
}
__all__ = list(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'extractors' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"extractors.{_HOME[name]}"), name)
    globals()[name] = value
    return value
