"""`indicators run`: the pipeline from a shell, offline and quiet.
`indicators tables`: the table grids of one page as CSV files (no Prefect).
`indicators serve`: the pipeline on a cron schedule, on a Prefect server you run.

Prefect settings are read when prefect is first imported, so the defaults below are set
before the flow module is imported; anything already in the environment wins.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone

QUIET_DEFAULTS = {
    # No API URL -> Prefect starts a temporary local server for the run (ephemeral mode).
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",  # slow first start (DB migrations)
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Task-level chatter off; the flow's per-document progress lines stay visible.
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "GX_ANALYTICS_ENABLED": "false",
    "DASK_LOGGING__DISTRIBUTED": "warning",   # a local cluster's start/stop chatter
    "TQDM_DISABLE": "1",
}


def quiet_environment() -> None:
    """Set the defaults above where the environment does not; call before importing prefect."""
    for key, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)


def _print_summary(s, server: str) -> None:
    """The run's summary; `server`: the configured Prefect API it ran on ("" for the
    temporary local one)."""
    print(f"documents:         {s.documents} ({len(s.partial)} partial, {len(s.rejected)} "
          f"rejected, {len(s.failed)} failed)"
          f"; {s.extracted} extracted, {s.reused} reused from the cache")
    print(f"pages:             {s.pages}")
    print(f"figures published: {s.figures}")
    print(f"quarantined:       {s.quarantined}")
    duplicates = [d for d in s.per_document if d["status"] == "duplicate"]
    for kind, items in (("partial", s.partial), ("rejected", s.rejected), ("failed", s.failed),
                        ("warning", s.warnings),
                        ("duplicate", duplicates)):
        for item in items:
            print(f"  {kind}: {item['document']}: {item['reason']}")
    if s.published:
        change = ", ".join(f"{n} {k}" for k, n in s.diff.items()) if s.previous_version \
            else "first version"
        print(f"changes:           {change}")
        print(f"output:            {s.output_dir}/ (indicators.csv, .parquet, .duckdb, "
              f"datapackage.json) -> versions/{s.run_id}")
        print(f"audit report:      {os.path.join(s.output_dir, 'report', 'index.html')}")
        print(f"Data Docs:         {os.path.join(s.output_dir, 'validation', 'data_docs', 'index.html')}")
        print(f"run report:        {os.path.join(s.output_dir, 'run_report.md')}")
    run_id = s.outputs.get("flow_run_id", "")
    api = server.rstrip("/")
    if run_id and api:
        print(f"Prefect run:       {api.removesuffix('/api')}/runs/flow-run/{run_id}")
    elif run_id:
        print(f"Prefect run:       {run_id} (a temporary local API; set PREFECT_API_URL "
              "to keep runs on a server)")
    if not s.published:
        print(f"nothing valid was extracted: no dataset published; any previous one in "
              f"{s.output_dir}/ was kept (this run's report: {s.output_dir}/failed_run/)")


def _size(text: str) -> str:
    from flows.limits import parse_size
    try:
        parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _area(text: str) -> tuple[float, float, float, float]:
    try:
        vals = tuple(float(v) for v in text.split(","))
    except ValueError:
        vals = ()
    if len(vals) != 4 or vals[0] >= vals[2] or vals[1] >= vals[3]:
        raise argparse.ArgumentTypeError("expected x0,top,x1,bottom in points (top-left origin), "
                                         f"x0 < x1 and top < bottom; got {text!r}")
    return vals


def _tables(parser: argparse.ArgumentParser, args) -> int:
    """Write each table grid on the page as <stem>_p<N>_t<k>.csv; plain extractors, no Prefect.
    A file pdfminer cannot open is read from PDFium's repair, as `indicators run` reads it."""
    from extractors.pdf.document import readable_path

    if not os.path.isfile(args.pdf):
        parser.error(f"PDF not found: {args.pdf}")
    with readable_path(args.pdf) as path:
        return _write_tables(parser, args, path)


