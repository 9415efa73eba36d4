"""Rows of a table from its text lines."""
from __future__ import annotations

from extractors.grid_text import Line, Segment


def group_rows(lines: list[Line], segs: list[Segment], n_cols: int) -> list[list[int]]:
    return [[i] for i in range(len(lines))]
