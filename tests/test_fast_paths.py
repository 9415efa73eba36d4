"""The shortcuts taken for speed give what the slow, plain library calls give.

read_layout builds its characters from pdfminer's layout with pdfplumber's formulas
instead of `page.chars`, and open_document counts text pages with pdfium instead of
pdfminer; a pdfplumber or pdfium upgrade that changes either shows up here.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

import extractors as ex
from extractors.pdf.document import _has_chars, _text_pages
from extractors.pdf.layout import _page_objects, _rules, _words

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
SAMPLES = sorted(RAW.glob("*.pdf"))
KEYS = ("x0", "x1", "top", "bottom", "doctop", "text", "upright", "size", "fontname")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_page_objects_match_pdfplumber(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars, shapes = _page_objects(page)
            # the same keys and values as pdfplumber's chars, plus each glyph's direction
            assert [{k: c[k] for k in KEYS} for c in chars] == \
                [{k: c[k] for k in KEYS} for c in page.chars]
            assert {c["turn"] for c in chars} == {0}     # the samples print upright text
            assert _rules(shapes) == _rules(list(page.lines) + list(page.rects))
            plain = page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                       extra_attrs=["size"])
            assert [(w.text, w.x0, w.top, w.x1, w.bottom) for w in _words(chars)] == \
                [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in plain]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_text_pages_match_pdfminer(path):
    with pdfplumber.open(path) as pdf:
        slow = sum(_has_chars(page) for page in pdf.pages)
    with pdfplumber.open(path) as pdf:
        assert sum(_text_pages(str(path), pdf.pages, {})) == slow == ex.open_document(str(path)).text_pages
