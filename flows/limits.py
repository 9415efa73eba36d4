"""The limits a user sets on each document (--max-pages, --max-seconds, --max-memory) and
how they are written and read. Light on purpose: the command line parses them before
anything heavy is imported."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_pages: int = 0          # 0: no limit
    max_seconds: float = 0.0    # per document; 0: no limit
    max_memory: int = 0         # bytes per document, enforced by flows/isolation.py; 0: none

    def describe(self) -> dict:
        """The limits as the run report shows them."""
        return {"max_pages": self.max_pages or None, "max_seconds": self.max_seconds or None,
                "max_memory": format_bytes(self.max_memory) if self.max_memory else None}


_UNITS = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20,
          "G": 1 << 30, "GB": 1 << 30}


def parse_size(text: str | int) -> int:
    """Bytes from "2GB", "512MB", "1.5G" or a plain number of bytes (0: no limit)."""
    if isinstance(text, int):
        return text
    t = str(text).strip().upper().replace(" ", "").removesuffix("IB").removesuffix("I")
    number = t.rstrip("KMGB")
    unit = t[len(number):]
    try:
        if unit not in _UNITS:
            raise ValueError
        return int(float(number) * _UNITS[unit])
    except ValueError:
        raise ValueError(f"not a size: {text!r} (e.g. 2GB, 512MB, or 0 for no limit)") from None


def format_bytes(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20)):
        if n >= size:
            return f"{n / size:g}{unit}"
    return f"{n}B"


OVER_MEMORY = "stopped: over the memory limit"


def over_memory(limits: Limits, where: str) -> str:
    limit = f" of {format_bytes(limits.max_memory)}" if limits.max_memory else ""
    return f"{OVER_MEMORY}{limit} per document (while {where})"
