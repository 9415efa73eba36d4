"""Great Expectations' Data Docs made to open offline.

GX's page templates load Bootstrap, jQuery, bootstrap-table, Font Awesome and Vega from
CDNs, and its logo from S3, so without a network the pages are blank. The same files, from
the npm registry, are kept in `data_docs_vendor/`; `make_offline` copies them into the
site's `static/vendor/` and points every page at them by a relative path, so a site can be
moved or zipped whole.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).with_name("data_docs_vendor")

# URL (up to its query string) -> file under data_docs_vendor/
ASSETS = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap/bootstrap.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper/popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table/bootstrap-table-filter-control.min.js",
    # the same extension's stylesheet, linked as 1.19.0 (minified or not)
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker/bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "fontawesome/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "bootstrap-dark/bootstrap-prefers-dark.min.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega/vega-embed.min.js",
}
LOGO = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png"
LOGO_LOCAL = "static/images/logo-long.png"     # GX writes this copy into every site

# a resource the page loads (not a link the reader may follow)
_LOADED = re.compile(r'(<(?:script|link|img)\b[^>]*?\b(?:src|href)=")(https?://[^"]+)(")')


class OnlineAsset(ValueError):
    """A Data Docs page loads a file from the network that has no offline copy."""


def make_offline(site_dir: str) -> int:
    """Point every page of the Data Docs site at local copies; returns the pages changed.
    Raises OnlineAsset for a loaded URL with no copy (a GX upgrade changed its links)."""
    site = Path(site_dir)
    vendor = site / "static" / "vendor"
    shutil.copytree(VENDOR, vendor, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("README.md", "__pycache__"))
    changed = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        up = os.path.relpath(site, page.parent)

        def local(m: re.Match) -> str:
            url = m.group(2)
            if url.split("?")[0] == LOGO:
                return m.group(1) + f"{up}/{LOGO_LOCAL}" + m.group(3)
            if url not in ASSETS:
                raise OnlineAsset(f"{page.relative_to(site)} loads {url}, which has no offline "
                                  "copy in schemas/data_docs_vendor/")
            return m.group(1) + f"{up}/static/vendor/{ASSETS[url]}" + m.group(3)

        new = _LOADED.sub(local, text)
        # Chromium fails an integrity or CORS check on a file:// load (a file answers no
        # CORS request), so both attributes go; the copies are the builds the hashes name
        new = re.sub(r'\s+(?:integrity|crossorigin)="[^"]*"', "", new)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
