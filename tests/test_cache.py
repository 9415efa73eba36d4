"""The extraction cache on a real document: a hit gives back exactly what extraction gave,
renamed after the file it is found under; another pipeline version misses; pruning keeps
only what a run used."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from flows.cache import ExtractionCache, pipeline_version
from flows.extract import extract_file

SCORECARD = Path(__file__).resolve().parent.parent / "raw_docs" / "safe-city-scorecard-2016-17.pdf"


def test_a_cached_extraction_equals_a_fresh_one_under_its_new_name(tmp_path):
    fresh = extract_file(str(SCORECARD))
    assert fresh.status == "ok" and fresh.figures > 0
    cache = ExtractionCache(str(tmp_path / "cache"))
    cache.put(fresh, geography="")
    renamed = tmp_path / "renamed.pdf"
    shutil.copy(SCORECARD, renamed)
    hit = cache.get(fresh.sha256, "", str(renamed), source_url="https://example.org/s.pdf")
    assert hit is not None and hit.reused and hit.name == "renamed.pdf"
    assert (hit.status, hit.pages, hit.tables, hit.page_size) == \
        (fresh.status, fresh.pages, fresh.tables, fresh.page_size)
    for a, b in zip(hit.observations, fresh.observations, strict=True):
        assert a.source_document == "renamed.pdf" and a.source_url == "https://example.org/s.pdf"
        b.source_document, b.source_url = a.source_document, a.source_url
        assert a == b
    # another configured area, or another pipeline version, is another entry
    assert ExtractionCache(str(tmp_path / "cache")).get(fresh.sha256, "Leeds", str(renamed)) is None
    other = ExtractionCache(str(tmp_path / "cache"), version="0" * 12)
    assert other.get(fresh.sha256, "", str(renamed)) is None


def test_prune_keeps_only_the_entries_a_run_used(tmp_path):
    fresh = extract_file(str(SCORECARD))
    old = ExtractionCache(str(tmp_path), version="0" * 12)
    old.put(fresh, "")
    cache = ExtractionCache(str(tmp_path))
    cache.put(fresh, "")
    cache.put(fresh, "Leeds")
    later = ExtractionCache(str(tmp_path))          # the next run reads one of the two
    assert later.get(fresh.sha256, "", str(SCORECARD)) is not None
    later.prune()
    assert os.listdir(tmp_path) == [pipeline_version()]
    assert len(os.listdir(tmp_path / pipeline_version())) == 1


def test_a_failed_extraction_is_not_cached(tmp_path):
    cache = ExtractionCache(str(tmp_path))
    result = extract_file(str(SCORECARD))
    result.status = "failed"
    cache.put(result, "")
    assert cache.get(result.sha256, "", str(SCORECARD)) is None
