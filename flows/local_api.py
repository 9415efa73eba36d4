"""Prefect's temporary local API for one `indicators run`, started by the command line.

With no PREFECT_API_URL configured, Prefect's client starts this same server itself
("ephemeral mode": uvicorn on Prefect's app, in a subprocess, on the local database) at
the flow's first API call. It first imports the whole server package into the run's own
process (about 4 CPU-s, only to start a subprocess that imports it again), then waits for
it. Started here instead, before the flow module loads, the server boots while the run
imports its own code, the run's process never imports it, and Dask's workers (which
inherit PREFECT_API_URL) report to it instead of each starting one of their own. Runs are
recorded in the local database (PREFECT_HOME), as in ephemeral mode.
"""
from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

STARTUP_SECONDS = 180      # the first start migrates a new database: slow on a busy machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(port: int) -> list[str]:
    """Prefect's own command for its temporary server (prefect.server.api.server)."""
    site = os.path.dirname(os.path.dirname(importlib.util.find_spec("prefect").origin))
    return [sys.executable, "-m", "uvicorn", "--app-dir", site, "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on"]


def start_temporary_api():
    """Start the server and point this process (and its children) at it; returns a
    function that waits until it answers. It is stopped when this process exits, after
    Prefect's own exit handlers have sent it the run's last logs and events (exit handlers
    run last-registered first, and Prefect's are registered after this one)."""
    port = _free_port()
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
           "PREFECT__SERVER_FINAL": "1"}
    proc = subprocess.Popen(_command(port), env=env, stdin=subprocess.DEVNULL,
                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    url = f"http://127.0.0.1:{port}/api"
    os.environ["PREFECT_API_URL"] = url
    atexit.register(_stop, proc)

    def ready() -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None:
                    raise RuntimeError(f"the local Prefect API stopped at start "
                                       f"(exit code {proc.returncode})") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the local Prefect API did not answer within "
                                       f"{STARTUP_SECONDS} s") from None
                time.sleep(0.1)

    return ready


def _die_with_parent() -> None:
    """In the server, before it starts (Linux): SIGTERM when the run's process dies, even
    killed outright, so a killed run leaves no server behind."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
