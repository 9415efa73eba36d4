"""Progress of a run's extraction: documents done out of the total, pages read, the rate
and an estimate of the time left, for the per-document log line. Plain Python, no Prefect.

The estimate goes by file size, not page count: counting pages would mean parsing every
file in the run's own process, which the child processes exist to avoid (a hostile
file's page tree can take minutes or crash its reader).
"""
from __future__ import annotations

import os
import time


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """Counts documents, pages and bytes as documents finish; `line()` says where the run
    stands."""

    def __init__(self, sizes: list[int], clock=time.monotonic):
        self.sizes, self.total_bytes = list(sizes), sum(sizes)
        self.docs = self.pages = self.bytes = 0
        self.clock = clock
        self.started = clock()

    def done(self, index: int, pages: int) -> None:
        """The document at `index` (in the list given) is finished, with `pages` read."""
        self.docs += 1
        self.pages += pages
        self.bytes += self.sizes[index]

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        parts = [f"{self.docs}/{len(self.sizes)} documents", f"{self.pages} pages",
                 f"{self.pages / elapsed:.1f} pages/s"]
        if 0 < self.bytes < self.total_bytes and self.docs < len(self.sizes):
            left = elapsed * (self.total_bytes - self.bytes) / self.bytes
            parts.append(f"about {_duration(left)} left")
        return ", ".join(parts)
