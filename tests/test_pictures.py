"""The audit report's page pictures are drawn by each document's task, kept with the
extraction cache, and linked into the report, which draws only what is missing."""
from __future__ import annotations

import os
from pathlib import Path

from flows.audit_report import write_pages
from flows.cache import ExtractionCache
from flows.extract import extract_file
from flows.pictures import keep_only, picture_name
from schemas.contract import to_frame

SCORECARD = Path(__file__).resolve().parent.parent / "raw_docs" / "safe-city-scorecard-2016-17.pdf"


def test_the_task_draws_the_pages_and_the_report_links_them(tmp_path):
    pictures = tmp_path / "pages"
    result = extract_file(str(SCORECARD), pictures_dir=str(pictures))
    pages = {o.page for o in result.observations}
    assert set(result.pictures) == pages and result.stage_seconds["pictures"] > 0
    drawn = sorted(picture_name(result.sha256, p) for p in pages)
    assert sorted(os.listdir(pictures)) == drawn
    width, height = result.pictures[min(pages)]
    assert (round(width), round(height)) == (round(result.page_size[0]), round(result.page_size[1]))

    cache = ExtractionCache(str(tmp_path / "cache"))      # kept with the cached result
    cache.put(result, "")
    again = cache.get(result.sha256, "", str(SCORECARD))
    assert again.pictures == result.pictures
    rows = to_frame(again.observations)
    # no PDF given to draw from: every page shown is the task's picture, linked
    shown = write_pages(rows, {}, str(tmp_path / "report"),
                        {again.name: (str(pictures), again.pictures)})
    assert {page for _, page in shown} == pages
    assert os.path.samefile(tmp_path / "report" / drawn[0], pictures / drawn[0])

    os.remove(pictures / drawn[0])                         # one missing: the report draws it
    shown = write_pages(rows, {again.name: str(SCORECARD)}, str(tmp_path / "report2"),
                        {again.name: (str(pictures), again.pictures)})
    assert len(shown) == len(pages) and (tmp_path / "report2" / drawn[0]).stat().st_size > 1000

    keep_only(str(pictures), {"f" * 64})                   # its document left the input
    assert os.listdir(pictures) == []
