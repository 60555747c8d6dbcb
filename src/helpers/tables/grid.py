"""Ruled table grids of one PDF page, read with pdfplumber (MIT).

pdfplumber finds the ruled cells from the page's lines and rectangles; each cell keeps its text
(wrapped lines inside it rejoined later) and its grid span, so merged header cells (spanning
columns or rows) are known. Chosen over PyMuPDF's find_tables: PyMuPDF is AGPL, and its tables
split "2,940.05" across lines in every numeric cell of the real Shanghai PDFs.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class GridCell:
    """One ruled cell: text as printed (may hold newlines), bbox in points and its grid span."""

    text: str
    bbox: BBox
    row0: int
    row1: int  # inclusive
    col0: int
    col1: int  # inclusive
    blank_cell: bool = False  # a real cell with no text (None cells of pdfplumber are not cells)

    @property
    def x_center(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2


@dataclass
class PageGrid:
    """A table grid found on one page: cells indexed by grid row."""

    page: int  # 1-based
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[GridCell] = field(default_factory=list)
    ruled: bool = True  # False: rebuilt from word positions (a table printed without lines)

    def row(self, index: int) -> list[GridCell]:
        """Cells that start in grid row `index`, left to right."""
        return sorted((c for c in self.cells if c.row0 == index), key=lambda c: c.bbox[0])

    def row_top(self, index: int) -> float:
        tops = [c.bbox[1] for c in self.cells if c.row0 == index]
        return min(tops) if tops else self.bbox[1]


@dataclass(frozen=True)
class TextLine:
    """A printed line of the page with its vertical position (for titles, units and notes)."""

    text: str
    top: float
    bottom: float
    x0: float


TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def page_grids(page, number: int) -> list[PageGrid]:
    """Every ruled table grid of a pdfplumber page, top to bottom (split where a title row starts a
    new table inside one ruled block; grids drawn outside the visible page are ignored)."""
    grids = []
    for table in page.find_tables(TABLE_SETTINGS):
        if table.bbox[1] >= page.height or table.bbox[3] <= 0:
            continue
        rows = table.rows
        texts = extract_cells(page.chars, rows)
        col_bounds = [(c.bbox[0], c.bbox[2]) for c in table.columns]
        row_bounds = [(r.bbox[1], r.bbox[3]) for r in rows]
        row_tops = [t for t, _ in row_bounds]
        first = 0 if row_tops != sorted(row_tops) else None  # pdfplumber sorts rows by top
        grid = PageGrid(number, tuple(table.bbox), len(rows), len(col_bounds))
        for r, row in enumerate(rows):
            for c, bbox in enumerate(row.cells):
                if bbox is None or bbox[1] >= page.height:  # drawn below the visible page
                    continue
                text = texts[r][c] or ""
                cols = [i for i, (x0, x1) in enumerate(col_bounds) if x0 >= bbox[0] - 1 and x1 <= bbox[2] + 1]
                # Rows the cell spans: those from its own row down while inside its box (rows are
                # sorted by top, so only a run from `r` is looked at, not every row of the page).
                spans = []
                start = bisect.bisect_left(row_tops, bbox[1] - 1) if first is None else first
                for i in range(start, len(row_bounds)):
                    t, b = row_bounds[i]
                    if t > bbox[3] + 1 and first is None:
                        break
                    if t < bbox[1] - 1:
                        continue
                    if b <= bbox[3] + 1:
                        spans.append(i)
                grid.cells.append(
                    GridCell(
                        text=text,
                        bbox=tuple(bbox),
                        row0=r,
                        row1=max(spans, default=r),
                        col0=min(cols, default=c),
                        col1=max(cols, default=c),
                        blank_cell=not text.strip(),
                    )
                )
        if grid.cells:
            grids.extend(split_at_titles(grid))
    grids.sort(key=lambda g: g.bbox[1])
    return grids


def _mid(char) -> tuple[float, float]:
    return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2


def _inside(mid: tuple[float, float], bbox) -> bool:
    x0, top, x1, bottom = bbox
    return x0 <= mid[0] < x1 and top <= mid[1] < bottom


def extract_cells(chars: list[dict], rows) -> list[list[str | None]]:
    """The text of every cell of `rows`, as pdfplumber's `Table.extract()` gives it (same rule: a
    character belongs to the box holding its midpoint; same order; same `extract_text`), without
    scanning every character of the page for every row: characters are sorted by their vertical
    midpoint once and each row takes its band by bisection. Table.extract is quadratic: a page
    with an 800-row table spent 19 s there."""
    from pdfplumber import utils

    mids = [_mid(char) for char in chars]
    order = sorted(range(len(chars)), key=lambda i: mids[i][1])
    keys = [mids[i][1] for i in order]
    out: list[list[str | None]] = []
    for row in rows:
        _, top, _, bottom = row.bbox
        band = sorted(order[bisect.bisect_left(keys, top):bisect.bisect_left(keys, bottom)])
        in_row = [i for i in band if _inside(mids[i], row.bbox)]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cell_chars = [chars[i] for i in in_row if _inside(mids[i], cell)]
            texts.append(utils.extract_text(cell_chars) if cell_chars else "")
        out.append(texts)
    return out


def split_at_titles(grid: PageGrid) -> list[PageGrid]:
    """Split a grid before every row (other than the first) that holds a table title."""
    from .titles import match_title

    starts = [0]
    for r in range(1, grid.n_rows):
        text = "".join(c.text for c in grid.row(r))
        if text.strip() and match_title(text):
            starts.append(r)
    if len(starts) == 1:
        return [grid]
    out = []
    for a, b in zip(starts, [*starts[1:], grid.n_rows], strict=True):
        cells = [c for c in grid.cells if a <= c.row0 < b]
        if not cells:
            continue
        bbox = (
            min(c.bbox[0] for c in cells), min(c.bbox[1] for c in cells),
            max(c.bbox[2] for c in cells), max(c.bbox[3] for c in cells),
        )
        moved = [
            GridCell(c.text, c.bbox, c.row0 - a, min(c.row1, b - 1) - a, c.col0, c.col1, c.blank_cell)
            for c in cells
        ]
        out.append(PageGrid(grid.page, bbox, b - a, grid.n_cols, moved))
    return out


def page_lines(page) -> list[TextLine]:
    """The page's printed lines with positions (pdfplumber's line grouping of characters)."""
    lines = []
    for line in page.extract_text_lines(return_chars=False, strip=True):
        text = line["text"].strip()
        if text:
            lines.append(TextLine(text, line["top"], line["bottom"], line["x0"]))
    return lines
