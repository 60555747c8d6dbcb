"""Within-table identities on SYNTHETIC tables: each family holds (no finding), off by 0.01 (warning naming
both numbers), off by more (error)."""

from __future__ import annotations

import pytest

from helpers.audit.table_sums import within_table

from .audit_helpers import only, severities
from .synthetic_tables import table

OFF = [("0.00", []), ("0.01", ["warning"]), ("5.00", ["error"])]


def _plus(value: str, off: str) -> str:
    from decimal import Decimal

    return str(Decimal(value) + Decimal(off))


def expenditure_table(class_value: str = "720.00", total: str = "820.00", basic_row: str = "500.00"):
    cols = lambda t, b, p: {"本年支出合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    return table(
        "expenditure",
        [
            (None, "合计", cols(total, "600.00", "220.00")),
            ("208", "社会保障和就业支出", cols("100.00", "100.00", None)),
            ("20805", "行政事业单位养老支出", cols("100.00", "100.00", None)),
            ("213", "农林水支出", cols(class_value, "500.00", "220.00")),
            ("21301", "农业农村", cols("720.00", "500.00", "220.00")),
            ("2130101", "行政运行", cols(_plus("500.00", "0") if basic_row == "500.00" else basic_row, "500.00", None)),
            ("2130108", "病虫害控制", cols("220.00", None, "220.00")),
        ],
    )


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_class_equals_sum_of_sections(off, expected):
    findings = within_table([expenditure_table(class_value=_plus("720.00", off))])
    # the class row is also a row of its own (本年支出合计 = 基本 + 项目) and a part of the grand total
    assert severities(findings, "table.hierarchy") == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_total_row_equals_sum_of_classes(off, expected):
    findings = within_table([expenditure_table(total=_plus("820.00", off))])
    assert severities(findings, "table.grand_total") == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_row_total_equals_basic_plus_project(off, expected):
    findings = within_table([expenditure_table(basic_row=_plus("500.00", off))])
    assert severities(findings, "table.row_sum") == expected


def test_warning_names_both_numbers_and_quotes_every_cell():
    (finding,) = only(within_table([expenditure_table(total="820.01")]), "table.grand_total")
    assert "820.01" in finding.message and "820.00" in finding.message and "尾差" in finding.message
    assert [e.code for e in finding.evidence] == [None, "208", "213"]
    first = finding.evidence[0]
    assert (first.table, first.row, first.column, first.page, first.quote) == (
        "支出决算表", "合计", "本年支出合计", 3, "820.01")
    assert finding.to_dict()["evidence"][1] == {
        "line": None, "quote": "100.00", "page": 3, "table": "支出决算表", "row": "社会保障和就业支出",
        "code": "208", "column": "本年支出合计"}


def test_blank_part_is_not_stated_not_a_difference():
    findings = within_table([expenditure_table()])
    assert findings == []


def income_table(total: str = "1000.00"):
    cols = lambda t, a, b: {"本年收入合计": t, "财政拨款收入": a, "事业收入": b}  # noqa: E731
    return table("income", [(None, "合计", cols(total, "900.00", "100.00")),
                            ("201", "一般公共服务支出", cols("1000.00", "900.00", "100.00"))])


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_income_row_equals_sum_of_sources(off, expected):
    assert severities(within_table([income_table(_plus("1000.00", off))]), "table.row_sum") == expected


def summary_table(income_total: str = "640.00", grand: str = "675.00", expenditure_grand: str = "675.00"):
    v = lambda x: {"决算数": x}  # noqa: E731
    return table(
        "income_expenditure_summary",
        [
            (None, "一、一般公共预算财政拨款收入", v("600.00"), "income"),
            (None, "二、政府性基金预算财政拨款收入", v("40.00"), "income"),
            (None, "三、国有资本经营预算财政拨款收入", v(None), "income"),
            (None, "本年收入合计", v(income_total), "income"),
            (None, "使用非财政拨款结余", v(None), "income"),
            (None, "年初结转和结余", v("35.00"), "income"),
            (None, "总计", v(grand), "income"),
            (None, "一、一般公共服务支出", v("500.00"), "expenditure"),
            (None, "二、住房保障支出", v("120.00"), "expenditure"),
            (None, "本年支出合计", v("620.00"), "expenditure"),
            (None, "结余分配", v(None), "expenditure"),
            (None, "年末结转和结余", v("55.00"), "expenditure"),
            (None, "总计", v(expenditure_grand), "expenditure"),
        ],
    )


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_current_year_income_equals_its_sources(off, expected):
    table_ = summary_table(income_total=_plus("640.00", off), grand=_plus("675.00", off),
                           expenditure_grand=_plus("675.00", off))
    found = [f for f in only(within_table([table_]), "table.summary_block") if f.stated == table_.cells[3].value]
    assert [f.severity for f in found] == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_grand_total_equals_current_year_plus_carry_over(off, expected):
    findings = within_table([summary_table(grand=_plus("675.00", off), expenditure_grand=_plus("675.00", off))])
    assert severities(findings, "table.summary_block") == expected * 2  # both sides' 总计 miss


