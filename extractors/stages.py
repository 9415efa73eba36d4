"""All the extraction stages for one opened document, in data-flow order, timed."""
import time

from extractors.context.document import describe_document
from extractors.limits import check_time
from extractors.merge import merge_observations, note_ocr_confidence
from extractors.pdf.layout import read_layout
from extractors.tables.find import find_tables
from extractors.tables.interpret import table_observations
from extractors.text.blocks import find_text_blocks
from extractors.text.narrative import text_observations
from extractors.types import Document, Observation


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
    if doc.ocr_pages:
        note_ocr_confidence(rows, layouts)
    stats = {"tables": sum(t.holds_data for t in tables),
             "page_size": (max(lay.width for lay in layouts), max(lay.height for lay in layouts)),
             "seconds": seconds}
    return rows, stats
