"""The schema, the validation suite and publishing, on hand-made rows (no PDFs needed)."""
from __future__ import annotations

import math
import os

import duckdb
import pandas as pd
import pytest

from extractors.types import Observation
from schemas.contract import COLUMNS, conform, to_frame
from extractors.merge import row_id
from schemas.datapackage import read_csv, read_parquet
from schemas.dataset import DATASET_FILES, publish
from schemas.diff import diff_counts, diff_rows
from schemas.suite import build_suite, run_suite, validate, with_box

SHA = "0" * 63 + "a"


def obs(**kw) -> Observation:
    row = dict(indicator="Recorded crime", indicator_id="recorded-crime", geography="Southampton",
               period="2016/17", measure="actual", value=1087.0, value_text="1,087", unit="count",
               source_document="a.pdf", source_sha256=SHA, page=1, bbox="100.0,200.0,120.0,210.0",
               method="table:pdfplumber", snippet="Recorded crime 1,087")
    row.update(kw)
    out = Observation(**row)
    out.row_id = out.row_id or row_id(out)   # as merge_observations sets it
    return out


def good_rows() -> list[Observation]:
    return [
        obs(),
        obs(page=2, bbox="50.0,80.0,60.0,90.0", value=26.0, value_text="26%", unit="percent"),
        obs(bbox="10.0,200.0,20.0,210.0", measure="target", value=1000.0, value_text="1,000"),
        obs(bbox="10.0,50.0,20.0,60.0", value=None, value_text="<10"),      # censored: null is fine
        obs(bbox="30.0,50.0,40.0,60.0", period="", value=-16.0, value_text="-16%",
            unit="percent", measure="change"),
        obs(bbox="30.0,70.0,40.0,80.0", period="2014-2016", value=3.0, value_text="3rd",
            unit="rank", measure="rank"),
    ]


def test_to_frame_has_contract_columns_dtypes_and_reading_order():
    df = to_frame(good_rows())
    assert list(df.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in df.dtypes.items()} == COLUMNS
    # page 1 first, then top edge, then left edge
    assert list(zip(df.page, df.bbox)) == [
        (1, "10.0,50.0,20.0,60.0"), (1, "30.0,50.0,40.0,60.0"), (1, "30.0,70.0,40.0,80.0"),
        (1, "10.0,200.0,20.0,210.0"), (1, "100.0,200.0,120.0,210.0"), (2, "50.0,80.0,60.0,90.0")]
    assert math.isnan(df.loc[0, "value"])
    empty = to_frame([])
    assert list(empty.columns) == list(COLUMNS) and len(empty) == 0


def test_suite_quarantines_broken_rows_with_reasons_and_passes_the_rest():
    broken = [
        obs(bbox="1.0,1.0,2.0,2.0", measure="forecast"),
        obs(bbox="1.0,3.0,2.0,4.0", value=None, value_text="12"),
        obs(bbox="1.0,5.0,2.0,6.0", source_sha256="not-a-hash"),
        obs(bbox="1.0,7.0,2.0,8.0", page=7),                       # beyond a.pdf's 3 pages
        obs(),                                                     # duplicate of a good row
    ]
    out = validate(to_frame(good_rows() + broken), page_count={"a.pdf": 3})

    assert len(out.valid) == len(good_rows()) and len(out.quarantine) == len(broken)
    assert out.success and out.results_json["valid_rows_pass"]
    assert not out.results_json["full"]["success"]
    # the suite ran once; what is left passes it by construction: validated again, it does
    assert run_suite(with_box(out.valid), build_suite({"a.pdf": 3})).success
    reasons = dict(zip(out.quarantine.bbox + "|" + out.quarantine.value_text, out.quarantine.reason))
    failed = dict(zip(out.quarantine.bbox, out.quarantine.failed_expectation))
    assert "measure 'forecast'" in reasons["1.0,1.0,2.0,2.0|1,087"]
    assert "expect_column_values_to_be_in_set" in failed["1.0,1.0,2.0,2.0"]
    assert "value_text '12' is not a censored" in reasons["1.0,3.0,2.0,4.0|12"]
    assert "source_sha256 'not-a-hash'" in reasons["1.0,5.0,2.0,6.0|1,087"]
    assert "beyond the document's 3 pages" in reasons["1.0,7.0,2.0,8.0|1,087"]
    assert "duplicate" in reasons["100.0,200.0,120.0,210.0|1,087"]
    # the first copy of the duplicated figure is still published
    assert (out.valid.bbox == "100.0,200.0,120.0,210.0").sum() == 1
    assert list(out.quarantine.columns) == list(COLUMNS) + ["failed_expectation", "reason"]


def test_suite_joins_several_reasons_for_one_row():
    out = validate(to_frame([obs(measure="forecast", unit="furlongs", period="2016-17")]))
    assert len(out.valid) == 0
    assert out.quarantine.loc[0, "reason"].count("; ") == 2


def _read_back(out_dir) -> dict[str, pd.DataFrame]:
    csv = read_csv(os.path.join(out_dir, "indicators.csv"))
    with duckdb.connect(os.path.join(out_dir, "indicators.duckdb"), read_only=True) as con:
        # bbox is a struct of four numbers in DuckDB and Parquet; compared as the CSV's string
        db = con.execute("SELECT * REPLACE (printf('%.1f,%.1f,%.1f,%.1f', bbox.x0, bbox.top, "
                         "bbox.x1, bbox.bottom) AS bbox) FROM indicators").df()
    pq = read_parquet(os.path.join(out_dir, "indicators.parquet"))
    return {name: conform(df).reset_index(drop=True) for name, df in
            (("csv", csv), ("duckdb", db), ("parquet", pq))}


