"""The Great Expectations project on disk (`gx/` at the project root): the suite, a
validation definition and the named checkpoint `indicators`, so the published data can be
checked again, by `indicators validate` or by a GX user's own code and CI, against any
version, without running the pipeline.

The suite on disk is the part of `schemas/suite.py` that holds for every run. A run also
bounds each document's pages and boxes by its page count and size; those expectations
are in the run's own results (`validation/results.json`), not here. `write_project`
rebuilds `gx/` from the code; a test fails when the two differ.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from schemas.datapackage import read_csv

GX_ROOT = Path(__file__).resolve().parent.parent    # the project root, which holds gx/
CHECKPOINT = "indicators"


def write_project(root: Path = GX_ROOT) -> Path:
    """(Re)write gx/: the datasource, the suite, the validation definition, the checkpoint."""
    import great_expectations as gx

    from schemas.suite import build_suite, context

    ctx = context("file", project_root_dir=str(root))
    ctx.variables.save()          # its progress bars off, on disk
    for name in list(ctx.checkpoints.all()):
        ctx.checkpoints.delete(name.name)
    for vd in list(ctx.validation_definitions.all()):
        ctx.validation_definitions.delete(vd.name)
    for suite in list(ctx.suites.all()):
        ctx.suites.delete(suite.name)
    if "published" in ctx.data_sources.all():
        ctx.data_sources.delete("published")
    batch = ctx.data_sources.add_pandas("published").add_dataframe_asset("indicators") \
        .add_batch_definition_whole_dataframe("whole_frame")
    suite = ctx.suites.add(build_suite())
    definition = ctx.validation_definitions.add(
        gx.ValidationDefinition(name=CHECKPOINT, data=batch, suite=suite))
    ctx.checkpoints.add(gx.Checkpoint(name=CHECKPOINT, validation_definitions=[definition],
                                      actions=[], result_format="SUMMARY"))
    return root / "gx"


def read_published(folder: str) -> pd.DataFrame:
    """The rows of a published version (or of output/, which links to the current one),
    with the box columns the suite checks."""
    from schemas.suite import with_box
    return with_box(read_csv(os.path.join(folder, "indicators.csv")))


def run_checkpoint(folder: str, root: Path = GX_ROOT) -> tuple[bool, int, list[str]]:
    """Run the named checkpoint on a published version: (success, rows, failed
    expectations as 'type column: unexpected count')."""
    from schemas.suite import context
    ctx = context("file", project_root_dir=str(root))
    df = read_published(folder)
    result = ctx.checkpoints.get(CHECKPOINT).run(batch_parameters={"dataframe": df})
    failed = []
    for run in result.run_results.values():
        for r in run.results:
            if not r.success:
                cfg = r.expectation_config
                count = (r.result or {}).get("unexpected_count")
                failed.append(f"{cfg.type} {cfg.kwargs.get('column', '')}".strip()
                              + (f": {count} unexpected" if count is not None else ""))
    return bool(result.success), len(df), failed
