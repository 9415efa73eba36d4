"""Open and fingerprint a PDF: the first stage, and the one that rejects bad input.

Every reason a file cannot be used becomes a DocumentRejected with a sentence a
person can act on; nothing here raises anything else for a bad file.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager

import pdfplumber
import pypdfium2

from extractors.limits import check_time
from extractors.pdf.ocr import INSTALL_HINT, tesseract_available
from extractors.pdf.page_limits import over_char_limit, over_content_limit
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


def _text_pages(path: str, pages, skip: dict[int, str]) -> list[bool]:
    """Whether each page has a text layer; a page drawing more glyphs than a page can
    hold is added to `skip`. pdfium reads text ~50x faster than pdfminer's full layout;
    pdfminer (which later stages use) decides if pdfium fails on the file or disagrees
    about the page count. Pages already in `skip` are not read."""
    try:
        pdf = pypdfium2.PdfDocument(path)
    except Exception:
        pdf = None
    try:
        if pdf is None or len(pdf) != len(pages):
            return [n not in skip and _has_chars(page) for n, page in enumerate(pages, start=1)]
        flags = []
        for n in range(1, len(pdf) + 1):
            check_time(f"opening page {n} of {len(pdf)}")
            chars = 0 if n in skip else _pdfium_chars(pdf, n - 1)
            if over := over_char_limit(chars):
                skip[n] = over
            flags.append(chars > 0 and n not in skip)
        return flags
    finally:
        if pdf is not None:
            pdf.close()


def _pdfium_chars(pdf, index: int) -> int:
    """Printable characters pdfium finds on a page (0 for a broken page, as with pdfminer)."""
    try:
        text = pdf[index].get_textpage()
        count = text.count_chars()
        # a page of only spaces and line breaks has no text layer; a huge count is
        # returned as it is, for the glyph limit, without building the string
        return count if count > 1000 or text.get_text_range().strip() else 0
    except Exception:
        return 0


def _open_pdfminer(path: str):
    """pdfplumber's handle on the file, or DocumentRejected saying why there is none."""
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
        pages = pdf.pages
        if not pages:
            raise DocumentRejected("the PDF has no pages")
    except DocumentRejected:
        pdf.close()
        raise
    except Exception as exc:
        pdf.close()
        raise DocumentRejected(f"corrupt PDF: page tree unreadable ({type(exc).__name__})") from exc
    return pdf


def repair_copy(path: str, problem: str, folder: str) -> tuple[str, str]:
    """A copy of a PDF that pdfminer cannot open, rebuilt by PDFium (which repairs broken
    cross-reference tables and page trees as it loads), and what was done; raises
    DocumentRejected with the original `problem` when PDFium cannot open it either."""
    try:
        pdf = pypdfium2.PdfDocument(path)
    except Exception as exc:
        raise DocumentRejected(problem) from exc
    try:
        if len(pdf) == 0:
            raise DocumentRejected(problem)
        fixed = os.path.join(folder, "repaired.pdf")
        with open(fixed, "wb") as fh:
            pdf.save(fh)
        return fixed, f"repaired: PDFium rebuilt the file, which pdfminer could not read ({problem})"
    except DocumentRejected:
        raise
    except Exception as exc:
        raise DocumentRejected(problem) from exc
    finally:
        pdf.close()


def _open_or_repair(path: str, folder: str):
    """(pdfplumber's handle, the path it reads, how it was repaired): the file itself, or
    when pdfminer cannot open it (and it is not encrypted), PDFium's rebuilt copy saved
    in `folder`. Raises DocumentRejected with pdfminer's reason when neither can."""
    try:
        return _open_pdfminer(path), path, ""
    except DocumentRejected as exc:
        if not folder or exc.reason.startswith("encrypted:"):
            raise
        fixed, repaired = repair_copy(path, exc.reason, folder)
        return _open_pdfminer(fixed), fixed, repaired


@contextmanager
def open_readable(path: str):
    """pdfplumber's handle on the file as the pipeline read it: `path`, or its PDFium-
    rebuilt copy (in a temporary folder that lasts as long as the block), for the code
    that draws pages of one document itself (`trace`, the audit report)."""
    with tempfile.TemporaryDirectory(prefix="indicators-repair-") as folder:
        pdf = _open_or_repair(path, folder)[0]
        with pdf:
            yield pdf


@contextmanager
def readable_path(path: str):
    """The path of the file as the pipeline read it (see `open_readable`), for code that
    opens it by name (`indicators tables`)."""
    with tempfile.TemporaryDirectory(prefix="indicators-repair-") as folder:
        try:
            pdf, read, _ = _open_or_repair(path, folder)
            pdf.close()
        except DocumentRejected:
            read = path         # the caller's own open then says why it cannot be read
        yield read


def open_document(path: str, geography: str = "", repair_dir: str = "") -> Document:
    """Fingerprint `path` and check it has text we can read: a text layer, or pages
    to OCR (listed in `ocr_pages`) when Tesseract is installed.

    `geography` is the area set for this source in the configuration; when empty,
    `describe_document` reads it from the text (the publishing body's name).
    With `repair_dir`, a file pdfminer cannot open but PDFium can is rebuilt there and
    read from the copy (`Document.repaired` says so). Pages over an input limit are
    listed in `Document.skipped_pages`, not read.
    """
    sniff_pdf(path)
    sha = sha256_of(path)
    pdf, read_path, repaired = _open_or_repair(path, repair_dir)
    try:
        pages = pdf.pages
        page_count = len(pages)
        skip = {n: over for n, page in enumerate(pages, start=1)
                if (over := over_content_limit(page.page_obj))}
        flags = _text_pages(read_path, pages, skip)
        info = _info(pdf)
    finally:
        pdf.close()
    if len(skip) == page_count:
        raise DocumentRejected("nothing to read: every page is over an input limit ("
                               + "; ".join(f"page {n}: {why}" for n, why in sorted(skip.items())) + ")")
    text_pages = sum(flags)
    # Pages without a text layer are read with OCR when Tesseract is installed; without
    # it an image-only document is rejected, and image-only pages of a document that
    # has text elsewhere are skipped (as before).
    ocr_pages = tuple(n for n, has in enumerate(flags, start=1) if not has and n not in skip) \
        if text_pages < page_count - len(skip) and tesseract_available() else ()
    if text_pages == 0 and not ocr_pages:
        raise DocumentRejected(
            f"image-only: none of its {page_count} pages has a text layer (needs OCR; "
            f"{INSTALL_HINT})")
    return Document(path=os.path.abspath(path), name=os.path.basename(path), sha256=sha,
                    size_bytes=os.path.getsize(path), page_count=page_count,
                    text_pages=text_pages, geography=geography, ocr_pages=ocr_pages, info=info,
                    skipped_pages=tuple(sorted(skip.items())), repaired=repaired,
                    read_path=read_path if repaired else "")


def _info(pdf) -> str:
    """Title, Author and Subject from the document information dictionary, one a line."""
    try:
        meta = pdf.metadata or {}
    except Exception:   # a broken info dictionary is no reason to reject the file
        return ""
    values = [meta.get(k) for k in ("Title", "Author", "Subject")]
    return "\n".join(v.strip() for v in values if isinstance(v, str) and v.strip()
                     and v.strip() not in ("(unspecified)", "unspecified", "anonymous"))