def _publish(rows, out_dir, keep=10):
    outcome = validate(to_frame(rows))
    return publish(outcome.valid, outcome.quarantine, outcome.results_json,
                   {"figures": len(outcome.valid)}, "# run\n", str(out_dir), keep=keep)


def test_publish_writes_identical_rows_in_csv_parquet_and_duckdb(tmp_path):
    version = _publish(good_rows() + [obs(measure="forecast", bbox="1.0,1.0,2.0,2.0")], tmp_path)
    # the published names are links through output/current to the new version's folder
    assert os.path.realpath(tmp_path / "current") == os.path.realpath(version)
    for name in DATASET_FILES + ["quarantine.csv", "validation/results.json",
                                 "run_report.json", "run_report.md", "diff.csv"]:
        assert os.path.exists(tmp_path / name), name
        assert os.path.samefile(tmp_path / name, os.path.join(version, name))
    frames = _read_back(tmp_path)
    expected = to_frame(good_rows())
    for name, df in frames.items():
        pd.testing.assert_frame_equal(df, expected, check_dtype=True, obj=name)
    assert len(pd.read_csv(tmp_path / "quarantine.csv")) == 1
    assert not [n for n in os.listdir(tmp_path / "versions") if n.endswith(".partial")]


def test_a_run_with_nothing_valid_keeps_the_previous_dataset(tmp_path):
    first = _publish(good_rows(), tmp_path)
    before = {n: (tmp_path / n).read_bytes() for n in DATASET_FILES + ["run_report.json"]}
    failed = _publish([obs(measure="forecast")], tmp_path)
    after = {n: (tmp_path / n).read_bytes() for n in before}
    assert after == before and os.path.samefile(tmp_path / "current", first)
    assert not any(os.path.exists(os.path.join(failed, n)) for n in DATASET_FILES)
    assert os.path.samefile(tmp_path / "failed_run", failed)
    assert len(pd.read_csv(tmp_path / "failed_run" / "quarantine.csv")) == 1
    # the next good run clears the stale failure pointer
    _publish(good_rows(), tmp_path)
    assert not os.path.lexists(tmp_path / "failed_run")


def test_old_versions_are_pruned_but_the_current_one_stays(tmp_path):
    for _ in range(4):
        _publish(good_rows(), tmp_path, keep=2)
    versions = sorted(os.listdir(tmp_path / "versions"))
    assert len(versions) == 2
    assert os.path.basename(os.path.realpath(tmp_path / "current")) == versions[-1]


def test_diff_names_added_changed_and_removed_figures_by_row_id():
    old = to_frame(good_rows())
    old["row_id"] = [f"{i:016x}" for i in range(len(old))]
    new = old.copy()
    new.loc[0, "value"], new.loc[0, "value_text"] = 999.0, "999"
    gone = new.iloc[1]["row_id"]
    new = new.drop(index=1)
    extra = old.iloc[[2]].assign(row_id="f" * 16)
    diff = diff_rows(old, pd.concat([new, extra]))
    assert diff_counts(diff) == {"added": 1, "changed": 1, "removed": 1}
    changed = diff[diff.change == "changed"].iloc[0]
    assert changed.row_id == old.iloc[0]["row_id"] and "value" in changed.changed_columns.split(";")
    assert diff[diff.change == "removed"].iloc[0].row_id == gone
    assert diff_counts(diff_rows(old, old.copy())) == {"added": 0, "changed": 0, "removed": 0}


@pytest.mark.parametrize("period, ok", [
    ("", True), ("2016/17", True), ("2016/17 Q3", True), ("2017", True), ("2017-04", True),
    ("2014-2016", True), ("2007-10-2008-09", True), ("2016/17 Q2-2017/18 Q1", True),
    ("2016-17", False), ("2016/2017", False), ("Q3", False), ("2016/17 Q5", False)])
def test_period_rule_accepts_exactly_the_contract_forms(period, ok):
    out = validate(to_frame([obs(period=period)]))
    assert (len(out.valid) == 1) is ok


def test_a_box_outside_its_page_is_quarantined():
    rows = good_rows() + [obs(bbox="580.0,820.0,640.0,850.0", value=5.0, value_text="5")]
    out = validate(to_frame(rows), {"a.pdf": 2}, {"a.pdf": (595.0, 842.0)})
    assert len(out.quarantine) == 1 and out.quarantine.iloc[0]["value_text"] == "5"
    assert "bbox_inside_page" in out.quarantine.iloc[0]["failed_expectation"]
    assert "bbox_x1" not in out.valid.columns and len(out.valid) == len(good_rows())


def test_validating_after_data_docs_does_not_grow_a_stored_suite():
    """Building a suite never writes to GX's stores: once the Data Docs had saved a suite
    named like ours, every validation added its expectations to it again, and a
    long-lived process (a worker, the test run) got slower with each run."""
    import great_expectations as gx

    from schemas.suite import SUITE_NAME, build_suite
    frame = to_frame(good_rows())
    validate(frame)                             # the validation context exists
    ctx = gx.get_context(mode="ephemeral")      # then the Data Docs' own, with our suite
    ctx.suites.add(build_suite())
    before = len(ctx.suites.get(SUITE_NAME).expectations)
    for _ in range(3):
        validate(frame)
    assert len(ctx.suites.get(SUITE_NAME).expectations) == before
