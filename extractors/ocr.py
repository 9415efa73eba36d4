"""Words of an image-only (scanned) page, read with Tesseract, as the same LWord objects
the text layer gives: boxes in PDF points, top-left origin (pdfplumber's frame).

Used only for pages without a text layer, and only when Tesseract is installed
(`tesseract` on PATH and the `pytesseract` package importable); `open_document` rejects
an image-only document otherwise, with INSTALL_HINT as part of the reason.
"""
from __future__ import annotations

import re
import shutil
import statistics

INSTALL_HINT = ("install Tesseract to read it: `apt-get install tesseract-ocr` "
                "(the pytesseract package is a project dependency)")

DPI = 300           # render scale for Tesseract; scans are usually 150-300 dpi
PSM = 3             # Tesseract page segmentation: 3 (auto) beat 11 (sparse) on the scanned leaflet
MIN_CONF = 0        # words Tesseract scores below this are dropped (-1 marks non-words)
METHOD_SUFFIX = "+ocr"   # appended to the method of every figure read from an OCR page

# Height of a line's ink box (ascender top to descender bottom) as a share of the font
# size pdfminer reports, so word sizes and gaps compare as they do on a text page.
INK_PER_EM = 0.93


def tesseract_available() -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return True


# Letters Tesseract reads in place of digits. Applied only to a token that already holds
# a digit and would be a plain number (digits, separators, %, currency) once mapped, so
# words are never touched: "1,O87" -> "1,087", "l5%" -> "15%", but "Old" and "IO" stay.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER = re.compile(r"[(£$]?\d[\d,.]*%?[)]?[.,:;]?")


def normalise_number(token: str) -> str:
    if not any(ch.isdigit() for ch in token) or token.isdigit():
        return token
    mapped = token.translate(_DIGIT_LOOKALIKES)
    return mapped if mapped != token and _NUMBER.fullmatch(mapped) else token


def render_page(path: str, index: int, dpi: int):
    """Page `index` (0-based) as a greyscale PIL image, and points-to-pixels scale."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(path)
    try:
        scale = dpi / 72
        image = pdf[index].render(scale=scale, grayscale=True).to_pil()
    finally:
        pdf.close()
    return image, scale


def ocr_words(path: str, index: int, dpi: int | None = None, psm: int | None = None) -> list:
    """The words Tesseract reads on page `index` (0-based), as LWords in PDF points."""
    import pytesseract
    dpi, psm = dpi or DPI, psm or PSM

    from extractors.layout import LWord
    image, scale = render_page(path, index, dpi)
    data = pytesseract.image_to_data(image, config=f"--psm {psm}",
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple, list[int]] = {}
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= MIN_CONF:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
    words = []
    for idx in lines.values():
        # One vertical extent per line (as a text layer gives one per font size): the
        # line's ink from the tallest word, so "a" and "All" on a line share top/bottom.
        top = min(data["top"][i] for i in idx) / scale
        bottom = max(data["top"][i] + data["height"][i] for i in idx) / scale
        # A single short word (a digit, "a") has less ink than a full line: take the
        # font size from the median of tall words where there are any.
        heights = [data["height"][i] / scale for i in idx]
        ink = max(statistics.median(heights), bottom - top if len(idx) == 1 else 0)
        size = round(ink / INK_PER_EM, 1)
        for i in idx:
            text = normalise_number(data["text"][i].strip())
            x0 = data["left"][i] / scale
            x1 = (data["left"][i] + data["width"][i]) / scale
            # Tesseract boxes words, not characters: each word's width is split evenly
            # across its characters, so a figure inside a word gets an approximate box.
            step = (x1 - x0) / len(text)
            char_x = [(x0 + k * step, x0 + (k + 1) * step) for k in range(len(text))]
            words.append(LWord(text, x0, top, x1, bottom, size, False, char_x))
    return words
