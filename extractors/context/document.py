"""What a document says about itself: the area its publisher covers and the period
it reports on (the document context every table and sentence falls back on)."""
from __future__ import annotations

from dataclasses import replace

from extractors.context.periods import reference_period
from extractors.context.places import read_geography
from extractors.text.blocks import find_text_blocks
from extractors.types import Document


def describe_document(doc: Document, layouts) -> Document:
    """Fill in what the document says about itself: the area its publisher covers
    (unless configured) and the period it reports on. Text is read in column-aware
    blocks so that words from neighbouring table cells are never run together."""
    blocks = find_text_blocks(layouts, [])
    first = "\n".join(b.text for b in blocks if b.page <= 3)
    every = "\n".join(b.text for b in blocks)
    return replace(doc, geography=doc.geography or read_geography(first),
                   reference_period=doc.reference_period or reference_period(every))
