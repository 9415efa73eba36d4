"""The Great Expectations project on disk (gx/): its suite is the code's suite, and its
named checkpoint re-validates a published version: `indicators validate` passes on what
the pipeline published and fails, naming the expectation, on a damaged copy."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import extractors as ex
from schemas.contract import to_frame
from schemas.dataset import publish
from schemas.suite import build_suite, validate

REPO = Path(__file__).resolve().parent.parent
SCORECARD = REPO / "raw_docs" / "safe-city-scorecard-2016-17.pdf"


def _expectations(suite_json: dict) -> list:
    return sorted(json.dumps([e["type"], e["kwargs"], e.get("meta")], sort_keys=True)
                  for e in suite_json["expectations"])


def test_the_suite_on_disk_is_the_code_suite():
    on_disk = json.loads((REPO / "gx" / "expectations" / "indicators.json").read_text())
    assert _expectations(on_disk) == _expectations(build_suite().to_json_dict()), \
        "gx/ is out of date: run `python -c 'from schemas.gx_project import write_project; write_project()'`"
    checkpoint = json.loads((REPO / "gx" / "checkpoints" / "indicators.json").read_text())
    assert checkpoint["name"] == "indicators"
    assert [v["name"] for v in checkpoint["validation_definitions"]] == ["indicators"]


@pytest.fixture(scope="module")
def version(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    outcome = validate(to_frame(ex.extract_document(ex.open_document(str(SCORECARD)))))
    return Path(publish(outcome.valid, outcome.quarantine, outcome.results_json,
                        {"figures": len(outcome.valid)}, "# run\n", str(out)))


def _validate(folder) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", "validate", str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_the_checkpoint_passes_a_published_version_and_fails_a_damaged_copy(version, tmp_path):
    done = _validate(version)
    assert done.returncode == 0 and "pass every expectation" in done.stdout, done.stderr
    damaged = tmp_path / "damaged"
    shutil.copytree(version, damaged)
    csv = damaged / "indicators.csv"
    text = csv.read_text(encoding="utf-8")
    csv.unlink()                       # a hard link to the published file: write a new one
    csv.write_text(text.replace(",percent,", ",furlongs,", 1), encoding="utf-8")
    done = _validate(damaged)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "expect_column_values_to_be_in_set unit: 1 unexpected" in done.stderr


def test_validate_without_a_dataset_says_so(tmp_path):
    done = _validate(tmp_path)
    assert done.returncode == 4 and "no published dataset" in done.stderr
