"""Each document is extracted in a child process with hard limits, so no file can stall
or sink a run: a page that takes forever, a parser that eats memory or a crash in C
code costs that document (rejected, with the limit it hit and where), never the run.

Design. A child is a plain `python -m flows.isolation` started with `subprocess`, not
`multiprocessing`: Dask's worker processes are daemonic and may not start
multiprocessing children, but may start any program. One child per thread of a task
runner reads documents one after another (its imports, ~2 CPU-s, are paid once) and is
replaced after `RESTART_AFTER` documents, after hitting a limit, or when it dies: a
process pool with `max_tasks_per_child`, built small enough to be killed at will.

Limits. The child sets its own data-segment rlimit (RLIMIT_DATA: heap and anonymous
maps, which works in a container as root, unlike a cgroup), so an allocation past
`max_memory` fails there with MemoryError and the document is stopped cleanly. The
parent watches the child's resident memory too, and its time: the readers check the
soft time limit between pages (extractors/limits.py); the parent kills the child
`GRACE_SECONDS` after it, wherever it is. The child reports each page it starts, so
the reason says where it was.

Interruption. `interrupt()` (the CLI's SIGTERM/SIGINT handler) kills every child,
including those of Dask workers, found by their command line.
"""
from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import weakref
from multiprocessing import Pipe
from multiprocessing.connection import Connection

from flows.extract import extract_file, sha_or_blank
from flows.limits import OVER_MEMORY, Limits, over_memory
from flows.report import DocumentResult

GRACE_SECONDS = 10.0       # after the soft limit, before the child is killed
POLL_SECONDS = 0.1         # how often the parent looks at the child's time and memory
RESTART_AFTER = 50         # documents per child: bounds what slow leaks can accumulate
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = "flows.isolation"   # in a child's command line: how interrupt() finds them all
# the readers are single-threaded; a BLAS thread pool per core would only reserve memory.
# Tesseract heeds only OMP_THREAD_LIMIT: its OpenMP threads spun for 2.5x the CPU of one
# thread on a 2-core machine, and took longer (8.9 against 3.6 CPU-s for a scanned page)
_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "OMP_THREAD_LIMIT": "1"}

_children: weakref.WeakSet = weakref.WeakSet()
_local = threading.local()
_stopping = threading.Event()


def extract_isolated(path: str, geography: str = "", source_url: str = "",
                     limits: Limits = Limits(), pictures_dir: str = "") -> DocumentResult:
    """extract_file(path, ...) in this thread's child process, under `limits`."""
    if _stopping.is_set():
        return DocumentResult(os.path.basename(path), "rejected", _interrupted("before this "
                              "document was read"), path=path, source_url=source_url,
                              cacheable=False)
    child = getattr(_local, "child", None)
    if child is None:
        child = _local.child = Child()
    return child.extract(path, geography, source_url, limits, pictures_dir)


def interrupt() -> None:
    """Stop all extraction now: kill every child of this module below this process (its
    own, and a Dask worker's)."""
    _stopping.set()
    # processes only: each Child's own thread sees its process gone and cleans up
    try:
        import psutil
        for proc in psutil.Process().children(recursive=True):
            try:
                if MARK in " ".join(proc.cmdline()):
                    proc.kill()
            except psutil.Error:
                pass
    except Exception:   # interruption must never fail
        pass


