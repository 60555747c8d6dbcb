"""SYNTHETIC PDFs drawn at test time (tests/synthetic_pdf.py, made-up figures): public tables printed
without inner ruling lines — only the outer frame and the line under the header ("outer"), or no
line at all ("none", Excel's print without gridlines) — read through `read_pdf_tables`, which
rebuilds their grid from word columns (helpers.tables.textgrid). Every cell is asserted.
"""

from __future__ import annotations

import pytest

from helpers.tables import read_pdf_tables

from .synthetic_pdf import Grid, HeaderCell, Page, build_pdf
from .test_tables_reader import cells_of, code_header, only

H = HeaderCell
RULES = ["outer", "none"]


@pytest.mark.parametrize("rules", RULES)
def test_functional_table_with_wrapped_names_and_blank_cells(tmp_path, rules):
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    grid = Grid(widths, 2, header, rows=[
        ["207", "文化旅游体育\n与传媒支出", "12.30", "10.00", "2.30"],
        ["20701", "文化和旅游", "12.30", "10.00", "2.30"],
        ["2070101", "行政运行", "10.00", "10.00", ""],
        ["2070199", "其他文化和旅游\n支出", "2.30", "", "2.30"],
    ], rules=rules)
    pdf = build_pdf(tmp_path / f"synthetic-unruled-{rules}.pdf",
                    [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "general_budget_expenditure")
    assert (table.unit, table.columns) == ("万元", ["合计", "基本支出", "项目支出"])
    assert cells_of(table) == [
        (0, "207", "class", "文化旅游体育与传媒支出", None, "合计", "12.30", 1),
        (0, "207", "class", "文化旅游体育与传媒支出", None, "基本支出", "10.00", 1),
        (0, "207", "class", "文化旅游体育与传媒支出", None, "项目支出", "2.30", 1),
        (1, "20701", "section", "文化和旅游", None, "合计", "12.30", 1),
        (1, "20701", "section", "文化和旅游", None, "基本支出", "10.00", 1),
        (1, "20701", "section", "文化和旅游", None, "项目支出", "2.30", 1),
        (2, "2070101", "item", "行政运行", None, "合计", "10.00", 1),
        (2, "2070101", "item", "行政运行", None, "基本支出", "10.00", 1),
        (2, "2070101", "item", "行政运行", None, "项目支出", None, 1),
        (3, "2070199", "item", "其他文化和旅游支出", None, "合计", "2.30", 1),
        (3, "2070199", "item", "其他文化和旅游支出", None, "基本支出", None, 1),
        (3, "2070199", "item", "其他文化和旅游支出", None, "项目支出", "2.30", 1),
    ]


@pytest.mark.parametrize("rules", RULES)
def test_two_sided_summary_with_row_numbers(tmp_path, rules):
    grid = Grid(
        widths=[170, 40, 80, 170, 40, 80], header_rows=2,
        header=[H("收入", 0, 0, 3), H("支出", 0, 3, 3), H("项目", 1, 0), H("行次", 1, 1), H("决算数", 1, 2),
                H("项目", 1, 3), H("行次", 1, 4), H("决算数", 1, 5)],
        rows=[
            ["一、一般公共预算财政拨款收入", "1", "1,200.50", "一、一般公共服务支出", "29", "900.00"],
            ["二、政府性基金预算财政拨款收入", "2", "", "二、教育支出", "30", "0.00"],
            ["本年收入合计", "3", "1,200.50", "本年支出合计", "31", "900.00"],
        ], rules=rules,
    )
    pdf = build_pdf(tmp_path / f"synthetic-unruled-summary-{rules}.pdf",
                    [Page(above=["收入支出决算总表", "公开01表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "income_expenditure_summary")
    assert (table.number, table.columns) == ("公开01表", ["决算数"])
    assert cells_of(table) == [
        (0, None, None, "一、一般公共预算财政拨款收入", "income", "决算数", "1200.50", 1),
        (0, None, None, "一、一般公共服务支出", "expenditure", "决算数", "900.00", 1),
        (1, None, None, "二、政府性基金预算财政拨款收入", "income", "决算数", None, 1),
        (1, None, None, "二、教育支出", "expenditure", "决算数", "0.00", 1),
        (2, None, None, "本年收入合计", "income", "决算数", "1200.50", 1),
        (2, None, None, "本年支出合计", "expenditure", "决算数", "900.00", 1),
    ]


@pytest.mark.parametrize("rules", RULES)
def test_three_public_four_row_header_with_a_blank_column_pair(tmp_path, rules):
    head = [H("财政拨款“三公”经费", 0, 0, 12), H("合计", 1, 0, 2, 2), H("因公出国\n（境）费", 1, 2, 2, 2),
            H("公务用车购置及运行维护费", 1, 4, 6), H("公务接待费", 1, 10, 2, 2),
            H("小计", 2, 4, 2), H("公务用车\n购置费", 2, 6, 2), H("公务用车\n运行维护费", 2, 8, 2)]
    head += [H("预算数" if i % 2 == 0 else "决算数", 3, i) for i in range(12)]
    values = ["10.00", "9.50", "2.00", "1.50", "5.00", "5.00", "", "", "5.00", "5.00", "3.00", "3.00"]
    pdf = build_pdf(tmp_path / f"synthetic-unruled-three-public-{rules}.pdf",
                    [Page(above=["财政拨款“三公”经费支出决算表", "单位：万元"],
                          grid=Grid([58] * 12, 4, head, rows=[values], rules=rules))])
    table = only(read_pdf_tables(pdf), "three_public")
    items = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    assert cells_of(table) == [
        (row, None, None, item, None, column, values[2 * row + k] or None, 1)
        for row, item in enumerate(items) for k, column in enumerate(("预算数", "决算数"))
    ]


@pytest.mark.parametrize("rules", RULES)
def test_unruled_table_continues_on_a_page_without_title_or_header(tmp_path, rules):
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    pages = [
        Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=Grid(widths, 2, header, [
            ["201", "一般公共服务支出", "1,000.00", "600.00", "400.00"],
            ["20101", "人大事务", "1,000.00", "600.00", "400.00"],
        ], rules=rules)),
        Page(grid=Grid(widths, 0, [], [["2010101", "行政运行", "600.00", "600.00", ""],
                                       ["2010102", "一般行政管理事务", "400.00", "", "400.00"]], rules=rules)),
        Page(above=["第三部分 情况说明"], below=["本年支出合计1,000.00万元，比上年增长10.00%。"]),
    ]
    tables = read_pdf_tables(build_pdf(tmp_path / f"synthetic-unruled-pages-{rules}.pdf", pages))
    assert [(t.id, t.pages) for t in tables] == [("general_budget_expenditure", [1, 2])]
    names = [(c.row, c.code, c.column, None if c.value is None else str(c.value), c.page) for c in tables[0].cells]
    assert names == [
        (0, "201", "合计", "1000.00", 1), (0, "201", "基本支出", "600.00", 1), (0, "201", "项目支出", "400.00", 1),
        (1, "20101", "合计", "1000.00", 1), (1, "20101", "基本支出", "600.00", 1),
        (1, "20101", "项目支出", "400.00", 1),
        (2, "2010101", "合计", "600.00", 2), (2, "2010101", "基本支出", "600.00", 2),
        (2, "2010101", "项目支出", None, 2),
        (3, "2010102", "合计", "400.00", 2), (3, "2010102", "基本支出", None, 2),
        (3, "2010102", "项目支出", "400.00", 2),
    ]


def test_narrative_page_with_spaced_figures_is_no_table(tmp_path):
    """Running text whose figures stand apart ("收入 1,200.50 万元") under a table title mentioned in
    the text is not rebuilt into a table."""
    pages = [Page(above=["一般公共预算财政拨款支出决算表", "本年收入 1,200.50 万元，支出 900.00 万元。",
                         "其中 基本支出 600.00 万元，项目支出 300.00 万元。", "年末结转 300.50 万元。"])]
    tables = read_pdf_tables(build_pdf(tmp_path / "synthetic-narrative-figures.pdf", pages))
    assert all(not t.cells for t in tables)
