"""Versioned, atomic publishing.

Each run writes everything it publishes into output/versions/<run id>/ (staged under a
`.partial` name, renamed when complete), then switches output/current to it with one
atomic rename of a symlink. The names users open (output/indicators.csv, .parquet,
.duckdb, run_report.md, report/, ...) are fixed symlinks through `current`, so readers
see the old version or the new one, never a mix, and a run killed at any point leaves
the previous version in place.

A run with no valid row does not switch: its version is kept for diagnosis and
output/failed_run points at it. A run stopped by a signal leaves only
output/interrupted_run/ (its report), removed by the next run that finishes. Old
versions beyond `keep` are pruned (never the current one). Plain Python; the caller
holds the output lock (flows/lock.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from datetime import datetime, timezone

import pandas as pd

from schemas.datapackage import write_datapackage, write_duckdb, write_parquet

DATASET_FILES = ["indicators.parquet", "indicators.csv", "indicators.duckdb"]
REPORT_FILES = ["quarantine.csv", "checks.csv", os.path.join("validation", "results.json"),
                "run_report.json", "run_report.md", "diff.csv"]
# Top-level names in output/ that follow `current` (folders link as a whole).
LINKED = DATASET_FILES + ["datapackage.json", "quarantine.csv", "checks.csv", "run_report.json", "run_report.md",
                          "diff.csv", "validation", "report"]
VERSIONS_DIR, CURRENT, FAILED_RUN = "versions", "current", "failed_run"
INTERRUPTED_RUN = "interrupted_run"   # a stopped run's report (flows/signals.py)
PARTIAL = ".partial"
MANIFEST = "version.json"


def new_run_id() -> str:
    """Sorts in creation order (to the microsecond), unique: 20261122T053701.104233Z-3fa2."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + secrets.token_hex(2)


def current_version(output_dir: str) -> str | None:
    """Path of the published version, or None before the first successful run."""
    link = os.path.join(output_dir, CURRENT)
    return os.path.realpath(link) if os.path.isdir(link) else None


def read_manifest(version_dir: str | None) -> dict:
    try:
        with open(os.path.join(version_dir or "", MANIFEST), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def start_version(output_dir: str, run_id: str) -> str:
    """A fresh staging folder for this run; leftovers of killed runs are removed first."""
    versions = os.path.join(output_dir, VERSIONS_DIR)
    os.makedirs(versions, exist_ok=True)
    for name in os.listdir(versions):
        if name.endswith(PARTIAL):
            shutil.rmtree(os.path.join(versions, name), ignore_errors=True)
    stage = os.path.join(versions, run_id + PARTIAL)
    os.makedirs(os.path.join(stage, "validation"))
    return stage


def write_json(obj, path: str) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False, default=str)
        fh.write("\n")


