"""Write small real PDFs for tests: text at given positions, and straight lines.

Enough of the PDF format to make layouts the sample documents lack (a vertical bar
chart, say); pdfplumber and Camelot read the result like any other PDF.
"""
from __future__ import annotations

from pathlib import Path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: list[dict], width: float = 595, height: float = 842) -> Path:
    """Each page: {"text": [(x, top, size, "string")], "lines": [(x0, top0, x1, top1)],
    "rects": [(x0, top, x1, bottom[, (r, g, b)])], "polygons": [[(x, top), ...]]} in top-left
    coordinates (polygons filled black), like
    pdfplumber's (rectangles are filled light grey unless a colour is given), and
    optionally "rotate": 90, 180 or 270, the page's /Rotate: a viewer then shows the
    content turned, its text sideways or upside down (a landscape table on a portrait
    page, a page scanned the wrong way round)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for page in pages:
        ops = []
        for x, top, size, text in page.get("text", []):
            y = height - top - size * 0.8
            ops.append(f"BT /F1 {size} Tf {x:.2f} {y:.2f} Td ({_escape(text)}) Tj ET")
        for x0, t0, x1, t1 in page.get("lines", []):
            ops.append(f"0.5 w {x0:.2f} {height - t0:.2f} m {x1:.2f} {height - t1:.2f} l S")
        for x0, top, x1, bottom, *colour in page.get("rects", []):
            fill = "%.3f %.3f %.3f rg" % colour[0] if colour else "0.9 g"
            ops.append(f"{fill} {x0:.2f} {height - bottom:.2f} {x1 - x0:.2f} {bottom - top:.2f} re f 0 g")
        for points in page.get("polygons", []):      # filled paths: pdfminer reads them as curves
            outline = " ".join(f"{x:.2f} {height - t:.2f} {'m' if k == 0 else 'l'}" for k, (x, t) in enumerate(points))
            ops.append(f"0 g {outline} h f")
        stream = "\n".join(ops).encode("cp1252")   # WinAnsiEncoding: "–", "£", "€" too
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Rotate %d "
                        b"/Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>"
                        % (pages_id, width, height, page.get("rotate", 0), content, font)))
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
               % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    path.write_bytes(serialise(dict(enumerate(objects, start=1)), root=catalog))
    return path


def serialise(objects: dict[int, bytes], root: int = 1, version: bytes = b"1.4") -> bytes:
    """Objects {number: body} as a PDF with a correct cross-reference table (a number
    left out is a free entry)."""
    out, offsets = bytearray(b"%PDF-" + version + b"\n"), {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    start, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets.get(n, 0) for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, start)
    return bytes(out)
