"""SYNTHETIC table PDFs built at test time with reportlab and the CJK font of mplfonts.

Every document made here is synthetic (made-up department and figures); it draws ruled grids the
way Word/WPS/Excel exports do (one rectangle per cell, merged header cells as one rectangle), so the
PDF table reader is exercised on known cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "SyntheticCJK"


def _register_font() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    from helpers.fonts import cjk_font_path

    # SimHei.ttf ships beside Noto Sans CJK in mplfonts; reportlab embeds TrueType outlines only.
    pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path().parent / "SimHei.ttf")))


@dataclass
class HeaderCell:
    """A header cell at (row, col) spanning `colspan` columns and `rowspan` header rows."""

    text: str
    row: int
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Grid:
    """A ruled table: column widths, header cells (with spans) and data rows (one text per column;
    "\\n" wraps a cell onto several lines)."""

    widths: list[float]
    header_rows: int
    header: list[HeaderCell]
    rows: list[list[str]]
    row_height: float = 18.0
    merged_label: dict[int, int] = field(default_factory=dict)  # data row → label colspan


@dataclass
class Page:
    """One page: lines above the grid (title, 单位：万元 …), an optional grid, lines below it."""

    above: list[str] = field(default_factory=list)
    grid: Grid | None = None
    below: list[str] = field(default_factory=list)
    landscape: bool = True


def _text(c: canvas.Canvas, x: float, y: float, w: float, h: float, text: str, align: str) -> None:
    lines = text.split("\n")
    size = 9
    c.setFont(FONT, size)
    total = len(lines) * (size + 2)
    top = y + h / 2 + total / 2 - size
    for i, line in enumerate(lines):
        ty = top - i * (size + 2)
        if align == "right":
            c.drawRightString(x + w - 3, ty, line)
        elif align == "center":
            c.drawCentredString(x + w / 2, ty, line)
        else:
            c.drawString(x + 3, ty, line)


def _is_number(text: str) -> bool:
    return bool(text) and text.replace(",", "").replace(".", "").replace("-", "").isdigit()


def build_pdf(path: Path, pages: list[Page]) -> Path:
    """Write a SYNTHETIC PDF of `pages` to `path` and return it."""
    _register_font()
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    for page in pages:
        width, height = landscape(A4) if page.landscape else A4
        c.setPageSize((width, height))
        y = height - 50
        for line in page.above:
            c.setFont(FONT, 14 if line is page.above[0] else 9)
            c.drawString(60, y, line)
            y -= 22
        grid = page.grid
        if grid is not None:
            xs = [60.0]
            for w in grid.widths:
                xs.append(xs[-1] + w)
            hh = grid.row_height
            for cell in grid.header:
                x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
                top = y - cell.row * hh
                c.rect(x0, top - cell.rowspan * hh, x1 - x0, cell.rowspan * hh)
                _text(c, x0, top - cell.rowspan * hh, x1 - x0, cell.rowspan * hh, cell.text, "center")
            y -= grid.header_rows * hh
            for r, row in enumerate(grid.rows):
                lines = max(len(t.split("\n")) for t in row) if row else 1
                rh = max(hh, lines * 11 + 6)
                span = grid.merged_label.get(r, 1)
                col = 0
                while col < len(grid.widths):
                    step = span if col == 0 else 1
                    x0, x1 = xs[col], xs[col + step]
                    c.rect(x0, y - rh, x1 - x0, rh)
                    text = row[col] if col < len(row) else ""
                    _text(c, x0, y - rh, x1 - x0, rh, text, "right" if _is_number(text) else "left")
                    col += step
                y -= rh
            y -= 20
        for line in page.below:
            c.setFont(FONT, 9)
            c.drawString(60, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path