@pytest.mark.parametrize(("off", "expected"), [("0.00", []), ("0.01", ["error"]), ("5.00", ["error"])])
def test_income_grand_total_equals_expenditure_grand_total(off, expected):
    findings = within_table([summary_table(expenditure_grand=_plus("675.00", off))])
    assert severities(findings, "table.summary_balance") == expected


def basic_table(wages: str = "120.00", personnel: str = "130.00", public: str = "20.00", total: str = "150.00"):
    v = lambda x: {"决算数": x}  # noqa: E731
    return table(
        "general_budget_basic",
        [
            ("301", "工资福利支出", v(wages)),
            ("30101", "基本工资", v("40.00")),
            ("30102", "津贴补贴", v("50.00")),
            ("30113", "住房公积金", v("30.00")),
            ("303", "对个人和家庭的补助", v("10.00")),
            ("30305", "生活补助", v("10.00")),
            ("302", "商品和服务支出", v("15.00")),
            ("30201", "办公费", v("15.00")),
            ("310", "资本性支出", v("5.00")),
            (None, "人员经费合计", v(personnel)),
            (None, "公用经费合计", v(public)),
            (None, "合计", v(total)),
        ],
    )


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_economic_class_equals_sum_of_sections(off, expected):
    findings = within_table([basic_table(wages=_plus("120.00", off), personnel=_plus("130.00", off),
                                         total=_plus("150.00", off))])
    assert severities(findings, "table.hierarchy") == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_personnel_total_equals_301_plus_303(off, expected):
    findings = within_table([basic_table(personnel=_plus("130.00", off), total=_plus("150.00", off))])
    assert severities(findings, "table.economic_totals") == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_public_total_equals_302_plus_310(off, expected):
    findings = within_table([basic_table(public=_plus("20.00", off), total=_plus("150.00", off))])
    assert severities(findings, "table.economic_totals") == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_basic_total_equals_personnel_plus_public(off, expected):
    findings = within_table([basic_table(total=_plus("150.00", off))])
    assert severities(findings, "table.economic_totals") == expected


def three_public_table(total: str = "5.00", vehicle: str = "3.00"):
    v = lambda b, a: {"预算数": b, "决算数": a}  # noqa: E731
    return table(
        "three_public",
        [
            (None, "合计", v("6.00", total)),
            (None, "因公出国（境）费", v("0.00", "0.00")),
            (None, "公务用车购置及运行维护费", v("4.00", vehicle)),
            (None, "公务用车购置费", v("0.00", "0.00")),
            (None, "公务用车运行维护费", v("4.00", "3.00")),
            (None, "公务接待费", v("2.00", "2.00")),
        ],
    )


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_three_public_total_equals_its_items(off, expected):
    findings = within_table([three_public_table(total=_plus("5.00", off))])
    assert severities(findings, "table.three_public") == expected


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_vehicle_equals_purchase_plus_operation(off, expected):
    findings = within_table([three_public_table(vehicle=_plus("3.00", off), total=_plus("5.00", off))])
    # the vehicle line is off against its parts; the total then agrees with the items
    assert severities(findings, "table.three_public") == expected


def test_budget_column_is_checked_too():
    t = three_public_table()
    t.cells[0] = t.cells[0].__class__(**{**t.cells[0].__dict__, "value": __import__("decimal").Decimal("7.00"),
                                          "raw": "7.00"})
    (finding,) = only(within_table([t]), "table.three_public")
    assert finding.evidence[0].column == "预算数" and finding.severity == "error"


def test_empty_fund_table_without_note_is_a_warning():
    (finding,) = only(within_table([table("gov_fund", [])]), "table.empty_note")
    assert finding.severity == "warning" and finding.evidence[0].table == "政府性基金预算财政拨款收入支出决算表"
    assert within_table([table("gov_fund", [], empty_note="本单位无政府性基金预算财政拨款收支，故本表无数据。")]) == []


def test_row_total_with_further_part_columns_of_its_own_adds_up():
    cols = {"合计": "18330.37", "基本支出": "9312.90", "项目支出": "6459.58", "单位预留机动经费": "2557.89",
            "结转下年资金": None}
    assert within_table([table("expenditure", [(None, "合计", cols)], kind="budget")]) == []
    cols["单位预留机动经费"] = "2500.00"
    assert severities(within_table([table("expenditure", [(None, "合计", cols)], kind="budget")]),
                      "table.row_sum") == ["error"]


