"""Great Expectations' Data Docs, rendered from the run's one validation, open offline: every
page, with the network blocked, loads its styles and scripts from the site's own copies and
shows the suite and the results."""
from __future__ import annotations

from pathlib import Path

import pytest

import extractors as ex
from browser import offline_browser, open_offline
from schemas.contract import to_frame
from schemas.data_docs import OnlineAsset, make_offline
from schemas.suite import build_data_docs, validate

SCORECARD = Path(__file__).resolve().parent.parent / "raw_docs" / "safe-city-scorecard-2016-17.pdf"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("data_docs")
    rows = to_frame(ex.extract_document(ex.open_document(str(SCORECARD))))
    outcome = validate(rows, {SCORECARD.name: 2})
    assert outcome.success and len(outcome.valid) == len(rows)
    build_data_docs(outcome.results_json, str(out), {SCORECARD.name: 2})
    return out


def test_pages_load_nothing_from_the_network(site):
    out = site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 3         # the index, the suite and one validation result
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for tag in ("<script", "<link", "<img"):
            for chunk in text.split(tag)[1:]:
                head = chunk.split(">")[0]
                assert 'src="http' not in head and 'href="http' not in head, (page.name, head)


def test_every_page_shows_its_content_with_the_network_blocked(site):
    out = site
    with offline_browser() as browser:
        for html in sorted(out.rglob("*.html")):
            page = open_offline(browser, html.as_uri())
            assert page.problems == [], (html.name, page.problems)
            # Bootstrap's stylesheet applied, jQuery and bootstrap-table ran
            assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "flex"
            assert page.evaluate("typeof jQuery !== 'undefined' && typeof jQuery.fn.bootstrapTable") == "function"
            body = page.inner_text("body")
            if html.name == "index.html":
                assert "Validation Results" in body and page.locator("table tbody tr").count() >= 1
            elif html.parent.name == "expectations":
                assert "Expectation Suite" in body and "value_text" in body
            else:
                assert "Expectation Validation Result" in body and "Successful Expectations" in body
                assert "Observed Value" in body
            page.close()


def test_a_page_loading_an_unknown_url_is_refused(tmp_path):
    (tmp_path / "index.html").write_text('<html><script src="https://cdn.example.org/x.js"></script></html>')
    with pytest.raises(OnlineAsset, match="cdn.example.org"):
        make_offline(str(tmp_path))
