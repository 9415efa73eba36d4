"""Write the published dataset atomically: every file is staged in a temp dir inside
output/ and then os.replace'd into place, so a reader never sees half a run.

A run that produced no valid row does not touch the published dataset; its report,
quarantine and validation results go to output/failed_run/ for diagnosis instead.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile

import duckdb
import pandas as pd

DATASET_FILES = ["indicators.parquet", "indicators.csv", "indicators.duckdb"]
REPORT_FILES = ["quarantine.csv", "checks.csv", os.path.join("validation", "results.json"),
                "run_report.json", "run_report.md"]
FAILED_RUN_DIR = "failed_run"


def _write_duckdb(df: pd.DataFrame, path: str) -> None:
    con = duckdb.connect(path)
    try:
        con.register("frame", df)
        con.execute("CREATE TABLE indicators AS SELECT * FROM frame")
        con.unregister("frame")
    finally:
        con.close()


def _write_json(obj, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False, default=str)
        fh.write("\n")


def _stage(stage: str, valid, quarantine, results_json, report, report_md, checks) -> list[str]:
    """Write the files into `stage`; returns their paths relative to it."""
    os.makedirs(os.path.join(stage, "validation"))
    names = list(REPORT_FILES)
    quarantine.to_csv(os.path.join(stage, "quarantine.csv"), index=False, encoding="utf-8")
    checks.to_csv(os.path.join(stage, "checks.csv"), index=False, encoding="utf-8")
    _write_json(results_json, os.path.join(stage, "validation", "results.json"))
    _write_json(report, os.path.join(stage, "run_report.json"))
    with open(os.path.join(stage, "run_report.md"), "w", encoding="utf-8") as fh:
        fh.write(report_md)
    if valid is not None:
        valid.to_parquet(os.path.join(stage, "indicators.parquet"), index=False)
        valid.to_csv(os.path.join(stage, "indicators.csv"), index=False, encoding="utf-8")
        _write_duckdb(valid, os.path.join(stage, "indicators.duckdb"))
        names = DATASET_FILES + names
    return names


def publish(valid: pd.DataFrame, quarantine: pd.DataFrame, results_json: dict,
            report: dict, report_md: str, output_dir: str,
            checks: pd.DataFrame | None = None, data_docs_dir: str | None = None) -> dict[str, str]:
    """Publish the run into `output_dir`; returns {file name: path} of what was written.

    With no valid rows the previous good dataset stays in place and this run's report
    files land in output_dir/failed_run/ instead.
    """
    os.makedirs(output_dir, exist_ok=True)
    has_data = len(valid) > 0
    target = output_dir if has_data else os.path.join(output_dir, FAILED_RUN_DIR)
    os.makedirs(os.path.join(target, "validation"), exist_ok=True)
    # Same filesystem as the target, so os.replace is an atomic rename.
    stage = tempfile.mkdtemp(prefix=".publish-", dir=output_dir)
    try:
        inner = os.path.join(stage, "run")
        if checks is None:
            from schemas.checks import CHECK_COLUMNS
            checks = pd.DataFrame(columns=CHECK_COLUMNS)
        names = _stage(inner, valid if has_data else None, quarantine, results_json,
                       report, report_md, checks)
        written = {}
        for name in names:
            dest = os.path.join(target, name)
            os.replace(os.path.join(inner, name), dest)
            written[name] = dest
        if data_docs_dir and os.path.isdir(data_docs_dir):
            dest = os.path.join(target, "validation", "data_docs")
            old = os.path.join(stage, "old_data_docs")
            if os.path.exists(dest):
                os.replace(dest, old)
            shutil.move(data_docs_dir, dest)
            written["validation/data_docs/index.html"] = os.path.join(dest, "index.html")
        if has_data and os.path.isdir(os.path.join(output_dir, FAILED_RUN_DIR)):
            shutil.rmtree(os.path.join(output_dir, FAILED_RUN_DIR))  # stale after a good run
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)