class Child:
    """One child process reading one document at a time."""

    def __init__(self):
        self.proc: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self.memory, self.done = -1, 0
        _children.add(self)

    def _start(self, max_memory: int) -> None:
        ours, theirs = Pipe()
        env = {**os.environ, **_ENV,
               "PYTHONPATH": os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", MARK, str(theirs.fileno()), str(max_memory), str(os.getpid())],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn, self.memory, self.done = ours, max_memory, 0

    def __del__(self):
        # dropped with the thread that made it (a task runner's thread ends): stopped and
        # reaped here, not left to the end of the run as an idle process, then a zombie
        try:
            self.kill()
        except Exception:
            pass

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.conn is not None:
            self.conn.close()
        self.proc = self.conn = None

    def extract(self, path: str, geography: str, source_url: str,
                limits: Limits, pictures_dir: str = "") -> DocumentResult:
        if (self.proc is None or self.proc.poll() is not None or self.memory != limits.max_memory
                or self.done >= RESTART_AFTER):
            self.kill()
            self._start(limits.max_memory)
        t0 = time.monotonic()
        hard = limits.max_seconds + GRACE_SECONDS if limits.max_seconds else None
        where = "opening the file"
        try:
            self.conn.send((path, geography, source_url, limits, pictures_dir))
            while True:
                if self.conn.poll(POLL_SECONDS):
                    kind, payload = self.conn.recv()
                    if kind == "at":
                        where = payload
                        continue
                    self.done += 1
                    if kind == "restart":     # it hit the memory limit: start afresh
                        self.kill()
                    return payload
                if _stopping.is_set():
                    return self._stop(path, source_url, t0, _interrupted(f"while {where}"))
                if self.proc.poll() is not None:
                    return self._stop(path, source_url, t0, self._death(where, limits))
                if hard and time.monotonic() - t0 > hard:
                    return self._stop(path, source_url, t0, "stopped: over the time limit of "
                                      f"{limits.max_seconds:g} s per document (killed while {where})")
                if limits.max_memory and _resident(self.proc.pid) > limits.max_memory:
                    return self._stop(path, source_url, t0, over_memory(limits, where))
        except (EOFError, OSError):      # the pipe broke: the child died or was killed
            return self._stop(path, source_url, t0, _interrupted(f"while {where}")
                              if _stopping.is_set() else self._death(where, limits))

    def _death(self, where: str, limits: Limits) -> str:
        code = self.proc.wait() if self.proc is not None else None
        if code is not None and code < 0:
            how = signal.Signals(-code).name
            # C++ code (PDFium) aborts when an allocation fails under the rlimit
            if how == "SIGABRT" and limits.max_memory:
                return over_memory(limits, f"{where}; the reader aborted")
            if how == "SIGKILL":   # not by us: the kernel's out-of-memory killer, most likely
                return f"stopped: the reader was killed (SIGKILL, out of memory?) while {where}"
            return f"crashed: the PDF crashed the reader ({how}) while {where}"
        return f"crashed: the reader exited with code {code} while {where}"

    def _stop(self, path: str, source_url: str, t0: float, reason: str) -> DocumentResult:
        self.kill()
        return DocumentResult(os.path.basename(path), "rejected", reason, path=path,
                              source_url=source_url, sha256=sha_or_blank(path),
                              seconds=time.monotonic() - t0, cacheable=False)


def _interrupted(when: str) -> str:
    return f"interrupted: the run was stopped ({when})"


def _resident(pid: int) -> int:
    """Resident memory of a process in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@atexit.register
def _kill_all() -> None:
    for child in list(_children):
        child.kill()


# ----------------------------------------------------------------------------- the child
def _watch_parent(parent: int) -> None:
    """Leave when the parent is gone (its pipe may outlive it in a grandchild's hands)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _reset_peak() -> None:
    """Start this process's peak resident memory afresh (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:    # not Linux, or not allowed: the peak is then the process's own
        pass


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _serve(fd: int, max_memory: int, parent: int) -> None:
    from extractors.limits import on_progress
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # a terminal's Ctrl-C: the parent decides
    # a damaged file makes pdfminer warn on every object; the result's reason says what
    # was lost, so only errors reach the run's console
    logging.basicConfig(level=logging.ERROR, format="%(name)s: %(message)s")
    if max_memory:
        import resource
        resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    conn = Connection(fd)
    on_progress(lambda where: conn.send(("at", where)))
    while True:
        try:
            path, geography, source_url, limits, pictures_dir = conn.recv()
        except EOFError:
            return
        _reset_peak()
        result = extract_file(path, geography, source_url, limits, pictures_dir)
        result.peak_mb = _peak_mb()
        hit = result.reason.startswith(OVER_MEMORY)
        try:
            conn.send(("restart" if hit else "done", result))
        except MemoryError:      # the result itself would not fit: say so, small
            conn.send(("restart", DocumentResult(
                result.name, "rejected", over_memory(limits, "sending its figures"), path=path,
                source_url=source_url, sha256=result.sha256, cacheable=False)))
        if hit:
            return


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
