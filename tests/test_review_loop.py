"""The review loop on a real PDF: each figure's confidence and evidence, the review queue
(`indicators review`), and a reviewer's corrections applied on every run: three figures
corrected, one removed as not a figure, one added, a correction the suite refuses; then
the PDF replaced by a changed copy (the corrections re-attach) and by another document
(they are reported stale)."""
from __future__ import annotations

import csv
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from flows.cli import quiet_environment

quiet_environment()  # before prefect is imported: ephemeral, offline, quiet

import extractors as ex  # noqa: E402
from flows.cli import main as cli  # noqa: E402
from flows.pipeline import indicator_pipeline  # noqa: E402
from flows.review import REVIEW_COLUMNS, ReviewThresholdExceeded  # noqa: E402
from schemas.confidence import score  # noqa: E402
from schemas.contract import to_frame  # noqa: E402
from schemas.corrections import FILE_COLUMNS  # noqa: E402
from schemas.datapackage import read_parquet  # noqa: E402

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
SCORECARD = "safe-city-scorecard-2016-17.pdf"
LEAFLET = "safe-city-annual-summary-2012-13.pdf"


def _run(inp: Path, out: Path, **kw):
    return indicator_pipeline(input_dir=str(inp), output_dir=str(out), **kw)


def _published(out: Path) -> pd.DataFrame:
    return read_parquet(str(out / "indicators.parquet"))


def _write(path: Path, lines: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FILE_COLUMNS)
        w.writeheader()
        for line in lines:
            w.writerow({k: line.get(k, "") for k in FILE_COLUMNS})


def test_confidence_is_lower_where_the_reading_is_harder_and_a_correction_is_certain():
    rows = to_frame(ex.extract_document(ex.open_document(str(RAW / LEAFLET))))
    assert rows["confidence"].between(0, 1).all() and rows["evidence"].str.len().gt(0).all()
    text, table = rows[rows["method"].str.startswith("text")], rows[rows["method"].str.startswith("table")]
    assert len(text) and len(table) and text["confidence"].mean() < table["confidence"].mean()
    assert text["evidence"].str.contains("read from a sentence").all()
    assert table["evidence"].str.contains("label: row stub|label: column header").any()
    # scoring again (the flow does, with the checks' findings) does not repeat the notes
    again = score(rows)
    assert (again["evidence"] == rows["evidence"]).all() and (again["confidence"] == rows["confidence"]).all()
    flagged = score(rows, flagged={rows["row_id"].iloc[0]})
    assert "a consistency check flags it" in flagged["evidence"].iloc[0]
    corrected = rows.assign(corrected=[True] + [False] * (len(rows) - 1))
    assert score(corrected)["confidence"].iloc[0] == 1.0


