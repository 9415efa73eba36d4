"""Task runners for `indicators run --task-runner`: documents one after another, or in
parallel on a Dask cluster (a local one the run starts, or an existing one by address).

Extraction is pure Python under the GIL, so parallel means processes: the local cluster
has one single-threaded worker process per core asked for.
"""
from __future__ import annotations

from prefect.task_runners import ThreadPoolTaskRunner

RUNNERS = ("sequential", "dask")


def make_task_runner(kind: str = "sequential", dask_address: str = "", workers: int = 2):
    if kind == "sequential":
        return ThreadPoolTaskRunner(max_workers=1)
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r}: one of {', '.join(RUNNERS)}")
    from prefect_dask import DaskTaskRunner
    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})
