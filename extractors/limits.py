"""Per-document limits a user sets (pages, seconds), and the notes a reader leaves when
it had to skip part of a document (a page it could not read, a table reader that
refused), which make the document "partial" rather than "ok".

Both live in context variables set around one document's extraction, so the stages keep
their plain signatures. The time limit is checked between pages and between stages: a
single pathological page can overrun it by that page's time, never by a whole document
(the process running the document enforces a hard limit too: flows/isolation.py). Each
check also records where the reader is, for a limit's reason and for that process to
report, through `on_progress`, before it could be killed.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable

from extractors.types import DocumentRejected

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("deadline", default=None)
_notes: ContextVar[list[str] | None] = ContextVar("notes", default=None)
_where: ContextVar[str] = ContextVar("where", default="opening the file")
_progress: list[Callable[[str], None]] = []    # at most one: set by the process's owner


class DocumentStopped(DocumentRejected):
    """The document went over a limit; it says nothing about the file's bytes."""


@contextmanager
def document_limits(max_seconds: float | None = None):
    """Run one document's extraction under a time limit, collecting partial-read notes
    into the list this yields."""
    notes: list[str] = []
    deadline = (time.monotonic() + max_seconds, max_seconds) if max_seconds else None
    tokens = (_deadline.set(deadline), _notes.set(notes), _where.set("opening the file"))
    try:
        yield notes
    finally:
        _deadline.reset(tokens[0])
        _notes.reset(tokens[1])
        _where.reset(tokens[2])


def on_progress(callback: Callable[[str], None] | None) -> None:
    """Call `callback(where)` at every check (None: stop calling it)."""
    _progress[:] = [callback] if callback else []


def where() -> str:
    """What the reader was last doing, e.g. "reading page 3 of 40"."""
    return _where.get()


def check_time(where: str) -> None:
    _where.set(where)
    for callback in _progress:
        callback(where)
    limit = _deadline.get()
    if limit and time.monotonic() > limit[0]:
        raise DocumentStopped(f"stopped: over the time limit of {limit[1]:g} s per document "
                              f"(while {where})")


def note(message: str) -> None:
    """Record that part of the document was skipped (shown in the run report)."""
    notes = _notes.get()
    if notes is not None and message not in notes:
        notes.append(message)