def test_corrections_survive_refreshes_and_stale_ones_are_reported(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(RAW / SCORECARD, inp / SCORECARD)
    first = _run(inp, out)
    assert first.published and first.corrections == {"counts": {}, "lines": []}
    rows = _published(out).set_index("row_id")
    assert not rows["corrected"].any()
    a, b, c, gone, refused = rows.index[[0, 2, 4, 1, 6]]

    def line(rid, **kw):
        return {"row_id": rid, "source_document": SCORECARD, "page": str(rows.at[rid, "page"]),
                "bbox": rows.at[rid, "bbox"],
                "found_indicator": rows.at[rid, "indicator"], "found_value_text": rows.at[rid, "value_text"], **kw}
    corrections = [
        line(a, action="set", indicator="Anti-social behaviour rate", note="label shortened"),
        line(b, action="set", value="0.61", value_text="0.61", note="misprint fixed"),
        line(c, action="set", period="2016/17 Q2", note="period checked"),
        line(gone, action="not a figure", note="a reference number"),
        {"action": "add", "source_document": SCORECARD, "page": "1", "bbox": "100,100,120,110",
         "indicator": "Figures added by a reviewer", "geography": "Southampton", "period": "2016/17",
         "measure": "actual", "value": "42", "value_text": "42", "unit": "count", "note": "missed"},
        line(refused, action="set", unit="furlongs", note="a unit the suite refuses"),
    ]
    _write(inp / "corrections.csv", corrections)
    second = _run(inp, out)
    assert second.corrections["counts"] == {"applied": 6}
    new = _published(out).set_index("row_id")
    assert new.at[a, "indicator"] == "Anti-social behaviour rate"
    assert new.at[b, "value"] == 0.61 and new.at[b, "value_text"] == "0.61"
    assert new.at[c, "period"] == "2016/17 Q2"
    assert gone not in new.index
    added = new[new["indicator"] == "Figures added by a reviewer"]
    assert len(added) == 1 and added["bbox"].iloc[0] == "100.0,100.0,120.0,110.0" and added["value"].iloc[0] == 42
    for rid in (a, b, c, added.index[0]):
        assert new.at[rid, "corrected"] and new.at[rid, "method"].endswith("+corrected")
        assert new.at[rid, "confidence"] == 1.0 and new.at[rid, "review_note"]
    assert new.at[a, "review_note"] == "label shortened"
    assert not new.drop(index=[a, b, c, added.index[0]])["corrected"].any()
    # the refused correction is quarantined with the suite's reason, not published
    assert refused not in new.index
    held = pd.read_csv(out / "quarantine.csv", keep_default_na=False)
    assert "furlongs" in " ".join(held.loc[held["row_id"] == refused].astype(str).values.ravel())
    # the diff shows each as a change made by a correction
    diff = pd.read_csv(out / "diff.csv", keep_default_na=False).set_index("row_id")
    assert diff.loc[[a, b, c, gone, added.index[0]], "by_correction"].all()
    assert "indicator" in diff.at[a, "changed_columns"] and "value" in diff.at[b, "changed_columns"]
    assert diff.at[gone, "change"] == "removed" and diff.at[added.index[0], "change"] == "added"
    report, html = (out / "run_report.md").read_text(), (out / "report" / "index.html").read_text()
    assert "## Corrections" in report and report.count("**applied**") == 6
    assert all(rid in html for rid in (a, b, c, gone))

    # the PDF replaced by a changed copy: new bytes, new row ids, the same figures
    (inp / SCORECARD).write_bytes((RAW / SCORECARD).read_bytes() + b"\n% a new revision\n")
    third = _run(inp, out)
    assert third.corrections["counts"] == {"re-attached": 5, "applied": 1}
    again = _published(out)
    assert (again["indicator"] == "Anti-social behaviour rate").sum() == 1
    assert (again["value_text"] == "0.61").sum() == 1 and (again["period"] == "2016/17 Q2").sum() == 1
    assert again["corrected"].sum() == 4
    assert (out / "run_report.md").read_text().count("**re-attached**") == 5

    # replaced by another document under the same name: the corrections are stale
    (inp / SCORECARD).write_bytes((RAW / LEAFLET).read_bytes())
    fourth = _run(inp, out)
    assert fourth.corrections["counts"] == {"stale": 5, "applied": 1}
    report, html = (out / "run_report.md").read_text(), (out / "report" / "index.html").read_text()
    assert report.count("**stale**") == 5 and html.count(">stale<") == 5
    assert "is no longer extracted" in report


def test_review_csv_lists_the_least_sure_first_and_a_low_share_can_fail_the_run(tmp_path, capsys):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(RAW / LEAFLET, inp / LEAFLET)
    started = datetime.now(timezone.utc)
    with pytest.raises(ReviewThresholdExceeded, match="fail_below"):
        _run(inp, out, fail_below=0.001)
    assert (out / "indicators.csv").exists()          # published first, then failed
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    with get_client(sync_client=True) as client:      # the review queue, left on the run
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["review-queue"])))
    ours = [a for a in found if a.created and a.created >= started]   # this run's, not an earlier test's
    assert len(ours) == 1 and "figures** are below confidence 0.8" in ours[0].data
    assert cli(["review", "--output", str(out), "--below", "0.9"]) == 0
    review = pd.read_csv(out / "review.csv", keep_default_na=False)
    published = _published(out)
    assert list(review.columns) == REVIEW_COLUMNS and set(FILE_COLUMNS) <= set(review.columns)
    assert len(review) == (published["confidence"] < 0.9).sum() > 0
    assert list(review["confidence"]) == sorted(review["confidence"])
    assert all(Path(p).is_file() for p in review["picture"])
    assert (review["found_value_text"] == review["value_text"]).all()
    assert "written to" in capsys.readouterr().out


def test_the_command_line_exits_7_when_too_many_figures_need_review_even_with_nothing_changed(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(RAW / LEAFLET, inp / LEAFLET)
    args = ["run", "--input", str(inp), "--output", str(out), "-q", "--fail-below", "0.001"]
    assert cli(args) == 7 and (out / "indicators.csv").exists()
    assert cli(args) == 7                               # decided before Prefect loads
    assert cli(args[:-2]) == 0                          # the same run without the threshold


def test_the_review_artifact_lists_the_count_and_the_worst_ten():
    from flows.review import review_markdown, review_summary
    rows = to_frame(ex.extract_document(ex.open_document(str(RAW / LEAFLET))))
    summary = review_summary(rows, below=0.9)
    text = review_markdown(rows, summary)
    low = rows[rows["confidence"] < 0.9].sort_values("confidence", kind="mergesort")
    assert f"**{len(low)} of {len(rows)} figures**" in text
    table = [ln for ln in text.splitlines() if ln.startswith("| 0.")]
    assert len(table) == min(10, len(low)) and table[0].startswith(f"| {low['confidence'].iloc[0]:.2f} |")
