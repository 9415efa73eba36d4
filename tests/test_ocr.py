"""Image-only pages are read with Tesseract through the same extractors.

The scanned page is made here: page 1 of the 2012/13 leaflet rendered to a picture and
saved as a one-page PDF with no text layer, so the text-layer copy says where each
figure is printed.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

import extractors as ex
import extractors.pdf.document
from extractors.pdf.ocr import normalise_number, tesseract_available

LEAFLET = Path(__file__).resolve().parent.parent / "raw_docs" / "safe-city-annual-summary-2012-13.pdf"
FIGURES = ["1433", "2169", "9.7%", "93", "308"]   # printed once each on page 1

def _require_tesseract() -> None:
    # not a skip: the OCR path is part of the product (.ci/run installs Tesseract)
    assert tesseract_available(), "these tests need Tesseract: apt-get install tesseract-ocr"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    dpi = 200
    pdf = pypdfium2.PdfDocument(str(LEAFLET))
    image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
    pdf.close()
    out = tmp_path_factory.mktemp("scan") / "scanned-page.pdf"
    image.save(out, "PDF", resolution=dpi)   # same page size in points as the original
    return out


@pytest.fixture(scope="module")
def ocr_read(scanned):
    _require_tesseract()
    doc = ex.open_document(str(scanned))
    layouts = ex.read_layout(doc)
    return doc, layouts, ex.extract_document(doc)


def _centre(w) -> tuple[float, float]:
    return (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2


def test_rejected_without_tesseract(scanned, monkeypatch):
    monkeypatch.setattr(extractors.pdf.document, "tesseract_available", lambda: False)
    with pytest.raises(ex.DocumentRejected) as err:
        ex.open_document(str(scanned))
    assert "image-only" in err.value.reason and "needs OCR" in err.value.reason
    assert "apt-get install tesseract-ocr" in err.value.reason


def test_image_only_page_is_ocrd(ocr_read):
    doc, layouts, _ = ocr_read
    assert doc.text_pages == 0 and doc.ocr_pages == (1,)
    lay = layouts[0]
    assert (round(lay.width), round(lay.height)) == (595, 842)
    assert not lay.h_rules and not lay.v_rules


def test_words_sit_where_the_text_layer_prints_them(ocr_read):
    text_lay = ex.read_layout(ex.open_document(str(LEAFLET)))[0]
    ocr_lay = ocr_read[1][0]
    for fig in FIGURES:
        printed = [w for w in text_lay.words if w.text.rstrip(".,;") == fig]
        read = [w for w in ocr_lay.words if w.text.rstrip(".,;") == fig]
        assert len(printed) == 1 and len(read) == 1, fig
        (px, py), (ox, oy) = _centre(printed[0]), _centre(read[0])
        assert abs(px - ox) < 3 and abs(py - oy) < 3, (fig, printed[0].bbox, read[0].bbox)
        assert abs(printed[0].size - read[0].size) < 1.5, fig


def test_figures_come_out_marked_as_ocr(ocr_read):
    rows = ocr_read[2]
    assert rows and all(r.method.endswith("+ocr") and r.page == 1 for r in rows)
    assert any(r.method.startswith("table:") for r in rows)
    found = {r.value_text for r in rows}
    assert {"1433", "2169", "2153", "9.7%", "16%"} <= found
    # a rank from the unruled table, with its row label and column period
    assert any(r.indicator == "Rape" and r.value == 10 and r.period == "2012/13" for r in rows)
    # Tesseract's confidence in the figure's words goes into its evidence (and confidence)
    confs = [int(r.evidence["ocr"].split()[1].rstrip("%")) for r in rows]
    assert all(0 <= c <= 100 for c in confs) and len(set(confs)) > 1


def test_digit_lookalikes_only_in_numbers():
    assert normalise_number("1,O87") == "1,087"
    assert normalise_number("l5%") == "15%"
    assert [normalise_number(t) for t in ["Old", "IO", "O", "2012/13", "B4"]] == \
        ["Old", "IO", "O", "2012/13", "B4"]
