"""Open and fingerprint a PDF: the first stage, and the one that rejects bad input.

Every reason a file cannot be used becomes a DocumentRejected with a sentence a
person can act on; nothing here raises anything else for a bad file.
"""
from __future__ import annotations

import hashlib
import os

import pdfplumber

from extractors.geography import read_geography
from extractors.periods import reference_period
from extractors.types import Document, DocumentRejected

PDF_MAGIC = b"%PDF-"


def sha256_of(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sniff(path: str) -> None:
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


def open_document(path: str, geography: str = "") -> Document:
    """Fingerprint `path` and check it has text we can read.

    `geography` is the area set for this source in the configuration; when empty
    it is read from the document's own text (the publishing body's name).
    """
    _sniff(path)
    sha = sha256_of(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for broken files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise DocumentRejected("encrypted: the PDF needs a password to open") from exc
        raise DocumentRejected(f"corrupt or unreadable PDF ({name}: {exc})") from exc
    try:
        try:
            pages = pdf.pages
            page_count = len(pages)
        except Exception as exc:
            raise DocumentRejected(f"corrupt PDF: page tree unreadable ({type(exc).__name__})") from exc
        if page_count == 0:
            raise DocumentRejected("the PDF has no pages")
        text_pages = 0
        sample = []
        for page in pages:
            try:
                chars = page.chars
            except Exception:
                continue
            if any(c["text"].strip() for c in chars):
                text_pages += 1
                sample.append(page.extract_text() or "")
            page.close()
        if text_pages == 0:
            raise DocumentRejected(
                f"image-only: none of its {page_count} pages has a text layer (needs OCR)")
        area = geography or read_geography("\n".join(sample[:3]))
        reference = reference_period("\n".join(sample))
    finally:
        pdf.close()
    return Document(path=os.path.abspath(path), name=os.path.basename(path), sha256=sha,
                    size_bytes=os.path.getsize(path), page_count=page_count,
                    text_pages=text_pages, geography=area, reference_period=reference)