def test_budget_summary_total_is_personnel_public_and_project():
    cols = {"合计": "120.00", "人员经费": "60.00", "公用经费": "20.00", "项目支出": "40.00"}
    assert within_table([table("income_expenditure_summary", [(None, "一、一般公共服务支出", cols, "expenditure")],
                               kind="budget")]) == []


def test_a_column_printed_in_three_panels_is_read_panel_by_panel():
    from dataclasses import replace

    t = table("income_expenditure_summary", [
        (None, "一、财政拨款", {"预算数": "100.00"}, "income"),
        (None, "二、其他资金", {"预算数": "20.00"}, "income"),
        (None, "收入合计", {"预算数": "120.00"}, "income"),
    ], kind="budget")
    panel = [replace(c, column_label="支出/支出用途/金额", raw=r, value=__import__("decimal").Decimal(r))
             for c, r in zip(t.cells, ("90.00", "30.00", "120.00"), strict=True)]
    t.cells += panel
    assert within_table([t]) == []
    t.cells[-1] = replace(t.cells[-1], raw="125.00", value=__import__("decimal").Decimal("125.00"))
    (finding,) = only(within_table([t]), "table.summary_block")
    assert finding.stated == 125 and finding.evidence[0].column == "支出/支出用途/金额"


def test_empty_fund_table_noted_in_the_text_after_its_title_is_no_warning():
    text = "政府性基金预算财政拨款收入支出决算表\n单位：万元\n合计\n注：本部门无相关收支项目\n"
    assert within_table([table("gov_fund", [])], text) == []
    assert severities(within_table([table("gov_fund", [])], "政府性基金预算财政拨款收入支出决算表\n合计\n"),
                      "table.empty_note") == ["warning"]


def test_three_public_total_beside_meetings_and_training_is_the_subtotal():
    v = lambda x: {"预算数": x}  # noqa: E731
    rows = [(None, "总计", v("20.00")), (None, "合计", v("8.00")), (None, "因公出国（境）费", v("3.00")),
            (None, "公务用车购置及运行维护费", v("3.00")), (None, "公务接待费", v("2.00")), (None, "会议费", v("7.00")),
            (None, "培训费", v("5.00"))]
    assert within_table([table("three_public", rows, kind="budget")]) == []
    rows[1] = (None, "合计", v("9.00"))
    assert severities(within_table([table("three_public", rows, kind="budget")]), "table.three_public") == ["error"]


def gov_fund_table(end: str = "55.00", total_end: str = "55.00"):
    """公开08 columns: 年初结转和结余, 本年收入, 本年支出 (合计/基本/项目), 年末结转和结余."""
    cols = lambda b, i, t, e: {"年初结转和结余": b, "本年收入": i, "本年支出合计": t, "基本支出": None,  # noqa: E731
                               "项目支出": t, "年末结转和结余": e}
    return table("gov_fund", [
        (None, "合计", cols("35.00", "100.00", "80.00", total_end)),
        ("229", "其他支出", cols("35.00", "100.00", "80.00", "55.00")),
        ("22960", "彩票公益金安排的支出", cols("35.00", "100.00", "80.00", end)),
    ])


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_gov_fund_row_end_balance_is_begin_plus_income_minus_expenditure(off, expected):
    findings = within_table([gov_fund_table(end=_plus("55.00", off))])
    # the 22960 row breaks its own balance (and, as a 款, its 类 229's sum: another rule)
    assert severities(findings, "table.carryover") == expected


def test_gov_fund_balance_finding_cites_the_four_cells():
    (finding,) = only(within_table([gov_fund_table(total_end="65.00")]), "table.carryover")
    assert (finding.stated, finding.expected, finding.difference) == (65, 55, 10)
    assert "35.00 + 100.00 − 80.00 = 55.00" in finding.message
    assert [(e.row, e.column, e.page, e.quote) for e in finding.evidence] == [
        ("合计", "年末结转和结余", 3, "65.00"), ("合计", "年初结转和结余", 3, "35.00"),
        ("合计", "本年收入", 3, "100.00"), ("合计", "本年支出合计", 3, "80.00")]


def test_gov_fund_row_with_a_blank_carryover_is_not_checked():
    cols = {"年初结转和结余": None, "本年收入": "100.00", "本年支出合计": "80.00", "年末结转和结余": "20.00"}
    rows = [(None, "合计", cols), (None, "合计", dict(cols, **{"年末结转和结余": None}))]
    assert only(within_table([table("gov_fund", rows)]), "table.carryover") == []


def test_gov_fund_balance_title_is_chinese():
    from helpers.audit.titles import RULE_TITLES

    assert RULE_TITLES["table.carryover"] == "表内：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出"


