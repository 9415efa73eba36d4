"""Pictures of the pages that hold figures, for the audit report's page viewer: a JPEG per
page at RESOLUTION dpi, in pdfplumber's frame (the bboxes'), named by the document's hash
and page number. The per-document task draws them while the document is open, so they
are drawn in parallel with the other documents and kept with the extraction cache
(output/.cache/pages/); the report draws only what is missing there."""
from __future__ import annotations

import os

RESOLUTION = 100          # dpi: legible, and cheap for hundreds of pages


def picture_name(sha256: str, page: int) -> str:
    return f"{sha256[:16]}-p{page}.jpg"


def draw_pages(pdf, sha256: str, pages, dest_dir: str) -> dict[int, list[float]]:
    """Each page's picture in dest_dir, drawn unless already there (the same bytes give
    the same picture); returns {page: [width, height] in points}. `pdf` is pdfplumber's."""
    os.makedirs(dest_dir, exist_ok=True)
    sizes = {}
    for page_no in sorted(set(int(p) for p in pages)):
        page = pdf.pages[page_no - 1]
        file = os.path.join(dest_dir, picture_name(sha256, page_no))
        if not os.path.exists(file):
            # written whole, then renamed: two workers drawing the same page never tear it
            tmp = f"{file}.{os.getpid()}.tmp"
            page.to_image(resolution=RESOLUTION).original.convert("RGB").save(
                tmp, format="JPEG", quality=80)
            os.replace(tmp, file)
        sizes[page_no] = [float(page.width), float(page.height)]
    return sizes


def keep_only(dest_dir: str, sha256s: set[str]) -> None:
    """Remove the pictures of documents outside `sha256s` (no longer in the input)."""
    prefixes = {s[:16] for s in sha256s}
    for name in os.listdir(dest_dir) if os.path.isdir(dest_dir) else []:
        if name.split("-p")[0] not in prefixes:
            os.remove(os.path.join(dest_dir, name))