def sha256_file(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def link_or_copy(src: str, dest: str) -> None:
    """Versions share unchanged files through hard links (no extra disk, no copy time)."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def write_dataset(stage: str, valid: pd.DataFrame, previous: str | None = None) -> None:
    """The dataset in three formats. DuckDB files differ byte-wise on every write, so
    when the rows are unchanged the previous version's file is reused: a re-run with
    nothing new republishes byte-identical files."""
    write_parquet(valid, os.path.join(stage, "indicators.parquet"))
    valid.to_csv(os.path.join(stage, "indicators.csv"), index=False, encoding="utf-8")
    write_datapackage(stage)
    db = os.path.join(stage, "indicators.duckdb")
    if previous and all(os.path.exists(os.path.join(previous, n)) for n in DATASET_FILES) and \
            sha256_file(os.path.join(previous, "indicators.parquet")) == \
            sha256_file(os.path.join(stage, "indicators.parquet")):
        link_or_copy(os.path.join(previous, "indicators.duckdb"), db)
    else:
        write_duckdb(valid, db)


def write_results(stage: str, quarantine: pd.DataFrame, results_json: dict,
                  checks: pd.DataFrame) -> None:
    quarantine.to_csv(os.path.join(stage, "quarantine.csv"), index=False, encoding="utf-8")
    checks.to_csv(os.path.join(stage, "checks.csv"), index=False, encoding="utf-8")
    write_json(results_json, os.path.join(stage, "validation", "results.json"))


def write_run_report(stage: str, report: dict, report_md: str, diff: pd.DataFrame) -> None:
    diff.to_csv(os.path.join(stage, "diff.csv"), index=False, encoding="utf-8")
    write_json(report, os.path.join(stage, "run_report.json"))
    with open(os.path.join(stage, "run_report.md"), "w", encoding="utf-8") as fh:
        fh.write(report_md)


def reuse_results(previous: str, stage: str) -> None:
    """Take the previous version's validated outputs whole (same rows, same suite)."""
    for name in DATASET_FILES + ["datapackage.json", "quarantine.csv", "checks.csv"]:
        link_or_copy(os.path.join(previous, name), os.path.join(stage, name))
    shutil.rmtree(os.path.join(stage, "validation"))
    for folder in ("validation", "report"):
        if os.path.isdir(os.path.join(previous, folder)):
            shutil.copytree(os.path.join(previous, folder), os.path.join(stage, folder),
                            copy_function=link_or_copy)


def _symlink(target: str, link: str) -> None:
    """Point `link` at `target` atomically (a new symlink renamed over the old name)."""
    tmp = f"{link}.tmp-{secrets.token_hex(4)}"
    os.symlink(target, tmp)
    if os.path.isdir(link) and not os.path.islink(link):
        # a real folder from the pre-versioning layout: move it aside first
        shutil.rmtree(link)
    os.replace(tmp, link)


def commit_version(output_dir: str, run_id: str, manifest: dict, switch: bool,
                   keep: int = 10) -> str:
    """Seal the staged version and, when `switch`, make it the published one."""
    versions = os.path.join(output_dir, VERSIONS_DIR)
    stage, final = os.path.join(versions, run_id + PARTIAL), os.path.join(versions, run_id)
    write_json({**manifest, "run_id": run_id}, os.path.join(stage, MANIFEST))
    os.rename(stage, final)
    if switch:
        _symlink(os.path.join(VERSIONS_DIR, run_id), os.path.join(output_dir, CURRENT))
        for name in LINKED:    # fixed links through `current`, made once
            link = os.path.join(output_dir, name)
            target = os.path.join(CURRENT, name)
            if not (os.path.islink(link) and os.readlink(link) == target):
                _symlink(target, link)
        failed = os.path.join(output_dir, FAILED_RUN)
        if os.path.lexists(failed):
            os.unlink(failed) if os.path.islink(failed) else shutil.rmtree(failed)
    else:
        _symlink(os.path.join(VERSIONS_DIR, run_id), os.path.join(output_dir, FAILED_RUN))
    # a run that finished supersedes the report of one that was stopped
    shutil.rmtree(os.path.join(output_dir, INTERRUPTED_RUN), ignore_errors=True)
    prune_versions(output_dir, keep)
    return final


def prune_versions(output_dir: str, keep: int) -> list[str]:
    """Delete all but the newest `keep` versions; the current and failed ones always stay."""
    versions = os.path.join(output_dir, VERSIONS_DIR)
    pinned = {os.path.basename(os.path.realpath(os.path.join(output_dir, n)))
              for n in (CURRENT, FAILED_RUN) if os.path.lexists(os.path.join(output_dir, n))}
    done = sorted(n for n in os.listdir(versions) if not n.endswith(PARTIAL))
    removed = [n for n in done[:-keep or None] if n not in pinned] if keep > 0 else []
    for name in removed:
        shutil.rmtree(os.path.join(versions, name), ignore_errors=True)
    return removed


def publish(valid: pd.DataFrame, quarantine: pd.DataFrame, results_json: dict,
            report: dict, report_md: str, output_dir: str,
            checks: pd.DataFrame | None = None, keep: int = 10) -> str:
    """Stage, write and commit one version in a single call (no data docs, no report
    folder); returns the version's folder. The flow calls the steps itself."""
    from schemas.checks import CHECK_COLUMNS
    from schemas.diff import diff_rows, load_rows
    run_id = new_run_id()
    previous = current_version(output_dir)
    stage = start_version(output_dir, run_id)
    has_data = len(valid) > 0
    if has_data:
        write_dataset(stage, valid, previous)
    write_results(stage, quarantine, results_json,
                  checks if checks is not None else pd.DataFrame(columns=CHECK_COLUMNS))
    diff = diff_rows(load_rows(previous), valid if has_data else None)
    write_run_report(stage, report, report_md, diff)
    return commit_version(output_dir, run_id, {}, switch=has_data, keep=keep)
