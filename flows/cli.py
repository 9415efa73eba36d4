"""`indicators run`: the pipeline from a shell, offline and quiet.

Prefect settings are read when prefect is first imported, so the defaults below are set
before the flow module is imported; anything already in the environment wins.
"""
from __future__ import annotations

import argparse
import os
import sys

QUIET_DEFAULTS = {
    # No API URL -> Prefect starts a temporary local server for the run (ephemeral mode).
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",  # slow first start (DB migrations)
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Task-level chatter off; the flow's per-document progress lines stay visible.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "GX_ANALYTICS_ENABLED": "false",
    "TQDM_DISABLE": "1",
}


def quiet_environment() -> None:
    """Set the defaults above where the environment does not; call before importing prefect."""
    for key, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)


def _print_summary(s) -> None:
    print(f"documents:         {s.documents} ({len(s.rejected)} rejected, {len(s.failed)} failed)")
    print(f"pages:             {s.pages}")
    print(f"figures published: {s.figures}")
    print(f"quarantined:       {s.quarantined}")
    for kind, items in (("rejected", s.rejected), ("failed", s.failed)):
        for item in items:
            print(f"  {kind}: {item['document']}: {item['reason']}")
    if s.published:
        print(f"output:            {s.output_dir}/ (indicators.csv, .parquet, .duckdb, run_report.md)")
    else:
        print(f"nothing valid was extracted: no dataset published; any previous one in "
              f"{s.output_dir}/ was kept (this run's report: {s.output_dir}/failed_run/)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="indicators", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract, validate and publish the indicator dataset")
    run.add_argument("--input", default="raw_docs", help="folder of PDFs (default: raw_docs)")
    run.add_argument("--output", default="output", help="output folder (default: output)")
    args = parser.parse_args(argv)

    if not os.path.isdir(args.input):
        parser.error(f"input folder not found: {args.input}")
    quiet_environment()
    from flows.pipeline import indicator_pipeline  # after the environment is set

    summary = indicator_pipeline(input_dir=args.input, output_dir=args.output)
    _print_summary(summary)
    return 0 if summary.published else 1


if __name__ == "__main__":
    sys.exit(main())
