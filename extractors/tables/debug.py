"""A picture of the table finder's decisions on one page, as pdfplumber's
`debug_tablefinder` draws its own: the page's rulings (blue), each table region found
(red) and the column boundaries read inside it (green). Written by
`indicators tables --debug`."""
from __future__ import annotations

from pathlib import Path

import pdfplumber

from extractors.tables.grid import Grid

RULING = (0, 90, 255)
REGION = (220, 0, 0)
COLUMN = (0, 160, 60)


def column_bounds(grid: Grid) -> list[float]:
    """x of each boundary between neighbouring columns: halfway between the text of one
    column and the next (cells spanning columns left out)."""
    spans: dict[int, list[tuple[float, float]]] = {}
    for r, row in enumerate(grid.bboxes):
        for c, box in enumerate(row):
            end = grid.ends[r][c] if grid.ends and grid.ends[r][c] else (r, c)
            if box is not None and end[1] == c:
                spans.setdefault(c, []).append((box[0], box[2]))
    out = []
    for c in range(grid.n_cols - 1):
        left, right = spans.get(c), spans.get(c + 1)
        if left and right:
            out.append((max(x1 for _, x1 in left) + min(x0 for x0, _ in right)) / 2)
    return out


def draw_page(pdf_path: str, page: int, grids: list[Grid], out_png: Path, resolution: int = 100) -> Path:
    with pdfplumber.open(pdf_path) as pdf:
        p = pdf.pages[page - 1]
        img = p.to_image(resolution=resolution)
        for e in p.edges:                       # the rulings: lines and rectangle sides
            img.draw_line([(e["x0"], e["top"]), (e["x1"], e["bottom"])], stroke=RULING, stroke_width=1)
        for g in grids:
            x0, top, x1, bottom = g.bbox
            img.draw_rect((x0, top, x1, bottom), fill=None, stroke=REGION, stroke_width=2)
            for x in column_bounds(g):
                img.draw_line([(x, top), (x, bottom)], stroke=COLUMN, stroke_width=1)
        img.save(str(out_png))
    return out_png