def _write_tables(parser: argparse.ArgumentParser, args, path: str) -> int:
    import csv
    from pathlib import Path

    from extractors.tables.grid import read_grid
    from extractors.types import DocumentRejected

    try:
        grids = read_grid(path, args.page, args.area)
    except DocumentRejected as exc:
        print(f"{args.pdf}: {exc.reason}", file=sys.stderr)
        return 1
    except ValueError as exc:
        parser.error(str(exc).replace(path, args.pdf))
    except Exception as exc:  # pdfminer raises many types for a broken or encrypted file
        print(f"{args.pdf}: cannot read ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not grids and not args.debug:
        print(f"no table found on page {args.page} of {args.pdf}")
        return 0
    stem = Path(args.pdf).stem
    for k, g in enumerate(grids, start=1):
        csv_path = out / f"{stem}_p{args.page}_t{k}.csv"
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(g.rows)
        box = ",".join(f"{v:.1f}" for v in g.bbox)
        print(f"{csv_path}: {g.n_rows} rows x {g.n_cols} columns ({g.method}, area {box})")
    if args.debug:
        from extractors.tables.debug import draw_page
        png = draw_page(path, args.page, grids, out / f"{stem}_p{args.page}_debug.png")
        print(f"{png}: the page with its rulings (blue), table regions (red) and column boundaries (green)")
    return 0


def _trace(parser, args) -> int:
    filters = (args.id, args.indicator, args.value, args.document, args.period, args.page)
    if not args.all and all(f in ("", None) for f in filters):
        parser.error("say which figures to trace (--id, --indicator, --value, --document, "
                     "--period, --page), or --all for every published figure")
    from flows.trace import load_dataset, select, trace
    try:
        df = load_dataset(args.output)
    except FileNotFoundError:
        parser.error(f"no published dataset in {args.output}/: run `indicators run` first")
    rows = select(df, args.id, args.indicator, args.value, args.document, args.period, args.page)
    if rows.empty:
        print("no published figure matches")
        return 1
    print(f"{len(rows)} figure(s)\n")
    trace(rows, args.input, args.out or os.path.join(args.output, "trace"))
    return 0


def _review(args) -> int:
    """review.csv from the published version: 0 written (even empty), 4 nothing published."""
    from flows.preflight import EXIT_INPUT
    from flows.review import REVIEW_FILE, write_review
    from schemas.confidence import REVIEW_BELOW
    from schemas.dataset import CURRENT, current_version
    if not current_version(args.output):
        print(f"indicators: no published dataset in {args.output}/", file=sys.stderr)
        return EXIT_INPUT
    below = REVIEW_BELOW if args.below is None else args.below
    dest = args.out or os.path.join(args.output, REVIEW_FILE)
    # through the `current` link: its page pictures stay where it points while the same
    # documents are published
    n = write_review(os.path.join(args.output, CURRENT), dest, below)
    print(f"{n} figure(s) below confidence {below} written to {dest}; put a line in the input "
          f"folder's corrections.csv (action set, not a figure or add) to correct one")
    return 0


def _validate(args) -> int:
    """The checkpoint `indicators` of gx/ on a published version: 0 passed, 1 failed."""
    from flows.preflight import EXIT_INPUT
    if not os.path.isfile(os.path.join(args.folder, "indicators.csv")):
        print(f"indicators: no published dataset in {args.folder}/ (indicators.csv)",
              file=sys.stderr)
        return EXIT_INPUT
    quiet_environment()
    from schemas.gx_project import CHECKPOINT, run_checkpoint
    success, rows, failed = run_checkpoint(args.folder)
    where = os.path.realpath(args.folder)
    if success:
        print(f"checkpoint {CHECKPOINT!r}: {rows} rows of {where} pass every expectation")
        return 0
    print(f"checkpoint {CHECKPOINT!r}: {rows} rows of {where} FAIL {len(failed)} "
          "expectation(s):", file=sys.stderr)
    for line in failed:
        print(f"  {line}", file=sys.stderr)
    return 1


NO_SERVER = """scheduled runs need a Prefect server, and PREFECT_API_URL is not set.
Start one in another terminal and point this one at it:

    prefect server start
    export PREFECT_API_URL=http://127.0.0.1:4200/api

then run `indicators serve` again. (To run without a server, put `indicators run`
in a crontab instead; see "Schedules" in README.md.)"""


def _api_url() -> str:
    """PREFECT_API_URL from the environment or the active Prefect profile ("" if unset)."""
    if os.environ.get("PREFECT_API_URL", "").strip():
        return os.environ["PREFECT_API_URL"].strip()
    from prefect.settings import get_current_settings
    return str(get_current_settings().api.url or "")


def _server_unreachable(api_url: str) -> str:
    """Why `api_url`/health does not answer, or "" when it does."""
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=10):
            return ""
    except urllib.error.HTTPError:
        return ""       # something answers (a proxy, Prefect Cloud's auth); let Prefect decide
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return str(getattr(exc, "reason", exc))


