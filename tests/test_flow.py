"""The real Prefect flow over the sample PDFs plus two junk files, end to end."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pdfplumber

from flows.cli import quiet_environment

quiet_environment()  # before prefect is imported: ephemeral, offline, quiet

from flows.config import SourceConfig  # noqa: E402
from flows.pipeline import indicator_pipeline  # noqa: E402
from schemas.contract import COLUMNS  # noqa: E402

RAW_DOCS = Path(__file__).resolve().parent.parent / "raw_docs"
SAMPLES = sorted(p.name for p in RAW_DOCS.glob("*.pdf"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed_in_bbox(pdf, row) -> bool:
    """Do the words pdfplumber sees inside the row's bbox (+1pt) contain its value_text?"""
    page = pdf.pages[int(row.page) - 1]
    x0, top, x1, bottom = (float(v) for v in row.bbox.split(","))
    px0, ptop, px1, pbottom = page.bbox
    box = (max(x0 - 1, px0), max(top - 1, ptop), min(x1 + 1, px1), min(bottom + 1, pbottom))
    words = page.crop(box).extract_words()
    return _squash(row.value_text) in _squash("".join(w["text"] for w in words))


def test_geography_for_prefers_a_specific_source_over_the_empty_catch_all():
    config = SourceConfig(default_geography="", sources=[
        {"match": "*.pdf", "geography": ""}, {"match": "leeds-*.pdf", "geography": "Leeds"}])
    assert config.geography_for("raw/Leeds-2019.PDF") == "Leeds"
    assert config.geography_for("other.pdf") == ""


def test_flow_publishes_every_sample_and_rejects_junk(tmp_path):
    input_dir, output_dir = tmp_path / "raw_docs", tmp_path / "output"
    shutil.copytree(RAW_DOCS, input_dir)
    (input_dir / "broken.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    (input_dir / "empty.pdf").write_bytes(b"")

    summary = indicator_pipeline(input_dir=str(input_dir), output_dir=str(output_dir))

    assert summary.published and summary.figures > 0
    # the run left its artifacts: per-document counts and the validation summary
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort
    with get_client(sync_client=True) as client:
        latest = {key: client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC, limit=1)[0] for key in ("documents", "validation-summary")}
    assert latest["documents"].type == "table" and "broken.pdf" in str(latest["documents"].data)
    assert latest["validation-summary"].type == "markdown"
    assert summary.documents == len(SAMPLES) + 2
    assert summary.failed == []
    rejected = {r["document"]: r["reason"] for r in summary.rejected}
    assert set(rejected) == {"broken.pdf", "empty.pdf"} and all(rejected.values())

    for name in ["indicators.csv", "indicators.parquet", "indicators.duckdb", "quarantine.csv",
                 "validation/results.json", "run_report.json", "run_report.md", "checks.csv",
                 "report/index.html", "validation/data_docs/index.html"]:
        assert (output_dir / name).exists(), name
    assert len(list((output_dir / "report" / "crops").glob("*.png"))) == summary.figures
    checks = pd.read_csv(output_dir / "checks.csv")
    assert {"change", "conflict"} <= set(checks["check"])   # the report's own inconsistencies
    df = pd.read_csv(output_dir / "indicators.csv", dtype={"value_text": str, "bbox": str},
                     keep_default_na=False)
    assert set(COLUMNS) <= set(df.columns)
    assert len(df) == summary.figures
    assert set(df.source_document) == set(SAMPLES)  # every sample has rows, junk has none

    misplaced = []
    for name, rows in df.groupby("source_document"):
        with pdfplumber.open(input_dir / name) as pdf:
            misplaced += [f"{name} p{r.page} {r.bbox} {r.value_text!r}"
                          for r in rows.itertuples() if not _printed_in_bbox(pdf, r)]
    assert not misplaced, f"{len(misplaced)} rows whose value_text is not inside their bbox: " \
                          f"{misplaced[:10]}"
