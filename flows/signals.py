"""SIGTERM or SIGINT ends a run within seconds, and says so.

Every extraction child is killed at once (flows/isolation.py) and RunInterrupted is
raised in the main thread, which unwinds the flow. Nothing is switched, so the previous
version stays published; the output lock goes with the process and the staged folder is
removed by the next run. The CLI then writes output/interrupted_run/run_report.{json,md}
with what was done, and ends the process without Prefect's slow exit handlers. A second
signal while that happens ends the process at once.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable

from schemas.dataset import INTERRUPTED_RUN, current_version, write_json

EXIT_CODES = {"SIGINT": 130, "SIGTERM": 143}
UNWIND_SECONDS = 1.5    # for the flow to unwind before the watcher ends the run itself


class RunInterrupted(KeyboardInterrupt):
    """The run was stopped by a signal; args[0] is its name. A KeyboardInterrupt, so
    Prefect records the flow run as crashed by an interrupt and re-raises it."""

    @property
    def signal_name(self) -> str:
        return self.args[0] if self.args else "SIGINT"


@contextmanager
def stop_on_signals(on_stop: Callable[[str], None]):
    """Within the block, SIGTERM and SIGINT stop the run (main thread only).

    `on_stop(signal name)` writes the report and ends the process. It runs once: from
    the CLI when the flow has unwound (Prefect then records the flow run as crashed),
    or from a watcher thread when unwinding takes longer than UNWIND_SECONDS (closing a
    Dask cluster takes several)."""
    once = threading.Lock()

    def stop(name: str) -> None:
        if once.acquire(blocking=False):
            on_stop(name)

    def handle(signum, frame):   # the children are already killed by `watch`
        signal.signal(signal.SIGTERM, lambda *_: os._exit(EXIT_CODES["SIGTERM"]))
        signal.signal(signal.SIGINT, lambda *_: os._exit(EXIT_CODES["SIGINT"]))
        raise RunInterrupted(signal.Signals(signum).name)

    def watch(fd: int) -> None:
        # Python runs `handle` only when the main thread next runs bytecode, which can
        # wait for the document being read. The C-level handler writes each signal to
        # this pipe at once: the children are killed right away (so the document's task
        # returns and the main thread gets to `handle`), and the run ends in time even
        # if unwinding the flow does not.
        try:
            while data := os.read(fd, 16):
                got = [b for b in data if b in (signal.SIGTERM, signal.SIGINT)]
                if got:
                    from flows.isolation import interrupt
                    interrupt()
                    time.sleep(UNWIND_SECONDS)
                    stop(signal.Signals(got[0]).name)
        finally:
            os.close(fd)

    before = {s: signal.signal(s, handle) for s in (signal.SIGTERM, signal.SIGINT)}
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    old_fd = signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    threading.Thread(target=watch, args=(wake_r,), daemon=True, name="signal-watch").start()
    try:
        yield stop
    finally:
        signal.set_wakeup_fd(old_fd)
        os.close(wake_w)           # the thread reads end-of-file and ends
        for s, h in before.items():
            signal.signal(s, h)


def exit_now(code: int) -> None:
    """End the process without waiting for Prefect's exit handlers (they drain logs to
    the API and stop the local server politely, which can take longer than the few
    seconds a stopped run has): every process below this one is killed first."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    try:
        import psutil
        below = psutil.Process().children(recursive=True)
        for proc in below:
            proc.terminate()
        _, alive = psutil.wait_procs(below, timeout=0.5)
        for proc in alive:
            proc.kill()
    finally:
        os._exit(code)


def write_interrupted_report(output_dir: str, signal_name: str, started_at: str,
                             done: list[dict], limits: dict) -> str:
    """output/interrupted_run/: why the run stopped, what it had finished, and which
    version is still published. The next run that publishes removes it."""
    folder = os.path.join(output_dir, INTERRUPTED_RUN)
    os.makedirs(folder, exist_ok=True)
    previous = current_version(output_dir)
    report = {"interrupted": signal_name, "started_at": started_at,
              "stopped_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "published_version": os.path.basename(previous) if previous else "",
              "limits": limits, "documents_done": done}
    write_json(report, os.path.join(folder, "run_report.json"))
    lines = ["# Indicator pipeline run: interrupted", "",
             f"- stopped by {signal_name} at {report['stopped_at']} (started {started_at})",
             "- nothing was published: " + (f"version `{report['published_version']}` is still "
                                            "the published one" if previous else "there is no "
                                            "published version yet"),
             f"- documents finished before the stop: {len(done)}", ""]
    lines += [f"- {d['document']}: {d['status']}" + (f" - {d['reason']}" if d.get("reason") else "")
              for d in done]
    with open(os.path.join(folder, "run_report.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return folder