def _gov_fund_pdf(path, end_2296002: str):
    """A SYNTHETIC 政府性基金预算财政拨款收入支出决算表 drawn as a ruled grid (two header rows)."""
    from .synthetic_pdf import Grid, HeaderCell, Page, build_pdf

    H = HeaderCell
    head = [H("项目", 0, 0, 2), H("功能分类\n科目编码", 1, 0), H("科目名称", 1, 1), H("年初结转和\n结余", 0, 2, 1, 2),
            H("本年收入", 0, 3, 1, 2), H("本年支出", 0, 4, 3), H("合计", 1, 4), H("基本支出", 1, 5),
            H("项目支出", 1, 6), H("年末结转和\n结余", 0, 7, 1, 2)]
    rows = [["合计", "", "12.50", "300.00", "290.00", "", "290.00", "22.50"],
            ["229", "其他支出", "12.50", "300.00", "290.00", "", "290.00", "22.50"],
            ["22960", "彩票公益金安排的支出", "12.50", "300.00", "290.00", "", "290.00", "22.50"],
            ["2296002", "用于社会福利的彩票公益金支出", "12.50", "300.00", "290.00", "", "290.00", end_2296002]]
    grid = Grid([60, 150] + [60] * 6, 2, head, rows=rows, merged_label={0: 2})
    page = Page(above=["政府性基金预算财政拨款收入支出决算表", "单位：万元"], grid=grid)
    return build_pdf(path, [page])


def test_gov_fund_balance_on_a_synthetic_pdf_holds(tmp_path):
    from helpers.audit import audit_tables
    from helpers.tables import read_pdf_tables

    tables = read_pdf_tables(_gov_fund_pdf(tmp_path / "synthetic-gov-fund.pdf", "22.50"))
    assert [t.id for t in tables] == ["gov_fund"]
    assert audit_tables(tables) == []


def test_gov_fund_balance_on_a_synthetic_pdf_breaks(tmp_path):
    from helpers.audit import audit_tables
    from helpers.tables import read_pdf_tables

    tables = read_pdf_tables(_gov_fund_pdf(tmp_path / "synthetic-gov-fund.pdf", "32.50"))
    findings = only(audit_tables(tables), "table.carryover")
    assert [(f.severity, f.stated, f.expected) for f in findings] == [("error", 32.5, 22.5)]
    assert [(e.page, e.code, e.column, e.quote) for e in findings[0].evidence] == [
        (1, "2296002", "年末结转和结余", "32.50"), (1, "2296002", "年初结转和结余", "12.50"),
        (1, "2296002", "本年收入", "300.00"), (1, "2296002", "本年支出/合计", "290.00")]


def appropriation_summary(end_general: str = "30.00"):
    """公开04 (SYNTHETIC): each fund's income and 年初 on the left, 本年支出合计 and 年末 by fund column."""
    inc = lambda v: {"决算数": v}  # noqa: E731
    exp = lambda t, g, f: {"合计": t, "一般公共预算": g, "政府性基金": f}  # noqa: E731
    return table("appropriation_summary", [
        (None, "一、一般公共预算财政拨款", inc("500.00"), "income"),
        (None, "二、政府性基金预算财政拨款", inc("100.00"), "income"),
        (None, "本年收入合计", inc("600.00"), "income"),
        (None, "年初财政拨款结转和结余", inc("40.00"), "income"),
        (None, "一、一般公共预算财政拨款", inc("30.00"), "income"),
        (None, "二、政府性基金预算财政拨款", inc("10.00"), "income"),
        (None, "总计", inc("640.00"), "income"),
        (None, "一、一般公共服务支出", exp("590.00", "500.00", "90.00"), "expenditure"),
        (None, "本年支出合计", exp("590.00", "500.00", "90.00"), "expenditure"),
        (None, "年末财政拨款结转和结余", exp("50.00", end_general, "20.00"), "expenditure"),
        (None, "总计", exp("640.00", "530.00", "110.00"), "expenditure"),
    ])


@pytest.mark.parametrize(("off", "expected"), OFF)
def test_appropriation_summary_fund_end_balance_is_begin_plus_income_minus_expenditure(off, expected):
    findings = within_table([appropriation_summary(end_general=_plus("30.00", off))])
    assert severities(findings, "table.carryover") == expected
    if expected:
        (finding,) = only(findings, "table.carryover")
        assert finding.message.count("一般公共预算") >= 1 and "30.00 + 500.00 − 500.00 = 30.00" in finding.message
        assert [(e.row, e.column) for e in finding.evidence] == [
            ("年末财政拨款结转和结余", "一般公共预算"), ("一、一般公共预算财政拨款", "决算数"),
            ("一、一般公共预算财政拨款", "决算数"), ("本年支出合计", "一般公共预算")]