def _serve(parser: argparse.ArgumentParser, args) -> int:
    """Register a deployment with a cron schedule and run its scheduled runs until Ctrl-C.
    Every `run` option is a parameter of the deployment, so each scheduled run gets it."""
    from flows.preflight import EXIT_NO_SERVER
    _verbosity(args)
    quiet_environment()
    from prefect.client.schemas.schedules import CronSchedule
    try:
        CronSchedule(cron=args.cron)
    except ValueError:
        parser.error(f"--cron {args.cron!r} is not a cron schedule: five fields, "
                     '"minute hour day-of-month month day-of-week" in UTC, '
                     'e.g. "0 6 * * 1" for 06:00 every Monday')
    problem = _preflight(args, need_files=False)   # PDFs may arrive before the first run
    if problem:
        return problem
    api_url = _api_url()
    if not api_url:
        print(NO_SERVER, file=sys.stderr)
        return EXIT_NO_SERVER
    problem = _server_unreachable(api_url)
    if problem:
        print(f"no Prefect server answers at {api_url} ({problem}).\n"
              "Start it with `prefect server start`, or fix PREFECT_API_URL.", file=sys.stderr)
        return EXIT_NO_SERVER
    from flows.pipeline import indicator_pipeline  # after the environment is set

    # Absolute folders: the runs do not depend on where the deployment is looked at from.
    parameters = flow_parameters(args)
    parameters["input_dir"] = os.path.abspath(args.input)
    parameters["output_dir"] = os.path.abspath(args.output)
    print(f"serving '{indicator_pipeline.name}/{args.name}' on {api_url}: cron {args.cron!r} (UTC), "
          f"input {parameters['input_dir']}, output {parameters['output_dir']}; Ctrl-C stops it",
          flush=True)
    try:
        indicator_pipeline.serve(name=args.name, cron=args.cron, parameters=parameters)
    except KeyboardInterrupt:  # Ctrl-C before the runner took over its own shutdown
        print("stopped", file=sys.stderr)
        return 130
    return 0


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("council-indicators")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _verbosity(args) -> None:
    """--quiet: warnings and errors only (for cron); --verbose: Prefect's own INFO lines
    too. Set before prefect is imported, like the defaults."""
    if args.quiet:
        os.environ["PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL"] = "WARNING"
    elif args.verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


