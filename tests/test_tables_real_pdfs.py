"""Public tables read from the REAL PDFs of tests/fixtures/real-pdfs (sources in its README: budget
disclosures of Jiangsu and Shanghai departments, and the blank Shanghai 2024 final-accounts template).

For every PDF: the tables found (ids and pages), a sample of cells with their pages (each value read
off the printed page), and every parent row (类/款, economic 类) equal to the sum of its children in
every column, except the differences named below as defects of the document itself.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from helpers.tables import PublicTable, read_pdf_tables

from .tables_helpers import parent_child_differences

REAL = Path(__file__).parent / "fixtures" / "real-pdfs"


@cache
def tables_of(name: str) -> tuple[PublicTable, ...]:
    return tuple(read_pdf_tables(REAL / name))


FOUND = {
    "js_npc_2017_budget.pdf": [
        ("income_expenditure_summary", [7, 8, 9]), ("income", [9, 10]), ("expenditure", [10]),
        ("appropriation_expenditure", [11]), ("appropriation_summary", [12]),
        ("appropriation_basic", [12, 13, 14, 15]), ("gov_fund", [15]),
        ("general_budget_expenditure", [16, 17]), ("general_budget_basic", [17, 18]),
        ("admin_operating_cost", [18, 19]), ("three_public", [20]), ("procurement", [20, 21, 22, 23]),
    ],
    "js_npc_2019_budget_narrative.pdf": [],  # "公开表附后": the tables are the next file
    "js_npc_2019_budget_tables.pdf": [
        ("income_expenditure_summary", [1]), ("income", [2]), ("expenditure", [3]),
        ("appropriation_summary", [4]), ("appropriation_expenditure", [5]), ("appropriation_basic", [6]),
        ("general_budget_expenditure", [7]), ("general_budget_basic", [8]), ("three_public", [9]),
        ("gov_fund", [10]), ("admin_operating_cost", [11]), ("procurement", [12, 13]),
    ],
    "js_party_office_2019_budget_tables.pdf": [
        ("income_expenditure_summary", [1]), ("income", [2]), ("expenditure", [3]),
        ("appropriation_summary", [4]), ("appropriation_expenditure", [5]), ("appropriation_basic", [6]),
        ("general_budget_expenditure", [7]), ("general_budget_basic", [8]), ("three_public", [9]),
        ("gov_fund", [10]), ("admin_operating_cost", [11]), ("procurement", [12]),
    ],
    "js_procuratorate_2019_budget.pdf": [
        ("income_expenditure_summary", [14]), ("income", [15]), ("expenditure", [15]),
        ("appropriation_summary", [16]), ("appropriation_expenditure", [16]), ("appropriation_basic", [17]),
        ("general_budget_expenditure", [18]), ("general_budget_basic", [18, 19]), ("three_public", [20]),
        ("gov_fund", [20]), ("admin_operating_cost", [21]), ("procurement", [22, 23, 24]),
    ],
    "sh_city_finance_bureau_2025_unit_budget.pdf": [
        ("income_expenditure_summary", [7]), ("income", [8, 9]), ("expenditure", [10, 11]),
        ("appropriation_summary", [12]), ("general_budget_expenditure", [13, 14]), ("gov_fund", [15]),
        ("state_capital", [16]), ("general_budget_basic", [17, 18, 19]), ("three_public", [20]),
    ],
    "sh_putuo_finance_bureau_2025_dept_budget.pdf": [
        ("income_expenditure_summary", [9]), ("income", [10, 11]), ("expenditure", [12, 13]),
        ("appropriation_summary", [14]), ("general_budget_expenditure", [15, 16]), ("gov_fund", [17]),
        ("state_capital", [18]), ("general_budget_basic", [19, 20]), ("three_public", [21]),
    ],
    "sh_putuo_wanli_street_2023_dept_budget.pdf": [
        ("income_expenditure_summary", [10]), ("income", [11, 12, 13, 14]), ("expenditure", [15, 16, 17, 18]),
        ("appropriation_summary", [19]), ("general_budget_expenditure", [20, 21, 22, 23]), ("gov_fund", [24]),
        ("state_capital", [25]), ("general_budget_basic", [26, 27]), ("three_public", [28]),
    ],
    "shanghai_2024_final_accounts_TEMPLATE_blank.pdf": [
        ("income_expenditure_summary", [5]), ("income", [6]), ("expenditure", [7]),
        ("appropriation_summary", [8, 9]), ("general_budget_expenditure", [10]), ("general_budget_basic", [11]),
        ("three_public", [12]), ("gov_fund", [13]), ("state_capital", [14]),
    ],
}

# (file, table id, code or row name, side, column, printed value, page)
SAMPLES = [
    ("js_npc_2017_budget.pdf", "income_expenditure_summary", "八、社会保障和就业支出", "expenditure", "预算数", "1608.51", 7),
    ("js_npc_2017_budget.pdf", "appropriation_expenditure", "20101", None, "预算数", "10528.33", 11),
    ("js_npc_2017_budget.pdf", "appropriation_basic", "30239", None, "预算数", "266.46", 14),
    ("js_npc_2017_budget.pdf", "three_public", "会议费", None, "预算数", "1305.25", 20),
    ("js_npc_2017_budget.pdf", "admin_operating_cost", "31002", None, "机关运行经费支出", "59.00", 19),
    ("js_npc_2019_budget_tables.pdf", "income_expenditure_summary", "一、基本支出", "expenditure", "预算数", "9312.90", 1),
    ("js_npc_2019_budget_tables.pdf", "expenditure", "", None, "单位预留机动经费", "2557.89", 3),
    ("js_npc_2019_budget_tables.pdf", "appropriation_expenditure", "2010104", None, "预算数", "1469.73", 5),
    ("js_npc_2019_budget_tables.pdf", "three_public", "公务接待费", None, "预算数", "384.75", 9),
    ("js_npc_2019_budget_tables.pdf", "three_public", "合计", None, "预算数", "767.60", 9),
    ("js_npc_2019_budget_tables.pdf", "three_public", "总计", None, "预算数", "2600.71", 9),
    ("js_party_office_2019_budget_tables.pdf", "income_expenditure_summary", "十八、住房保障支出", "expenditure", "预算数", "3894.09", 1),
    ("js_party_office_2019_budget_tables.pdf", "general_budget_expenditure", "2080505", None, "预算数", "785.06", 7),
    ("js_party_office_2019_budget_tables.pdf", "three_public", "公务用车运行维护费", None, "预算数", "411.20", 9),
    ("js_party_office_2019_budget_tables.pdf", "three_public", "公务用车购置费", None, "预算数", None, 9),
    ("js_procuratorate_2019_budget.pdf", "income_expenditure_summary", "三、单位预留机动经费", "expenditure", "预算数", "3990.40", 14),
    ("js_procuratorate_2019_budget.pdf", "income_expenditure_summary", "三、国防支出", "expenditure", "预算数", None, 14),
    ("js_procuratorate_2019_budget.pdf", "income_expenditure_summary", "当年支出小计", "expenditure", "预算数", "24169.74", 14),
    ("js_procuratorate_2019_budget.pdf", "expenditure", "", None, "单位预留机动经费", "3990.4", 15),
    ("js_procuratorate_2019_budget.pdf", "appropriation_expenditure", "2040450", None, "预算数", "315.00", 16),
    ("js_procuratorate_2019_budget.pdf", "general_budget_basic", "30101", None, "预算数", "2171.78", 18),
    ("js_procuratorate_2019_budget.pdf", "three_public", "培训费", None, "预算数", "700", 20),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "income_expenditure_summary", "一、一般公共服务支出", "expenditure", "项目支出", "43025130", 7),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "income", "2080505", None, "本年收入合计", "8000000", 8),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "expenditure", "2210203", None, "基本支出", "11800000", 11),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "general_budget_basic", "30102", None, "人员经费", "57583760", 17),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "general_budget_basic", "302", None, "公用经费", "24840779", 17),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "three_public", "因公出国（境）费", None, "预算数", "288.70", 20),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "three_public", "公务用车购置费", None, "预算数", None, 20),
    ("sh_putuo_finance_bureau_2025_dept_budget.pdf", "income_expenditure_summary", "四、住房保障支出", "expenditure", "预算数", "4736957.00", 9),
    ("sh_putuo_finance_bureau_2025_dept_budget.pdf", "expenditure", "201", None, "项目支出", "6093114.80", 12),
    ("sh_putuo_finance_bureau_2025_dept_budget.pdf", "general_budget_basic", "30229", None, "公用经费", "436320.00", 20),
    ("sh_putuo_finance_bureau_2025_dept_budget.pdf", "three_public", "合计", None, "预算数", "0.95", 21),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", "income", "2080599", None, "财政拨款收入", "3120", 12),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", "expenditure", "21299", None, "项目支出", "14500000", 18),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", "expenditure", "2010507", None, "基本支出", "0", 15),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", "appropriation_summary", "支出总计", "expenditure", "一般公共预算", "164978640", 19),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", "general_budget_basic", "30299", None, "公用经费", "746580", 27),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", "three_public", "机关运行经费", None, "预算数", "786.09", 28),
]

# Parent rows that differ from the sum of their children in the document itself (checked on the page).
KNOWN_DEFECTS = {
    # Page 17: 302 商品和服务支出 is printed 24,840,779 元 in 合计 and 公用经费; its nineteen 款 rows
    # (30201 … 30299) add up to 24,840,778 元.
    ("sh_city_finance_bureau_2025_unit_budget.pdf", "general_budget_basic"): [
        ("302", "公用经费", Decimal("24840779"), Decimal("24840778")),
        ("302", "合计", Decimal("24840779"), Decimal("24840778")),
    ],
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_tables_found_with_their_pages(name):
    assert [(t.id, t.pages) for t in tables_of(name)] == FOUND[name]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s[0][:12]}-{s[1]}-{s[2]}-{s[4]}")
def test_sample_cell_value_and_page(sample):
    name, table_id, key, side, column, value, page = sample
    table = next(t for t in tables_of(name) if t.id == table_id)
    matches = [
        c for c in table.cells
        if (c.code == key or (c.code is None and c.name == key)) and c.side == side and c.column == column
    ]
    assert matches, f"no cell {key}/{column} in {table_id}"
    cell = matches[0]
    assert (None if cell.value is None else str(cell.value)) == value
    assert cell.page == page


@pytest.mark.parametrize("name", sorted(FOUND))
def test_every_parent_row_equals_the_sum_of_its_children(name):
    for table in tables_of(name):
        assert parent_child_differences(table) == KNOWN_DEFECTS.get((name, table.id), []), table.id


def test_template_tables_are_final_accounts_with_blank_cells():
    tables = tables_of("shanghai_2024_final_accounts_TEMPLATE_blank.pdf")
    assert {t.kind for t in tables} == {"final"}
    assert all(c.value is None for t in tables for c in t.cells)
    assert all(t.unit == "万元" for t in tables)


def test_template_columns_are_the_standard_ones():
    by_id = {t.id: t for t in tables_of("shanghai_2024_final_accounts_TEMPLATE_blank.pdf")}
    assert by_id["income"].columns == [
        "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
    ]
    assert by_id["expenditure"].columns == [
        "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出",
    ]
    assert by_id["general_budget_expenditure"].columns == ["合计", "基本支出", "项目支出"]
    assert by_id["three_public"].columns == ["预算数", "决算数"]


def test_template_three_public_items_each_with_budget_and_actual():
    table = next(t for t in tables_of("shanghai_2024_final_accounts_TEMPLATE_blank.pdf") if t.id == "three_public")
    assert [(c.name, c.column) for c in table.cells] == [
        (item, column)
        for item in ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
        for column in ("预算数", "决算数")
    ]


def test_template_empty_tables_keep_their_note():
    by_id = {t.id: t for t in tables_of("shanghai_2024_final_accounts_TEMPLATE_blank.pdf")}
    for table_id in ("gov_fund", "state_capital"):
        assert by_id[table_id].cells == []
        assert "故本表无数据" in by_id[table_id].empty_note


def test_template_two_sided_summary_has_both_sides():
    table = next(t for t in tables_of("shanghai_2024_final_accounts_TEMPLATE_blank.pdf")
                 if t.id == "income_expenditure_summary")
    income = [c.name for c in table.cells if c.side == "income"]
    expenditure = [c.name for c in table.cells if c.side == "expenditure"]
    assert income[:2] == ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入"]
    assert income[-3:] == ["使用非财政拨款结余", "年初结转和结余", "总计"]
    assert "二十四、抗疫特别国债安排的支出" in expenditure
    assert expenditure[-4:] == ["本年支出合计", "结余分配", "年末结转和结余", "总计"]


def test_split_code_columns_become_seven_digit_codes_with_levels():
    table = next(t for t in tables_of("sh_city_finance_bureau_2025_unit_budget.pdf") if t.id == "income")
    levels = {c.code: c.level for c in table.cells if c.code}
    assert levels["201"] == "class"
    assert levels["20106"] == "section"
    assert levels["2010601"] == "item"


def test_amounts_in_yuan_keep_the_unit_of_their_table():
    by_id = {t.id: t for t in tables_of("sh_city_finance_bureau_2025_unit_budget.pdf")}
    assert by_id["income"].unit == "元"
    assert by_id["three_public"].unit == "万元"
