"""The audit report in a real browser (Debian's chromium, driven by Playwright):
it loads offline without errors, filtering narrows the rows, sorting works, and a figure's
"page" link shows its page with the figure boxed."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pandas as pd
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
        page.wait_for_function("!document.getElementById('count').textContent.startsWith('1-%d of %d')"
                               % (len(valid), len(valid)))
        assert 0 < rows.count() < len(valid)
        assert all("hate crime" in rows.nth(i).inner_text().lower() for i in range(rows.count()))
        _search(page, "")
        page.click("#figures th[data-key='value']")
        assert page.get_attribute("#figures th[data-key='value']", "aria-sort") == "ascending"
        assert "\u25b2" in page.inner_text("#figures th[data-key='value']")
        lowest = valid.loc[valid["value"].idxmin()]
        cells = rows.nth(0).locator("td")
        assert cells.nth(4).inner_text() == f"{lowest['value']:,.10g}"       # the signed value shown
        assert cells.nth(5).inner_text() == lowest["value_text"]
        rows.nth(0).locator("a").click()
        page.wait_for_function("document.getElementById('pageimg').complete && "
                               "document.getElementById('pageimg').naturalWidth > 100")
        # the red box sits where the figure is printed: its bbox scaled to the picture
        x0, top, x1, bottom = (float(v) for v in lowest["bbox"].split(","))
        with pdfplumber.open(SCORECARD) as pdf:
            pw, ph = pdf.pages[int(lowest["page"]) - 1].width, pdf.pages[int(lowest["page"]) - 1].height
        img = page.locator("#pageimg").bounding_box()
        box = page.locator("#box").bounding_box()
        assert abs(box["x"] - img["x"] - x0 / pw * img["width"]) < 2
        assert abs(box["y"] - img["y"] - top / ph * img["height"]) < 2
        assert lowest["value_text"] in page.locator("#caption").inner_text()
        page.keyboard.press("Escape")
        assert page.locator("#viewer").is_hidden()
        # descending: the largest first, and figures without a value still last
        page.click("#figures th[data-key='value']")
        assert page.get_attribute("#figures th[data-key='value']", "aria-sort") == "descending"
        highest = valid["value"].max()
        assert rows.nth(0).locator("td").nth(4).inner_text() == f"{highest:,.10g}"
        n_missing = int(valid["value"].isna().sum())
        for i in range(len(valid) - n_missing, len(valid)):
            assert rows.nth(i).locator("td").nth(4).inner_text() == ""
        # a row id, and a number typed without its separator, find their figure
        some = valid.iloc[3]
        _search(page, some["row_id"])
        assert rows.count() == 1 and some["value_text"] in rows.nth(0).inner_text()
        assert page.problems == []


def _search(page, text: str) -> None:
    page.fill("#filter", text)
    page.wait_for_timeout(300)          # the filter waits for typing to pause


def test_run_facts_links_and_findings_lead_to_their_rows(tmp_path):
    valid = to_frame(ex.extract_document(ex.open_document(str(SCORECARD))))
    ids = list(valid["row_id"].iloc[:2])
    valid.loc[5, ["value", "value_text"]] = [30883.0, "30,883"]     # a figure with a separator
    checks = pd.DataFrame([{"check": "stated_change", "message": "a change that does not add up",
                            "documents": SCORECARD.name, "pages": "1", "row_ids": "; ".join(ids),
                            "values": "", "expected": ""}])
    path = Path(write_report(valid, checks, [], [], {SCORECARD.name: str(SCORECARD)}, str(tmp_path / "report"),
                             run={"run_id": "20261127T000000Z-abc", "started_at": "2026-11-27T00:00:00+00:00",
                                  "pipeline_version": "0.1.0+test"}))
    with offline_browser() as browser:
        page = open_offline(browser, path.as_uri())
        top = page.inner_text("#run")
        assert "20261127T000000Z-abc" in top and "2026-11-27" in top and "0.1.0+test" in top
        hrefs = {a.inner_text(): a.get_attribute("href") for a in page.locator("a:not(.where):not(.finding)").all()}
        assert hrefs["Data Docs"] == "../validation/data_docs/index.html"
        assert hrefs["quarantine"] == "../quarantine.csv" and hrefs["changes since the last version"] == "../diff.csv"
        page.click("a.finding")
        rows = page.locator("#figures tbody tr")
        assert sorted(rows.nth(i).get_attribute("id") for i in range(rows.count())) == sorted(f"r-{i}" for i in ids)
        _search(page, "30883")             # typed without its separator
        assert rows.count() == 1 and "30,883" in rows.nth(0).inner_text()
        assert page.problems == []


def test_ten_thousand_figures_are_drawn_a_page_at_a_time(tmp_path):
    valid = to_frame(ex.extract_document(ex.open_document(str(SCORECARD))))
    many = pd.concat([valid] * (10_000 // len(valid) + 1), ignore_index=True).iloc[:10_000].copy()
    many["row_id"] = [f"id{i:05d}" for i in range(len(many))]
    path = Path(write_report(many, pd.DataFrame(), [], [], {}, str(tmp_path / "report")))
    with offline_browser() as browser:
        page = open_offline(browser, path.as_uri())
        rows = page.locator("#figures tbody tr")
        assert rows.count() == 200 and page.inner_text("#count").startswith("1-200 of 10000")
        page.click("#next")
        assert page.inner_text("#count").startswith("201-400 of 10000")
        _search(page, "id09999")
        assert rows.count() == 1
        assert page.problems == []


def test_needs_review_lists_the_least_sure_figures_first_with_their_evidence(tmp_path):
    leaflet = RAW / "safe-city-annual-summary-2012-13.pdf"      # sentences: the less sure figures
    valid = to_frame(ex.extract_document(ex.open_document(str(leaflet))))
    below = float(valid["confidence"].quantile(0.2))            # about a fifth of the figures
    low = valid[valid["confidence"] < below]
    assert 0 < len(low) < len(valid)
    corrections = [{"line": 2, "action": "set", "row_id": valid["row_id"].iloc[0], "status": "stale",
                    "message": "row is no longer extracted"}]
    path = Path(write_report(valid, pd.DataFrame(), [], [], {leaflet.name: str(leaflet)},
                             str(tmp_path / "report"), corrections=corrections, review_below=below))
    with offline_browser() as browser:
        page = open_offline(browser, path.as_uri())
        assert f"{len(low)} of {len(valid)} figures are below confidence" in page.inner_text("#review-count")
        assert "stale" in page.inner_text("body") and "row is no longer extracted" in page.inner_text("body")
        page.click("a.review")
        rows = page.locator("#figures tbody tr")
        assert rows.count() == len(low)
        head = [h.get_attribute("data-key") for h in page.locator("#figures th[data-key]").all()]
        conf, evidence = head.index("confidence"), head.index("evidence")
        shown = [float(rows.nth(i).locator("td").nth(conf).inner_text()) for i in range(rows.count())]
        assert shown == sorted(shown) and shown[0] == low["confidence"].min() and max(shown) < below
        first = low.sort_values("confidence", kind="mergesort").iloc[0]
        assert rows.nth(0).locator("td").nth(evidence).inner_text() == first["evidence"]
        assert "read from a sentence" in first["evidence"]
        rows.nth(0).locator("a.where").click()       # its page, the figure boxed
        page.wait_for_function("document.getElementById('pageimg').complete && "
                               "document.getElementById('pageimg').naturalWidth > 100")
        assert first["value_text"] in page.locator("#caption").inner_text()
        assert page.problems == []
