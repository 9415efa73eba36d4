"""The audit report in a real browser (Debian's chromium, driven by Playwright):
it loads offline without errors, filtering narrows the rows, sorting works, and a figure's
"page" link shows its page with the figure boxed."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

import extractors as ex
from browser import offline_browser, open_offline
from flows.audit_report import write_report
from schemas.checks import run_checks
from schemas.contract import to_frame

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
SCORECARD = RAW / "safe-city-scorecard-2016-17.pdf"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    valid = to_frame(ex.extract_document(ex.open_document(str(SCORECARD))))
    per_doc = [{"document": SCORECARD.name, "status": "ok", "reason": "", "pages": 2, "tables": 2,
                "extracted": len(valid), "published": len(valid), "quarantined": 0}]
    rejected = [{"document": "broken.pdf", "reason": "not a PDF: the file starts like HTML"}]
    path = write_report(valid, run_checks(valid), per_doc, rejected, {SCORECARD.name: str(SCORECARD)},
                        str(out))
    return Path(path), valid


def test_report_files_are_self_contained(report):
    path, valid = report
    text = path.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text      # no CDN: works offline
    pages = {int(p) for p in valid["page"]}
    assert len(list((path.parent / "pages").glob("*.jpg"))) == len(pages)   # one per page
    assert "broken.pdf" in text and "not a PDF" in text


def test_report_in_headless_chromium(report):
    path, valid = report
    with offline_browser() as browser:
        page = open_offline(browser, path.as_uri())     # the network blocked
        rows = page.locator("#figures tbody tr")
        assert rows.count() == len(valid)
        page.fill("#filter", "hate crime")
        assert 0 < rows.count() < len(valid)
        assert all("hate crime" in rows.nth(i).inner_text().lower() for i in range(rows.count()))
        page.fill("#filter", "")
        page.click("#figures th[data-key='value_text']")
        first = rows.nth(0).locator("td").nth(4).inner_text()
        assert first == valid.loc[valid["value"].idxmin(), "value_text"]   # sorted by value
        rows.nth(0).locator("a").click()
        page.wait_for_function("document.getElementById('pageimg').complete && "
                               "document.getElementById('pageimg').naturalWidth > 100")
        # the red box sits where the figure is printed: its bbox scaled to the picture
        row = valid.loc[valid["value"].idxmin()]
        x0, top, x1, bottom = (float(v) for v in row["bbox"].split(","))
        with pdfplumber.open(SCORECARD) as pdf:
            pw, ph = pdf.pages[int(row["page"]) - 1].width, pdf.pages[int(row["page"]) - 1].height
        img = page.locator("#pageimg").bounding_box()
        box = page.locator("#box").bounding_box()
        assert abs(box["x"] - img["x"] - x0 / pw * img["width"]) < 2
        assert abs(box["y"] - img["y"] - top / ph * img["height"]) < 2
        assert row["value_text"] in page.locator("#caption").inner_text()
        assert page.problems == []
