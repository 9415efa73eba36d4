"""Words of an image-only (scanned) page, read with Tesseract, as the same LWord objects
the text layer gives: boxes in PDF points, top-left origin (pdfplumber's frame).

Used only for pages without a text layer, and only when Tesseract is installed
(`tesseract` on PATH and the `pytesseract` package importable); `open_document` rejects
an image-only document otherwise, with INSTALL_HINT as part of the reason.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics

INSTALL_HINT = ("install Tesseract to read it: `apt-get install tesseract-ocr` "
                "(the pytesseract package is a project dependency)")

DPI = 300           # render scale for Tesseract; scans are usually 150-300 dpi
PSM = 3             # Tesseract page segmentation: 3 (auto) beat 11 (sparse) on the scanned leaflet
MIN_CONF = 0        # words Tesseract scores below this are dropped (-1 marks non-words)
METHOD_SUFFIX = "+ocr"   # appended to the method of every figure read from an OCR page

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
    # one OpenMP thread: Tesseract's thread pool spins for 2.5x the CPU, and is slower on a
    # busy or small machine (a run reads documents in parallel processes instead)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    from extractors.pdf.layout import LWord
    image, scale = render_page(path, index, dpi)
    data = pytesseract.image_to_data(image, config=f"--psm {psm}",
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple, list[int]] = {}
    for i, text in enumerate(data["text"]):
        if text.strip() and float(data["conf"][i]) >= MIN_CONF:
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
    words, bullets = [], []
    for idx in lines.values():
        box = [(data["text"][i].strip(), data["left"][i] / scale, data["top"][i] / scale,
                (data["left"][i] + data["width"][i]) / scale,
                (data["top"][i] + data["height"][i]) / scale) for i in idx]
        size, top, bottom = _line_metrics(box)
        for k, ((text, x0, _, x1, _), i) in enumerate(zip(box, idx)):
            if k == 0 and len(box) > 1 and _is_bullet(box[0], size):
                bullets.append(len(words))
                text = "•"
            else:
                text = normalise_number(text)
            # Tesseract boxes words, not characters: each word's width is split evenly
            # across its characters, so a figure inside a word gets an approximate box.
            step = (x1 - x0) / len(text)
            char_x = [(x0 + k * step, x0 + (k + 1) * step) for k in range(len(text))]
            words.append(LWord(text, x0, top, x1, bottom, size, False, char_x,
                               conf=float(data["conf"][i])))
    _mark_sub_bullets(words, bullets)
    return words

# Cap height of common sans and serif faces as a share of the font size; a line's font
# size is its cap (or ascender, or digit) top to baseline over this.
CAP_PER_EM = 0.72
DESCENT_PER_EM = 0.21   # baseline to the bottom of pdfminer's character box
_TALL = re.compile(r"[A-Z0-9bdfhklt]")
_DESCENDER = re.compile(r"[gjpqy,;()/\\|\[\]{}]")

def _line_metrics(box) -> tuple[float, float, float]:
    """(font size, top, bottom) of a line, with the box a text layer would give: every
    word on the line shares one top and bottom, baseline + descent up to one em (as
    pdfminer boxes characters), so a digit-only word and "Burglary" line up and a
    paragraph's lines get one size. The baseline is where words without descenders end;
    the cap height where words with capitals, digits or ascenders begin."""
    plain = [b[4] for b in box if not _DESCENDER.search(b[0])] or [b[4] for b in box]
    tall = [b[2] for b in box if _TALL.search(b[0])] or [b[2] for b in box]
    baseline, cap = statistics.median(plain), statistics.median(tall)
    size = max(baseline - cap, 1.0) / CAP_PER_EM
    bottom = baseline + DESCENT_PER_EM * size
    return round(size, 1), bottom - size, bottom

# What Tesseract makes of a bullet: a lone mark, or a small "e"/"o", at the start of a line.
_BULLET_READS = set("•◦*«»°+>·.,-~—–=oeOc©@®¢")

def _is_bullet(word, size: float) -> bool:
    text, x0, top, x1, bottom = word
    return len(text) == 1 and text in _BULLET_READS and x1 - x0 < 0.7 * size \
        and bottom - top < 0.7 * size

def _mark_sub_bullets(words: list, bullets: list[int]) -> None:
    """A bullet indented (by more than half an em, less than four) from another bullet
    a few lines above or below in the same list is a sub-item: "◦", as text layers print
    it, so the narrative reader knows "• There were reductions:" leads the items below."""
    for i in bullets:
        w = words[i]
        for j in bullets:
            o = words[j]
            if 0.5 * w.size < w.x0 - o.x0 < 4 * w.size and abs(o.top - w.top) < 12 * w.size:
                w.text = "◦"
                break
