"""Small PDFs built to hurt a PDF reader, written by the tests themselves (the same ideas
as the hostile set the pipeline was first tried on): each is a few bytes to a few MB on
disk and does what its name says to a parser.

    flate-bomb-page   one page whose content inflates to ~300 MB of text operators
    flate-bomb-zeros  one page whose content inflates to 400 MB of NUL bytes
    million-glyphs    one page drawing 1,000,000 one-character strings
    many-tiny-pages   5,000 pages of one line each
    page-tree-cycle   a /Pages node that lists itself among its kids
    deep-nesting      a page resource of 50,000 nested arrays
    huge-image        an image declaring 100,000 x 100,000 RGB pixels
    bad-xref          a cross-reference table pointing into the middle of other objects
    truncated-half    the first half of a good one-page file
    garbage-after-header  "%PDF-1.7" and 1 MB of random bytes
    negative-mediabox an inverted, negative MediaBox and /Rotate 45
"""
from __future__ import annotations

import random
import zlib
from pathlib import Path

import pdfgen

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def serialise(objects: dict[int, bytes]) -> bytes:
    return pdfgen.serialise(objects, root=1, version=b"1.7")


def _stream(compressed: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n%s\nendstream" % (
        len(compressed), extra, compressed)


def _deflate(piece: bytes, times: int) -> bytes:
    """`piece` repeated `times` times, compressed without ever holding the whole."""
    z, out = zlib.compressobj(6), []
    block = piece * max(1, (1 << 20) // len(piece))
    whole, rest = divmod(times, max(1, (1 << 20) // len(piece)))
    out += [z.compress(block) for _ in range(whole)]
    out += [z.compress(piece * rest), z.flush()]
    return b"".join(out)


def one_page(content: bytes, resources: bytes = b"<< /Font << /F1 4 0 R >> >>",
             page_extra: bytes = b"", compressed: bool = False) -> dict[int, bytes]:
    body = content if compressed else zlib.compress(content)
    return {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources
               + b" /Contents 5 0 R " + page_extra + b">>",
            4: FONT,
            5: _stream(body)}


def glyph_page(n: int, seed: int = 7) -> bytes:
    """One page drawing `n` one-digit strings at random places, 4 pt."""
    rnd = random.Random(seed)
    ops = b"".join(b"1 0 0 1 %d %d Tm (%d) Tj\n" % (rnd.randrange(20, 575), rnd.randrange(20, 822),
                                                       i % 10) for i in range(n))
    return serialise(one_page(b"BT /F1 4 Tf\n" + ops + b"ET"))


def sentence_pdf(text: bytes) -> bytes:
    return serialise(one_page(b"BT /F1 12 Tf 72 700 Td (" + text + b") Tj ET"))


def hostile_files() -> dict[str, bytes]:
    files = {}
    line = b"BT /F1 10 Tf 72 700 Td " + b"(1,234) Tj " * 50 + b"ET\n"
    files["flate-bomb-page.pdf"] = serialise(one_page(_deflate(line, 540_000), compressed=True))
    files["flate-bomb-zeros.pdf"] = serialise(one_page(_deflate(b"\0" * 4096, 100_000),
                                                       compressed=True))
    files["million-glyphs.pdf"] = glyph_page(1_000_000)
    pages = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT}
    for i in range(5000):
        pages[10 + 2 * i] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                             b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (11 + 2 * i))
        pages[11 + 2 * i] = _stream(zlib.compress(
            b"BT /F1 12 Tf 72 700 Td (Page %d: 1,%03d offences) Tj ET" % (i + 1, i % 1000)))
    pages[2] = b"<< /Type /Pages /Kids [%s] /Count 5000 >>" % b" ".join(
        b"%d 0 R" % (10 + 2 * i) for i in range(5000))
    files["many-tiny-pages.pdf"] = serialise(pages)
    cycle = one_page(b"BT /F1 12 Tf 72 700 Td (Total crime 30,883) Tj ET")
    cycle[2] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    files["page-tree-cycle.pdf"] = serialise(cycle)
    files["deep-nesting.pdf"] = serialise(one_page(
        b"BT /F1 12 Tf 72 700 Td (Deep 42) Tj ET",
        resources=b"<< /Font << /F1 4 0 R >> /Deep " + b"[" * 50_000 + b"]" * 50_000 + b" >>"))
    image = one_page(b"q 500 0 0 500 50 300 cm /Im1 Do Q BT /F1 12 Tf 72 100 Td (Figure 17%) Tj ET",
                     resources=b"<< /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >>")
    image[6] = _stream(zlib.compress(b"\0" * 1000), b"/Type /XObject /Subtype /Image /Width 100000 "
                       b"/Height 100000 /ColorSpace /DeviceRGB /BitsPerComponent 8 ")
    files["huge-image.pdf"] = serialise(image)
    good = sentence_pdf(b"Burglary fell by 12%")
    bad = bytearray(good)
    at = bad.rfind(b"0000000000 65535 f \n") + 20
    bad[at:at + 100] = b"".join(b"%010d 00000 n \n" % (17 * k + 3) for k in range(1, 6))
    files["bad-xref.pdf"] = bytes(bad)
    files["truncated-half.pdf"] = good[: len(good) // 2]
    files["garbage-after-header.pdf"] = b"%PDF-1.7\n" + random.Random(11).randbytes(1_000_000)
    flipped = one_page(b"BT /F1 12 Tf -300 -400 Td (Arson rose 8%) Tj ET", page_extra=b"/Rotate 45 ")
    flipped[3] = flipped[3].replace(b"[0 0 595 842]", b"[0 0 -595 -842]")
    files["negative-mediabox.pdf"] = serialise(flipped)
    return files


def write_hostile(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in hostile_files().items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
