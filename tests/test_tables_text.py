"""Flattened tables in text inputs (`read_text_tables`): SYNTHETIC cases K09 and E06 of
tests/fixtures/cases, and synthetic variants of each layout."""

from __future__ import annotations

from pathlib import Path

from helpers.document import Document
from helpers.tables.text import read_text_tables

CASES = Path(__file__).parent / "fixtures" / "cases"


def tables_of(text: str):
    return read_text_tables(Document.from_text(text, name="synthetic"))


def test_rows_per_line_take_the_template_columns_in_order():
    tables = read_text_tables(Document.from_path(CASES / "K09-table-rows-glued-into-one-number.txt"))
    assert [(t.id, t.unit, t.columns) for t in tables] == [
        ("expenditure", "万元", ["本年支出合计", "基本支出", "项目支出"])
    ]
    cells = [(c.row, c.code, c.level, c.name, c.column, str(c.value), c.line) for c in tables[0].cells]
    assert cells[:3] == [
        (0, None, None, "合计", "本年支出合计", "820.00", 5),
        (0, None, None, "合计", "基本支出", "600.00", 5),
        (0, None, None, "合计", "项目支出", "220.00", 5),
    ]
    assert cells[-3:] == [
        (7, "2130108", "item", "病虫害控制", "本年支出合计", "220.00", 12),
        (7, "2130108", "item", "病虫害控制", "基本支出", "0.00", 12),
        (7, "2130108", "item", "病虫害控制", "项目支出", "220.00", 12),
    ]


def test_cells_per_line_summary_placed_by_its_identities():
    tables = read_text_tables(Document.from_path(CASES / "E06-figure-only-in-flattened-table.txt"))
    assert [t.id for t in tables] == ["income_expenditure_summary"]
    cells = [(c.name, c.side, str(c.value), c.line) for c in tables[0].cells]
    assert cells == [
        ("本年收入合计", "income", "640.00", 5),
        ("本年支出合计", "expenditure", "620.00", 7),
        ("年初结转和结余", "income", "35.00", 14),
        ("总计", "income", "675.00", 15),
        ("年末结转和结余", "expenditure", "55.00", 16),
        ("总计", "expenditure", "675.00", 17),
    ]


def test_cells_per_line_that_no_identity_fits_are_left_unread_and_reported():
    text = "\n".join([
        "收入支出决算总表", "本年收入合计", "640.00", "本年支出合计", "620.00", "使用非财政拨款结余",
        "年初结转和结余", "总计", "结余分配", "年末结转和结余", "总计", "35.00", "600.00", "55.00", "675.00",
    ])
    unread = []
    tables = read_text_tables(Document.from_text(text, name="synthetic"), unread)
    names = [c.name for t in tables for c in t.cells]
    assert names == ["本年收入合计", "本年支出合计"]
    assert [(line, quote) for line, quote, _ in unread] == [(12, "35.00"), (13, "600.00"), (14, "55.00"), (15, "675.00")]


def test_printed_header_line_names_the_columns():
    text = "\n".join([
        "一般公共预算财政拨款支出决算表", "单位：元", "合计 基本支出 项目支出",
        "2010101 行政运行 1,500 1,500 0", "2010102 一般行政管理事务 300 0 300",
    ])
    table = tables_of(text)[0]
    assert (table.id, table.unit, table.columns) == ("general_budget_expenditure", "元", ["合计", "基本支出", "项目支出"])
    assert [(c.code, c.column, str(c.value)) for c in table.cells][:3] == [
        ("2010101", "合计", "1500"), ("2010101", "基本支出", "1500"), ("2010101", "项目支出", "0"),
    ]


def test_rows_whose_figure_counts_differ_are_not_guessed():
    text = "\n".join([
        "支出决算表", "208 社会保障和就业支出 100.00 100.00", "20805 行政事业单位养老支出 100.00",
    ])
    unread = []
    assert read_text_tables(Document.from_text(text, name="synthetic"), unread) == []
    assert [line for line, _, _ in unread] == [2, 3]


def test_table_ends_at_the_next_part_heading():
    text = "\n".join([
        "支出决算表", "208 社会保障和就业支出 100.00 100.00 0.00",
        "第三部分 情况说明", "201 一般公共服务支出 5.00 5.00 0.00",
    ])
    assert [c.code for c in tables_of(text)[0].cells] == ["208"] * 3


def test_cells_per_line_with_the_code_on_its_own_line_keep_the_code():
    text = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n301\n工资福利支出\n120.05\n30101\n基本工资\n40.00\n"
            "人员经费合计\n120.05\n")
    (table,) = tables_of(text)
    assert [(c.code, c.name, str(c.value)) for c in table.cells] == [
        ("301", "工资福利支出", "120.05"), ("30101", "基本工资", "40.00"), (None, "人员经费合计", "120.05")]


def test_a_bare_integer_after_a_label_is_that_label_s_figure_not_a_code():
    text = "收入支出决算总表\n单位：元\n本年收入合计\n640\n本年支出合计\n620\n"
    (table,) = tables_of(text)
    assert [(c.code, c.name, str(c.value)) for c in table.cells] == [
        (None, "本年收入合计", "640"), (None, "本年支出合计", "620")]
