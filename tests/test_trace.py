"""Tracing a published figure back to its page: selection, provenance and picture."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
from PIL import Image

import extractors as ex
from flows.trace import context_box, select, trace
from schemas.contract import to_frame

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
REPORT = RAW / "osmc-safe-city-annual-review-2018-01-11.pdf"


def test_trace_total_crime_writes_a_picture_of_its_cell(tmp_path, capsys):
    df = to_frame(ex.extract_document(ex.open_document(str(REPORT))))
    rows = select(df, words="total crime", value=30883)
    assert len(rows) == 1 and rows.iloc[0]["page"] == 3
    assert select(df, row_id=rows.iloc[0]["row_id"][:8]).equals(rows)
    pngs = trace(rows, str(RAW), str(tmp_path))
    out = capsys.readouterr().out
    assert "30,883" in out and "table:camelot-lattice" in out and rows.iloc[0]["source_sha256"] in out
    with Image.open(pngs[0]) as img:
        assert img.format == "PNG" and img.width > 500 and img.height > 100
        # the figure's box is drawn in red
        rgb = img.convert("RGB")
        pixels = (rgb.getpixel((x, y)) for x in range(0, rgb.width, 2) for y in range(0, rgb.height, 2))
        assert any(r > 200 and g < 60 and b < 60 for r, g, b in pixels)
    # the outlined row runs from the label to the last figure of the row
    with pdfplumber.open(REPORT) as pdf:
        page = pdf.pages[2]
        bbox = tuple(float(v) for v in rows.iloc[0]["bbox"].split(","))
        x0, _, x1, _ = context_box(page, bbox)
        row_words = page.crop((x0, bbox[1], x1, bbox[3])).extract_text()
    assert "Total" in row_words and "27,261" in row_words and "10.7%" in row_words


def test_select_narrows_by_filters():
    df = to_frame(ex.extract_document(ex.open_document(str(REPORT))))
    hate = select(df, words="hate crime", period="2016/17")
    assert {"567", "574"} <= set(hate["value_text"])
    assert set(select(df, page=8)["page"]) == {8}
    assert select(df, document="no-such-file").empty
