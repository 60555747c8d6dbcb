"""SYNTHETIC PDFs drawn at test time (tests/synthetic_pdf.py, made-up figures): every public-table
type through `read_pdf_tables`, asserting every cell.

Covers the two-sided summary with 行次 columns, one code column and split 类|款|项 columns, names
wrapped inside a cell, blank (not stated) against a printed 0.00, a table continued over three pages
(header repeated, then not repeated), the economic table printed in two halves, the 三公 table's
four-row header, a title inside the grid, 元 and 万元, and empty tables with their 空表说明.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers.tables import read_pdf_tables
from helpers.tables.reader import PdfReadError

from .synthetic_pdf import Grid, HeaderCell, Page, build_pdf

H = HeaderCell


def cells_of(table):
    return [
        (c.row, c.code, c.level, c.name, c.side, c.column, None if c.value is None else str(c.value), c.page)
        for c in table.cells
    ]


def only(tables, table_id):
    found = [t for t in tables if t.id == table_id]
    assert len(found) == 1, [t.id for t in tables]
    return found[0]


def code_header(values: list[str]) -> tuple[list[float], list[HeaderCell]]:
    """项目 (科目编码 | 科目名称) then one value column per heading, two header rows."""
    header = [H("项目", 0, 0, 2), H("功能分类\n科目编码", 1, 0), H("科目名称", 1, 1)]
    for i, name in enumerate(values):
        header.append(H(name, 0, 2 + i, 1, 2))
    return [70, 170] + [80] * len(values), header


def test_summary_table_is_two_sided_and_skips_row_numbers(tmp_path):
    grid = Grid(
        widths=[170, 40, 80, 170, 40, 80],
        header_rows=2,
        header=[H("收入", 0, 0, 3), H("支出", 0, 3, 3), H("项目", 1, 0), H("行次", 1, 1), H("决算数", 1, 2),
                H("项目", 1, 3), H("行次", 1, 4), H("决算数", 1, 5)],
        rows=[
            ["一、一般公共预算财政拨款收入", "1", "1,200.50", "一、一般公共服务支出", "29", "900.00"],
            ["二、政府性基金预算财政拨款收入", "2", "", "二、教育支出", "30", "0.00"],
            ["本年收入合计", "3", "1,200.50", "本年支出合计", "31", "900.00"],
            ["年初结转和结余", "4", "35.00", "年末结转和结余", "32", "335.50"],
            ["总计", "5", "1,235.50", "总计", "33", "1,235.50"],
        ],
    )
    pdf = build_pdf(tmp_path / "synthetic-summary.pdf",
                    [Page(above=["收入支出决算总表", "公开01表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "income_expenditure_summary")
    assert (table.title, table.number, table.kind, table.unit, table.pages) == (
        "收入支出决算总表", "公开01表", "final", "万元", [1])
    assert table.columns == ["决算数"]
    assert cells_of(table) == [
        (0, None, None, "一、一般公共预算财政拨款收入", "income", "决算数", "1200.50", 1),
        (0, None, None, "一、一般公共服务支出", "expenditure", "决算数", "900.00", 1),
        (1, None, None, "二、政府性基金预算财政拨款收入", "income", "决算数", None, 1),
        (1, None, None, "二、教育支出", "expenditure", "决算数", "0.00", 1),
        (2, None, None, "本年收入合计", "income", "决算数", "1200.50", 1),
        (2, None, None, "本年支出合计", "expenditure", "决算数", "900.00", 1),
        (3, None, None, "年初结转和结余", "income", "决算数", "35.00", 1),
        (3, None, None, "年末结转和结余", "expenditure", "决算数", "335.50", 1),
        (4, None, None, "总计", "income", "决算数", "1235.50", 1),
        (4, None, None, "总计", "expenditure", "决算数", "1235.50", 1),
    ]


def test_blank_cell_is_not_stated_and_printed_zero_stays_zero(tmp_path):
    widths, header = code_header(["本年收入合计", "财政拨款收入", "事业收入"])
    grid = Grid(widths, 2, header, rows=[
        ["合计", "", "80.00", "80.00", ""],
        ["208", "社会保障和就业支出", "80.00", "80.00", "0.00"],
    ], merged_label={0: 2})
    pdf = build_pdf(tmp_path / "synthetic-income.pdf", [Page(above=["收入决算表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "income")
    assert cells_of(table) == [
        (0, None, None, "合计", None, "本年收入合计", "80.00", 1),
        (0, None, None, "合计", None, "财政拨款收入", "80.00", 1),
        (0, None, None, "合计", None, "事业收入", None, 1),
        (1, "208", "class", "社会保障和就业支出", None, "本年收入合计", "80.00", 1),
        (1, "208", "class", "社会保障和就业支出", None, "财政拨款收入", "80.00", 1),
        (1, "208", "class", "社会保障和就业支出", None, "事业收入", "0.00", 1),
    ]
    assert table.cells[2].value is None and table.cells[5].value == Decimal("0.00")


def test_name_wrapped_inside_a_cell_is_rejoined(tmp_path):
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    grid = Grid(widths, 2, header, rows=[
        ["207", "文化旅游体育\n与传媒支出", "12.30", "10.00", "2.30"],
        ["20799", "其他文化旅游体育\n与传媒支出", "12.30", "10.00", "2.30"],
    ])
    pdf = build_pdf(tmp_path / "synthetic-wrapped.pdf",
                    [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "general_budget_expenditure")
    assert cells_of(table) == [
        (0, "207", "class", "文化旅游体育与传媒支出", None, "合计", "12.30", 1),
        (0, "207", "class", "文化旅游体育与传媒支出", None, "基本支出", "10.00", 1),
        (0, "207", "class", "文化旅游体育与传媒支出", None, "项目支出", "2.30", 1),
        (1, "20799", "section", "其他文化旅游体育与传媒支出", None, "合计", "12.30", 1),
        (1, "20799", "section", "其他文化旅游体育与传媒支出", None, "基本支出", "10.00", 1),
        (1, "20799", "section", "其他文化旅游体育与传媒支出", None, "项目支出", "2.30", 1),
    ]


def _split_code_grid(rows, *, header=True):
    head = [H("项目", 0, 0, 4), H("科目编码", 1, 0, 3), H("科目名称", 1, 3, 1, 2), H("类", 2, 0), H("款", 2, 1),
            H("项", 2, 2), H("支出决算", 0, 4, 3), H("本年支出合计", 1, 4, 1, 2), H("基本支出", 1, 5, 1, 2),
            H("项目支出", 1, 6, 1, 2)]
    return Grid([40, 30, 30, 170, 90, 90, 90], 3 if header else 0, head if header else [], rows)


def test_table_continued_over_pages_with_split_code_columns(tmp_path):
    pages = [
        Page(above=["2024年度部门支出决算表", "单位：元"], grid=_split_code_grid([
            ["201", "", "", "一般公共服务支出", "1,000", "600", "400"],
            ["201", "01", "", "人大事务", "1,000", "600", "400"],
        ])),
        Page(grid=_split_code_grid([
            ["201", "01", "01", "行政运行", "600", "600", ""],
        ])),
        Page(grid=_split_code_grid([
            ["201", "01", "02", "一般行政管理事务", "400", "", "400"],
        ], header=False)),
        Page(above=["第三部分 情况说明"], below=["本年支出合计1,000元。"]),
    ]
    pdf = build_pdf(tmp_path / "synthetic-multipage.pdf", pages)
    tables = read_pdf_tables(pdf)
    assert [(t.id, t.pages, t.unit, t.kind) for t in tables] == [("expenditure", [1, 2, 3], "元", "final")]
    assert tables[0].columns == ["本年支出合计", "基本支出", "项目支出"]
    assert cells_of(tables[0]) == [
        (0, "201", "class", "一般公共服务支出", None, "本年支出合计", "1000", 1),
        (0, "201", "class", "一般公共服务支出", None, "基本支出", "600", 1),
        (0, "201", "class", "一般公共服务支出", None, "项目支出", "400", 1),
        (1, "20101", "section", "人大事务", None, "本年支出合计", "1000", 1),
        (1, "20101", "section", "人大事务", None, "基本支出", "600", 1),
        (1, "20101", "section", "人大事务", None, "项目支出", "400", 1),
        (2, "2010101", "item", "行政运行", None, "本年支出合计", "600", 2),
        (2, "2010101", "item", "行政运行", None, "基本支出", "600", 2),
        (2, "2010101", "item", "行政运行", None, "项目支出", None, 2),
        (3, "2010102", "item", "一般行政管理事务", None, "本年支出合计", "400", 3),
        (3, "2010102", "item", "一般行政管理事务", None, "基本支出", None, 3),
        (3, "2010102", "item", "一般行政管理事务", None, "项目支出", "400", 3),
    ]


def test_economic_table_printed_in_two_halves(tmp_path):
    head = [H("经济分类\n科目编码", 0, 0), H("科目名称", 0, 1), H("决算数", 0, 2),
            H("经济分类\n科目编码", 0, 3), H("科目名称", 0, 4), H("决算数", 0, 5)]
    grid = Grid([60, 140, 70, 60, 140, 70], 1, head, rows=[
        ["301", "工资福利支出", "50.00", "302", "商品和服务支出", "8.00"],
        ["30101", "基本工资", "50.00", "30201", "办公费", "8.00"],
        ["人员经费合计", "", "50.00", "公用经费合计", "", "8.00"],
    ])
    pdf = build_pdf(tmp_path / "synthetic-basic.pdf",
                    [Page(above=["一般公共预算财政拨款基本支出决算表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "general_budget_basic")
    assert cells_of(table) == [
        (0, "301", "class", "工资福利支出", None, "决算数", "50.00", 1),
        (0, "302", "class", "商品和服务支出", None, "决算数", "8.00", 1),
        (1, "30101", "section", "基本工资", None, "决算数", "50.00", 1),
        (1, "30201", "section", "办公费", None, "决算数", "8.00", 1),
        (2, None, None, "人员经费合计", None, "决算数", "50.00", 1),
        (2, None, None, "公用经费合计", None, "决算数", "8.00", 1),
    ]


def test_three_public_four_row_header_becomes_item_by_budget_and_actual(tmp_path):
    head = [H("财政拨款“三公”经费", 0, 0, 12), H("合计", 1, 0, 2, 2), H("因公出国\n（境）费", 1, 2, 2, 2),
            H("公务用车购置及运行维护费", 1, 4, 6), H("公务接待费", 1, 10, 2, 2),
            H("小计", 2, 4, 2), H("公务用车\n购置费", 2, 6, 2), H("公务用车\n运行维护费", 2, 8, 2)]
    head += [H("预算数" if i % 2 == 0 else "决算数", 3, i) for i in range(12)]
    values = ["10.00", "9.50", "2.00", "1.50", "5.00", "5.00", "", "", "5.00", "5.00", "3.00", "3.00"]
    grid = Grid([58] * 12, 4, head, rows=[values])
    pdf = build_pdf(tmp_path / "synthetic-three-public.pdf",
                    [Page(above=["财政拨款“三公”经费支出决算表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "three_public")
    assert table.columns == ["预算数", "决算数"]
    items = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    expected = []
    for row, item in enumerate(items):
        for k, column in enumerate(("预算数", "决算数")):
            value = values[2 * row + k]
            expected.append((row, None, None, item, None, column, value or None, 1))
    assert cells_of(table) == expected


def test_empty_table_keeps_its_note_and_no_cells(tmp_path):
    head = [H("项目", 0, 0, 2), H("功能分类\n科目编码", 1, 0), H("科目名称", 1, 1), H("年初结转和\n结余", 0, 2, 1, 2),
            H("本年收入", 0, 3, 1, 2), H("本年支出", 0, 4, 3), H("合计", 1, 4), H("基本支出", 1, 5),
            H("项目支出", 1, 6), H("年末结转和\n结余", 0, 7, 1, 2)]
    grid = Grid([60, 120] + [60] * 6, 2, head, rows=[["合计", ""] + [""] * 6, [""] * 8], merged_label={0: 2})
    pages = [
        Page(above=["政府性基金预算财政拨款收入支出决算表", "单位：万元"], grid=grid,
             below=["注：本单位2024年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"]),
        Page(above=["国有资本经营预算财政拨款支出决算表", "单位：万元"],
             below=["本单位2024年度没有国有资本经营预算财政拨款支出，故本表为空表。"]),
    ]
    tables = read_pdf_tables(build_pdf(tmp_path / "synthetic-empty.pdf", pages))
    gov_fund, state_capital = only(tables, "gov_fund"), only(tables, "state_capital")
    assert gov_fund.cells == [] and "故本表无数据" in gov_fund.empty_note
    assert gov_fund.columns == ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]
    assert state_capital.cells == [] and "为空表" in state_capital.empty_note
    assert state_capital.pages == [2]


def test_title_inside_the_grid_and_budget_wording(tmp_path):
    head = [H("2025年部门一般公共预算支出功能分类预算表", 0, 0, 5), H("编制部门：某某局（合成） 单位：元", 1, 0, 5),
            H("项目", 2, 0, 2), H("功能分类科目编码", 3, 0), H("功能分类科目名称", 3, 1),
            H("一般公共预算支出", 2, 2, 3), H("合计", 3, 2), H("基本支出", 3, 3), H("项目支出", 3, 4)]
    grid = Grid([80, 170, 80, 80, 80], 4, head, rows=[["2010601", "行政运行", "1,500", "1,500", "0"]])
    pdf = build_pdf(tmp_path / "synthetic-budget.pdf", [Page(grid=grid)])
    table = only(read_pdf_tables(pdf), "general_budget_expenditure")
    assert (table.kind, table.unit) == ("budget", "元")
    assert cells_of(table) == [
        (0, "2010601", "item", "行政运行", None, "合计", "1500", 1),
        (0, "2010601", "item", "行政运行", None, "基本支出", "1500", 1),
        (0, "2010601", "item", "行政运行", None, "项目支出", "0", 1),
    ]


def test_appropriation_summary_expenditure_side_by_fund(tmp_path):
    head = [H("收入", 0, 0, 2), H("支出", 0, 2, 5), H("项目", 1, 0), H("决算数", 1, 1), H("项目", 1, 2),
            H("合计", 1, 3), H("一般公共预算\n财政拨款", 1, 4), H("政府性基金预算\n财政拨款", 1, 5),
            H("国有资本经营\n预算财政拨款", 1, 6)]
    grid = Grid([150, 60, 150, 60, 80, 80, 80], 2, head, rows=[
        ["一、一般公共预算财政拨款", "70.00", "一、一般公共服务支出", "70.00", "70.00", "", ""],
    ])
    pdf = build_pdf(tmp_path / "synthetic-appropriation.pdf",
                    [Page(above=["财政拨款收入支出决算总表", "单位：万元"], grid=grid)])
    table = only(read_pdf_tables(pdf), "appropriation_summary")
    assert table.columns == ["决算数", "合计", "一般公共预算", "政府性基金", "国有资本经营"]
    assert cells_of(table) == [
        (0, None, None, "一、一般公共预算财政拨款", "income", "决算数", "70.00", 1),
        (0, None, None, "一、一般公共服务支出", "expenditure", "合计", "70.00", 1),
        (0, None, None, "一、一般公共服务支出", "expenditure", "一般公共预算", "70.00", 1),
        (0, None, None, "一、一般公共服务支出", "expenditure", "政府性基金", None, 1),
        (0, None, None, "一、一般公共服务支出", "expenditure", "国有资本经营", None, 1),
    ]


def test_cells_keep_their_position_on_the_page(tmp_path):
    widths, header = code_header(["合计"])
    grid = Grid(widths, 2, header, rows=[["201", "一般公共服务支出", "5.00"]])
    pdf = build_pdf(tmp_path / "synthetic-bbox.pdf", [Page(above=["支出决算表"], grid=grid)])
    cell = only(read_pdf_tables(pdf), "expenditure").cells[0]
    x0, top, x1, bottom = cell.bbox
    assert 60 + 240 - 1 <= x0 < x1 <= 60 + 240 + 80 + 1 and top < bottom
    assert cell.raw == "5.00"


def test_pdf_without_any_table_title_has_no_tables(tmp_path):
    pdf = build_pdf(tmp_path / "synthetic-narrative.pdf", [Page(above=["第一部分 部门概况", "一、主要职能"])])
    assert read_pdf_tables(pdf) == []


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj\n<<", b"not a pdf at all"])
def test_unreadable_pdf_raises_one_line_error(tmp_path, content):
    bad = tmp_path / "synthetic-bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(PdfReadError) as info:
        read_pdf_tables(bad)
    assert "\n" not in str(info.value)


def test_sichuan_state_capital_pair_gets_its_own_ids(tmp_path):
    pages = [
        Page(above=["国有资本经营预算财政拨款收入支出决算表", "单位：万元"],
             below=["本单位2024年度没有国有资本经营预算财政拨款收入，故本表为空表。"]),
        Page(above=["国有资本经营预算财政拨款支出决算表", "单位：万元"],
             below=["本单位2024年度没有国有资本经营预算财政拨款支出，故本表为空表。"]),
    ]
    tables = read_pdf_tables(build_pdf(tmp_path / "synthetic-sichuan.pdf", pages))
    assert [(t.id, t.pages) for t in tables] == [("state_capital_income", [1]), ("state_capital_expenditure", [2])]


# -- real layouts (issue 8): landscape pages, glyph runs, full-width figures, repeated titles ------
_ROWS = [["201", "一般公共服务支出", "1,200.50", "1,000.00", "200.50"],
         ["20101", "人大事务", "1,200.50", "1,000.00", "200.50"],
         ["2010101", "行政运行", "1,000.00", "1,000.00", ""]]


def _expected(rows, pages):
    levels = {3: "class", 5: "section", 7: "item"}
    out = []
    for r, (row, page) in enumerate(zip(rows, pages, strict=True)):
        for column, raw in zip(("合计", "基本支出", "项目支出"), row[2:], strict=True):
            value = raw.replace(",", "") if raw and raw[0].isdigit() else None
            out.append((r, row[0], levels[len(row[0])], row[1], None, column, value, page))
    return out


@pytest.mark.parametrize("rotate", [0, 90, 270])
def test_landscape_table_page_reads_right_as_mediabox_or_rotated_portrait(tmp_path, rotate):
    """A portrait narrative page, then the table on a landscape MediaBox (rotate 0) or on a portrait
    MediaBox with /Rotate 90 or 270 drawn to read upright once turned."""
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    pages = [Page(above=["第一部分 部门概况", "一、主要职能"], landscape=False),
             Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=Grid(widths, 2, header, _ROWS),
                  rotate=rotate)]
    pdf = build_pdf(tmp_path / f"synthetic-landscape-{rotate}.pdf", pages)
    table = only(read_pdf_tables(pdf), "general_budget_expenditure")
    assert (table.pages, table.unit, table.columns) == ([2], "万元", ["合计", "基本支出", "项目支出"])
    assert cells_of(table) == _expected(_ROWS, [2, 2, 2])


def test_glyph_per_run_full_width_digits_trailing_spaces_and_dashes(tmp_path):
    """Every character its own text run; "１，２００．５０" full-width, "1,000.00  " with trailing
    spaces, "—" and "-" for an empty cell (not stated: None, never 0)."""
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    rows = [["201", "一般公共服务支出", "１，２００．５０ ", "1,000.00  ", "—"],
            ["２０１０１", "人大事务", "1,200.50", "１０００", "-"],
            ["2010101", "行政运行", "1,000.00", "1,000.00", "－"]]
    pdf = build_pdf(tmp_path / "synthetic-glyph-runs.pdf",
                    [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=Grid(widths, 2, header, rows),
                          per_glyph=True)])
    table = only(read_pdf_tables(pdf), "general_budget_expenditure")
    assert cells_of(table) == [
        (0, "201", "class", "一般公共服务支出", None, "合计", "1200.50", 1),
        (0, "201", "class", "一般公共服务支出", None, "基本支出", "1000.00", 1),
        (0, "201", "class", "一般公共服务支出", None, "项目支出", None, 1),
        (1, "20101", "section", "人大事务", None, "合计", "1200.50", 1),
        (1, "20101", "section", "人大事务", None, "基本支出", "1000", 1),
        (1, "20101", "section", "人大事务", None, "项目支出", None, 1),
        (2, "2010101", "item", "行政运行", None, "合计", "1000.00", 1),
        (2, "2010101", "item", "行政运行", None, "基本支出", "1000.00", 1),
        (2, "2010101", "item", "行政运行", None, "项目支出", None, 1),
    ]
    assert [c.raw for c in table.cells[:3]] == ["１，２００．５０", "1,000.00", "—"]  # quotes as printed


@pytest.mark.parametrize("repeated", ["一般公共预算财政拨款支出决算表（续）", "一般公共预算财政拨款支出决算表"])
def test_title_and_header_repeated_on_continuation_pages_continue_one_table(tmp_path, repeated):
    """Page 2 repeats the title (word for word or with （续）) and the header; page 3 repeats only
    the header, without the title: one table over three pages, rows numbered on."""
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    last = ["2010102", "一般行政管理事务", "200.50", "", "200.50"]
    pages = [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=Grid(widths, 2, header, _ROWS[:2])),
             Page(above=[repeated, "单位：万元"], grid=Grid(widths, 2, header, _ROWS[2:])),
             Page(grid=Grid(widths, 2, header, [last]))]
    tables = read_pdf_tables(build_pdf(tmp_path / "synthetic-repeated-title.pdf", pages))
    assert [(t.id, t.title, t.pages) for t in tables] == [
        ("general_budget_expenditure", "一般公共预算财政拨款支出决算表", [1, 2, 3])]
    assert cells_of(tables[0]) == _expected([*_ROWS, last], [1, 1, 2, 3])


def test_same_table_title_on_a_later_page_after_another_table_opens_a_new_table(tmp_path):
    widths, header = code_header(["合计", "基本支出", "项目支出"])
    pages = [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=Grid(widths, 2, header, _ROWS[:1])),
             Page(above=["支出决算表", "单位：万元"], grid=Grid(widths, 2, header, _ROWS[:1])),
             Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=Grid(widths, 2, header, _ROWS[1:2]))]
    tables = read_pdf_tables(build_pdf(tmp_path / "synthetic-two-tables.pdf", pages))
    assert [(t.id, t.pages) for t in tables] == [
        ("general_budget_expenditure", [1]), ("expenditure", [2]), ("general_budget_expenditure", [3])]


def test_nine_table_final_accounts_set_is_read_whole(tmp_path):
    """The national nine tables in one SYNTHETIC PDF (the bench-extract/bench-check input): every
    table found in order on its pages, every parent row the sum of its children."""
    from .synthetic_pdf import NINE_TABLE_IDS, nine_table_pages
    from .tables_helpers import parent_child_differences

    tables = read_pdf_tables(build_pdf(tmp_path / "synthetic-nine-tables.pdf", nine_table_pages()))
    assert [t.id for t in tables] == NINE_TABLE_IDS
    assert [t.pages for t in tables] == [[1], [2], [3], [4], [5, 6], [7], [8], [9], [10]]
    assert [len(t.cells) for t in tables] == [10, 16, 21, 10, 21, 8, 12, 0, 0]
    assert all(parent_child_differences(t) == [] for t in tables)
    general = only(tables, "general_budget_expenditure")
    assert [(c.code, c.column, str(c.value), c.page) for c in general.cells if c.code == "2050202"] == [
        ("2050202", "合计", "300.00", 6), ("2050202", "基本支出", "None", 6), ("2050202", "项目支出", "300.00", 6)]
