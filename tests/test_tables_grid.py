"""Ruled grids of a page (helpers.tables.grid): cell text as pdfplumber reads it, in time linear in
the rows of a table. SYNTHETIC tall pages built at test time."""

from __future__ import annotations

import pdfplumber
import pytest

from helpers.tables import grid as grid_module
from helpers.tables.grid import extract_cells

from . import synthetic_pdf
from .synthetic_pdf import Grid, HeaderCell, Page, build_pdf

H = HeaderCell


def _tall_table(path, rows: int, monkeypatch):
    monkeypatch.setattr(synthetic_pdf, "A4", (595, rows * 16 + 200))
    header = [H("项目", 0, 0, 2), H("科目编码", 1, 0), H("科目名称", 1, 1), H("合计", 0, 2, 1, 2),
              H("基本支出", 0, 3, 1, 2), H("项目支出", 0, 4, 1, 2)]
    data = [[str(2010101 + n), f"合成项目{n}", f"{n}.50", f"{n}.50", ""] for n in range(rows)]
    grid = Grid([70, 170, 80, 80, 80], 2, header, rows=data, row_height=16)
    return build_pdf(path, [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=grid, landscape=False)])


def test_cell_text_is_exactly_what_pdfplumber_extracts(tmp_path, monkeypatch):
    pdf = _tall_table(tmp_path / "synthetic-tall.pdf", 60, monkeypatch)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        (table,) = page.find_tables(grid_module.TABLE_SETTINGS)
        assert extract_cells(page.chars, table.rows) == table.extract()


@pytest.mark.parametrize("small, large", [(50, 200)])
def test_cell_assignment_grows_linearly_with_the_rows_of_a_table(tmp_path, monkeypatch, small, large):
    """Operation count, not time: characters tested against a box, for 4x the rows (quadratic
    before: every row scanned every character of the page)."""
    counts = {}
    real = grid_module._inside
    for rows in (small, large):
        pdf = _tall_table(tmp_path / f"synthetic-tall-{rows}.pdf", rows, monkeypatch)
        calls = [0]

        def counting(mid, bbox, calls=calls):
            calls[0] += 1
            return real(mid, bbox)

        monkeypatch.setattr(grid_module, "_inside", counting)
        with pdfplumber.open(pdf) as document:
            grid_module.page_grids(document.pages[0], 1)
        monkeypatch.setattr(grid_module, "_inside", real)
        counts[rows] = calls[0]
    assert counts[large] < 5 * counts[small], counts
