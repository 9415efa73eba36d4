"""One run at a time per output folder: an exclusive, non-blocking flock on output/.lock.

The kernel drops the lock when its process ends, however it ends (a killed run included),
so a stale lock can never block the next run; the pid and start time written into the
file are only there to tell the user who holds it. (filelock, the usual library, takes
the same flock but not a holder's name, and would be one more dependency for 20 lines.)
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from datetime import datetime, timezone

LOCK_FILE = ".lock"


class OutputLocked(RuntimeError):
    """Another run is publishing into the same output folder."""


@contextmanager
def run_lock(output_dir: str):
    os.makedirs(output_dir, exist_ok=True)
    path = os.path.join(output_dir, LOCK_FILE)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            raise OutputLocked(f"another run is publishing to {output_dir}/ ({holder}); "
                               "wait for it to finish") from None
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        yield
    finally:
        os.close(fd)   # closing releases the lock
