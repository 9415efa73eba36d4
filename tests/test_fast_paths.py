"""The shortcuts taken for speed give what the slow, plain library calls give.

read_layout parses pages with PLAYA (pdfminer's layout objects, rebuilt on a faster
parser) and builds its characters with pdfplumber's formulas instead of `page.chars`;
Camelot reads the same parse; open_document counts text pages with pdfium instead of
pdfminer. A pdfplumber, PLAYA, Camelot or pdfium upgrade that changes one shows up here.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

import extractors as ex
from extractors.pdf.document import _has_chars, _text_pages
from extractors.pdf.layout import _PdfminerPage, _rules, _words, read_layout
from extractors.tables.lattice import lattice_tables

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
SAMPLES = sorted(RAW.glob("*.pdf"))
KEYS = ("x0", "x1", "top", "bottom", "doctop", "text", "upright", "size", "fontname")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_page_objects_match_pdfplumber(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars, shapes, _ = _PdfminerPage(page).objects()
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
def test_playa_reads_the_words_and_rules_pdfminer_reads(path):
    doc = ex.open_document(str(path))
    fast, plain = read_layout(doc), read_layout(doc, parser="pdfminer")
    assert len(fast) == len(plain) == doc.page_count
    for a, b in zip(fast, plain):
        assert (a.width, a.height, a.rotation) == (b.width, b.height, b.rotation)
        def key(w):
            return (w.text, round(w.x0, 1), round(w.bottom))
        fast_words, plain_words = sorted(a.words, key=key), sorted(b.words, key=key)
        assert [w.text for w in fast_words] == [w.text for w in plain_words]
        # across the page the same to a hundredth of a point; down it, PLAYA takes a
        # font's descent from its bounding box where the descriptor says 0 (LibreOffice
        # writes that), so a box may reach lower: never by more than half the type size
        for x, y in zip(fast_words, plain_words):
            assert abs(x.x0 - y.x0) < 0.01 and abs(x.x1 - y.x1) < 0.01
            assert 0 <= x.bottom - y.bottom <= 0.5 * y.size and abs(x.top - y.top) <= 0.5 * y.size
        assert a.h_rules == b.h_rules and a.v_rules == b.v_rules


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_camelot_reads_the_layouts_parse_as_its_own(path):
    doc = ex.open_document(str(path))
    shared = read_layout(doc)
    assert any(lay.parsed is not None for lay in shared) == any(lay.has_rulings for lay in shared)
    own = read_layout(doc)
    for lay in own:
        lay.parsed = None          # Camelot parses these pages itself
    once, twice = lattice_tables(doc, shared), lattice_tables(doc, own)
    assert all(lay.parsed is None for lay in shared)   # handed over, then let go
    assert [(t.bbox, [(c.row, c.col, c.text) for c in t.cells]) for t in once] == \
        [(t.bbox, [(c.row, c.col, c.text) for c in t.cells]) for t in twice]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_text_pages_match_pdfminer(path):
    with pdfplumber.open(path) as pdf:
        slow = sum(_has_chars(page) for page in pdf.pages)
    with pdfplumber.open(path) as pdf:
        assert sum(_text_pages(str(path), pdf.pages, {})) == slow == ex.open_document(str(path)).text_pages