def _preflight(args, need_files: bool = True) -> int:
    """0, or the exit code of a run that cannot start (its reason printed as one line)."""
    from flows.preflight import PreflightError, check_input, check_output
    try:
        check_input(args.input, need_files)
        check_output(args.output)
    except PreflightError as exc:
        print(f"indicators: {exc}", file=sys.stderr)
        return exc.code
    return 0


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on stderr and exit code 2 (not the whole usage block)."""

    def error(self, message: str):
        from flows.preflight import EXIT_USAGE
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from flows.preflight import EXIT_CODES_HELP
    parser = _Parser(prog="indicators", description=__doc__.splitlines()[0],
                     epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    talk = _Parser(add_help=False)
    level = talk.add_mutually_exclusive_group()
    level.add_argument("-q", "--quiet", action="store_true",
                       help="print only warnings, errors and nothing on success (for cron)")
    level.add_argument("-v", "--verbose", action="store_true",
                       help="also print Prefect's own log lines and a failure's traceback")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", parents=[talk], epilog=EXIT_CODES_HELP,
                         formatter_class=argparse.RawDescriptionHelpFormatter,
                         help="extract, validate and publish the indicator dataset")
    run.add_argument("--input", default="raw_docs", help="folder of PDFs (default: raw_docs)")
    run.add_argument("--output", default="output", help="output folder (default: output)")
    _run_options(run)
    tables = sub.add_parser("tables", help="write the table grids of one page as CSV files")
    tables.add_argument("pdf", help="the PDF file")
    tables.add_argument("--page", type=int, required=True, help="1-based page number")
    tables.add_argument("--area", type=_area, metavar="x0,top,x1,bottom",
                        help="the table's region in points, top-left origin (default: find the tables)")
    tables.add_argument("--out", required=True, help="folder for the CSV files")
    tables.add_argument("--debug", action="store_true",
                        help="also draw the page with its rulings, the regions found and their columns (PNG)")
    tr = sub.add_parser("trace", help="show where published figures were read, with a picture")
    tr.add_argument("--id", default="", help="row id (or its first characters)")
    tr.add_argument("--indicator", default="", help="words that must all be in the indicator label")
    tr.add_argument("--value", type=float, help="the figure's value")
    tr.add_argument("--document", default="", help="part of the source document's name")
    tr.add_argument("--period", default="", help="normalised period, e.g. 2016/17")
    tr.add_argument("--page", type=int, help="page number")
    tr.add_argument("--all", action="store_true", help="every published figure (one PNG each)")
    tr.add_argument("--input", default="raw_docs", help="folder holding the source PDFs")
    tr.add_argument("--output", default="output", help="folder holding the published dataset")
    tr.add_argument("--out", default="", help="folder for the PNGs (default: OUTPUT/trace)")
    rev = sub.add_parser("review", help="write review.csv: the published figures the pipeline is "
                                        "least sure of, to check and correct")
    rev.add_argument("--output", default="output", help="folder holding the published dataset")
    rev.add_argument("--below", type=_share, default=None, metavar="CONFIDENCE",
                     help="list the figures below this confidence (default: 0.8)")
    rev.add_argument("--out", default="", help="the CSV to write (default: OUTPUT/review.csv)")
    val = sub.add_parser("validate", help="re-run the Great Expectations checkpoint (gx/) on a "
                                          "published version")
    val.add_argument("folder", nargs="?", default="output",
                     help="a version folder (OUTPUT/versions/<id>) or the output folder, which "
                          "holds the current version (default: output)")
    srv = sub.add_parser("serve", parents=[talk],
                         help="run the pipeline on a cron schedule (needs a Prefect server)")
    srv.add_argument("--cron", required=True,
                     help='when to run, a cron string in UTC, e.g. "0 6 * * 1" (06:00 every Monday)')
    srv.add_argument("--input", default="raw_docs", help="folder of PDFs (default: raw_docs)")
    srv.add_argument("--output", default="output", help="output folder (default: output)")
    srv.add_argument("--name", default="scheduled",
                     help="deployment name (default: scheduled; shown as indicator-pipeline/NAME)")
    _run_options(srv)
    return parser


def _run_options(p: argparse.ArgumentParser) -> None:
    """The options of a run, shared by `run` and `serve` (which passes them to every run)."""
    p.add_argument("--task-runner", choices=["sequential", "dask"], default="sequential",
                   help="extract documents one after another (default) or in parallel on Dask")
    p.add_argument("--dask-address", default="",
                   help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
                        "(default: start a local cluster for the run)")
    p.add_argument("--workers", type=_positive, default=2,
                   help="worker processes of the local Dask cluster (default: 2)")
    p.add_argument("--keep-versions", type=_not_negative, default=10,
                   help="published versions kept in OUTPUT/versions (default: 10; 0 keeps all)")
    p.add_argument("--max-pages", type=_not_negative, default=1000,
                   help="reject a document with more pages (default: 1000; 0: no limit)")
    p.add_argument("--max-seconds", type=float, default=300,
                   help="stop reading a document after this long (default: 300; 0: no limit)")
    p.add_argument("--max-memory", type=_size, default="2GB",
                   help="stop reading a document whose reader needs more memory "
                        "(default: 2GB; 0: no limit)")
    p.add_argument("--no-cache", action="store_true",
                   help="extract every document again instead of reusing earlier extractions")
    p.add_argument("--fail-below", type=_share, default=0.0, metavar="SHARE",
                   help="publish, then fail the run (exit 7, a Failed Prefect run) when more "
                        "than this share (0 to 1) of the figures is below the review "
                        "confidence (default: 0, never)")


def _not_negative(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more; got {text!r}")
    return n


def _share(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        x = -1.0
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1; got {text!r}")
    return x


def _positive(text: str) -> int:
    n = _not_negative(text)
    if n == 0:
        raise argparse.ArgumentTypeError("expected 1 or more")
    return n


def flow_parameters(args) -> dict:
    """The flow's parameters from `run`'s (or `serve`'s) options."""
    return {"input_dir": args.input, "output_dir": args.output,
            "keep_versions": args.keep_versions, "use_cache": not args.no_cache,
            "max_pages": args.max_pages, "max_seconds": args.max_seconds,
            "max_memory": args.max_memory, "task_runner": args.task_runner,
            "dask_address": args.dask_address, "workers": args.workers,
            "fail_below": args.fail_below}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "trace":
        return _trace(parser, args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "review":
        return _review(args)
    if args.command == "tables":
        if args.page < 1:
            parser.error("--page starts at 1")
        return _tables(parser, args)
    if args.dask_address and args.task_runner != "dask":
        parser.error("--dask-address needs --task-runner dask")
    if args.max_seconds < 0:
        parser.error("--max-seconds must be 0 (no limit) or more")
    if args.command == "serve":
        return _serve(parser, args)
    problem = _preflight(args)
    if problem:
        return problem
    # read before Prefect loads (it reads its settings once, when first imported)
    from flows.unchanged import configured_api_url
    server = configured_api_url()
    if not args.no_cache and not server:     # a configured server records every run
        done = _unchanged(args)
        if done is not None:
            return done
    _verbosity(args)
    quiet_environment()
    return _run(args, server)


def _unchanged(args) -> int | None:
    """The exit code of the last run when nothing it read has changed since, decided
    before Prefect loads; else None."""
    from flows.limits import Limits, parse_size
    from flows.preflight import EXIT_NOTHING_PUBLISHED, EXIT_PUBLISHED
    from flows.unchanged import nothing_changed
    state = nothing_changed(args.input, args.output,
                            Limits(args.max_pages, args.max_seconds, parse_size(args.max_memory)))
    if state is None:
        return None
    share = state.get("review_share") or 0.0
    if state["published"] and args.fail_below and share > args.fail_below:
        print(f"nothing changed since the run of {state['started_at']}, whose figures are "
              f"{share:.1%} below the review confidence, over --fail-below {args.fail_below}",
              file=sys.stderr)
        from flows.preflight import EXIT_REVIEW
        return EXIT_REVIEW
    if not args.quiet or not state["published"]:
        print(f"nothing changed since the run of {state['started_at']}: "
              f"{state['documents']} document(s), {state['figures']} figures "
              + (f"published in {state['version']}" if state["published"] else
                 "(nothing valid was published)")
              + "; nothing to do (--no-cache reads everything again)", file=sys.stderr)
    return EXIT_PUBLISHED if state["published"] else EXIT_NOTHING_PUBLISHED


def _run(args, server: str) -> int:
    if server:
        return _run_flow(args, server, lambda: None)
    from flows.local_api import start_temporary_api
    return _run_flow(args, "", start_temporary_api())   # it boots while the flow's modules load


def _run_flow(args, server: str, api_ready) -> int:
    from flows.lock import OutputLocked
    from flows.pipeline import indicator_pipeline  # after the environment is set

    from flows import pipeline
    from flows.limits import Limits, parse_size
    from flows.preflight import (EXIT_INTERNAL, EXIT_LOCKED, EXIT_NOTHING_PUBLISHED, EXIT_PUBLISHED,
                                 EXIT_REVIEW)
    from flows.review import ReviewThresholdExceeded
    from flows.signals import (EXIT_CODES, RunInterrupted, exit_now, stop_on_signals,
                               write_interrupted_report)

    started = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def on_stop(signal_name: str) -> None:
        limits = Limits(args.max_pages, args.max_seconds, parse_size(args.max_memory))
        folder = write_interrupted_report(args.output, signal_name, started,
                                          list(pipeline.done_so_far), limits.describe())
        print(f"interrupted by {signal_name}: nothing published, the previous version "
              f"stays; report in {folder}/", file=sys.stderr, flush=True)
        exit_now(EXIT_CODES.get(signal_name, 130))

    if not args.quiet:   # the first start of the local API can take a minute (DB migrations)
        where = server or "a temporary local Prefect API"
        print(f"starting the run on {where} ...", file=sys.stderr, flush=True)
    try:
        with stop_on_signals(on_stop) as stop:
            try:
                api_ready()
                summary = indicator_pipeline(**flow_parameters(args))
            except RunInterrupted as exc:
                stop(exc.signal_name)
    except OutputLocked as exc:
        print(f"indicators: not started: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except ReviewThresholdExceeded as exc:
        print(f"indicators: {exc}", file=sys.stderr)
        return EXIT_REVIEW
    except Exception as exc:
        if args.verbose:
            import traceback
            traceback.print_exc()
        print(f"indicators: the pipeline failed ({type(exc).__name__}: {exc}); nothing was "
              f"published and the previous version stays"
              + ("" if args.verbose else "; run again with --verbose for the traceback"),
              file=sys.stderr)
        return EXIT_INTERNAL
    if not args.quiet or not summary.published:
        _print_summary(summary, server)
    return EXIT_PUBLISHED if summary.published else EXIT_NOTHING_PUBLISHED


if __name__ == "__main__":
    sys.exit(main())
