"""Open and fingerprint a PDF: the first stage, and the one that rejects bad input.

Every reason a file cannot be used becomes a DocumentRejected with a sentence a
person can act on; nothing here raises anything else for a bad file.
"""
from __future__ import annotations

import hashlib
import os

import pdfplumber
import pypdfium2

from extractors.pdf.ocr import INSTALL_HINT, tesseract_available
from extractors.types import Document, DocumentRejected

PDF_MAGIC = b"%PDF-"


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff_pdf(path: str) -> None:
    """Reject what is plainly not a PDF before a parser sees it."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise DocumentRejected(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise DocumentRejected("empty file (0 bytes)")
    if PDF_MAGIC not in head:
        kind = "HTML" if b"<html" in head.lower() or b"<!doctype" in head.lower() else (
            "ZIP archive" if head.startswith(b"PK") else "unknown data")
        raise DocumentRejected(f"not a PDF: the file starts like {kind}, not '%PDF-'")


def _has_chars(page) -> bool:
    """pdfminer's answer: any printable character on the page (a broken page has none)."""
    try:
        return any(c["text"].strip() for c in page.chars)
    except Exception:
        return False
    finally:
        page.close()


def _text_page_flags(path: str, pages) -> list[bool]:
    """Whether each page has a text layer. pdfium reads text ~50x faster than pdfminer's
    full layout; pdfminer (which later stages use) decides if pdfium fails on the file or
    disagrees about the page count."""
    try:
        pdf = pypdfium2.PdfDocument(path)
    except Exception:
        return [_has_chars(page) for page in pages]
    try:
        if len(pdf) != len(pages):
            return [_has_chars(page) for page in pages]
        return [_pdfium_has_text(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def _count_text_pages(path: str, pages) -> int:
    return sum(_text_page_flags(path, pages))


def _pdfium_has_text(pdf, index: int) -> bool:
    try:
        text = pdf[index].get_textpage()
        return bool(text.get_text_range().strip())
    except Exception:   # a broken page has no text we can read, as with pdfminer
        return False


def open_document(path: str, geography: str = "") -> Document:
    """Fingerprint `path` and check it has text we can read: a text layer, or pages
    to OCR (listed in `ocr_pages`) when Tesseract is installed.

    `geography` is the area set for this source in the configuration; when empty,
    `describe_document` reads it from the text (the publishing body's name).
    """
    sniff_pdf(path)
    sha = sha256_of(path)
    try:
        # pdfminer tries the empty user password itself: a PDF encrypted only against
        # editing or copying (no password to open) is read like any other
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for broken files
        # pdfplumber wraps pdfminer's error: look at the wrapped one's type too
        names = {type(exc).__name__} | {type(a).__name__ for a in exc.args if isinstance(a, Exception)}
        if any("Password" in n or "Encrypt" in n for n in names):
            raise DocumentRejected("encrypted: the PDF needs a password to open, and the "
                                   "empty password does not work") from exc
        detail = str(exc) or " / ".join(sorted(names))
        raise DocumentRejected(f"corrupt or unreadable PDF ({type(exc).__name__}: {detail})") from exc
    try:
        try:
            pages = pdf.pages
            page_count = len(pages)
        except Exception as exc:
            raise DocumentRejected(f"corrupt PDF: page tree unreadable ({type(exc).__name__})") from exc
        if page_count == 0:
            raise DocumentRejected("the PDF has no pages")
        flags = _text_page_flags(path, pages)
        info = _info(pdf)
    finally:
        pdf.close()
    text_pages = sum(flags)
    # Pages without a text layer are read with OCR when Tesseract is installed; without
    # it an image-only document is rejected, and image-only pages of a document that
    # has text elsewhere are skipped (as before).
    ocr_pages = tuple(n for n, has in enumerate(flags, start=1) if not has) \
        if text_pages < page_count and tesseract_available() else ()
    if text_pages == 0 and not ocr_pages:
        raise DocumentRejected(
            f"image-only: none of its {page_count} pages has a text layer (needs OCR; "
            f"{INSTALL_HINT})")
    return Document(path=os.path.abspath(path), name=os.path.basename(path), sha256=sha,
                    size_bytes=os.path.getsize(path), page_count=page_count,
                    text_pages=text_pages, geography=geography, ocr_pages=ocr_pages, info=info)


def _info(pdf) -> str:
    """Title, Author and Subject from the document information dictionary, one a line."""
    try:
        meta = pdf.metadata or {}
    except Exception:   # a broken info dictionary is no reason to reject the file
        return ""
    values = [meta.get(k) for k in ("Title", "Author", "Subject")]
    return "\n".join(v.strip() for v in values if isinstance(v, str) and v.strip()
                     and v.strip() not in ("(unspecified)", "unspecified", "anonymous"))
